package dev.cairn.store.sql.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Dialect;
import dev.cairn.store.sql.Jdbc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.UUID;
import java.util.stream.Stream;

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

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String[] STATUSES = {
    "", "RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"
  };

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
    for (Path model : subdirs(mlruns.resolve("models"))) {
      importRegisteredModel(model);
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
    Map<String, String> tags = files(dir.resolve("tags"));
    if (id != fileId) {
      tags.put(SOURCE_ID_TAG, Long.toString(fileId));
    }
    target.write(
        c -> {
          for (Map.Entry<String, String> t : tags.entrySet()) {
            insert(c, "experiment_tags", "key, value, experiment_id", t.getKey(), t.getValue(), id);
          }
          return null;
        });
    stats.add("experiments", 1);
    stats.add("experiment_tags", tags.size());
    Map<String, String> datasets = importDatasets(dir.resolve("datasets"), id);
    for (Path run : subdirs(dir)) {
      if (Files.isRegularFile(run.resolve("meta.yaml"))) {
        importRun(run, id, datasets);
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
        insert(c, "experiment_tags", "key, value, experiment_id", SOURCE_ID_TAG, "" + fileId, id);
        return id;
      }
    }
  }

  private void importRun(Path dir, long experimentId, Map<String, String> datasets) {
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
    Map<String, String> params = files(dir.resolve("params"));
    Map<String, String> tags = files(dir.resolve("tags"));
    Map<String, List<String>> metrics = lines(dir.resolve("metrics"));
    target.write(
        c -> {
          insert(
              c,
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
            insert(c, "params", "key, value, run_uuid", p.getKey(), p.getValue(), runId);
          }
          for (Map.Entry<String, String> t : tags.entrySet()) {
            insert(c, "tags", "key, value, run_uuid", t.getKey(), t.getValue(), runId);
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
        String[] f = line.strip().split(" ");
        if (f.length < 2) {
          continue;
        }
        long ts = Long.parseLong(f[0]);
        double raw = Double.parseDouble(f[1].equalsIgnoreCase("nan") ? "NaN" : f[1]);
        long step = f.length > 2 ? Long.parseLong(f[2]) : 0;
        boolean nan = Double.isNaN(raw);
        double value =
            nan
                ? 0
                : Double.isInfinite(raw) ? (raw > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE) : raw;
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
      insert(
          c,
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
            insert(
                c,
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
        insert(
            c,
            "inputs",
            "input_uuid, source_type, source_id, destination_type, destination_id, step",
            inputId,
            "DATASET",
            dataset,
            "RUN",
            runId,
            0);
      } else if (type.equals("MODEL")) {
        insert(
            c,
            "inputs",
            "input_uuid, source_type, source_id, destination_type, destination_id, step",
            inputId,
            "RUN_INPUT",
            runId,
            "MODEL_INPUT",
            sourceId,
            0);
      } else {
        continue;
      }
      stats.add("inputs", 1);
      JsonNode tags = meta.get("tags");
      if (tags != null && tags.isObject()) {
        for (var it = tags.fields(); it.hasNext(); ) {
          var t = it.next();
          insert(
              c,
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

  private void importOutputs(Connection c, Path runDir, String runId) throws SQLException {
    for (Path out : subdirs(runDir.resolve("outputs"))) {
      JsonNode meta = yaml(out.resolve("meta.yaml"));
      if (meta == null) {
        continue;
      }
      insert(
          c,
          "inputs",
          "input_uuid, source_type, source_id, destination_type, destination_id, step",
          derivedId(runId + "/outputs/" + out.getFileName()),
          "RUN_OUTPUT",
          runId,
          "MODEL_OUTPUT",
          out.getFileName().toString(),
          number(meta, "step") == null ? 0 : number(meta, "step"));
      stats.add("inputs", 1);
    }
  }

  private void importLoggedModel(Path dir, long experimentId) {
    JsonNode meta = yaml(dir.resolve("meta.yaml"));
    if (meta == null) {
      return;
    }
    String modelId = text(meta, "model_id", dir.getFileName().toString());
    JsonNode status = meta.get("status");
    int statusNumber = status != null && status.isInt() ? status.asInt() : 1;
    Map<String, String> params = files(dir.resolve("params"));
    Map<String, String> tags = files(dir.resolve("tags"));
    Map<String, List<String>> metrics = lines(dir.resolve("metrics"));
    target.write(
        c -> {
          insert(
              c,
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
            insert(
                c,
                "logged_model_params",
                "model_id, experiment_id, param_key, param_value",
                modelId,
                experimentId,
                p.getKey(),
                p.getValue());
          }
          for (Map.Entry<String, String> t : tags.entrySet()) {
            insert(
                c,
                "logged_model_tags",
                "model_id, experiment_id, tag_key, tag_value",
                modelId,
                experimentId,
                t.getKey(),
                t.getValue());
          }
          for (Map.Entry<String, List<String>> m : metrics.entrySet()) {
            for (String line : m.getValue()) {
              String[] f = line.strip().split(" ");
              if (f.length != 4 && f.length != 6) {
                continue;
              }
              insert(
                  c,
                  "logged_model_metrics",
                  "model_id, metric_name, metric_timestamp_ms, metric_step, metric_value,"
                      + " experiment_id, run_id, dataset_uuid, dataset_name, dataset_digest",
                  modelId,
                  m.getKey(),
                  Long.parseLong(f[0]),
                  Long.parseLong(f[2]),
                  Double.parseDouble(f[1]),
                  experimentId,
                  f[3],
                  null,
                  f.length == 6 ? f[4] : null,
                  f.length == 6 ? f[5] : null);
            }
          }
          return null;
        });
    stats.add("logged_models", 1);
  }

  // ---------------------------------------------------------------- registry

  private void importRegisteredModel(Path dir) {
    JsonNode meta = yaml(dir.resolve("meta.yaml"));
    if (meta == null) {
      return;
    }
    String name = text(meta, "name", dir.getFileName().toString());
    Map<String, String> tags = files(dir.resolve("tags"));
    Map<String, String> aliases = files(dir.resolve("aliases"));
    target.write(
        c -> {
          insert(
              c,
              "registered_models",
              "name, creation_time, last_updated_time, description",
              name,
              number(meta, "creation_timestamp"),
              number(meta, "last_updated_timestamp"),
              text(meta, "description", null));
          for (Map.Entry<String, String> t : tags.entrySet()) {
            insert(c, "registered_model_tags", "key, value, name", t.getKey(), t.getValue(), name);
          }
          for (Path version : subdirs(dir)) {
            if (version.getFileName().toString().startsWith("version-")) {
              importVersion(c, version, name);
            }
          }
          for (Map.Entry<String, String> a : aliases.entrySet()) {
            try {
              insert(
                  c,
                  "registered_model_aliases",
                  "alias, version, name",
                  a.getKey(),
                  Long.parseLong(a.getValue().strip()),
                  name);
            } catch (NumberFormatException e) {
              // an alias file that names no version is skipped, as MLflow's migration does
            }
          }
          return null;
        });
    stats.add("registered_models", 1);
  }

  private void importVersion(Connection c, Path dir, String name) throws SQLException {
    JsonNode meta = yaml(dir.resolve("meta.yaml"));
    if (meta == null || meta.get("version") == null) {
      return;
    }
    long version = meta.get("version").asLong();
    insert(
        c,
        "model_versions",
        "name, version, creation_time, last_updated_time, description, user_id, current_stage,"
            + " source, storage_location, run_id, run_link, status, status_message",
        name,
        version,
        number(meta, "creation_timestamp"),
        number(meta, "last_updated_timestamp"),
        text(meta, "description", null),
        text(meta, "user_id", null),
        text(meta, "current_stage", "None"),
        text(meta, "source", null),
        text(meta, "storage_location", null),
        text(meta, "run_id", null),
        text(meta, "run_link", null),
        text(meta, "status", "READY"),
        text(meta, "status_message", null));
    for (Map.Entry<String, String> t : files(dir.resolve("tags")).entrySet()) {
      insert(
          c,
          "model_version_tags",
          "key, value, name, version",
          t.getKey(),
          t.getValue(),
          name,
          version);
    }
    stats.add("model_versions", 1);
  }

  // ---------------------------------------------------------------- helpers

  /** INSERT that skips a row already there (a resumed import). */
  private void insert(Connection c, String table, String columns, Object... values)
      throws SQLException {
    String marks = String.join(", ", java.util.Collections.nCopies(values.length, "?"));
    Jdbc.update(
        c,
        target.dialect().insertIgnorePrefix()
            + table
            + " ("
            + columns
            + ") VALUES ("
            + marks
            + ")"
            + target.dialect().insertIgnoreSuffix(),
        values);
  }

  private static String derivedId(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }

  private static JsonNode yaml(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String text(JsonNode meta, String field, String fallback) {
    JsonNode n = meta == null ? null : meta.get(field);
    return n == null || n.isNull() ? fallback : n.asText();
  }

  private static Long number(JsonNode meta, String field) {
    JsonNode n = meta.get(field);
    return n == null || n.isNull() || !n.canConvertToLong() ? null : n.asLong();
  }

  private static List<Path> subdirs(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** Each file of a folder (params, tags) by name (keys may contain slashes: nested folders). */
  private static Map<String, String> files(Path dir) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Path> e : walk(dir).entrySet()) {
      try {
        out.put(e.getKey(), Files.readString(e.getValue(), StandardCharsets.UTF_8));
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read " + e.getValue(), ex);
      }
    }
    return out;
  }

  private static Map<String, List<String>> lines(Path dir) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Map.Entry<String, Path> e : walk(dir).entrySet()) {
      try {
        out.put(
            e.getKey(),
            Files.readAllLines(e.getValue(), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .toList());
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read " + e.getValue(), ex);
      }
    }
    return out;
  }

  private static Map<String, Path> walk(Path dir) {
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .forEach(f -> out.put(dir.relativize(f).toString().replace('\\', '/'), f));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }
}
