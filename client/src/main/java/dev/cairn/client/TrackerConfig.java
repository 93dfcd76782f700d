package dev.cairn.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a tracker is built from ({@link Trackers#builder()}, {@link Trackers#fromEnvironment()}).
 *
 * @param trackingUri {@code http(s)://...} for a {@code RestTracker}; null with {@code
 *     offlineFolder} set for an {@code OfflineTracker}
 * @param experimentName used when {@code experimentId} is null; created when missing; null means
 *     MLflow's {@code Default} experiment ({@code 0})
 * @param experimentId wins over the name
 * @param tags default tags of every run ({@code MLFLOW_TAGS})
 * @param resumeRunId {@code MLFLOW_RUN_ID}: {@link Tracker#startRun} resumes this run instead of
 *     creating one (the first time)
 * @param offlineFolder where an {@code OfflineTracker} writes
 * @param queueCapacity items (metric points, params, tags) one run may hold unsent before logging
 *     blocks (backpressure)
 * @param enabled false builds a {@code NoopTracker}
 * @param metricSenders log-batch requests of metric points one run keeps in flight at once
 * @param systemMetrics null, or the environment ({@code MLFLOW_SYSTEM_METRICS_*}) a system metrics
 *     sampler started for every run is configured from, as MLflow's {@code
 *     MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING=true} does
 */
public record TrackerConfig(
    String trackingUri,
    String experimentName,
    String experimentId,
    Map<String, String> tags,
    String resumeRunId,
    Path offlineFolder,
    int queueCapacity,
    boolean enabled,
    int metricSenders,
    Map<String, String> systemMetrics) {

  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  public static final int DEFAULT_METRIC_SENDERS = 4;

  public TrackerConfig {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    systemMetrics = systemMetrics == null ? null : Map.copyOf(systemMetrics);
    if (queueCapacity < 1 || metricSenders < 1) {
      throw new IllegalArgumentException(
          "Invalid queue capacity %d or metric senders %d".formatted(queueCapacity, metricSenders));
    }
  }

  /**
   * Starts the system metrics sampler for {@code run} when this configuration asks for one; it logs
   * from {@code firstStep} on and stops when the run closes.
   */
  void startSystemMetrics(Run run, long firstStep) {
    if (systemMetrics != null) {
      dev.cairn.client.system.SystemMetricsSampler.builder()
          .fromEnvironment(systemMetrics)
          .firstStep(firstStep)
          .start(run);
    }
  }
}
