package dev.cairn.core.tracing;

import java.util.List;
import java.util.Map;

/**
 * A trace's info as stored: MLflow's {@code trace_info} row with its tags, request metadata and
 * assessments. {@code tags} includes {@code mlflow.traceName} (kept in the {@code trace_name}
 * column by the SQL store); {@code metadata} includes the promoted keys ({@code
 * mlflow.trace.session}, {@code mlflow.trace.tokenUsage}, {@code mlflow.trace.cost}).
 *
 * @param state {@code OK}, {@code ERROR}, {@code IN_PROGRESS} or {@code STATE_UNSPECIFIED}
 */
public record TraceRecord(
    String traceId,
    String experimentId,
    long timestampMs,
    Long executionTimeMs,
    String state,
    String clientRequestId,
    String requestPreview,
    String responsePreview,
    Map<String, String> metadata,
    Map<String, String> tags,
    List<AssessmentRecord> assessments) {
  public TraceRecord {
    metadata = Map.copyOf(metadata);
    tags = Map.copyOf(tags);
    assessments = List.copyOf(assessments);
  }
}
