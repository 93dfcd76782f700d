package dev.cairn.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parameter maps as Hydra and MLflow users log them. */
public final class Params {
  private Params() {}

  /**
   * Flattens nested maps to dotted keys, in iteration order: {@code {"model": {"depth": 4}, "lr":
   * 0.1}} becomes {@code {"model.depth": "4", "lr": "0.1"}}. Other values become {@code
   * String.valueOf(value)} (lists as {@code [1, 2]}).
   */
  public static Map<String, String> flatten(Map<String, ?> params) {
    Map<String, String> out = new LinkedHashMap<>();
    flatten("", params, out);
    return out;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, out);
      } else {
        out.put(key, String.valueOf(e.getValue()));
      }
    }
  }

  /** {@code MLFLOW_TAGS}-style {@code k1=v1,k2=v2} (blank parts ignored). */
  public static Map<String, String> parsePairs(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null) {
      return out;
    }
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
      } else if (!part.isBlank()) {
        throw new IllegalArgumentException("Invalid tag '" + part + "': expected key=value");
      }
    }
    return out;
  }
}
