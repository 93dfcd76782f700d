package dev.cairn.core.artifacts;

/** Artifact URI joins as MLflow's {@code append_to_uri_path}. */
public final class Uris {
  private Uris() {}

  /**
   * {@code append("mlflow-artifacts:/", "1")} is {@code mlflow-artifacts:/1}; {@code append("/a/",
   * "b")} is /a/b.
   */
  public static String append(String base, String... segments) {
    StringBuilder b = new StringBuilder(base);
    for (String segment : segments) {
      if (b.length() > 0 && b.charAt(b.length() - 1) != '/') {
        b.append('/');
      }
      b.append(segment);
    }
    return b.toString();
  }
}
