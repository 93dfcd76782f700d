package dev.cairn.store.sql.transfer;

import static dev.cairn.store.file.FileTree.keyFiles;
import static dev.cairn.store.file.FileTree.lineFiles;
import static dev.cairn.store.file.FileTree.subdirs;
import static dev.cairn.store.sql.transfer.MlrunsFiles.number;
import static dev.cairn.store.sql.transfer.MlrunsFiles.text;
import static dev.cairn.store.sql.transfer.MlrunsFiles.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.api.model.Metric;
import dev.cairn.core.CairnException;
import dev.cairn.store.file.MetricFiles;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Dialect;
import dev.cairn.store.sql.Jdbc;
import dev.cairn.store.sql.MetricValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Imports MLflow's file store (an {@code mlruns} folder: experiments, runs with their metrics,
 * params, tags, dataset inputs and model outputs, logged models, the model registry) into a
 * database at Cairn's schema, as {@code mlflow migrate-filestore} does for SQLite. Every row is
 * inserted once (ids that the file store does not keep are derived from the folder names, not drawn
 * at random), so an interrupted import resumes by running it again.
 *
 * <p>File-store experiment ids are 64-bit; PostgreSQL's and MySQL's {@code experiment_id} columns
 * are 32-bit. On those databases an id that does not fit gets the next free one, and the experiment
 * keeps its original id in the tag {@value #SOURCE_ID_TAG} (which also lets a resumed import find
 * it again). Traces and assessments are not imported.
 */
public final class FileStoreImport {
  /** The experiment tag that records a remapped experiment's id in the file store. */
  public static final String SOURCE_ID_TAG = "cairn.import.fileStoreExperimentId";

  /** Counts of what was imported (rows read from the folder, whether new or already there). */
  public static final class Stats {
    public final Map<String, Long> rows = new TreeMap<>();

    void add(String table, long n) {
      rows.merge(table, n, Long::sum);
    }
  }

  /** Progress, experiment by experiment. */
  public interface Progress {
    void experiment(String name, int index, int total);
  }

  private final Path mlruns;
  private final Database target;
  private final Stats stats = new Stats();

  public FileStoreImport(Path mlruns, Database target) {
    this.mlruns = mlruns;
    this.target = target;
  }

  public Stats run(String targetRoot, Progress progress) {
    if (!Files.isDirectory(mlruns)) {
      throw new IllegalArgumentException("no file store at " + mlruns + " (not a directory)");
    }
    ImportTarget.prepare(target, targetRoot, false);
    List<Path> experiments = new ArrayList<>();
    experiments.addAll(experimentDirs(mlruns));
    experiments.addAll(experimentDirs(mlruns.resolve(".trash")));
    for (int i = 0; i < experiments.size(); i++) {
      Path dir = experiments.get(i);
      JsonNode meta = yaml(dir.resolve("meta.yaml"));
      progress.experiment(
          text(meta, "name", dir.getFileName().toString()), i + 1, experiments.size());
      importExperiment(dir, meta);
    }
    FileStoreRegistryImport registry = new FileStoreRegistryImport(target, stats);
    for (Path model : subdirs(mlruns.resolve("models"))) {
      registry.importModel(model);
    }
    ImportTarget.finish(target);
    return stats;
  }

