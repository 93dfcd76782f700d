package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.core.CairnException;
import dev.cairn.core.PythonJson;
import dev.cairn.core.tracing.AssessmentRecord;
import dev.cairn.core.tracing.TraceRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code trace_info} with its tags and request metadata, as MLflow's SQL store keeps them: the tag
 * {@code mlflow.traceName} lives in the {@code trace_name} column; the metadata {@code
 * mlflow.trace.session}, {@code mlflow.trace.tokenUsage} and {@code mlflow.trace.cost} live in
 * their columns ({@code session_id}, {@code *_tokens}, {@code *_cost}) and are rebuilt from them on
 * read.
 */
final class TraceSql {
  static final String TRACE_NAME = "mlflow.traceName";
  static final String SESSION = "mlflow.trace.session";
  static final String TOKEN_USAGE = "mlflow.trace.tokenUsage";
  static final String COST = "mlflow.trace.cost";
  static final String COLUMNS =
      "t.request_id, t.experiment_id, t.timestamp_ms, t.execution_time_ms, t.status,"
          + " t.client_request_id, t.request_preview, t.response_preview, t.trace_name,"
          + " t.session_id, t.input_tokens, t.output_tokens, t.total_tokens,"
          + " t.cache_read_input_tokens, t.cache_creation_input_tokens,"
          + " t.cache_creation_input_tokens_above_1hr, t.input_cost, t.output_cost, t.total_cost";
  private static final Map<String, String> TOKEN_COLUMNS = new LinkedHashMap<>();
  private static final Map<String, String> COST_COLUMNS = new LinkedHashMap<>();

  static {
    for (String c :
        List.of(
            "input_tokens",
            "output_tokens",
            "total_tokens",
            "cache_read_input_tokens",
            "cache_creation_input_tokens",
            "cache_creation_input_tokens_above_1hr")) {
      TOKEN_COLUMNS.put(c, c);
    }
    for (String c : List.of("input_cost", "output_cost", "total_cost")) {
      COST_COLUMNS.put(c, c);
    }
  }

  private final Dialect dialect;
  private final AssessmentSql assessments;

  TraceSql(Dialect dialect, AssessmentSql assessments) {
    this.dialect = dialect;
    this.assessments = assessments;
  }

  /** A row read with {@link #COLUMNS}, before its children. */
  record Row(
      String traceId,
      String experimentId,
      long timestampMs,
      Long executionTimeMs,
      String state,
      String clientRequestId,
      String requestPreview,
      String responsePreview,
      String traceName,
      Map<String, String> promoted) {}

  static Row row(ResultSet rs) throws SQLException {
    Map<String, String> promoted = new LinkedHashMap<>();
    String session = rs.getString("session_id");
    if (session != null) {
      promoted.put(SESSION, session);
    }
    StringBuilder tokens = new StringBuilder();
    for (String c : TOKEN_COLUMNS.keySet()) {
      Long v = Jdbc.nullableLong(rs, c);
      if (v != null) {
        tokens.append(tokens.isEmpty() ? "{" : ", ").append('"').append(c).append("\": ").append(v);
      }
    }
    if (!tokens.isEmpty()) {
      promoted.put(TOKEN_USAGE, tokens.append('}').toString());
    }
    StringBuilder cost = new StringBuilder();
    for (String c : COST_COLUMNS.keySet()) {
      double v = rs.getDouble(c);
      if (!rs.wasNull()) {
        String number = PythonJson.dumps(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(v));
        cost.append(cost.isEmpty() ? "{" : ", ")
            .append('"')
            .append(c)
            .append("\": ")
            .append(number);
      }
    }
    if (!cost.isEmpty()) {
      promoted.put(COST, cost.append('}').toString());
    }
    return new Row(
        rs.getString("request_id"),
        Long.toString(rs.getLong("experiment_id")),
        rs.getLong("timestamp_ms"),
        Jdbc.nullableLong(rs, "execution_time_ms"),
        rs.getString("status"),
        rs.getString("client_request_id"),
        rs.getString("request_preview"),
        rs.getString("response_preview"),
        rs.getString("trace_name"),
        promoted);
  }

