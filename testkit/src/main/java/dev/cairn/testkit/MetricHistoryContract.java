package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cairn.api.model.Metric;
import dev.cairn.api.tracking.MetricMessages.MetricBucket;
import dev.cairn.core.tracking.HistoryCursor;
import dev.cairn.core.tracking.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reads of a metric's history a {@link dev.cairn.core.tracking.TrackingStore} must answer:
 * pages (by offset and after a cursor), the bulk-interval sample and the chart buckets. Part of
 * {@link TrackingStoreContract}, which backends subclass.
 */
public abstract class MetricHistoryContract extends TrackingWritesContract {

  @Test
  void metricHistoryIsOrderedAndPaged() {
    String runId = run(experiment("hist"), 1).info().runId();
    List<Metric> points = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      points.add(Metric.of("loss", 1.0 / (i + 1), 1000 + i, i));
    }
    store.logBatch(runId, points, List.of(), List.of());
    List<Metric> all = new ArrayList<>();
    int offset = 0;
    Page<Metric> page;
    do {
      page = store.getMetricHistory(runId, "loss", 100, offset);
      all.addAll(page.items());
      offset += page.items().size();
    } while (page.hasMore());
    assertThat(all).containsExactlyElementsOf(points);
    assertThat(store.getMetricHistory(runId, "loss", null, 0).items()).hasSize(250);
  }

  @Test
  void metricHistoryPagesAfterACursorThroughTiesAndNaN() {
    String runId = run(experiment("cursor"), 1).info().runId();
    List<Metric> points = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // several points share a timestamp and a step; some are NaN (stored as 0), some are 0
      double value = i % 5 == 0 ? Double.NaN : i % 7 == 0 ? 0 : i % 4;
      points.add(Metric.of("m", value, 1000 + i / 6, i / 12));
    }
    store.logBatch(runId, points, List.of(), List.of());
    List<Metric> all = store.getMetricHistory(runId, "m", null, 0).items();
    List<Metric> paged = new ArrayList<>();
    HistoryCursor after = null;
    HistoryCursor.Page page;
    int pages = 0;
    do {
      page = store.getMetricHistoryAfter(runId, "m", 7, after);
      paged.addAll(page.items());
      after = page.last();
      pages++;
    } while (page.hasMore() && pages < 100);
    assertThat(paged).hasSameSizeAs(all).containsExactlyInAnyOrderElementsOf(all);
    for (int i = 1; i < paged.size(); i++) {
      Metric a = paged.get(i - 1);
      Metric b = paged.get(i);
      assertThat(
              a.timestamp() < b.timestamp()
                  || (a.timestamp().equals(b.timestamp()) && a.step() <= b.step()))
          .as("ordered by timestamp, step at %d", i)
          .isTrue();
    }
    assertThat(store.getMetricHistoryAfter(runId, "m", 7, after).items()).isEmpty();
    assertThat(store.getMetricHistoryAfter(runId, "other", 7, null).items()).isEmpty();
  }

  @Test
  void bulkIntervalSamplesStepsAndKeepsEachRunsEnds() {
    String exp = experiment("bulk");
    String a = run(exp, 1).info().runId();
    String b = run(exp, 2).info().runId();
    List<Metric> pa = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      pa.add(Metric.of("m", i, i, i));
    }
    store.logBatch(a, pa, List.of(), List.of());
    store.logBatch(
        b, List.of(Metric.of("m", 1, 1, 3), Metric.of("m", 2, 2, 7)), List.of(), List.of());
    List<Metric> sampled = store.getMetricHistoryBulkInterval(List.of(a, b), "m", null, null, 10);
    List<Metric> ofA = sampled.stream().filter(m -> m.runId().equals(a)).toList();
    assertThat(ofA.size()).isBetween(10, 14);
    assertThat(ofA.get(0).step()).isZero();
    assertThat(ofA.get(ofA.size() - 1).step()).isEqualTo(999L);
    assertThat(sampled.stream().filter(m -> m.runId().equals(b)).map(Metric::step))
        .containsExactly(3L, 7L);
    assertThat(sampled.get(0).runId()).isEqualTo(a);
    List<Metric> window = store.getMetricHistoryBulkInterval(List.of(a), "m", 100L, 200L, 2500);
    assertThat(window).hasSize(101);
  }

  @Test
  void metricBucketsKeepEachBucketsMinMaxMeanAndCount() {
    String runId = run(experiment("buckets"), 1).info().runId();
    List<Metric> points = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      // A spike every 100 steps: a sampled read would miss most of them, the buckets may not.
      points.add(Metric.of("m", i % 100 == 37 ? 500 : i % 10, 5000 + i, i));
    }
    points.add(Metric.of("m", Double.NaN, 9000, 5));
    store.logBatch(runId, points, List.of(), List.of());
    List<MetricBucket> all = store.getMetricBuckets(runId, "m", null, null, 10);
    assertThat(all).hasSize(10);
    MetricBucket first = all.get(0);
    assertThat(first.step()).isZero();
    assertThat(first.lastStep()).isEqualTo(99L);
    assertThat(first.timestamp()).isEqualTo(5000L);
    assertThat(first.count()).isEqualTo(100L); // the NaN point is left out
    assertThat(first.min()).isZero();
    assertThat(first.max()).isEqualTo(500.0);
    assertThat(first.value()).isCloseTo((450 - 7 + 500) / 100.0, within(1e-9));
    assertThat(all).allSatisfy(b -> assertThat(b.max()).isEqualTo(500.0));
    assertThat(all.get(9).lastStep()).isEqualTo(999L);

    List<MetricBucket> window = store.getMetricBuckets(runId, "m", 100L, 119L, 1000);
    assertThat(window).hasSize(20);
    assertThat(window).allSatisfy(b -> assertThat(b.count()).isEqualTo(1L));
    assertThat(window.get(0).step()).isEqualTo(100L);
    assertThat(window.get(0).value()).isZero();
    assertThat(window.get(3).value()).isEqualTo(3.0);
    assertThat(store.getMetricBuckets(runId, "m", 100L, 200L, 3))
        .extracting(MetricBucket::count)
        .containsExactly(34L, 34L, 33L);
    assertThat(store.getMetricBuckets(runId, "other", null, null, 10)).isEmpty();
    assertThat(store.getMetricBuckets(runId, "m", 2000L, 3000L, 10)).isEmpty();
  }
}
