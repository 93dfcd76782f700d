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
}
