package dev.cairn.server.routing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A route path with {@code {name}} segments, e.g. {@code /mlflow/logged-models/{model_id}/tags},
 * and optionally a last {@code {name...}} segment that takes the rest of the path (e.g. an artifact
 * path, possibly empty or absent). A single-segment parameter matches exactly one non-empty
 * segment.
 */
record PathTemplate(String template, String[] segments, String tail) {

  static PathTemplate of(String template) {
    String[] segments = template.split("/", -1);
    String last = segments[segments.length - 1];
    if (last.startsWith("{") && last.endsWith("...}")) {
      String[] head = java.util.Arrays.copyOf(segments, segments.length - 1);
      return new PathTemplate(template, head, last.substring(1, last.length() - 4));
    }
    return new PathTemplate(template, segments, null);
  }

  boolean isExact() {
    return tail == null && !template.contains("{");
  }

  /** The parameters of {@code path}, or null when it does not match. */
  Map<String, String> match(String path) {
    String[] parts = path.split("/", -1);
    if (tail == null ? parts.length != segments.length : parts.length < segments.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < segments.length; i++) {
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
    if (tail != null) {
      params.put(
          tail,
          String.join("/", java.util.Arrays.copyOfRange(parts, segments.length, parts.length)));
    }
    return params;
  }
}
