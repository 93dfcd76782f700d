package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.core.gc.GcStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The {@link GcStore} on MLflow's SQL schema. Children are deleted explicitly, table by table: the
 * foreign keys that would cascade on PostgreSQL and MySQL are not enforced by SQLite, and MLflow's
 * ORM deletes these rows itself.
 */
public final class SqlGcStore implements GcStore {
  private static final String RUN =
      "SELECT run_uuid, lifecycle_stage, deleted_time, artifact_uri FROM runs";
  private static final String EXPERIMENT =
      "SELECT experiment_id, lifecycle_stage, last_update_time, artifact_location FROM experiments";
  private static final String MODEL =
      "SELECT model_id, lifecycle_stage, last_updated_timestamp_ms, artifact_location"
          + " FROM logged_models";

  /** What hangs from a run, deleted before it; {@code ?} is the run id. */
  private static final List<String> RUN_CHILDREN =
      List.of(
          "DELETE FROM metrics WHERE run_uuid = ?",
          "DELETE FROM latest_metrics WHERE run_uuid = ?",
          "DELETE FROM params WHERE run_uuid = ?",
          "DELETE FROM tags WHERE run_uuid = ?",
          "DELETE FROM logged_model_metrics WHERE run_id = ?",
          // Dataset and model inputs of the run (MLflow leaves these behind).
          "DELETE FROM input_tags WHERE input_uuid IN"
              + " (SELECT input_uuid FROM inputs WHERE destination_id = ? AND destination_type = 'RUN')",
          "DELETE FROM inputs WHERE destination_id = ? AND destination_type = 'RUN'",
          "DELETE FROM inputs WHERE source_id = ? AND source_type = 'RUN_INPUT'");

  private static final List<String> MODEL_CHILDREN =
      List.of(
          "DELETE FROM logged_model_metrics WHERE model_id = ?",
          "DELETE FROM logged_model_params WHERE model_id = ?",
          "DELETE FROM logged_model_tags WHERE model_id = ?");

  private static final String TRACES = "SELECT request_id FROM trace_info WHERE experiment_id = ?";

  /** What hangs from an experiment once its runs and models are gone; {@code ?} is its id. */
  private static final List<String> EXPERIMENT_CHILDREN =
      List.of(
          "DELETE FROM experiment_tags WHERE experiment_id = ?",
          "DELETE FROM input_tags WHERE input_uuid IN (SELECT input_uuid FROM inputs WHERE"
              + " source_type = 'DATASET' AND source_id IN"
              + " (SELECT dataset_uuid FROM datasets WHERE experiment_id = ?))",
          "DELETE FROM inputs WHERE source_type = 'DATASET' AND source_id IN"
              + " (SELECT dataset_uuid FROM datasets WHERE experiment_id = ?)",
          "DELETE FROM datasets WHERE experiment_id = ?",
          "DELETE FROM trace_tags WHERE request_id IN (" + TRACES + ")",
          "DELETE FROM trace_request_metadata WHERE request_id IN (" + TRACES + ")",
          "DELETE FROM trace_metrics WHERE request_id IN (" + TRACES + ")",
          "DELETE FROM assessments WHERE trace_id IN (" + TRACES + ")",
          "DELETE FROM span_metrics WHERE trace_id IN (" + TRACES + ")",
          "DELETE FROM spans WHERE experiment_id = ?",
          "DELETE FROM trace_info WHERE experiment_id = ?",
          "DELETE FROM online_scoring_configs WHERE experiment_id = ?",
          "DELETE FROM scorer_versions WHERE scorer_id IN"
              + " (SELECT scorer_id FROM scorers WHERE experiment_id = ?)",
          "DELETE FROM scorers WHERE experiment_id = ?",
          "DELETE FROM sql_trace_rollup_rebuild_queue WHERE experiment_id = ?",
          "DELETE FROM sql_trace_metric_daily_rollups WHERE experiment_id = ?",
          "DELETE FROM sql_span_cost_daily_rollups WHERE experiment_id = ?",
          "DELETE FROM sql_assessment_daily_rollups WHERE experiment_id = ?");

  private final Database db;

  /** Uses {@code db} without owning it. */
  public SqlGcStore(Database db) {
    this.db = db;
  }

  private static Item item(ResultSet rs) throws SQLException {
    return new Item(
        rs.getString(1), "deleted".equals(rs.getString(2)), nullableLong(rs, 3), rs.getString(4));
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  @Override
  public List<Item> deletedRuns() {
    return db.read(c -> query(c, RUN + " WHERE lifecycle_stage = 'deleted'", SqlGcStore::item));
  }

  @Override
  public Item run(String runId) {
    return db.read(c -> queryOne(c, RUN + " WHERE run_uuid = ?", SqlGcStore::item, runId));
  }

  @Override
  public List<Item> deletedExperiments() {
    return db.read(
        c -> query(c, EXPERIMENT + " WHERE lifecycle_stage = 'deleted'", SqlGcStore::item));
  }

  @Override
  public Item experiment(String experimentId) {
    Long id = experimentId(experimentId);
    return id == null
        ? null
        : db.read(c -> queryOne(c, EXPERIMENT + " WHERE experiment_id = ?", SqlGcStore::item, id));
  }

  @Override
  public List<Item> runsOf(String experimentId) {
    return db.read(
        c ->
            query(
                c, RUN + " WHERE experiment_id = ?", SqlGcStore::item, experimentId(experimentId)));
  }

  @Override
  public List<Item> tracesOf(String experimentId) {
    return db.read(
        c ->
            query(
                c,
                "SELECT t.request_id, g.value FROM trace_info t LEFT JOIN trace_tags g"
                    + " ON g.request_id = t.request_id AND g.key = 'mlflow.artifactLocation'"
                    + " WHERE t.experiment_id = ?",
                rs -> new Item(rs.getString(1), true, null, rs.getString(2)),
                experimentId(experimentId)));
  }

  @Override
  public List<Item> deletedLoggedModels() {
    return db.read(c -> query(c, MODEL + " WHERE lifecycle_stage = 'deleted'", SqlGcStore::item));
  }

  @Override
  public Item loggedModel(String modelId) {
    return db.read(c -> queryOne(c, MODEL + " WHERE model_id = ?", SqlGcStore::item, modelId));
  }

  @Override
  public List<Item> loggedModelsOf(String experimentId) {
    return db.read(
        c ->
            query(
                c,
                MODEL + " WHERE experiment_id = ?",
                SqlGcStore::item,
                experimentId(experimentId)));
  }

  @Override
  public void hardDeleteRun(String runId) {
    db.write(
        c -> {
          for (String sql : RUN_CHILDREN) {
            update(c, sql, runId);
          }
          update(c, "DELETE FROM runs WHERE run_uuid = ?", runId);
          return null;
        });
  }

  @Override
  public void hardDeleteLoggedModel(String modelId) {
    db.write(
        c -> {
          for (String sql : MODEL_CHILDREN) {
            update(c, sql, modelId);
          }
          update(c, "DELETE FROM logged_models WHERE model_id = ?", modelId);
          return null;
        });
  }

  @Override
  public void hardDeleteExperiment(String experimentId) {
    long id = experimentId(experimentId);
    db.write(
        c -> {
          for (String sql : EXPERIMENT_CHILDREN) {
            update(c, sql, id);
          }
          update(c, "DELETE FROM experiments WHERE experiment_id = ?", id);
          return null;
        });
  }

  /** Experiment ids are integers in MLflow's schema; anything else names no experiment. */
  private static Long experimentId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
