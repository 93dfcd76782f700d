package dev.cairn.core.registry;

import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactStores;
import dev.cairn.core.artifacts.RemoteUris;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Model-version {@code source} rules, as MLflow 3.17's handlers apply them (they answer years of
 * path-traversal reports, see security-and-durability.md §1.1): a local path is accepted only
 * inside the artifact directory of the run (or logged model) named with it; any other URI must not
 * hold {@code ..} segments or NUL after full decoding; a proxied ({@code mlflow-artifacts}) source
 * must lie under that run's or model's artifact root.
 */
final class ModelSources {
  private ModelSources() {}

  /** Whether MLflow treats {@code source} as a path on the server (no scheme, file:, drive). */
  static boolean isLocal(String source) {
    String scheme = scheme(source);
    return scheme == null || scheme.equals("file") || scheme.length() == 1;
  }

  /**
   * Checks {@code source} against the artifact root of the entity named with it.
   *
   * @param root the run's or model's artifact URI, null when none was named
   * @param idName {@code run_id} or {@code model_id}, for the message
   */
  static void check(String source, String root, String idName) {
    if (isLocal(source)) {
      if (root != null && ArtifactStores.isLocal(root)) {
        Path path = localPath(source);
        Path dir = ArtifactStores.localPath(root).toAbsolutePath().normalize();
        if (path != null && path.startsWith(dir)) {
          return;
        }
      }
      throw CairnException.invalid(
          "Invalid model version source: '%s'. To use a local path as a model version source, the"
              + " %s request parameter has to be specified and the local path has to be contained"
              + " within the artifact directory of the run specified by the %s.",
          source, idName, idName);
    }
    checkNoRelativeParts(source);
    RemoteUris.check(source, "model version source");
    if (isProxied(source)) {
      if (root == null || !within(source, root)) {
        throw notWithin(source, idName);
      }
    }
  }

  static CairnException notWithin(String source, String idName) {
    return CairnException.invalid(
        "Invalid model version source: '%s'. The %s request parameter must identify the resource"
            + " that contains the source.",
        source, idName);
  }

  /** A local source as an absolute normalised path; null when it cannot be one. */
  private static Path localPath(String source) {
    try {
      String s = source;
      if (s.startsWith("file://")) {
        URI uri = URI.create(s);
        if (uri.getAuthority() != null && !uri.getAuthority().equals("localhost")) {
          return null;
        }
        s = uri.getPath();
      } else if (s.startsWith("file:")) {
        s = s.substring("file:".length());
      }
      if (s.startsWith("//")) {
        return null;
      }
      return Path.of(s).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** MLflow's {@code _validate_non_local_source_contains_relative_paths}. */
  static void checkNoRelativeParts(String source) {
    String decoded = source;
    for (int i = 0; i < 10; i++) {
      String next;
      try {
        next = URLDecoder.decode(decoded, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        break;
      }
      if (next.equals(decoded)) {
        break;
      }
      decoded = next;
    }
    boolean bad = decoded.indexOf('\0') >= 0 || source.contains("\0");
    for (String part : decoded.split("/")) {
      bad |= part.equals("..");
    }
    for (String part : source.split("/")) {
      bad |= part.equals("..");
    }
    if (bad) {
      throw CairnException.invalid(
          "Invalid model version source: '%s'. If supplying a source as an http, https, local"
              + " file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be"
              + " provided without relative path references present. Please provide an absolute"
              + " path.",
          source);
    }
  }

  static boolean isProxied(String source) {
    String scheme = scheme(source);
    if ("mlflow-artifacts".equals(scheme)) {
      return true;
    }
    return ("http".equals(scheme) || "https".equals(scheme))
        && String.join("/", parts(source)).contains("api/2.0/mlflow-artifacts/artifacts");
  }

  /** Same scheme and authority, and the root's path segments are a prefix of the source's. */
  static boolean within(String source, String root) {
    String s1 = scheme(source);
    String s2 = scheme(root);
    if (s1 == null || !s1.equals(s2) || !authority(source).equals(authority(root))) {
      return false;
    }
    List<String> a = parts(source);
    List<String> b = parts(root);
    return !b.isEmpty() && a.size() >= b.size() && a.subList(0, b.size()).equals(b);
  }

  private static String authority(String uri) {
    int start = uri.indexOf("://");
    if (start < 0) {
      return "";
    }
    int end = uri.indexOf('/', start + 3);
    return end < 0 ? uri.substring(start + 3) : uri.substring(start + 3, end);
  }

  private static List<String> parts(String uri) {
    String rest = uri.substring(uri.indexOf(':') + 1);
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    List<String> out = new ArrayList<>();
    for (String p : rest.split("/")) {
      if (!p.isEmpty() && !p.equals(".")) {
        out.add(p);
      }
    }
    return out;
  }

  static String scheme(String uri) {
    int colon = uri.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    String scheme = uri.substring(0, colon);
    for (char c : scheme.toCharArray()) {
      if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
        return null;
      }
    }
    return scheme.toLowerCase(Locale.ROOT);
  }
}
