package dev.cairn.core.artifacts;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails once more than {@code limit} bytes were read (a body longer than it declared). */
final class LimitedInputStream extends FilterInputStream {
  private long left;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.left = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0 && --left < 0) {
      throw new IOException("the body is larger than allowed");
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0 && (left -= n) < 0) {
      throw new IOException("the body is larger than allowed");
    }
    return n;
  }
}
