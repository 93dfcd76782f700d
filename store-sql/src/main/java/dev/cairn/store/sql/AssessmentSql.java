package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.core.CairnException;
import dev.cairn.core.tracing.AssessmentRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * MLflow's {@code assessments} rows. Besides the assessment, a row carries its trace's experiment
 * and timestamp and, for rollups, the value as a number ({@code aggregate_value}: booleans as 0/1,
 * numbers as themselves) and whether it is one.
 */
final class AssessmentSql {
  private static final String COLUMNS =
      "assessment_id, trace_id, name, assessment_type, value, error, created_timestamp,"
          + " last_updated_timestamp, source_type, source_id, run_id, span_id, rationale, overrides,"
          + " valid, assessment_metadata";

  List<AssessmentRecord> ofTraces(Connection c, List<String> traceIds) throws SQLException {
    return query(
        c,
        "SELECT "
            + COLUMNS
            + " FROM assessments WHERE trace_id IN ("
            + Jdbc.placeholders(traceIds.size())
            + ") ORDER BY created_timestamp, assessment_id",
        AssessmentSql::row,
        traceIds.toArray());
  }

  AssessmentRecord get(Connection c, String traceId, String assessmentId) throws SQLException {
    AssessmentRecord a =
        queryOne(
            c,
            "SELECT " + COLUMNS + " FROM assessments WHERE trace_id = ? AND assessment_id = ?",
            AssessmentSql::row,
            traceId,
            assessmentId);
    if (a == null) {
      throw CairnException.notFound(
          "Assessment with ID '%s' not found for trace '%s'", assessmentId, traceId);
    }
    return a;
  }

  void insert(Connection c, AssessmentRecord a, long experimentId, long traceTimestamp)
      throws SQLException {
    Double aggregate = aggregate(a.value());
    update(
        c,
        "INSERT INTO assessments ("
            + COLUMNS
            + ", experiment_id, trace_timestamp_ms, aggregate_value, is_numeric_value)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        a.assessmentId(),
        a.traceId(),
        a.name(),
        a.type(),
        a.value(),
        a.error(),
        a.createdTimestamp(),
        a.lastUpdatedTimestamp(),
        a.sourceType(),
        a.sourceId(),
        a.runId(),
        a.spanId(),
        a.rationale(),
        a.overrides(),
        a.valid(),
        a.metadata(),
        experimentId,
        traceTimestamp,
        aggregate,
        aggregate != null && !a.value().equals("true") && !a.value().equals("false"));
  }

  void replace(Connection c, AssessmentRecord a) throws SQLException {
    Double aggregate = aggregate(a.value());
    update(
        c,
        "UPDATE assessments SET name = ?, value = ?, error = ?, last_updated_timestamp = ?,"
            + " rationale = ?, valid = ?, assessment_metadata = ?, aggregate_value = ?,"
            + " is_numeric_value = ? WHERE assessment_id = ? AND trace_id = ?",
        a.name(),
        a.value(),
        a.error(),
        a.lastUpdatedTimestamp(),
        a.rationale(),
        a.valid(),
        a.metadata(),
        aggregate,
        aggregate != null && !a.value().equals("true") && !a.value().equals("false"),
        a.assessmentId(),
        a.traceId());
  }

  void delete(Connection c, String traceId, String assessmentId) throws SQLException {
    update(
        c,
        "DELETE FROM assessments WHERE trace_id = ? AND assessment_id = ?",
        traceId,
        assessmentId);
  }

  /** MLflow's {@code assessment_aggregate}: booleans as 0/1, finite numbers as themselves. */
  private static Double aggregate(String json) {
    return switch (json) {
      case "true" -> 1.0;
      case "false" -> 0.0;
      default -> {
        try {
          double d = Double.parseDouble(json);
          yield Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
          yield null;
        }
      }
    };
  }

  private static AssessmentRecord row(ResultSet rs) throws SQLException {
    return new AssessmentRecord(
        rs.getString("assessment_id"),
        rs.getString("trace_id"),
        rs.getString("name"),
        rs.getString("assessment_type"),
        rs.getString("value"),
        rs.getString("error"),
        rs.getLong("created_timestamp"),
        rs.getLong("last_updated_timestamp"),
        rs.getString("source_type"),
        rs.getString("source_id"),
        rs.getString("run_id"),
        rs.getString("span_id"),
        rs.getString("rationale"),
        rs.getString("overrides"),
        rs.getBoolean("valid"),
        rs.getString("assessment_metadata"));
  }
}
