package dev.cairn.api.model;

import java.util.List;

/**
 * An MLflow 3 logged model: {@code info} (identity, location, status, tags) and {@code data}
 * (params and metrics).
 */
public record LoggedModel(Info info, Data data) {

  public record Info(
      String modelId,
      String experimentId,
      String name,
      Long creationTimestampMs,
      Long lastUpdatedTimestampMs,
      String artifactUri,
      LoggedModelStatus status,
      String modelType,
      String sourceRunId,
      String statusMessage,
      List<Tag> tags) {}

  public record Data(List<Param> params, List<Metric> metrics) {}
}
