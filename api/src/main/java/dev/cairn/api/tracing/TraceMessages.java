package dev.cairn.api.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.api.model.Tag;
import dev.cairn.api.tracing.TraceInfo.TraceLocation;
import java.util.List;

/** Requests and responses of MLflow's trace RPCs (v3, and the v2 ones the 2.x client calls). */
public final class TraceMessages {
  private TraceMessages() {}

  /**
   * A trace: its info and its spans, each span as OpenTelemetry's protobuf {@code Span} in MLflow's
   * JSON (snake_case keys, ids in base64, attribute values as {@code AnyValue}).
   */
  public record Trace(TraceInfo traceInfo, List<JsonNode> spans) {}

  public record TraceResponse(Trace trace) {}

  public record StartTraceV3(Trace trace) {}

  public record GetTraceInfoV3(String traceId) {}

  /** {@code allow_partial} arrives as the query string {@code true}/{@code false}. */
  public record GetTrace(String traceId, String allowPartial) {}

  public record BatchGetTraces(List<String> traceIds) {}

  public record BatchGetTracesResponse(List<Trace> traces) {}

  public record BatchGetTraceInfos(List<String> traceIds) {}

  public record BatchGetTraceInfosResponse(List<TraceInfo> traceInfos) {}

  public record SearchTracesV3(
      List<TraceLocation> locations,
      String filter,
      Integer maxResults,
      List<String> orderBy,
      String pageToken) {}

  public record SearchTracesV3Response(List<TraceInfo> traces, String nextPageToken) {}

  public record DeleteTraces(
      String experimentId, Long maxTimestampMillis, Integer maxTraces, List<String> requestIds) {}

  public record DeleteTracesResponse(Integer tracesDeleted) {}

  public record SetTraceTagV3(String traceId, String key, String value) {}

  public record DeleteTraceTagV3(String traceId, String key) {}

  public record SetTraceTag(String requestId, String key, String value) {}

  public record DeleteTraceTag(String requestId, String key) {}

  public record LinkTracesToRun(List<String> traceIds, String runId) {}

  /** MLflow 2's start: the server makes the trace id; the trace is IN_PROGRESS. */
  public record StartTrace(
      String experimentId, Long timestampMs, List<Tag> requestMetadata, List<Tag> tags) {}

  public record EndTrace(
      String requestId,
      Long timestampMs,
      String status,
      List<Tag> requestMetadata,
      List<Tag> tags) {}

  public record GetTraceInfo(String requestId) {}

  public record TraceInfoV2Response(TraceInfoV2 traceInfo) {}

  public record SearchTraces(
      List<String> experimentIds,
      String filter,
      Integer maxResults,
      List<String> orderBy,
      String pageToken) {}

  public record SearchTracesResponse(List<TraceInfoV2> traces, String nextPageToken) {}

  /** An assessment as MLflow's JSON ({@code assessments.proto}'s {@code Assessment}). */
  public record CreateAssessment(String traceId, JsonNode assessment) {}

  public record AssessmentResponse(JsonNode assessment) {}

  public record GetAssessment(String traceId, String assessmentId) {}

  /** {@code update_mask} is a FieldMask: comma-separated field paths. */
  public record UpdateAssessment(
      String traceId, String assessmentId, JsonNode assessment, String updateMask) {}

  public record DeleteAssessment(String traceId, String assessmentId) {}
}
