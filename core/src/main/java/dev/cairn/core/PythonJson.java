package dev.cairn.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * JSON as Python's {@code json.dumps} writes it (non-ASCII escaped, floats with a fraction), for
 * texts MLflow's server writes with it: error messages quoting a request value, and files and tags
 * whose exact text clients compare. Also the name of a value's Python type and its {@code str()}.
 */
public final class PythonJson {
  private PythonJson() {}

  /** How MLflow called {@code json.dumps}. */
  public enum Style {
    /** {@code sort_keys=True, separators=(",", ":")}: MLflow's error messages. */
    SORTED_COMPACT(",", ":", true),
    /** The defaults: keys in their order, {@code ", "} and {@code ": "}. */
    DEFAULT(", ", ": ", false),
    /** The defaults with {@code ensure_ascii=False}: non-ASCII text kept (span contents). */
    UNICODE(", ", ": ", false);

    private final String item;
    private final String key;
    private final boolean sorted;

    Style(String item, String key, boolean sorted) {
      this.item = item;
      this.key = key;
      this.sorted = sorted;
    }

    private boolean asciiOnly() {
      return this != UNICODE;
    }
  }

  /** {@link Style#SORTED_COMPACT}, as MLflow's messages quote a request value. */
  public static String dumps(JsonNode v) {
    return dumps(v, Style.SORTED_COMPACT);
  }

  public static String dumps(JsonNode v, Style style) {
    if (v.isObject()) {
      List<String> keys = new ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      if (style.sorted) {
        keys.sort(null);
      }
      StringBuilder b = new StringBuilder("{");
      for (String k : keys) {
        b.append(b.length() > 1 ? style.item : "").append(quote(k, style)).append(style.key);
        b.append(dumps(v.get(k), style));
      }
      return b.append('}').toString();
    }
    if (v.isArray()) {
      StringBuilder b = new StringBuilder("[");
      for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
        b.append(b.length() > 1 ? style.item : "").append(dumps(it.next(), style));
      }
      return b.append(']').toString();
    }
    if (v.isTextual()) {
      return quote(v.textValue(), style);
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
  public static String typeName(JsonNode v) {
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

  /**
   * A JSON scalar as Python's {@code str()} writes the value {@code json.loads} made of it: {@code
   * "a"} is {@code a}, {@code true} is {@code True}, {@code null} is {@code None}, {@code 1.0} is
   * {@code 1.0}.
   */
  public static String str(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "None";
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue() ? "True" : "False";
    }
    return dumps(v, Style.DEFAULT);
  }

  /** A JSON string as Python's json.dumps writes it (non-ASCII escaped unless UNICODE). */
  private static String quote(String s, Style style) {
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
          if (c < 0x20 || (c > 0x7e && style.asciiOnly())) {
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
