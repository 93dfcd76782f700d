package dev.cairn.api.tracing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * MLflow 3's {@code TraceInfo} (v3) as its server writes it: {@code request_time} a protobuf
 * Timestamp ({@code 2026-01-02T03:04:05.123Z}), {@code execution_duration} a Duration ({@code
 * 0.449s}), {@code state} one of {@code OK ERROR IN_PROGRESS STATE_UNSPECIFIED}, metadata and tags
 * as maps. Assessments are kept as MLflow's JSON.
 */
public record TraceInfo(
    String traceId,
    TraceLocation traceLocation,
    String requestTime,
    String executionDuration,
    String state,
    // Empty values are kept: MLflow's client writes some (mlflow.source.git.repoURL "").
    @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
        Map<String, String> traceMetadata,
    @JsonInclude(value = JsonInclude.Include.NON_EMPTY, content = JsonInclude.Include.ALWAYS)
        Map<String, String> tags,
    String requestPreview,
    String responsePreview,
    String clientRequestId,
    List<JsonNode> assessments) {

  /** {@code {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": ...}}}. */
  public record TraceLocation(String type, ExperimentLocation mlflowExperiment) {
    public static TraceLocation experiment(String experimentId) {
      return new TraceLocation("MLFLOW_EXPERIMENT", new ExperimentLocation(experimentId));
    }

    /** The experiment id, or null for another kind of location. */
    public String experimentId() {
      return mlflowExperiment == null ? null : mlflowExperiment.experimentId();
    }
  }

  public record ExperimentLocation(String experimentId) {}
}
