package dev.cairn.core.tracking;

import java.util.List;
import java.util.TreeSet;

/** The steps a down-sampled (bulk-interval) metric history keeps. */
public final class StepSample {
  private StepSample() {}

  /**
   * At most {@code max} steps spread evenly over the sorted distinct {@code steps}, first and last
   * included.
   */
  public static TreeSet<Long> of(List<Long> steps, int max) {
    TreeSet<Long> out = new TreeSet<>();
    if (steps.size() <= max) {
      out.addAll(steps);
      return out;
    }
    for (int i = 0; i < max; i++) {
      out.add(steps.get((int) ((long) i * (steps.size() - 1) / Math.max(1, max - 1))));
    }
    return out;
  }
}
