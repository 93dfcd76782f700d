package dev.cairn.api.model;

/** Run metadata. MLflow writes the id twice: {@code run_id} and the legacy {@code run_uuid}. */
public record RunInfo(
    String runId,
    String runUuid,
    String runName,
    String experimentId,
    String userId,
    RunStatus status,
    Long startTime,
    Long endTime,
    String artifactUri,
    String lifecycleStage) {}
