package dev.cairn.store.sql.transfer;

import static dev.cairn.store.file.FileTree.keyFiles;
import static dev.cairn.store.file.FileTree.lineFiles;
import static dev.cairn.store.file.FileTree.subdirs;
import static dev.cairn.store.sql.transfer.MlrunsFiles.derivedId;
import static dev.cairn.store.sql.transfer.MlrunsFiles.number;
import static dev.cairn.store.sql.transfer.MlrunsFiles.text;
import static dev.cairn.store.sql.transfer.MlrunsFiles.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.api.model.Metric;
import dev.cairn.core.CairnException;
import dev.cairn.store.file.MetricFiles;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.MetricValues;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One run of a file store ({@code mlruns/<experiment>/<run>/}) into a database: the run, its
 * params, tags, metric history with latest values, dataset inputs and model outputs, in one
 * transaction.
 */
final class FileStoreRunImport {
  private static final String[] STATUSES = {
    "", "RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"
  };

  private final Database target;
  private final FileStoreImport.Stats stats;

  FileStoreRunImport(Database target, FileStoreImport.Stats stats) {
    this.target = target;
    this.stats = stats;
  }

  void importRun(Path dir, long experimentId, Map<String, String> datasets) {
    JsonNode meta = yaml(dir.resolve("meta.yaml"));
    String runId = text(meta, "run_uuid", text(meta, "run_id", dir.getFileName().toString()));
    JsonNode status = meta.get("status");
    String statusName =
        status == null || status.isNull()
            ? "RUNNING"
            : status.isInt() && status.asInt() > 0 && status.asInt() < STATUSES.length
                ? STATUSES[status.asInt()]
                : status.asText();
    // The file store keeps the proto's source type numbers; MLflow's own migration stores LOCAL.
    JsonNode sourceType = meta.get("source_type");
    String source = sourceType != null && sourceType.isTextual() ? sourceType.asText() : "LOCAL";
    Map<String, String> params = keyFiles(dir.resolve("params"));
    Map<String, String> tags = keyFiles(dir.resolve("tags"));
    Map<String, List<String>> metrics = lineFiles(dir.resolve("metrics"));
    target.write(
        c -> {
          ImportTarget.insertIgnore(
              c,
              target.dialect(),
              "runs",
              "run_uuid, name, source_type, source_name, entry_point_name, user_id, status,"
                  + " start_time, end_time, deleted_time, source_version, lifecycle_stage,"
                  + " artifact_uri, experiment_id",
              runId,
              text(meta, "run_name", text(meta, "name", null)),
              source,
              text(meta, "source_name", ""),
              text(meta, "entry_point_name", ""),
              text(meta, "user_id", null),
              statusName,
              number(meta, "start_time"),
              number(meta, "end_time"),
              number(meta, "deleted_time"),
              text(meta, "source_version", ""),
              text(meta, "lifecycle_stage", "active"),
              text(meta, "artifact_uri", null),
              experimentId);
          for (Map.Entry<String, String> p : params.entrySet()) {
            ImportTarget.insertIgnore(
                c,
                target.dialect(),
                "params",
                "key, value, run_uuid",
                p.getKey(),
                p.getValue(),
                runId);
          }
          for (Map.Entry<String, String> t : tags.entrySet()) {
            ImportTarget.insertIgnore(
                c,
                target.dialect(),
                "tags",
                "key, value, run_uuid",
                t.getKey(),
                t.getValue(),
                runId);
          }
          for (Map.Entry<String, List<String>> m : metrics.entrySet()) {
            importMetric(c, runId, m.getKey(), m.getValue());
          }
          importInputs(c, dir, runId, datasets);
          importOutputs(c, dir, runId);
          return null;
        });
    stats.add("runs", 1);
    stats.add("params", params.size());
    stats.add("tags", tags.size());
  }

  /**
   * A point of a run's metric file (MLflow's `nan` and `inf` included), or null for a line that is
   * not one: the import skips such lines rather than stopping.
   */
  static Metric point(String key, String line) {
    try {
      return MetricFiles.parseRunLine(key, line);
    } catch (CairnException e) {
      return null;
    }
  }

