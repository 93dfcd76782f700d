package dev.cairn.core.tracing;

/**
 * One row of MLflow's {@code assessments} table. {@code value}, {@code error} and {@code metadata}
 * are JSON texts as MLflow writes them; {@code type} is {@code feedback} or {@code expectation}.
 */
public record AssessmentRecord(
    String assessmentId,
    String traceId,
    String name,
    String type,
    String value,
    String error,
    long createdTimestamp,
    long lastUpdatedTimestamp,
    String sourceType,
    String sourceId,
    String runId,
    String spanId,
    String rationale,
    String overrides,
    boolean valid,
    String metadata) {}
