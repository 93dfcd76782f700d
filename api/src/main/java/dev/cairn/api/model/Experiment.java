package dev.cairn.api.model;

import java.util.List;

/** An experiment as MLflow renders it; {@code experimentId} is a decimal string. */
public record Experiment(
    String experimentId,
    String name,
    String artifactLocation,
    String lifecycleStage,
    Long lastUpdateTime,
    Long creationTime,
    List<Tag> tags) {}
