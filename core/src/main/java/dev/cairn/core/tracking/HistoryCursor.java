package dev.cairn.core.tracking;

import dev.cairn.api.model.Metric;
import java.util.List;

/**
 * Where a page of a metric's history ended: the last point's sort key as the store keeps it
 * (timestamp, step, stored value, NaN flag). The next page starts after it, so reading a long
 * series page by page costs each page, not the pages before it too.
 */
public record HistoryCursor(long timestamp, long step, double storedValue, boolean isNan) {

  /** A page of history and the cursor after its last point. */
  public record Page(List<Metric> items, boolean hasMore, HistoryCursor last) {}
}
