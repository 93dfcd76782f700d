package dev.cairn.server.metrics;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.LongAdder;

/** Bytes of artifacts received (uploads) and sent (downloads, zips) through the server. */
public final class ArtifactTraffic {
  private final LongAdder received = new LongAdder();
  private final LongAdder sentBytes = new LongAdder();

  /** {@code body}, counting what is read of it as received. */
  public InputStream counting(InputStream body) {
    return new FilterInputStream(body) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          received.increment();
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          received.add(n);
        }
        return n;
      }
    };
  }

  public void sent(long bytes) {
    sentBytes.add(bytes);
  }

  void write(PrometheusText text) {
    text.family("cairn_artifact_bytes_total", "counter", "Artifact bytes through the server");
    text.sample("cairn_artifact_bytes_total", received.sum(), "direction", "in");
    text.sample("cairn_artifact_bytes_total", sentBytes.sum(), "direction", "out");
  }
}
