package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;

import dev.cairn.core.tracing.SpanRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MLflow's {@code spans} rows ({@code duration_ns} is a generated column). */
final class SpanSql {
  private final Dialect dialect;

  SpanSql(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Upserts by (trace, span), in one batch. */
  void upsert(Connection c, long experimentId, List<SpanRecord> spans) throws SQLException {
    String sql =
        "INSERT INTO spans (trace_id, experiment_id, span_id, parent_span_id, name, type, status,"
            + " start_time_unix_nano, end_time_unix_nano, content) VALUES"
            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + dialect.upsert(
                "trace_id, span_id",
                "experiment_id",
                "parent_span_id",
                "name",
                "type",
                "status",
                "start_time_unix_nano",
                "end_time_unix_nano",
                "content");
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (SpanRecord s : spans) {
        Jdbc.bind(
            p,
            s.traceId(),
            experimentId,
            s.spanId(),
            s.parentSpanId(),
            s.name(),
            s.type(),
            s.status(),
            s.startTimeUnixNano(),
            s.endTimeUnixNano(),
            s.content());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** Each trace's spans, root first, then by start time. */
  Map<String, List<SpanRecord>> of(Connection c, List<String> traceIds) throws SQLException {
    Map<String, List<SpanRecord>> out = new LinkedHashMap<>();
    for (int from = 0; from < traceIds.size(); from += 500) {
      List<String> chunk = traceIds.subList(from, Math.min(traceIds.size(), from + 500));
      for (SpanRecord s :
          query(
              c,
              "SELECT trace_id, span_id, parent_span_id, name, type, status,"
                  + " start_time_unix_nano, end_time_unix_nano, content FROM spans"
                  + " WHERE trace_id IN ("
                  + Jdbc.placeholders(chunk.size())
                  + ") ORDER BY trace_id, CASE WHEN parent_span_id IS NULL THEN 0 ELSE 1 END,"
                  + " start_time_unix_nano",
              rs ->
                  new SpanRecord(
                      rs.getString(1),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getLong(7),
                      Jdbc.nullableLong(rs, "end_time_unix_nano"),
                      rs.getString(9)),
              chunk.toArray())) {
        out.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }
}
