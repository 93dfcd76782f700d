package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A request value written as MLflow's error messages write it: Python's {@code json.dumps(value,
 * sort_keys=True, separators=(",", ":"))}, and the name of its Python type.
 */
final class PythonJson {
  private PythonJson() {}

  static String dumps(JsonNode v) {
    if (v.isObject()) {
      List<String> keys = new ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      StringBuilder b = new StringBuilder("{");
      for (String k : keys) {
        b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(dumps(v.get(k)));
      }
      return b.append('}').toString();
    }
    if (v.isArray()) {
      StringBuilder b = new StringBuilder("[");
      for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
        b.append(b.length() > 1 ? "," : "").append(dumps(it.next()));
      }
      return b.append(']').toString();
    }
    if (v.isTextual()) {
      return quote(v.textValue());
    }
    if (v.isNull()) {
      return "null";
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "true" : "false";
    }
    if (v.isFloatingPointNumber()) {
      double d = v.doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 1e16 ? (long) d + ".0" : Double.toString(d);
    }
    return v.asText();
  }

  /**
   * {@code int}, {@code float}, {@code str}, {@code bool}, {@code list}, {@code dict}, {@code
   * NoneType}.
   */
  static String typeName(JsonNode v) {
    return v.isObject()
        ? "dict"
        : v.isArray()
            ? "list"
            : v.isTextual()
                ? "str"
                : v.isBoolean()
                    ? "bool"
                    : v.isNull() ? "NoneType" : v.isIntegralNumber() ? "int" : "float";
  }

  /** A JSON string as Python's json.dumps writes it (non-ASCII escaped). */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
