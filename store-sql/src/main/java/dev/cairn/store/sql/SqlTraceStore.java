package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.core.CairnException;
import dev.cairn.core.tracing.AssessmentRecord;
import dev.cairn.core.tracing.SpanBatch;
import dev.cairn.core.tracing.SpanRecord;
import dev.cairn.core.tracing.TraceQuery;
import dev.cairn.core.tracing.TraceRecord;
import dev.cairn.core.tracing.TraceStore;
import dev.cairn.core.tracking.Page;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@link TraceStore} on MLflow's SQL schema, sharing the tracking store's database. */
public final class SqlTraceStore implements TraceStore {
  static final String SPANS_LOCATION = "mlflow.trace.spansLocation";
  static final String ARTIFACT_LOCATION = "mlflow.artifactLocation";
  static final String FINALIZED = "mlflow.trace.infoFinalized";

  /** What hangs from a trace, deleted before it (SQLite does not cascade); {@code ?} the id. */
  private static final List<String> CHILDREN =
      List.of(
          "DELETE FROM trace_tags WHERE request_id = ?",
          "DELETE FROM trace_request_metadata WHERE request_id = ?",
          "DELETE FROM trace_metrics WHERE request_id = ?",
          "DELETE FROM assessments WHERE trace_id = ?",
          "DELETE FROM span_metrics WHERE trace_id = ?",
          "DELETE FROM spans WHERE trace_id = ?",
          "DELETE FROM entity_associations WHERE source_type = 'TRACE' AND source_id = ?",
          "DELETE FROM trace_info WHERE request_id = ?");

  private final Database db;
  private final AssessmentSql assessments = new AssessmentSql();
  private final TraceSql traces;
  private final SpanSql spans;
  private final TraceSearchSql search;
  private final SpanBatchSql spanBatches;

  /** Uses {@code db} without owning it (the tracking store closes it). */
  public SqlTraceStore(Database db) {
    this.db = db;
    this.traces = new TraceSql(db.dialect(), assessments);
    this.spans = new SpanSql(db.dialect());
    this.search = new TraceSearchSql(db.dialect());
    this.spanBatches = new SpanBatchSql(traces, spans);
  }

  @Override
  public TraceRecord startTrace(TraceRecord t) {
    return db.write(
        c -> {
          String location = activeExperimentLocation(c, t.experimentId());
          boolean exists = traces.find(c, t.traceId()) != null;
          if (exists) {
            traces.overwrite(c, t);
            update(
                c,
                "UPDATE spans SET experiment_id = ? WHERE trace_id = ?",
                Long.parseLong(t.experimentId()),
                t.traceId());
          } else {
            traces.insert(c, t);
          }
          for (Map.Entry<String, String> e : t.tags().entrySet()) {
            traces.upsertTag(c, t.traceId(), e.getKey(), e.getValue());
          }
          traces.upsertTag(c, t.traceId(), ARTIFACT_LOCATION, artifactLocation(location, t));
          for (Map.Entry<String, String> e : t.metadata().entrySet()) {
            if (!List.of(TraceSql.SESSION, TraceSql.TOKEN_USAGE, TraceSql.COST)
                .contains(e.getKey())) {
              traces.upsertMetadata(c, t.traceId(), e.getKey(), e.getValue());
            }
          }
          for (AssessmentRecord a : t.assessments()) {
            assessments.delete(c, t.traceId(), a.assessmentId());
            assessments.insert(c, a, Long.parseLong(t.experimentId()), t.timestampMs());
          }
          return traces.get(c, t.traceId());
        });
  }

  static String artifactLocation(String experimentLocation, TraceRecord t) {
    String base =
        experimentLocation.endsWith("/")
            ? experimentLocation.substring(0, experimentLocation.length() - 1)
            : experimentLocation;
    return base + "/traces/" + t.traceId() + "/artifacts";
  }

