package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;
import static dev.cairn.store.sql.SqlTraceStore.ARTIFACT_LOCATION;
import static dev.cairn.store.sql.SqlTraceStore.FINALIZED;
import static dev.cairn.store.sql.SqlTraceStore.SPANS_LOCATION;

import dev.cairn.core.tracing.SpanBatch;
import dev.cairn.core.tracing.TraceRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Span batches into MLflow's tables, in the caller's transaction: a trace is created by its first
 * spans or widened by later ones, its spans upserted, and its root span's tags and name set.
 */
final class SpanBatchSql {
  private final TraceSql traces;
  private final SpanSql spans;

  SpanBatchSql(TraceSql traces, SpanSql spans) {
    this.traces = traces;
    this.spans = spans;
  }

  void log(Connection c, String experimentId, List<SpanBatch> batches) throws SQLException {
    String location = null;
    for (SpanBatch b : batches) {
      TraceSql.Row row = traces.find(c, b.traceId());
      long experiment;
      if (row == null) {
        if (location == null) {
          location = SqlTraceStore.activeExperimentLocation(c, experimentId);
        }
        TraceRecord created = created(experimentId, b);
        traces.insert(c, created);
        traces.upsertTag(
            c, b.traceId(), ARTIFACT_LOCATION, SqlTraceStore.artifactLocation(location, created));
        experiment = Long.parseLong(experimentId);
      } else {
        experiment = Long.parseLong(row.experimentId());
        widen(c, row, b);
      }
      spans.upsert(c, experiment, b.spans());
      traces.upsertTag(c, b.traceId(), SPANS_LOCATION, "TRACKING_STORE");
      for (Map.Entry<String, String> e : b.tags().entrySet()) {
        traces.upsertTag(c, b.traceId(), e.getKey(), e.getValue());
      }
      if (b.traceName() != null) {
        traces.upsertTag(c, b.traceId(), TraceSql.TRACE_NAME, b.traceName());
      }
    }
  }

  private static TraceRecord created(String experimentId, SpanBatch b) {
    return new TraceRecord(
        b.traceId(),
        experimentId,
        b.minStartMs(),
        b.maxEndMs() == null ? null : b.maxEndMs() - b.minStartMs(),
        b.rootState() == null ? "IN_PROGRESS" : b.rootState(),
        null,
        b.requestPreview(),
        b.responsePreview(),
        Map.of(),
        Map.of(),
        List.of());
  }

  /** A trace that exists: spans widen its range unless start_trace has finalized it. */
  private void widen(Connection c, TraceSql.Row row, SpanBatch b) throws SQLException {
    boolean finalized =
        queryOne(
                c,
                "SELECT value FROM trace_request_metadata WHERE request_id = ? AND key = ?",
                rs -> rs.getString(1),
                b.traceId(),
                FINALIZED)
            != null;
    long start = row.timestampMs();
    Long execution = row.executionTimeMs();
    if (!finalized) {
      long end = execution == null ? start : start + execution;
      long newStart = Math.min(start, b.minStartMs());
      long newEnd = b.maxEndMs() == null ? end : Math.max(end, b.maxEndMs());
      start = newStart;
      execution = b.maxEndMs() == null && execution == null ? null : newEnd - newStart;
    }
    String state = row.state();
    if ((state.equals("IN_PROGRESS") || state.equals("STATE_UNSPECIFIED"))
        && b.rootState() != null) {
      state = b.rootState();
    }
    update(
        c,
        "UPDATE trace_info SET timestamp_ms = ?, execution_time_ms = ?, status = ?,"
            + " request_preview = COALESCE(request_preview, ?),"
            + " response_preview = COALESCE(response_preview, ?) WHERE request_id = ?",
        start,
        execution,
        state,
        b.requestPreview(),
        b.responsePreview(),
        b.traceId());
  }
}
