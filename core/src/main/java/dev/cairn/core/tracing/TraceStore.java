package dev.cairn.core.tracing;

import dev.cairn.core.tracking.Page;
import java.util.List;
import java.util.Map;

/**
 * Persistent MLflow traces in MLflow's schema ({@code trace_info}, {@code trace_tags}, {@code
 * trace_request_metadata}, {@code spans}, {@code assessments}, {@code entity_associations}). Every
 * method is atomic. An unknown trace is RESOURCE_DOES_NOT_EXIST {@code "Trace with ID '<id>' not
 * found."}. Thread-safe.
 */
public interface TraceStore {

  /**
   * Writes a finished trace's info (MLflow's {@code start_trace}): creates it, or, when its spans
   * arrived first, overwrites its fields and merges tags, metadata and assessments. Adds the tag
   * {@code mlflow.artifactLocation} ({@code <experiment location>/traces/<id>/artifacts}). The
   * experiment must be active (INVALID_PARAMETER_VALUE when deleted, RESOURCE_DOES_NOT_EXIST when
   * unknown).
   */
  TraceRecord startTrace(TraceRecord trace);

  /**
   * Stores spans (upserting by trace and span id) into traces of {@code experimentId}, creating the
   * trace of a batch when missing (IN_PROGRESS or the root span's state), widening its time range,
   * taking the root span's state and previews when unset, and tagging it {@code
   * mlflow.trace.spansLocation=TRACKING_STORE}.
   */
  void logSpans(String experimentId, List<SpanBatch> batches);

  /** RESOURCE_DOES_NOT_EXIST when unknown. */
  TraceRecord getTraceInfo(String traceId);

  /** The traces found, in the order of {@code traceIds}; unknown ids are left out. */
  List<TraceRecord> getTraceInfos(List<String> traceIds);

  /** The stored spans of each trace, root first then by start time; absent when none. */
  Map<String, List<SpanRecord>> getSpans(List<String> traceIds);

  /** One page; experiments that do not exist match nothing. */
  Page<TraceRecord> searchTraces(TraceQuery query);

  /**
   * Deletes traces of one experiment: the given ids, or the oldest up to {@code maxTraces} at or
   * before {@code maxTimestampMillis}. Returns how many were deleted.
   */
  int deleteTraces(
      String experimentId, Long maxTimestampMillis, Integer maxTraces, List<String> traceIds);

  void setTraceTag(String traceId, String key, String value);

  /** RESOURCE_DOES_NOT_EXIST when the tag is not set. */
  void deleteTraceTag(String traceId, String key);

  /** MLflow 2's end: sets state and duration and merges metadata and tags. */
  TraceRecord endTrace(
      String traceId,
      long endTimeMs,
      String state,
      Map<String, String> metadata,
      Map<String, String> tags);

  /**
   * Links existing traces (unknown ids are skipped) to a run (RESOURCE_DOES_NOT_EXIST when the run
   * is unknown); links already there stay as they are.
   */
  void linkTracesToRun(List<String> traceIds, String runId);

  AssessmentRecord createAssessment(AssessmentRecord assessment);

  /** RESOURCE_DOES_NOT_EXIST when the trace or the assessment is unknown. */
  AssessmentRecord getAssessment(String traceId, String assessmentId);

  /** Replaces the row (same id and trace). */
  AssessmentRecord updateAssessment(AssessmentRecord assessment);

  void deleteAssessment(String traceId, String assessmentId);
}