  /** The experiment's artifact location, after checking that it exists and is active. */
  static String activeExperimentLocation(Connection c, String experimentId) throws SQLException {
    String[] row =
        queryOne(
            c,
            "SELECT lifecycle_stage, artifact_location FROM experiments WHERE experiment_id = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            Long.parseLong(experimentId));
    if (row == null) {
      throw CairnException.notFound("No Experiment with id=%s exists", experimentId);
    }
    if (!"active".equals(row[0])) {
      throw CairnException.invalid(
          "The experiment %s must be in the 'active' state. Current state is %s.",
          experimentId, row[0]);
    }
    return row[1];
  }

  @Override
  public void logSpans(String experimentId, List<SpanBatch> batches) {
    db.write(
        c -> {
          spanBatches.log(c, experimentId, batches);
          return null;
        });
  }

  @Override
  public TraceRecord getTraceInfo(String traceId) {
    return db.read(c -> traces.get(c, traceId));
  }

  @Override
  public List<TraceRecord> getTraceInfos(List<String> traceIds) {
    if (traceIds.isEmpty()) {
      return List.of();
    }
    return db.read(c -> traces.getAll(c, traceIds));
  }

  @Override
  public Map<String, List<SpanRecord>> getSpans(List<String> traceIds) {
    if (traceIds.isEmpty()) {
      return Map.of();
    }
    return db.read(c -> spans.of(c, traceIds));
  }

  @Override
  public Page<TraceRecord> searchTraces(TraceQuery q) {
    SqlFragment sql = search.compile(q);
    return db.read(
        c -> {
          List<TraceSql.Row> rows = query(c, sql.sql.toString(), TraceSql::row, sql.argArray());
          return new Page<>(traces.complete(c, rows), rows.size() == q.maxResults());
        });
  }

  @Override
  public int deleteTraces(
      String experimentId, Long maxTimestampMillis, Integer maxTraces, List<String> traceIds) {
    return db.write(
        c -> {
          List<String> ids;
          long experiment = Long.parseLong(experimentId);
          if (traceIds != null && !traceIds.isEmpty()) {
            ids =
                query(
                    c,
                    "SELECT request_id FROM trace_info WHERE experiment_id = ? AND request_id IN ("
                        + Jdbc.placeholders(traceIds.size())
                        + ")",
                    rs -> rs.getString(1),
                    concat(experiment, traceIds));
          } else {
            ids =
                query(
                    c,
                    "SELECT request_id FROM trace_info WHERE experiment_id = ? AND timestamp_ms <= ?"
                        + " ORDER BY timestamp_ms, request_id"
                        + (maxTraces == null ? "" : " LIMIT " + maxTraces.intValue()),
                    rs -> rs.getString(1),
                    experiment,
                    maxTimestampMillis);
          }
          for (String id : ids) {
            for (String sql : CHILDREN) {
              update(c, sql, id);
            }
          }
          return ids.size();
        });
  }

  private static Object[] concat(Object first, List<String> rest) {
    List<Object> out = new ArrayList<>();
    out.add(first);
    out.addAll(rest);
    return out.toArray();
  }

  @Override
  public void setTraceTag(String traceId, String key, String value) {
    db.write(
        c -> {
          traces.require(c, traceId);
          traces.upsertTag(c, traceId, key, value);
          return null;
        });
  }

  @Override
  public void deleteTraceTag(String traceId, String key) {
    db.write(
        c -> {
          TraceSql.Row row = traces.require(c, traceId);
          int deleted;
          if (key.equals(TraceSql.TRACE_NAME)) {
            deleted =
                row.traceName() == null
                    ? 0
                    : update(
                        c, "UPDATE trace_info SET trace_name = NULL WHERE request_id = ?", traceId);
          } else {
            deleted =
                update(c, "DELETE FROM trace_tags WHERE request_id = ? AND key = ?", traceId, key);
          }
          if (deleted == 0) {
            throw CairnException.notFound(
                "No trace tag with key '%s' for trace with ID '%s'", key, traceId);
          }
          return null;
        });
  }

  @Override
  public TraceRecord endTrace(
      String traceId,
      long endTimeMs,
      String state,
      Map<String, String> metadata,
      Map<String, String> tags) {
    return db.write(
        c -> {
          TraceSql.Row row = traces.require(c, traceId);
          update(
              c,
              "UPDATE trace_info SET execution_time_ms = ?, status = ? WHERE request_id = ?",
              endTimeMs - row.timestampMs(),
              state,
              traceId);
          for (Map.Entry<String, String> e : metadata.entrySet()) {
            traces.upsertMetadata(c, traceId, e.getKey(), e.getValue());
          }
          for (Map.Entry<String, String> e : tags.entrySet()) {
            traces.upsertTag(c, traceId, e.getKey(), e.getValue());
          }
          return traces.get(c, traceId);
        });
  }

  @Override
  public void linkTracesToRun(List<String> traceIds, String runId) {
    db.write(
        c -> {
          RunSql.requireActive(c, runId);
          // As MLflow: a link may precede its trace (spans and trace info arrive asynchronously).
          for (String traceId : new java.util.LinkedHashSet<>(traceIds)) {
            update(
                c,
                db.dialect().insertIgnorePrefix()
                    + "entity_associations (association_id, source_type, source_id,"
                    + " destination_type, destination_id, created_time)"
                    + " VALUES (?, 'TRACE', ?, 'RUN', ?, ?)"
                    + db.dialect().insertIgnoreSuffix(),
                UUID.randomUUID().toString().replace("-", ""),
                traceId,
                runId,
                System.currentTimeMillis());
          }
          return null;
        });
  }

  @Override
  public AssessmentRecord createAssessment(AssessmentRecord a) {
    return db.write(
        c -> {
          TraceSql.Row row = traces.require(c, a.traceId());
          if (a.overrides() != null) {
            AssessmentRecord old = assessments.get(c, a.traceId(), a.overrides());
            update(
                c,
                "UPDATE assessments SET valid = ? WHERE assessment_id = ?",
                false,
                old.assessmentId());
          }
          assessments.insert(c, a, Long.parseLong(row.experimentId()), row.timestampMs());
          return assessments.get(c, a.traceId(), a.assessmentId());
        });
  }

  @Override
  public AssessmentRecord getAssessment(String traceId, String assessmentId) {
    return db.read(
        c -> {
          traces.require(c, traceId);
          return assessments.get(c, traceId, assessmentId);
        });
  }

  @Override
  public AssessmentRecord updateAssessment(AssessmentRecord a) {
    return db.write(
        c -> {
          assessments.get(c, a.traceId(), a.assessmentId());
          assessments.replace(c, a);
          return assessments.get(c, a.traceId(), a.assessmentId());
        });
  }

  @Override
  public void deleteAssessment(String traceId, String assessmentId) {
    db.write(
        c -> {
          traces.require(c, traceId);
          AssessmentRecord a = assessments.get(c, traceId, assessmentId);
          // Deleting an override makes the assessment it replaced valid again (MLflow).
          if (a.overrides() != null) {
            update(
                c, "UPDATE assessments SET valid = ? WHERE assessment_id = ?", true, a.overrides());
          }
          assessments.delete(c, traceId, assessmentId);
          return null;
        });
  }
}
