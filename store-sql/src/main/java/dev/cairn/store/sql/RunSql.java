package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.Uris;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.TrackingService;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** SQL of the runs table and of reading whole runs. */
final class RunSql {
  static final String INFO_COLUMNS =
      "runs.run_uuid, runs.name, runs.experiment_id, runs.user_id, runs.status, runs.start_time,"
          + " runs.end_time, runs.artifact_uri, runs.lifecycle_stage";

  private final ExperimentSql experiments;
  private final RunDataSql data;
  private final RunLoader loader;

  RunSql(ExperimentSql experiments, RunDataSql data, RunLoader loader) {
    this.loader = loader;
    this.experiments = experiments;
    this.data = data;
  }

  Run create(Connection c, NewRun run) throws SQLException {
    String stage = experiments.stage(c, run.experimentId());
    if (!"active".equals(stage)) {
      throw CairnException.invalid(
          "The experiment %s must be in the 'active' state. Current state is %s.",
          run.experimentId(), stage);
    }
    String location =
        queryOne(
            c,
            "SELECT artifact_location FROM experiments WHERE experiment_id = ?",
            rs -> rs.getString(1),
            Long.parseLong(run.experimentId()));
    String artifactUri = Uris.append(location == null ? "" : location, run.runId(), "artifacts");
    update(
        c,
        "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id,"
            + " status, start_time, end_time, source_version, lifecycle_stage, artifact_uri,"
            + " experiment_id, deleted_time) VALUES (?, ?, 'UNKNOWN', '', '', ?, 'RUNNING', ?, NULL,"
            + " '', 'active', ?, ?, NULL)",
        run.runId(),
        run.name(),
        run.userId(),
        run.startTime(),
        artifactUri,
        Long.parseLong(run.experimentId()));
    data.upsertTags(c, run.runId(), run.tags());
    return get(c, run.runId());
  }

  Run get(Connection c, String runId) throws SQLException {
    RunInfo info =
        queryOne(
            c, "SELECT " + INFO_COLUMNS + " FROM runs WHERE run_uuid = ?", RunSql::info, runId);
    if (info == null) {
      throw notFound(runId);
    }
    return loader.complete(c, List.of(info)).get(0);
  }

  static CairnException notFound(String runId) {
    return CairnException.notFound("Run with id=%s not found", runId);
  }

  /** The run's experiment id, after checking that the run exists and is active. */
  static long requireActive(Connection c, String runId) throws SQLException {
    Object[] row =
        queryOne(
            c,
            "SELECT lifecycle_stage, experiment_id FROM runs WHERE run_uuid = ?",
            rs -> new Object[] {rs.getString(1), rs.getLong(2)},
            runId);
    if (row == null) {
      throw notFound(runId);
    }
    if (!"active".equals(row[0])) {
      throw CairnException.invalid(
          "The run %s must be in the 'active' state. Current state is %s.", runId, row[0]);
    }
    return (Long) row[1];
  }

  RunInfo updateInfo(Connection c, String runId, RunStatus status, Long endTime, String name)
      throws SQLException {
    requireActive(c, runId);
    if (status != null) {
      Jdbc.update(c, "UPDATE runs SET status = ? WHERE run_uuid = ?", status.name(), runId);
    }
    if (endTime != null) {
      Jdbc.update(c, "UPDATE runs SET end_time = ? WHERE run_uuid = ?", endTime, runId);
    }
    if (name != null) {
      data.upsertTags(c, runId, List.of(new Tag(TrackingService.RUN_NAME_TAG, name)));
    }
    return queryOne(
        c, "SELECT " + INFO_COLUMNS + " FROM runs WHERE run_uuid = ?", RunSql::info, runId);
  }

  void setLifecycle(Connection c, String runId, String stage, Long deletedTime)
      throws SQLException {
    int n =
        update(
            c,
            "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?",
            stage,
            deletedTime,
            runId);
    if (n == 0) {
      throw notFound(runId);
    }
  }

  static RunInfo info(ResultSet rs) throws SQLException {
    String id = rs.getString("run_uuid");
    String status = rs.getString("status");
    return new RunInfo(
        id,
        id,
        rs.getString("name"),
        Long.toString(rs.getLong("experiment_id")),
        rs.getString("user_id"),
        status == null ? null : RunStatus.valueOf(status),
        Jdbc.nullableLong(rs, "start_time"),
        Jdbc.nullableLong(rs, "end_time"),
        rs.getString("artifact_uri"),
        rs.getString("lifecycle_stage"));
  }
}
