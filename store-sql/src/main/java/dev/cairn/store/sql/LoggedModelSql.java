package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.LoggedModelStatus;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.Uris;
import dev.cairn.core.models.NewLoggedModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of {@code logged_models} and its tag, param and metric tables. */
final class LoggedModelSql {
  static final String COLUMNS =
      "m.model_id, m.experiment_id, m.name, m.artifact_location, m.creation_timestamp_ms,"
          + " m.last_updated_timestamp_ms, m.status, m.model_type, m.source_run_id,"
          + " m.status_message";

  private final Dialect dialect;

  LoggedModelSql(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Inserts a PENDING model under its experiment's artifact location. */
  void create(Connection c, NewLoggedModel m) throws SQLException {
    long experimentId = Long.parseLong(m.experimentId());
    String[] exp =
        queryOne(
            c,
            "SELECT lifecycle_stage, artifact_location FROM experiments WHERE experiment_id = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            experimentId);
    if (exp == null) {
      throw CairnException.notFound("No Experiment with id=%s exists", m.experimentId());
    }
    if (!"active".equals(exp[0])) {
      throw CairnException.invalid(
          "The experiment %s must be in the 'active' state. Current state is %s.",
          m.experimentId(), exp[0]);
    }
    String location = Uris.append(exp[1], "models", m.modelId(), "artifacts");
    update(
        c,
        "INSERT INTO logged_models (model_id, experiment_id, name, artifact_location,"
            + " creation_timestamp_ms, last_updated_timestamp_ms, status, lifecycle_stage,"
            + " model_type, source_run_id, status_message) VALUES (?, ?, ?, ?, ?, ?, ?, 'active',"
            + " ?, ?, NULL)",
        m.modelId(),
        experimentId,
        m.name(),
        location,
        m.now(),
        m.now(),
        LoggedModelStatus.LOGGED_MODEL_PENDING.number(),
        m.modelType(),
        m.sourceRunId());
    insertParams(c, m.modelId(), experimentId, m.params());
    upsertTags(c, m.modelId(), experimentId, m.tags());
  }

  /** The model's experiment id, after checking it exists (and is not deleted). */
  long require(Connection c, String modelId) throws SQLException {
    Long experimentId =
        queryOne(
            c,
            "SELECT experiment_id FROM logged_models WHERE model_id = ?"
                + " AND (lifecycle_stage IS NULL OR lifecycle_stage <> 'deleted')",
            rs -> rs.getLong(1),
            modelId);
    if (experimentId == null) {
      throw notFound(modelId);
    }
    return experimentId;
  }

  static CairnException notFound(String modelId) {
    return CairnException.notFound("Logged model with ID '%s' not found.", modelId);
  }

  LoggedModel get(Connection c, String modelId, boolean allowDeleted) throws SQLException {
    List<LoggedModel> rows =
        load(
            c,
            "SELECT "
                + COLUMNS
                + " FROM logged_models m WHERE m.model_id = ?"
                + (allowDeleted
                    ? ""
                    : " AND (m.lifecycle_stage IS NULL OR m.lifecycle_stage <> 'deleted')"),
            modelId);
    if (rows.isEmpty()) {
      throw notFound(modelId);
    }
    return rows.get(0);
  }

  void finalize(Connection c, String modelId, LoggedModelStatus status, long now)
      throws SQLException {
    require(c, modelId);
    update(
        c,
        "UPDATE logged_models SET status = ?, last_updated_timestamp_ms = ? WHERE model_id = ?",
        status.number(),
        now,
        modelId);
  }

  void delete(Connection c, String modelId, long now) throws SQLException {
    require(c, modelId);
    update(
        c,
        "UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = ?"
            + " WHERE model_id = ?",
        now,
        modelId);
  }

  void upsertTags(Connection c, String modelId, long experimentId, List<Tag> tags)
      throws SQLException {
    Map<String, String> last = new LinkedHashMap<>();
    tags.forEach(t -> last.put(t.key(), t.value()));
    if (last.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value)"
                + " VALUES (?, ?, ?, ?)"
                + dialect.upsert("model_id, tag_key", "tag_value"))) {
      for (Map.Entry<String, String> e : last.entrySet()) {
        Jdbc.bind(ps, modelId, experimentId, e.getKey(), e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  void deleteTag(Connection c, String modelId, String key) throws SQLException {
    require(c, modelId);
    int n =
        update(c, "DELETE FROM logged_model_tags WHERE model_id = ? AND tag_key = ?", modelId, key);
    if (n == 0) {
      throw CairnException.notFound(
          "No tag with key '%s' found for model with ID '%s'.", key, modelId);
    }
  }

  /** Adds params; the same value again is a no-op, another value is refused as for runs. */
  void insertParams(Connection c, String modelId, long experimentId, List<Param> params)
      throws SQLException {
    Map<String, String> fresh = new LinkedHashMap<>();
    Map<String, String> existing = new HashMap<>();
    for (Param p :
        query(
            c,
            "SELECT param_key, param_value FROM logged_model_params WHERE model_id = ?",
            rs -> new Param(rs.getString(1), rs.getString(2)),
            modelId)) {
      existing.put(p.key(), p.value());
    }
    for (Param p : params) {
      String old = existing.getOrDefault(p.key(), fresh.get(p.key()));
      if (old != null && !old.equals(p.value())) {
        throw CairnException.invalid(
            "Changing param values is not allowed. Param with key='%s' was already logged with"
                + " value='%s' for model ID='%s'. Attempted logging new value '%s'.",
            p.key(), old, modelId, p.value());
      }
      if (old == null) {
        fresh.put(p.key(), p.value());
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO logged_model_params (model_id, experiment_id, param_key, param_value)"
                + " VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<String, String> e : fresh.entrySet()) {
        Jdbc.bind(ps, modelId, experimentId, e.getKey(), e.getValue());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Models of a query (selecting {@link #COLUMNS} from {@code logged_models m}) with their data.
   */
  List<LoggedModel> load(Connection c, String sql, Object... args) throws SQLException {
    List<Object[]> rows = query(c, sql, LoggedModelSql::row, args);
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> ids = rows.stream().map(r -> (String) r[0]).toList();
    String in = " IN (" + Jdbc.placeholders(ids.size()) + ")";
    Object[] idArgs = ids.toArray();
    Map<String, List<Tag>> tags = new HashMap<>();
    for (Object[] t :
        query(
            c,
            "SELECT model_id, tag_key, tag_value FROM logged_model_tags WHERE model_id"
                + in
                + " ORDER BY tag_key",
            rs -> new Object[] {rs.getString(1), new Tag(rs.getString(2), rs.getString(3))},
            idArgs)) {
      tags.computeIfAbsent((String) t[0], k -> new ArrayList<>()).add((Tag) t[1]);
    }
    Map<String, List<Param>> params = new HashMap<>();
    for (Object[] p :
        query(
            c,
            "SELECT model_id, param_key, param_value FROM logged_model_params WHERE model_id"
                + in
                + " ORDER BY param_key",
            rs -> new Object[] {rs.getString(1), new Param(rs.getString(2), rs.getString(3))},
            idArgs)) {
      params.computeIfAbsent((String) p[0], k -> new ArrayList<>()).add((Param) p[1]);
    }
    Map<String, List<Metric>> metrics = new HashMap<>();
    for (Object[] m :
        query(
            c,
            "SELECT model_id, metric_name, metric_value, metric_timestamp_ms, metric_step,"
                + " dataset_name, dataset_digest, run_id FROM logged_model_metrics WHERE model_id"
                + in
                + " ORDER BY metric_name, metric_step, metric_timestamp_ms",
            rs ->
                new Object[] {
                  rs.getString(1),
                  new Metric(
                      rs.getString(2),
                      rs.getDouble(3),
                      rs.getLong(4),
                      rs.getLong(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(1),
                      rs.getString(8))
                },
            idArgs)) {
      metrics.computeIfAbsent((String) m[0], k -> new ArrayList<>()).add((Metric) m[1]);
    }
    List<LoggedModel> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      String id = (String) r[0];
      out.add(
          new LoggedModel(
              new LoggedModel.Info(
                  id,
                  (String) r[1],
                  (String) r[2],
                  (Long) r[4],
                  (Long) r[5],
                  (String) r[3],
                  LoggedModelStatus.fromNumber((Integer) r[6]),
                  (String) r[7],
                  (String) r[8],
                  (String) r[9],
                  tags.getOrDefault(id, List.of())),
              new LoggedModel.Data(
                  params.getOrDefault(id, List.of()), metrics.getOrDefault(id, List.of()))));
    }
    return out;
  }

  private static Object[] row(ResultSet rs) throws SQLException {
    return new Object[] {
      rs.getString(1),
      Long.toString(rs.getLong(2)),
      rs.getString(3),
      rs.getString(4),
      rs.getLong(5),
      rs.getLong(6),
      rs.getInt(7),
      rs.getString(8),
      rs.getString(9),
      rs.getString(10)
    };
  }
}
