package dev.cairn.store.file;

import dev.cairn.api.model.Metric;
import dev.cairn.api.tracking.MetricMessages.MetricBucket;
import dev.cairn.core.tracking.HistoryCursor;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.StepSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The metric-history reads of the tracking store over whole series read from metric files: pages,
 * pages after a cursor, the sampled bulk interval and step buckets, each as the SQL stores answer.
 */
final class HistoryReads {
  private HistoryReads() {}

  static Page<Metric> page(List<Metric> all, Integer limit, int offset) {
    if (limit == null) {
      return TrackingSearch.page(all, offset, Integer.MAX_VALUE);
    }
    return TrackingSearch.page(all, offset, limit);
  }

  static HistoryCursor.Page after(List<Metric> all, int limit, HistoryCursor after) {
    int from = 0;
    if (after != null) {
      Metric key =
          Metric.of(
              "",
              after.isNan() ? Double.NaN : after.storedValue(),
              after.timestamp(),
              after.step());
      while (from < all.size() && MetricFiles.HISTORY_ORDER.compare(all.get(from), key) <= 0) {
        from++;
      }
    }
    int to = Math.min(all.size(), from + limit);
    List<Metric> items = List.copyOf(all.subList(from, to));
    HistoryCursor last = after;
    if (!items.isEmpty()) {
      Metric m = items.get(items.size() - 1);
      last =
          new HistoryCursor(m.timestamp(), m.step(), MetricFiles.storedValue(m), m.value().isNaN());
    }
    return new HistoryCursor.Page(items, to < all.size(), last);
  }

  /**
   * @param series each run's whole history, in the order of the runs asked
   */
  static List<Metric> bulkInterval(
      Map<String, List<Metric>> series, Long start, Long end, int maxResults) {
    TreeSet<Long> distinct = new TreeSet<>();
    TreeSet<Long> chosen = new TreeSet<>();
    Map<String, List<Metric>> inRange = new TreeMap<>();
    for (Map.Entry<String, List<Metric>> e : series.entrySet()) {
      List<Metric> points = new ArrayList<>();
      for (Metric m : e.getValue()) {
        if (start == null || (m.step() >= start && m.step() <= end)) {
          points.add(m);
          distinct.add(m.step());
        }
      }
      inRange.put(e.getKey(), points);
    }
    chosen.addAll(StepSample.of(new ArrayList<>(distinct), maxResults));
    for (List<Metric> points : inRange.values()) {
      points.stream().mapToLong(Metric::step).min().ifPresent(chosen::add);
      points.stream().mapToLong(Metric::step).max().ifPresent(chosen::add);
    }
    List<Metric> out = new ArrayList<>();
    for (String runId : series.keySet()) {
      List<Metric> picked = new ArrayList<>();
      for (Metric m : inRange.get(runId)) {
        if (chosen.contains(m.step())) {
          picked.add(m.withRunId(runId));
        }
      }
      picked.sort(
          java.util.Comparator.comparingLong(Metric::step)
              .thenComparingLong(Metric::timestamp)
              .thenComparingDouble(Metric::value));
      out.addAll(picked);
    }
    return out;
  }

  /** Buckets of equal step width over [start, end] (the series' range when null); NaN left out. */
  static List<MetricBucket> buckets(List<Metric> all, Long start, Long end, int maxBuckets) {
    if (all.isEmpty()) {
      return List.of();
    }
    if (start == null) {
      start = all.stream().mapToLong(Metric::step).min().getAsLong();
      end = all.stream().mapToLong(Metric::step).max().getAsLong();
    }
    long width = Math.max(1, (long) Math.ceil(((double) end - start + 1) / maxBuckets));
    TreeMap<Long, Bucket> acc = new TreeMap<>();
    for (Metric m : all) {
      if (m.step() >= start && m.step() <= end && !m.value().isNaN()) {
        acc.computeIfAbsent((m.step() - start) / width, b -> new Bucket()).add(m);
      }
    }
    List<MetricBucket> out = new ArrayList<>();
    for (Bucket b : acc.values()) {
      out.add(
          new MetricBucket(
              b.firstStep, b.lastStep, b.timestamp, b.sum / b.count, b.min, b.max, b.count));
    }
    return out;
  }

  private static final class Bucket {
    long firstStep = Long.MAX_VALUE;
    long lastStep = Long.MIN_VALUE;
    long timestamp = Long.MAX_VALUE;
    double sum;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long count;

    void add(Metric m) {
      firstStep = Math.min(firstStep, m.step());
      lastStep = Math.max(lastStep, m.step());
      timestamp = Math.min(timestamp, m.timestamp());
      sum += m.value();
      min = Math.min(min, m.value());
      max = Math.max(max, m.value());
      count++;
    }
  }
}