  private void importMetric(Connection c, String runId, String key, List<String> lines)
      throws SQLException {
    long[] latest = null; // step, timestamp
    double latestValue = 0;
    boolean latestNan = false;
    String sql =
        target.dialect().insertIgnorePrefix()
            + "metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)"
            + target.dialect().insertIgnoreSuffix();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (String line : lines) {
        Metric point = point(key, line);
        if (point == null) {
          continue;
        }
        long ts = point.timestamp();
        double raw = point.value();
        long step = point.step();
        boolean nan = Double.isNaN(raw);
        double value = MetricValues.stored(raw);
        p.setString(1, key);
        p.setDouble(2, value);
        p.setLong(3, ts);
        p.setLong(4, step);
        p.setBoolean(5, nan);
        p.setString(6, runId);
        p.addBatch();
        if (latest == null
            || step > latest[0]
            || (step == latest[0] && ts > latest[1])
            || (step == latest[0] && ts == latest[1] && value > latestValue)) {
          latest = new long[] {step, ts};
          latestValue = value;
          latestNan = nan;
        }
        stats.add("metrics", 1);
      }
      p.executeBatch();
    }
    if (latest != null) {
      ImportTarget.insertIgnore(
          c,
          target.dialect(),
          "latest_metrics",
          "key, value, timestamp, step, is_nan, run_uuid",
          key,
          latestValue,
          latest[1],
          latest[0],
          latestNan,
          runId);
      stats.add("latest_metrics", 1);
    }
  }

  private void importInputs(Connection c, Path runDir, String runId, Map<String, String> datasets)
      throws SQLException {
    for (Path in : subdirs(runDir.resolve("inputs"))) {
      JsonNode meta = yaml(in.resolve("meta.yaml"));
      if (meta == null) {
        continue;
      }
      String type = text(meta, "source_type", "DATASET");
      String sourceId = text(meta, "source_id", "");
      // The file store keeps no input ids: one derived from the run and the folder, so that a
      // resumed import finds the same row.
      String inputId = derivedId(runId + "/inputs/" + in.getFileName());
      if (type.equals("DATASET")) {
        String dataset = datasets.get(sourceId);
        if (dataset == null) {
          continue;
        }
        input(c, inputId, "DATASET", dataset, "RUN", runId, 0);
      } else if (type.equals("MODEL")) {
        input(c, inputId, "RUN_INPUT", runId, "MODEL_INPUT", sourceId, 0);
      } else {
        continue;
      }
      stats.add("inputs", 1);
      JsonNode tags = meta.get("tags");
      if (tags != null && tags.isObject()) {
        for (var it = tags.fields(); it.hasNext(); ) {
          var t = it.next();
          ImportTarget.insertIgnore(
              c,
              target.dialect(),
              "input_tags",
              "input_uuid, name, value",
              inputId,
              t.getKey(),
              t.getValue().asText());
          stats.add("input_tags", 1);
        }
      }
    }
  }

  /** One row of {@code inputs}: what flows from source to destination (datasets, models). */
  private void input(
      Connection c,
      String id,
      String sourceType,
      String sourceId,
      String destinationType,
      String destinationId,
      long step)
      throws SQLException {
    ImportTarget.insertIgnore(
        c,
        target.dialect(),
        "inputs",
        "input_uuid, source_type, source_id, destination_type, destination_id, step",
        id,
        sourceType,
        sourceId,
        destinationType,
        destinationId,
        step);
  }

  private void importOutputs(Connection c, Path runDir, String runId) throws SQLException {
    for (Path out : subdirs(runDir.resolve("outputs"))) {
      JsonNode meta = yaml(out.resolve("meta.yaml"));
      if (meta == null) {
        continue;
      }
      Long step = number(meta, "step");
      input(
          c,
          derivedId(runId + "/outputs/" + out.getFileName()),
          "RUN_OUTPUT",
          runId,
          "MODEL_OUTPUT",
          out.getFileName().toString(),
          step == null ? 0 : step);
      stats.add("inputs", 1);
    }
  }
}
