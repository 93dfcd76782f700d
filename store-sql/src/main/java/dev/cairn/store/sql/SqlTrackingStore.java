package dev.cairn.store.sql;

import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.ModelInput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.tracking.ExperimentMessages.ExperimentRunCount;
import dev.cairn.api.tracking.MetricMessages.MetricBucket;
import dev.cairn.core.tracking.HistoryCursor;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.SearchQuery;
import dev.cairn.core.tracking.TrackingStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link TrackingStore} on MLflow's SQL schema; the SQL itself lives in one class per
 * aggregate.
 */
public final class SqlTrackingStore implements TrackingStore {
  private final Database db;
  private final ExperimentSql experiments;
  private final RunDataSql runData;
  private final RunLoader loader;
  private final RunSql runs;
  private final InputsSql inputs;
  private final MetricHistorySql history;
  private final RunSearchSql runSearch;
  private final ExperimentSearchSql experimentSearch;

  /**
   * Uses (and closes) {@code db}, whose schema must already be initialised (see {@link Schema}).
   */
  public SqlTrackingStore(Database db, String defaultArtifactRoot) {
    this.db = db;
    this.experiments = new ExperimentSql(defaultArtifactRoot, db.dialect());
    this.inputs = new InputsSql(db.dialect());
    this.history = new MetricHistorySql(db.dialect());
    this.loader = new RunLoader(db.dialect());
    this.runData = new RunDataSql(db.dialect());
    this.runs = new RunSql(experiments, runData, loader);
    this.runSearch = new RunSearchSql(db.dialect());
    this.experimentSearch = new ExperimentSearchSql(db.dialect());
  }

  @Override
  public String createExperiment(String name, String artifactLocation, List<Tag> tags, long now) {
    return db.write(c -> experiments.create(c, name, artifactLocation, tags, now));
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    return db.read(c -> experiments.get(c, experimentId));
  }

  @Override
  public Experiment getExperimentByName(String name) {
    return db.read(c -> experiments.getByName(c, name));
  }

  @Override
  public Page<Experiment> searchExperiments(SearchQuery query) {
    SqlFragment sql = experimentSearch.compile(query);
    return db.read(
        c -> {
          List<Experiment> rows =
              Jdbc.query(c, sql.sql.toString(), ExperimentSql::row, sql.argArray());
          boolean more = rows.size() > query.maxResults();
          return new Page<>(
              experiments.withTags(c, more ? rows.subList(0, query.maxResults()) : rows), more);
        });
  }

  @Override
  public void renameExperiment(String experimentId, String newName, long now) {
    db.write(
        c -> {
          experiments.rename(c, experimentId, newName, now);
          return null;
        });
  }

  @Override
  public void deleteExperiment(String experimentId, long now) {
    db.write(
        c -> {
          experiments.setLifecycle(c, experimentId, "active", "deleted", now);
          return null;
        });
  }

  @Override
  public void restoreExperiment(String experimentId, long now) {
    db.write(
        c -> {
          experiments.setLifecycle(c, experimentId, "deleted", "active", now);
          return null;
        });
  }

  @Override
  public void setExperimentTag(String experimentId, Tag tag) {
    db.write(
        c -> {
          experiments.requireActive(c, experimentId);
          experiments.setTag(c, Long.parseLong(experimentId), tag);
          return null;
        });
  }

  @Override
  public void deleteExperimentTag(String experimentId, String key) {
    db.write(
        c -> {
          experiments.requireActive(c, experimentId);
          experiments.deleteTag(c, experimentId, key);
          return null;
        });
  }

  @Override
  public Run createRun(NewRun run) {
    return db.write(c -> runs.create(c, run));
  }

  @Override
  public Run getRun(String runId) {
    return db.read(c -> runs.get(c, runId));
  }

