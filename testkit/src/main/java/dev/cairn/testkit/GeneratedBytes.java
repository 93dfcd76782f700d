package dev.cairn.testkit;

import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * A deterministic pseudo-random stream of a given size for large-transfer tests, checksummed as it
 * is read ({@link #crc()}), so no test holds the whole file in memory or on disk.
 */
public final class GeneratedBytes extends InputStream {
  private final CRC32C crc = new CRC32C();
  private long left;
  private long state;

  public GeneratedBytes(long size, long seed) {
    this.left = size;
    this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
  }

  /** The CRC32C of the bytes read so far. */
  public long crc() {
    return crc.getValue();
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (left == 0) {
      return -1;
    }
    int n = (int) Math.min(len, left);
    for (int i = 0; i < n; i++) {
      if ((i & 7) == 0) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
      }
      b[off + i] = (byte) (state >>> (8 * (i & 7)));
    }
    crc.update(b, off, n);
    left -= n;
    return n;
  }

  /** The CRC32C of everything {@code in} still holds; closes it. */
  public static long crcOf(InputStream in) throws java.io.IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 20];
    try (in) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    }
    return crc.getValue();
  }
}
