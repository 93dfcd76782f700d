package dev.cairn.core.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes OTLP's JSON encoding of {@code ExportTraceServiceRequest}: lowerCamelCase or snake_case
 * keys, trace and span ids in hex (as the OTLP specification has them), 64-bit integers as numbers
 * or strings, enums by number or name.
 */
public final class OtlpJsonDecoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OtlpJsonDecoder() {}

  public static List<OtlpSpan> decode(JsonNode request) {
    List<OtlpSpan> spans = new ArrayList<>();
    for (JsonNode rs : array(request, "resourceSpans", "resource_spans")) {
      Map<String, JsonNode> resource =
          attributes(get(get(rs, "resource", "resource"), "attributes", "attributes"));
      for (JsonNode scope : array(rs, "scopeSpans", "scope_spans")) {
        for (JsonNode span : array(scope, "spans", "spans")) {
          spans.add(span(span, resource));
        }
      }
    }
    return spans;
  }

  private static OtlpSpan span(JsonNode s, Map<String, JsonNode> resource) {
    List<OtlpSpan.Event> events = new ArrayList<>();
    for (JsonNode e : array(s, "events", "events")) {
      events.add(
          new OtlpSpan.Event(
              text(e, "name", "name"),
              number(get(e, "timeUnixNano", "time_unix_nano")),
              attributes(get(e, "attributes", "attributes"))));
    }
    JsonNode status = get(s, "status", "status");
    return new OtlpSpan(
        hex(text(s, "traceId", "trace_id")),
        hex(text(s, "spanId", "span_id")),
        hex(text(s, "parentSpanId", "parent_span_id")),
        text(s, "name", "name"),
        number(get(s, "startTimeUnixNano", "start_time_unix_nano")),
        number(get(s, "endTimeUnixNano", "end_time_unix_nano")),
        attributes(get(s, "attributes", "attributes")),
        events,
        statusCode(get(status, "code", "code")),
        text(status, "message", "message"),
        resource);
  }

  private static int statusCode(JsonNode code) {
    if (code == null || code.isNull()) {
      return 0;
    }
    if (code.isNumber()) {
      return code.intValue();
    }
    return switch (code.asText()) {
      case "STATUS_CODE_OK" -> 1;
      case "STATUS_CODE_ERROR" -> 2;
      default -> 0;
    };
  }

  private static Map<String, JsonNode> attributes(JsonNode list) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (list != null && list.isArray()) {
      for (JsonNode kv : list) {
        out.put(text(kv, "key", "key"), anyValue(get(kv, "value", "value")));
      }
    }
    return out;
  }

  private static JsonNode anyValue(JsonNode v) {
    if (v == null || !v.isObject()) {
      return NODES.nullNode();
    }
    JsonNode x;
    if ((x = get(v, "stringValue", "string_value")) != null) {
      return NODES.textNode(x.asText());
    }
    if ((x = get(v, "boolValue", "bool_value")) != null) {
      return NODES.booleanNode(x.asBoolean());
    }
    if ((x = get(v, "intValue", "int_value")) != null) {
      return NODES.numberNode(number(x));
    }
    if ((x = get(v, "doubleValue", "double_value")) != null) {
      return NODES.numberNode(x.asDouble());
    }
    if ((x = get(v, "arrayValue", "array_value")) != null) {
      ArrayNode array = NODES.arrayNode();
      for (JsonNode item : array(x, "values", "values")) {
        array.add(anyValue(item));
      }
      return array;
    }
    if ((x = get(v, "kvlistValue", "kvlist_value")) != null) {
      ObjectNode object = NODES.objectNode();
      object.setAll(attributes(get(x, "values", "values")));
      return object;
    }
    if ((x = get(v, "bytesValue", "bytes_value")) != null) {
      return NODES.textNode(x.asText());
    }
    return NODES.nullNode();
  }

  private static byte[] hex(String text) {
    if (text == null || text.isEmpty()) {
      return new byte[0];
    }
    try {
      return HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw CairnException.invalid("Invalid OpenTelemetry format");
    }
  }

  private static long number(JsonNode n) {
    if (n == null || n.isNull()) {
      return 0;
    }
    if (n.isNumber()) {
      return n.longValue();
    }
    try {
      return Long.parseUnsignedLong(n.asText());
    } catch (NumberFormatException e) {
      throw CairnException.invalid("Invalid OpenTelemetry format");
    }
  }

  private static JsonNode get(JsonNode node, String camel, String snake) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode v = node.get(camel);
    return v != null ? v : node.get(snake);
  }

  private static String text(JsonNode node, String camel, String snake) {
    JsonNode v = get(node, camel, snake);
    return v == null || v.isNull() ? "" : v.asText();
  }

  private static Iterable<JsonNode> array(JsonNode node, String camel, String snake) {
    JsonNode v = get(node, camel, snake);
    return v != null && v.isArray() ? v : List.of();
  }
}
