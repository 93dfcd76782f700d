package dev.cairn.server.filters;

import java.util.Arrays;

/**
 * Shortens JSON string literals longer than any value the server keeps, before the body is parsed.
 * The longest value MLflow stores is a dataset profile (16,777,215 characters); every longer value
 * is either truncated (params, tags) or refused for its length, and both outcomes depend only on
 * the first characters. Keeping one character more than that limit therefore changes no answer,
 * while a 60 MB string no longer costs ~300 MB while it is parsed (the parser's character buffer,
 * its copy and the string).
 *
 * <p>Works on UTF-8 bytes without decoding them: counts UTF-16 units (a 4-byte sequence is two, an
 * escape one) and never cuts inside an escape or a multi-byte character. A body that is not JSON is
 * returned as it is (the parser then says why).
 */
final class LongStrings {
  /** One unit more than the longest value MLflow keeps. */
  static final int KEEP_UNITS = 16_777_216;

  private LongStrings() {}

  /** {@code body}, or a copy with every string literal cut after {@code keep} units. */
  static byte[] cap(byte[] body, int keep) {
    byte[] out = null;
    int o = 0;
    boolean inString = false;
    boolean dropping = false;
    long units = 0;
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      int end = i; // the last byte of this character or escape
      int u;
      if (!inString || b == '"') {
        if (b == '"') {
          inString = !inString;
          units = 0;
          dropping = false;
        }
        u = -1;
      } else if (b == '\\') {
        end = Math.min(body.length - 1, i + (i + 1 < body.length && body[i + 1] == 'u' ? 5 : 1));
        u = 1;
      } else if ((b & 0xC0) == 0x80) {
        u = 0; // a continuation byte: kept or dropped with its lead byte
      } else {
        u = (b & 0xF8) == 0xF0 ? 2 : 1;
      }
      if (u > 0 && !dropping && units + u > keep) {
        dropping = true;
        if (out == null) {
          out = Arrays.copyOf(body, body.length);
          o = i;
        }
      }
      boolean keepIt = u < 0 || !dropping;
      if (keepIt && out != null) {
        System.arraycopy(body, i, out, o, end - i + 1);
        o += end - i + 1;
      }
      if (u > 0 && !dropping) {
        units += u;
      }
      i = end;
    }
    return out == null ? body : Arrays.copyOf(out, o);
  }
}
