package dev.cairn.core.tracing;

/**
 * One row of MLflow's {@code spans} table: the columns it searches by and {@code content}, the span
 * as MLflow's span dictionary in JSON (ids in base64, attribute values JSON-encoded).
 *
 * @param parentSpanId hex, null for a root span
 * @param status {@code OK}, {@code ERROR} or {@code UNSET}
 */
public record SpanRecord(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String type,
    String status,
    long startTimeUnixNano,
    Long endTimeUnixNano,
    String content) {}
