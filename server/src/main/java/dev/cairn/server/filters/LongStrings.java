package dev.cairn.server.filters;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Shortens JSON string literals longer than any value the server keeps, while the body is read. The
 * longest value MLflow stores is a dataset profile (16,777,215 characters); every longer value is
 * either truncated (params, tags) or refused for its length, and both outcomes depend only on the
 * first characters. Keeping one character more than that limit therefore changes no answer, while a
 * 60 MB string no longer costs ~300 MB to buffer and parse.
 *
 * <p>Works on the UTF-8 bytes as they stream by, without decoding them: counts UTF-16 units (a
 * 4-byte sequence is two, an escape one) and never cuts inside an escape or a multi-byte character.
 * A body that is not JSON passes in the same way (the parser then says why).
 */
final class LongStrings extends FilterInputStream {
  /** One unit more than the longest value MLflow keeps (a dataset profile). */
  static final int KEEP_LONG_VALUES = 16_777_216;

  /** One unit more than 1 MiB: more than any value kept outside {@code log-inputs}. */
  static final int KEEP_VALUES = 1_048_577;

  private final long keep;
  private final byte[] chunk = new byte[64 * 1024];
  private boolean inString;
  private boolean dropping;
  private boolean keepCurrent = true;
  private long units;

  /** 1 right after a backslash; then the hex digits of a \\u escape still to come. */
  private int escape;

  LongStrings(InputStream in, long keep) {
    super(in);
    this.keep = keep;
  }

  /** {@code body} with every string literal cut after {@code keep} units (for tests). */
  static byte[] cap(byte[] body, int keep) throws IOException {
    try (InputStream in = new LongStrings(new ByteArrayInputStream(body), keep)) {
      return in.readAllBytes();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    while ((n = read(one, 0, 1)) == 0) {
      // every byte read so far was dropped
    }
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      int n = in.read(chunk, 0, Math.min(len, chunk.length));
      if (n < 0) {
        return -1;
      }
      int o = off;
      for (int i = 0; i < n; i++) {
        if (pass(chunk[i])) {
          b[o++] = chunk[i];
        }
      }
      if (o > off) {
        return o - off;
      }
    }
  }

  /** Whether this byte of the body is kept. */
  private boolean pass(byte c) {
    if (!inString) {
      if (c == '"') {
        inString = true;
        units = 0;
        dropping = false;
      }
      return true;
    }
    if (escape == 1) {
      escape = c == 'u' ? 5 : 0;
      return keepCurrent;
    }
    if (escape > 1) {
      escape--;
      if (escape == 1) {
        escape = 0;
      }
      return keepCurrent;
    }
    if (c == '"') {
      inString = false;
      return true;
    }
    if ((c & 0xC0) == 0x80) {
      return keepCurrent; // a continuation byte goes with its lead byte
    }
    int u = (c & 0xF8) == 0xF0 ? 2 : 1;
    if (!dropping && units + u > keep) {
      dropping = true;
    }
    keepCurrent = !dropping;
    if (keepCurrent) {
      units += u;
    }
    if (c == '\\') {
      escape = 1;
    }
    return keepCurrent;
  }
}