  @Override
  public String experimentIdOfRun(String runId) {
    Long id =
        db.read(
            c ->
                Jdbc.queryOne(
                    c,
                    "SELECT experiment_id FROM runs WHERE run_uuid = ?",
                    rs -> rs.getLong(1),
                    runId));
    if (id == null) {
      throw RunSql.notFound(runId);
    }
    return Long.toString(id);
  }

  @Override
  public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
    return db.write(c -> runs.updateInfo(c, runId, status, endTime, runName));
  }

  @Override
  public void deleteRun(String runId, long now) {
    db.write(
        c -> {
          runs.setLifecycle(c, runId, "deleted", now);
          return null;
        });
  }

  @Override
  public void restoreRun(String runId) {
    db.write(
        c -> {
          runs.setLifecycle(c, runId, "active", null);
          return null;
        });
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    db.write(
        c -> {
          long experimentId = RunSql.requireActive(c, runId);
          runData.insertParams(c, runId, params);
          runData.insertMetrics(c, runId, metrics);
          runData.insertModelMetrics(c, runId, experimentId, metrics);
          runData.upsertTags(c, runId, tags);
          return null;
        });
  }

  @Override
  public void deleteTag(String runId, String key) {
    db.write(
        c -> {
          runs.requireActive(c, runId);
          runData.deleteTag(c, runId, key);
          return null;
        });
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> datasets, List<ModelInput> models) {
    db.write(
        c -> {
          long experimentId = runs.requireActive(c, runId);
          inputs.log(c, runId, experimentId, datasets, models);
          return null;
        });
  }

  @Override
  public Page<Metric> getMetricHistory(String runId, String key, Integer limit, int offset) {
    return db.read(c -> history.history(c, runId, key, limit, offset));
  }

  @Override
  public HistoryCursor.Page getMetricHistoryAfter(
      String runId, String key, int limit, HistoryCursor after) {
    return db.read(c -> history.after(c, runId, key, limit, after));
  }

  @Override
  public List<Metric> getMetricHistoryBulkInterval(
      List<String> runIds, String key, Long startStep, Long endStep, int maxResults) {
    return db.read(c -> history.bulkInterval(c, runIds, key, startStep, endStep, maxResults));
  }

  @Override
  public List<MetricBucket> getMetricBuckets(
      String runId, String key, Long startStep, Long endStep, int maxBuckets) {
    return db.read(c -> history.buckets(c, runId, key, startStep, endStep, maxBuckets));
  }

  @Override
  public List<ExperimentRunCount> countRuns(List<String> experimentIds) {
    List<Object> ids = experimentIds.stream().<Object>map(Long::valueOf).toList();
    Map<String, long[]> counts = new LinkedHashMap<>();
    experimentIds.forEach(id -> counts.put(String.valueOf(Long.parseLong(id)), new long[2]));
    db.read(
        c ->
            Jdbc.query(
                c,
                "SELECT experiment_id, lifecycle_stage, COUNT(*) FROM runs WHERE experiment_id IN ("
                    + Jdbc.placeholders(ids.size())
                    + ") GROUP BY experiment_id, lifecycle_stage",
                rs -> {
                  long[] n = counts.get(String.valueOf(rs.getLong(1)));
                  n["deleted".equals(rs.getString(2)) ? 1 : 0] += rs.getLong(3);
                  return null;
                },
                ids.toArray()));
    return experimentIds.stream()
        .map(
            id -> {
              long[] n = counts.get(String.valueOf(Long.parseLong(id)));
              return new ExperimentRunCount(id, n[0], n[1]);
            })
        .toList();
  }

  @Override
  public Page<Run> searchRuns(SearchQuery query) {
    SqlFragment sql = runSearch.compile(query);
    return db.read(
        c -> {
          List<RunInfo> rows = Jdbc.query(c, sql.sql.toString(), RunSql::info, sql.argArray());
          boolean more = rows.size() > query.maxResults();
          return new Page<>(
              loader.complete(c, more ? rows.subList(0, query.maxResults()) : rows), more);
        });
  }

  @Override
  public void close() {
    db.close();
  }
}
