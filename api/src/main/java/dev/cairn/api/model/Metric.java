package dev.cairn.api.model;

/**
 * One metric point. {@code runId} is set only where MLflow returns it (bulk-interval history); the
 * dataset and model fields only when the point was logged with them.
 */
public record Metric(
    String key,
    Double value,
    Long timestamp,
    Long step,
    String datasetName,
    String datasetDigest,
    String modelId,
    String runId) {

  public static Metric of(String key, double value, long timestamp, long step) {
    return new Metric(key, value, timestamp, step, null, null, null, null);
  }

  public Metric withRunId(String id) {
    return new Metric(key, value, timestamp, step, datasetName, datasetDigest, modelId, id);
  }
}
