package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;

import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import dev.cairn.core.CairnException;
import dev.cairn.core.tracking.TrackingService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes of params, metrics (with latest_metrics) and tags of a run. */
final class RunDataSql {
  private static final int ROWS_PER_INSERT = 100;

  private final Dialect dialect;

  RunDataSql(Dialect dialect) {
    this.dialect = dialect;
  }

  void insertParams(Connection c, String runId, List<Param> params) throws SQLException {
    if (params.isEmpty()) {
      return;
    }
    Map<String, String> existing = existingParams(c, runId, params);
    List<Param> fresh = new ArrayList<>();
    for (Param p : params) {
      String old = existing.get(p.key());
      if (old == null) {
        fresh.add(p);
      } else if (!old.equals(p.value())) {
        throw CairnException.invalid(
            "Changing param values is not allowed. Param with key='%s' was already logged with"
                + " value='%s' for run ID='%s'. Attempted logging new value '%s'.",
            p.key(), old, runId, p.value());
      }
    }
    // A plain INSERT, not insert-or-ignore: when another server commits the same key first, the
    // unique violation makes the database layer re-run this work, which then finds that value and
    // answers as MLflow does (equal: nothing to do; different: the error above).
    Map<String, Param> once = new TreeMap<>();
    fresh.forEach(p -> once.putIfAbsent(p.key(), p));
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)")) {
      for (Param p : once.values()) {
        Jdbc.bind(ps, p.key(), p.value(), runId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private Map<String, String> existingParams(Connection c, String runId, List<Param> params)
      throws SQLException {
    Object[] args = new Object[params.size() + 1];
    args[0] = runId;
    for (int i = 0; i < params.size(); i++) {
      args[i + 1] = params.get(i).key();
    }
    Map<String, String> out = new HashMap<>();
    for (Param p :
        query(
            c,
            "SELECT key, value FROM params WHERE run_uuid = ? AND key IN ("
                + Jdbc.placeholders(params.size())
                + ")",
            rs -> new Param(rs.getString(1), rs.getString(2)),
            args)) {
      out.put(p.key(), p.value());
    }
    return out;
  }

  /**
   * Inserts the points (identical points are ignored by the primary key) and moves each key's
   * latest_metrics row to the batch's newest point when it is newer by (step, timestamp, value), as
   * MLflow orders them.
   */
  void insertMetrics(Connection c, String runId, List<Metric> metrics) throws SQLException {
    if (metrics.isEmpty()) {
      return;
    }
    // Sorted by key: concurrent batches on one run (from any server) lock latest_metrics rows in
    // the same order, so they queue instead of deadlocking as MLflow's do on MySQL.
    Map<String, Metric> newest = new TreeMap<>();
    for (Metric m : metrics) {
      newest.merge(m.key(), m, (a, b) -> isNewer(b, a) ? b : a);
    }
    int full = metrics.size() / ROWS_PER_INSERT;
    if (full > 0) {
      try (PreparedStatement ps = c.prepareStatement(metricInsert(ROWS_PER_INSERT))) {
        for (int chunk = 0; chunk < full; chunk++) {
          bindMetrics(
              ps, runId, metrics.subList(chunk * ROWS_PER_INSERT, (chunk + 1) * ROWS_PER_INSERT));
          ps.executeUpdate();
        }
      }
    }
    List<Metric> rest = metrics.subList(full * ROWS_PER_INSERT, metrics.size());
    if (!rest.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(metricInsert(rest.size()))) {
        bindMetrics(ps, runId, rest);
        ps.executeUpdate();
      }
    }
    upsertLatest(c, runId, newest.values());
  }

  /**
   * Points that name a logged model are also that model's metrics (MLflow 3); identical points are
   * kept once.
   */
  void insertModelMetrics(Connection c, String runId, long experimentId, List<Metric> metrics)
      throws SQLException {
    List<Metric> forModels =
        metrics.stream().filter(m -> m.modelId() != null && !m.modelId().isEmpty()).toList();
    if (forModels.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            dialect.insertIgnorePrefix()
                + "logged_model_metrics (model_id, metric_name, metric_timestamp_ms, metric_step,"
                + " metric_value, experiment_id, run_id, dataset_uuid, dataset_name,"
                + " dataset_digest) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)"
                + dialect.insertIgnoreSuffix())) {
      for (Metric m : forModels) {
        Jdbc.bind(
            ps,
            m.modelId(),
            m.key(),
            m.timestamp(),
            m.step(),
            MetricValues.stored(m.value()),
            experimentId,
            runId,
            m.datasetName(),
            m.datasetDigest());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * One INSERT of many rows: a quarter cheaper on SQLite than a JDBC batch of single-row inserts
   * (fewer statement steps and resets), and inserting metrics is most of what log-batch costs.
   */
  private String metricInsert(int rows) {
    return dialect.insertIgnorePrefix()
        + "metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES "
        + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?)"))
        + dialect.insertIgnoreSuffix();
  }

  private static void bindMetrics(PreparedStatement ps, String runId, List<Metric> metrics)
      throws SQLException {
    int i = 0;
    for (Metric m : metrics) {
      ps.setString(++i, m.key());
      ps.setDouble(++i, MetricValues.stored(m.value()));
      ps.setLong(++i, m.timestamp());
      ps.setString(++i, runId);
      ps.setLong(++i, m.step());
      ps.setBoolean(++i, m.value().isNaN());
    }
  }

  private static boolean isNewer(Metric a, Metric b) {
    if (!a.step().equals(b.step())) {
      return a.step() > b.step();
    }
    if (!a.timestamp().equals(b.timestamp())) {
      return a.timestamp() > b.timestamp();
    }
    return MetricValues.stored(a.value()) > MetricValues.stored(b.value());
  }

  private void upsertLatest(Connection c, String runId, Iterable<Metric> newest)
      throws SQLException {
    String insert =
        "INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid)"
            + " VALUES (?, ?, ?, ?, ?, ?)";
    String sql =
        dialect == Dialect.MYSQL
            // MySQL applies the assignments in order, each seeing the ones before: the comparison
            // is made once, on the old row, into a session variable that the others then read.
            ? insert
                + " ON DUPLICATE KEY UPDATE is_nan = IF(@cairn_newer :="
                + " ((VALUES(step), VALUES(timestamp), VALUES(value)) > (step, timestamp, value)),"
                + " VALUES(is_nan), is_nan), value = IF(@cairn_newer, VALUES(value), value),"
                + " timestamp = IF(@cairn_newer, VALUES(timestamp), timestamp),"
                + " step = IF(@cairn_newer, VALUES(step), step)"
            : insert
                + " ON CONFLICT (key, run_uuid) DO UPDATE SET"
                + " value = excluded.value, timestamp = excluded.timestamp, step = excluded.step,"
                + " is_nan = excluded.is_nan"
                + " WHERE (excluded.step, excluded.timestamp, excluded.value)"
                + " > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Metric m : newest) {
        Jdbc.bind(
            ps,
            m.key(),
            MetricValues.stored(m.value()),
            m.timestamp(),
            m.step(),
            m.value().isNaN(),
            runId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Sets tags (last write wins); {@code mlflow.runName} also renames the run. */
  void upsertTags(Connection c, String runId, List<Tag> tags) throws SQLException {
    if (tags.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)"
                + dialect.upsert("key, run_uuid", "value"))) {
      // Key order, for the same reason as latest_metrics.
      for (Tag t : tags.stream().sorted(Comparator.comparing(Tag::key)).toList()) {
        Jdbc.bind(ps, t.key(), t.value(), runId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    for (Tag t : tags) {
      if (t.key().equals(TrackingService.RUN_NAME_TAG)) {
        Jdbc.update(c, "UPDATE runs SET name = ? WHERE run_uuid = ?", t.value(), runId);
      }
    }
  }

  void deleteTag(Connection c, String runId, String key) throws SQLException {
    int n = Jdbc.update(c, "DELETE FROM tags WHERE run_uuid = ? AND key = ?", runId, key);
    if (n == 0) {
      throw CairnException.notFound("No tag with name: %s in run with id %s", key, runId);
    }
  }
}