  private static List<Path> experimentDirs(Path root) {
    List<Path> out = new ArrayList<>();
    for (Path dir : subdirs(root)) {
      String name = dir.getFileName().toString();
      if (name.matches("\\d+") && Files.isRegularFile(dir.resolve("meta.yaml"))) {
        out.add(dir);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- experiments and runs

  private void importExperiment(Path dir, JsonNode meta) {
    long fileId = Long.parseLong(dir.getFileName().toString());
    long id = target.write(c -> experimentId(c, fileId, meta));
    Map<String, String> tags = keyFiles(dir.resolve("tags"));
    if (id != fileId) {
      tags.put(SOURCE_ID_TAG, Long.toString(fileId));
    }
    target.write(
        c -> {
          for (Map.Entry<String, String> t : tags.entrySet()) {
            ImportTarget.insertIgnore(
                c,
                target.dialect(),
                "experiment_tags",
                "key, value, experiment_id",
                t.getKey(),
                t.getValue(),
                id);
          }
          return null;
        });
    stats.add("experiments", 1);
    stats.add("experiment_tags", tags.size());
    Map<String, String> datasets = importDatasets(dir.resolve("datasets"), id);
    FileStoreRunImport runImport = new FileStoreRunImport(target, stats);
    for (Path run : subdirs(dir)) {
      if (Files.isRegularFile(run.resolve("meta.yaml"))) {
        runImport.importRun(run, id, datasets);
      }
    }
    for (Path model : subdirs(dir.resolve("models"))) {
      importLoggedModel(model, id);
    }
  }

  /** The experiment's id in the target, inserting it first if it is not there yet. */
  private long experimentId(Connection c, long fileId, JsonNode meta) throws SQLException {
    boolean fits = fileId <= Integer.MAX_VALUE || target.dialect() == Dialect.SQLITE;
    if (!fits) {
      Long known =
          Jdbc.queryOne(
              c,
              "SELECT experiment_id FROM experiment_tags WHERE key = ? AND value = ?",
              rs -> rs.getLong(1),
              SOURCE_ID_TAG,
              Long.toString(fileId));
      if (known != null) {
        return known;
      }
    } else if (Jdbc.queryOne(
            c,
            "SELECT experiment_id FROM experiments WHERE experiment_id = ?",
            rs -> rs.getLong(1),
            fileId)
        != null) {
      return fileId;
    }
    String columns =
        "name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace";
    Object[] values = {
      text(meta, "name", null),
      text(meta, "artifact_location", null),
      text(meta, "lifecycle_stage", "active"),
      number(meta, "creation_time"),
      number(meta, "last_update_time"),
      text(meta, "workspace", "default")
    };
    if (fits) {
      if (target.dialect() == Dialect.MYSQL && fileId == 0) {
        Jdbc.execute(c, "SET @cairn_sql_mode = @@SESSION.sql_mode");
        Jdbc.execute(
            c, "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
      }
      Object[] withId = new Object[values.length + 1];
      withId[0] = fileId;
      System.arraycopy(values, 0, withId, 1, values.length);
      Jdbc.update(
          c,
          "INSERT INTO experiments (experiment_id, " + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
          withId);
      if (target.dialect() == Dialect.MYSQL && fileId == 0) {
        Jdbc.execute(c, "SET SESSION sql_mode = @cairn_sql_mode");
      }
      return fileId;
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO experiments (" + columns + ") VALUES (?, ?, ?, ?, ?, ?)",
            new String[] {"experiment_id"})) {
      for (int i = 0; i < values.length; i++) {
        p.setObject(i + 1, values[i]);
      }
      p.executeUpdate();
      try (var keys = p.getGeneratedKeys()) {
        keys.next();
        long id = keys.getLong(1);
        // The tag that finds it again goes in with the row, in this transaction.
        ImportTarget.insertIgnore(
            c,
            target.dialect(),
            "experiment_tags",
            "key, value, experiment_id",
            SOURCE_ID_TAG,
            "" + fileId,
            id);
        return id;
      }
    }
  }

  private Map<String, String> importDatasets(Path dir, long experimentId) {
    Map<String, String> uuids = new LinkedHashMap<>();
    for (Path ds : subdirs(dir)) {
      JsonNode meta = yaml(ds.resolve("meta.yaml"));
      if (meta == null) {
        continue;
      }
      String uuid = text(meta, "dataset_uuid", ds.getFileName().toString());
      uuids.put(ds.getFileName().toString(), uuid);
      target.write(
          c -> {
            ImportTarget.insertIgnore(
                c,
                target.dialect(),
                "datasets",
                "dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source,"
                    + " dataset_schema, dataset_profile",
                uuid,
                experimentId,
                text(meta, "name", ""),
                text(meta, "digest", ""),
                text(meta, "source_type", ""),
                text(meta, "source", ""),
                text(meta, "schema", null),
                text(meta, "profile", null));
            return null;
          });
      stats.add("datasets", 1);
    }
    return uuids;
  }

  private void importLoggedModel(Path dir, long experimentId) {
    JsonNode meta = yaml(dir.resolve("meta.yaml"));
    if (meta == null) {
      return;
    }
    String modelId = text(meta, "model_id", dir.getFileName().toString());
    JsonNode status = meta.get("status");
    int statusNumber = status != null && status.isInt() ? status.asInt() : 1;
    Map<String, String> params = keyFiles(dir.resolve("params"));
    Map<String, String> tags = keyFiles(dir.resolve("tags"));
    Map<String, List<String>> metrics = lineFiles(dir.resolve("metrics"));
    target.write(
        c -> {
          ImportTarget.insertIgnore(
              c,
              target.dialect(),
              "logged_models",
              "model_id, experiment_id, name, artifact_location, creation_timestamp_ms,"
                  + " last_updated_timestamp_ms, status, lifecycle_stage, model_type,"
                  + " source_run_id, status_message",
              modelId,
              experimentId,
              text(meta, "name", ""),
              text(meta, "artifact_location", ""),
              number(meta, "creation_timestamp") == null ? 0 : number(meta, "creation_timestamp"),
              number(meta, "last_updated_timestamp") == null
                  ? 0
                  : number(meta, "last_updated_timestamp"),
              statusNumber,
              text(meta, "lifecycle_stage", "active"),
              text(meta, "model_type", null),
              text(meta, "source_run_id", null),
              text(meta, "status_message", null));
          for (Map.Entry<String, String> p : params.entrySet()) {
            ImportTarget.insertIgnore(
                c,
                target.dialect(),
                "logged_model_params",
                "model_id, experiment_id, param_key, param_value",
                modelId,
                experimentId,
                p.getKey(),
                p.getValue());
          }
          for (Map.Entry<String, String> t : tags.entrySet()) {
            ImportTarget.insertIgnore(
                c,
                target.dialect(),
                "logged_model_tags",
                "model_id, experiment_id, tag_key, tag_value",
                modelId,
                experimentId,
                t.getKey(),
                t.getValue());
          }
          for (Map.Entry<String, List<String>> m : metrics.entrySet()) {
            for (String line : m.getValue()) {
              Metric point = modelPoint(m.getKey(), modelId, line);
              if (point == null) {
                continue;
              }
              ImportTarget.insertIgnore(
                  c,
                  target.dialect(),
                  "logged_model_metrics",
                  "model_id, metric_name, metric_timestamp_ms, metric_step, metric_value,"
                      + " experiment_id, run_id, dataset_uuid, dataset_name, dataset_digest",
                  modelId,
                  m.getKey(),
                  point.timestamp(),
                  point.step(),
                  MetricValues.stored(point.value()),
                  experimentId,
                  point.runId(),
                  null,
                  point.datasetName(),
                  point.datasetDigest());
            }
          }
          return null;
        });
    stats.add("logged_models", 1);
  }

  /** A point of a logged model's metric file, or null for a line that is not one (skipped). */
  private static Metric modelPoint(String key, String modelId, String line) {
    try {
      return MetricFiles.parseModelLine(key, modelId, line);
    } catch (CairnException e) {
      return null;
    }
  }
}
