package dev.cairn.core.artifacts;

import dev.cairn.core.CairnException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one sanitiser for artifact paths taken from requests. It decodes percent-escapes until the
 * value is stable (as MLflow's {@code _decode}, so double-encoded {@code ..} is seen), then refuses
 * anything that could leave the artifact root: {@code ..} segments, absolute POSIX or Windows
 * paths, drive letters, backslashes, {@code #}. The decoded, normalised value is what callers use
 * afterwards: the value validated is the value used (CVE-2023-6976).
 */
public final class ArtifactPaths {
  private static final int MAX_DECODE_ROUNDS = 10;
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

  private ArtifactPaths() {}

  /**
   * A safe relative path ({@code ""} for the root) with single forward slashes and no trailing
   * slash.
   *
   * @throws CairnException INVALID_PARAMETER_VALUE "Invalid path" for anything unsafe
   */
  public static String relative(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String path = escapeControls(decodeFully(raw));
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.indexOf('#') >= 0
        || path.indexOf('\\') >= 0
        || path.startsWith("/")
        || DRIVE.matcher(path).matches()) {
      throw invalidPath();
    }
    StringBuilder out = new StringBuilder(path.length());
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        throw invalidPath();
      }
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(segment);
    }
    return out.toString();
  }

  /** Joins two safe relative paths. */
  public static String join(String parent, String child) {
    if (parent.isEmpty()) {
      return child;
    }
    return child.isEmpty() ? parent : parent + "/" + child;
  }

  public static CairnException invalidPath() {
    return CairnException.invalid("Invalid path");
  }

  /**
   * Percent-decodes until stable; like URL parsing, each round drops tab, CR and LF, so {@code
   * %2%0952e} becomes {@code %252e} and finally {@code .}.
   */
  static String decodeFully(String value) {
    String current = value;
    for (int i = 0; i < MAX_DECODE_ROUNDS; i++) {
      String next = percentDecode(current.replaceAll("[\\t\\r\\n]", ""));
      if (next.equals(current)) {
        return next;
      }
      current = next;
    }
    throw invalidPath();
  }

  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      int hi = i + 2 < raw.length && raw[i] == '%' ? Character.digit(raw[i + 1], 16) : -1;
      int lo = hi >= 0 ? Character.digit(raw[i + 2], 16) : -1;
      if (lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.write(raw[i]);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String escapeControls(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        if (out == null) {
          out = new StringBuilder(s.substring(0, i));
        }
        out.append(String.format("%%%02x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
