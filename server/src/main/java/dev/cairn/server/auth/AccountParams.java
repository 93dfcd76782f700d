package dev.cairn.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.PythonJson;
import dev.cairn.server.routing.Call;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The parameters of an auth API request, read as MLflow's auth handlers read them ({@code
 * _get_request_param}): a GET's query string; a POST's or PATCH's JSON body; a DELETE's JSON body
 * when it is declared JSON, else its query string. A body that is not a JSON object counts as
 * empty, so the operation reports the parameters missing.
 */
final class AccountParams {
  private final Call call;
  private final ObjectNode body;

  AccountParams(Call call, ObjectMapper mapper) {
    this.call = call;
    this.body = readsBody(call) ? object(call.body(), mapper) : null;
  }

  private static boolean readsBody(Call call) {
    return switch (call.method()) {
      case "POST", "PATCH" -> true;
      case "DELETE" -> isJson(call);
      default -> false;
    };
  }

  /** Whether the request declares a JSON body (Flask's {@code request.is_json}). */
  static boolean isJson(Call call) {
    String type = call.header("Content-Type");
    if (type == null) {
      return false;
    }
    String mime = type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return mime.equals("application/json")
        || (mime.startsWith("application/") && mime.endsWith("+json"));
  }

  private static ObjectNode object(byte[] bytes, ObjectMapper mapper) {
    try {
      JsonNode node = bytes.length == 0 ? null : mapper.readTree(bytes);
      return node instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
    } catch (IOException e) {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  /** The value as sent, or null when missing or JSON null. */
  private JsonNode value(String name) {
    JsonNode v = body != null ? body.get(name) : textOrNull(call.queryParam(name));
    return v == null || v.isNull() ? null : v;
  }

  private static JsonNode textOrNull(String s) {
    return s == null ? null : TextNode.valueOf(s);
  }

  /** The value as text (a number or flag as Python's {@code str()} writes it), or null. */
  String text(String name) {
    JsonNode v = value(name);
    return v == null ? null : v.isValueNode() ? PythonJson.str(v) : v.toString();
  }

  /**
   * A string value, or null; any other type counts as empty, as MLflow's checks ({@code not
   * isinstance(v, str) or not v.strip()}) refuse it with the empty value's message.
   */
  String string(String name) {
    JsonNode v = value(name);
    return v == null ? null : v.isTextual() ? v.textValue() : "";
  }

  /** A string or null; any other type is refused with {@code message}. */
  String stringOrRefuse(String name, String message) {
    JsonNode v = value(name);
    if (v != null && !v.isTextual()) {
      throw CairnException.invalid(message);
    }
    return v == null ? null : v.textValue();
  }

  /** An integer as Python's {@code int()} makes one, or null when missing. */
  Long integer(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())) {
      return (long) v.doubleValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? 1L : 0L;
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.textValue().strip());
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw CairnException.invalid("Parameter '%s' must be an integer. Got: %s", name, pythonRepr(v));
  }

  /** A JSON boolean (or 0 and 1, which MLflow's database layer takes as one), or null. */
  Boolean flag(String name) {
    JsonNode v = value(name);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber() && (v.longValue() == 0 || v.longValue() == 1)) {
      return v.longValue() == 1;
    }
    throw CairnException.invalid("Parameter '%s' must be a boolean. Got: %s", name, pythonRepr(v));
  }

  /** Every value of a repeated query parameter. */
  List<String> all(String name) {
    List<String> values = call.query().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  private static String pythonRepr(JsonNode v) {
    if (v.isTextual()) {
      String s = v.textValue();
      return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s + "'";
    }
    return PythonJson.str(v);
  }
}