  /** The rows with their tags, metadata and assessments, in the rows' order. */
  List<TraceRecord> complete(Connection c, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, Map<String, String>> tags = new HashMap<>();
    Map<String, Map<String, String>> metadata = new HashMap<>();
    Map<String, List<AssessmentRecord>> assessed = new HashMap<>();
    List<String> ids = rows.stream().map(Row::traceId).toList();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      Object[] args = chunk.toArray();
      String in = " IN (" + Jdbc.placeholders(chunk.size()) + ")";
      for (Object[] t :
          query(
              c,
              "SELECT request_id, key, value FROM trace_tags WHERE request_id" + in,
              rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3)},
              args)) {
        tags.computeIfAbsent((String) t[0], k -> new TreeMap<>()).put((String) t[1], (String) t[2]);
      }
      for (Object[] t :
          query(
              c,
              "SELECT request_id, key, value FROM trace_request_metadata WHERE request_id" + in,
              rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3)},
              args)) {
        metadata
            .computeIfAbsent((String) t[0], k -> new TreeMap<>())
            .put((String) t[1], (String) t[2]);
      }
      for (AssessmentRecord a : assessments.ofTraces(c, chunk)) {
        assessed.computeIfAbsent(a.traceId(), k -> new ArrayList<>()).add(a);
      }
    }
    List<TraceRecord> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Map<String, String> t = new LinkedHashMap<>(tags.getOrDefault(r.traceId(), Map.of()));
      t.remove(TRACE_NAME);
      if (r.traceName() != null) {
        t.put(TRACE_NAME, r.traceName());
      }
      Map<String, String> m = new LinkedHashMap<>(metadata.getOrDefault(r.traceId(), Map.of()));
      m.keySet().removeAll(List.of(SESSION, TOKEN_USAGE, COST));
      m.putAll(r.promoted());
      out.add(
          new TraceRecord(
              r.traceId(),
              r.experimentId(),
              r.timestampMs(),
              r.executionTimeMs(),
              r.state(),
              r.clientRequestId(),
              r.requestPreview(),
              r.responsePreview(),
              m,
              t,
              assessed.getOrDefault(r.traceId(), List.of())));
    }
    return out;
  }

  Row find(Connection c, String traceId) throws SQLException {
    return queryOne(
        c,
        "SELECT " + COLUMNS + " FROM trace_info t WHERE t.request_id = ?",
        TraceSql::row,
        traceId);
  }

  Row require(Connection c, String traceId) throws SQLException {
    Row row = find(c, traceId);
    if (row == null) {
      throw notFound(traceId);
    }
    return row;
  }

  static CairnException notFound(String traceId) {
    return CairnException.notFound("Trace with ID '%s' not found.", traceId);
  }

  TraceRecord get(Connection c, String traceId) throws SQLException {
    return complete(c, List.of(require(c, traceId))).get(0);
  }

  List<TraceRecord> getAll(Connection c, List<String> ids) throws SQLException {
    Map<String, Row> found = new HashMap<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      for (Row r :
          query(
              c,
              "SELECT "
                  + COLUMNS
                  + " FROM trace_info t WHERE t.request_id IN ("
                  + Jdbc.placeholders(chunk.size())
                  + ")",
              TraceSql::row,
              chunk.toArray())) {
        found.put(r.traceId(), r);
      }
    }
    List<Row> ordered = new ArrayList<>();
    for (String id : new java.util.LinkedHashSet<>(ids)) {
      if (found.containsKey(id)) {
        ordered.add(found.get(id));
      }
    }
    return complete(c, ordered);
  }

  /** Inserts a new trace_info row with the promoted metadata in its columns. */
  void insert(Connection c, TraceRecord t) throws SQLException {
    Promoted p = Promoted.of(t.metadata());
    update(
        c,
        "INSERT INTO trace_info (request_id, experiment_id, timestamp_ms, execution_time_ms,"
            + " status, client_request_id, request_preview, response_preview, trace_name,"
            + " db_payload_generation, session_id, "
            + String.join(", ", TOKEN_COLUMNS.keySet())
            + ", "
            + String.join(", ", COST_COLUMNS.keySet())
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, "
            + Jdbc.placeholders(TOKEN_COLUMNS.size() + COST_COLUMNS.size())
            + ")",
        p.args(
            t.traceId(),
            Long.parseLong(t.experimentId()),
            t.timestampMs(),
            t.executionTimeMs(),
            t.state(),
            t.clientRequestId(),
            t.requestPreview(),
            t.responsePreview(),
            t.tags().get(TRACE_NAME)));
  }

  /** Overwrites an existing row's fields with a finished trace's (MLflow's start_trace merge). */
  void overwrite(Connection c, TraceRecord t) throws SQLException {
    Promoted p = Promoted.of(t.metadata());
    StringBuilder set =
        new StringBuilder(
            "UPDATE trace_info SET experiment_id = ?, timestamp_ms = ?, execution_time_ms = ?,"
                + " status = ?, client_request_id = ?,"
                + " request_preview = COALESCE(?, request_preview),"
                + " response_preview = COALESCE(?, response_preview),"
                + " trace_name = COALESCE(?, trace_name)");
    List<Object> args = new ArrayList<>();
    args.addAll(
        java.util.Arrays.asList(
            Long.parseLong(t.experimentId()),
            t.timestampMs(),
            t.executionTimeMs(),
            t.state(),
            t.clientRequestId(),
            t.requestPreview(),
            t.responsePreview(),
            t.tags().get(TRACE_NAME)));
    for (Map.Entry<String, Object> e : p.columns().entrySet()) {
      set.append(", ").append(e.getKey()).append(" = ?");
      args.add(e.getValue());
    }
    args.add(t.traceId());
    update(c, set + " WHERE request_id = ?", args.toArray());
  }

  void upsertTag(Connection c, String traceId, String key, String value) throws SQLException {
    if (key.equals(TRACE_NAME)) {
      update(c, "UPDATE trace_info SET trace_name = ? WHERE request_id = ?", value, traceId);
      return;
    }
    update(
        c,
        "INSERT INTO trace_tags (key, value, request_id) VALUES (?, ?, ?)"
            + dialect.upsert("key, request_id", "value"),
        key,
        value,
        traceId);
  }

  void upsertMetadata(Connection c, String traceId, String key, String value) throws SQLException {
    update(
        c,
        "INSERT INTO trace_request_metadata (key, value, request_id) VALUES (?, ?, ?)"
            + dialect.upsert("key, request_id", "value"),
        key,
        value,
        traceId);
  }

  /** The promoted metadata of a trace as column values. */
  record Promoted(Map<String, Object> columns) {
    static Promoted of(Map<String, String> metadata) {
      Map<String, Object> columns = new LinkedHashMap<>();
      if (metadata.containsKey(SESSION)) {
        columns.put("session_id", metadata.get(SESSION));
      }
      numbers(metadata.get(TOKEN_USAGE), TOKEN_COLUMNS.keySet(), true, columns);
      numbers(metadata.get(COST), COST_COLUMNS.keySet(), false, columns);
      return new Promoted(columns);
    }

    private static void numbers(
        String json, Iterable<String> keys, boolean integral, Map<String, Object> into) {
      if (json == null) {
        return;
      }
      com.fasterxml.jackson.databind.JsonNode node;
      try {
        node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return;
      }
      for (String k : keys) {
        com.fasterxml.jackson.databind.JsonNode v = node.get(k);
        if (v != null && v.isNumber()) {
          into.put(k, integral ? (Object) v.longValue() : (Object) v.doubleValue());
        }
      }
    }

    /** The insert's arguments: the leading ones, the session, then every token and cost column. */
    Object[] args(Object... leading) {
      List<Object> out = new ArrayList<>(java.util.Arrays.asList(leading));
      out.add(columns.get("session_id"));
      for (String c : TOKEN_COLUMNS.keySet()) {
        out.add(columns.get(c));
      }
      for (String c : COST_COLUMNS.keySet()) {
        out.add(columns.get(c));
      }
      return out.toArray();
    }
  }
}
