package dev.cairn.api.tracking;

import dev.cairn.api.model.Metric;
import java.util.List;

/** Requests and responses of MLflow's metric-history RPCs. */
public final class MetricMessages {
  private MetricMessages() {}

  public record GetMetricHistory(
      String runId, String runUuid, String metricKey, String pageToken, Integer maxResults) {
    public String id() {
      return RunMessages.either(runId, runUuid);
    }
  }

  public record MetricsResponse(List<Metric> metrics, String nextPageToken) {}

  public record GetMetricHistoryBulkInterval(
      List<String> runIds,
      String metricKey,
      Integer startStep,
      Integer endStep,
      Integer maxResults) {}

  /**
   * Cairn's chart read (not in MLflow): one metric of several runs cut into at most {@code
   * maxBuckets} equal step ranges within [startStep, endStep], each bucket summarised so a chart
   * keeps the series' shape (the min/max band) from a few thousand points.
   */
  public record GetDownsampledHistory(
      List<String> runIds, String metricKey, Long startStep, Long endStep, Integer maxBuckets) {}

  public record DownsampledHistory(List<RunSeries> series) {}

  /** The buckets of one run, in step order; empty when the run has no such metric. */
  public record RunSeries(String runId, List<MetricBucket> buckets) {}

  /**
   * The points of one run whose steps fall in one bucket: their first and last step, first
   * timestamp, mean, min, max and count. NaN points are left out.
   */
  public record MetricBucket(
      long step, long lastStep, long timestamp, double value, double min, double max, long count) {}

  /**
   * The UI's history of one metric in several runs ({@code run_id} repeated in the query): MLflow's
   * {@code metrics/get-history-bulk}.
   */
  public record GetMetricHistoryBulk(List<String> runId, String metricKey, Integer maxResults) {}
}
