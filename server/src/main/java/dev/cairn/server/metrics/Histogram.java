package dev.cairn.server.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A latency histogram in seconds with Prometheus's cumulative buckets; lock-free. */
final class Histogram {
  static final double[] BOUNDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };
  private final LongAdder[] counts = new LongAdder[BOUNDS.length + 1];
  private final DoubleAdder sum = new DoubleAdder();

  Histogram() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  void observe(double seconds) {
    int i = 0;
    while (i < BOUNDS.length && seconds > BOUNDS[i]) {
      i++;
    }
    counts[i].increment();
    sum.add(seconds);
  }

  /** Writes {@code name_bucket}, {@code name_sum} and {@code name_count} with the given labels. */
  void write(PrometheusText out, String name, String... labels) {
    long cumulative = 0;
    for (int i = 0; i <= BOUNDS.length; i++) {
      cumulative += counts[i].sum();
      String le = i == BOUNDS.length ? "+Inf" : PrometheusText.number(BOUNDS[i]);
      out.sample(name + "_bucket", cumulative, append(labels, "le", le));
    }
    out.sample(name + "_sum", sum.sum(), labels);
    out.sample(name + "_count", cumulative, labels);
  }

  private static String[] append(String[] labels, String name, String value) {
    String[] out = java.util.Arrays.copyOf(labels, labels.length + 2);
    out[labels.length] = name;
    out[labels.length + 1] = value;
    return out;
  }
}
