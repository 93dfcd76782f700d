package dev.cairn.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route path with {@code {name}} segments, e.g. {@code /mlflow/logged-models/{model_id}/tags}. A
 * parameter matches exactly one non-empty segment.
 */
record PathTemplate(String template, String[] segments) {

  static PathTemplate of(String template) {
    return new PathTemplate(template, template.split("/", -1));
  }

  /** The parameters of {@code path}, or null when it does not match. */
  Map<String, String> match(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length != segments.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String s = segments[i];
      if (s.startsWith("{") && s.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return null;
        }
        params.put(s.substring(1, s.length() - 1), parts[i]);
      } else if (!s.equals(parts[i])) {
        return null;
      }
    }
    return params;
  }
}
