package dev.cairn.store.file;

import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.LoggedModelStatus;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.ModelOutput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.Uris;
import dev.cairn.core.models.LoggedModelQuery;
import dev.cairn.core.models.LoggedModelStore;
import dev.cairn.core.models.NewLoggedModel;
import dev.cairn.core.tracking.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow 3 logged models in the file store: {@code <experiment>/models/<model id>/meta.yaml}
 * (status as its proto number), {@code params/}, {@code tags/} and {@code metrics/} (one line per
 * point: timestamp, value, step, run id[, dataset name, digest]).
 */
public final class FileLoggedModelStore implements LoggedModelStore {
  private final FileStoreLock lock;
  private final Mlruns mlruns;
  private final FileExperiments experiments;
  private final FileRuns runs;

  public FileLoggedModelStore(FileStoreRoot root) {
    this.lock = root.lock();
    this.mlruns = root.mlruns();
    this.experiments = root.experiments();
    this.runs = root.runs();
  }

  @Override
  public LoggedModel createLoggedModel(NewLoggedModel m) {
    return lock.write(
        () -> {
          Experiment e = experiments.get(m.experimentId());
          if (!"active".equals(e.lifecycleStage())) {
            throw CairnException.invalid(
                "The experiment %s must be in the 'active' state. Current state is %s.",
                m.experimentId(), e.lifecycleStage());
          }
          if (!Mlruns.isFolderId(m.modelId())) {
            throw CairnException.invalid("Invalid model id '%s'", m.modelId());
          }
          Path dir = experiments.dir(m.experimentId()).resolve("models").resolve(m.modelId());
          Map<String, Object> meta = new TreeMap<>();
          meta.put("model_id", m.modelId());
          meta.put("experiment_id", m.experimentId());
          meta.put("name", m.name());
          meta.put(
              "artifact_location",
              Uris.append(e.artifactLocation(), "models", m.modelId(), "artifacts"));
          meta.put("creation_timestamp", m.now());
          meta.put("last_updated_timestamp", m.now());
          meta.put("status", LoggedModelStatus.LOGGED_MODEL_PENDING.number());
          meta.put("status_message", null);
          meta.put("model_type", m.modelType());
          meta.put("source_run_id", m.sourceRunId());
          meta.put("lifecycle_stage", "active");
          FileTree.createDirectories(dir.resolve("metrics"));
          FileTree.createDirectories(dir.resolve("params"));
          logParams(dir, m.modelId(), m.params());
          writeTags(dir, m.tags());
          FileTree.writeMeta(dir, meta);
          return read(dir);
        });
  }

  @Override
  public LoggedModel getLoggedModel(String modelId, boolean allowDeleted) {
    return lock.read(() -> read(allowDeleted ? anyDir(modelId) : dir(modelId)));
  }

  @Override
  public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status, long now) {
    return lock.write(
        () -> {
          Path dir = dir(modelId);
          FileExperiments.updateMeta(
              dir, Map.of("status", status.number(), "last_updated_timestamp", now));
          return read(dir);
        });
  }

  @Override
  public void deleteLoggedModel(String modelId, long now) {
    lock.write(
        () ->
            FileExperiments.updateMeta(
                dir(modelId), Map.of("lifecycle_stage", "deleted", "last_updated_timestamp", now)));
  }

  @Override
  public void setLoggedModelTags(String modelId, List<Tag> tags) {
    lock.write(() -> writeTags(dir(modelId), tags));
  }

  @Override
  public void deleteLoggedModelTag(String modelId, String key) {
    lock.write(
        () -> {
          Path tags = dir(modelId).resolve("tags");
          if (!FileTree.deleteKeyFile(tags, FileTree.child(tags, key))) {
            throw CairnException.notFound(
                "No tag with key '%s' found for model with ID '%s'.", key, modelId);
          }
        });
  }

  @Override
  public void logLoggedModelParams(String modelId, List<Param> params) {
    lock.write(() -> logParams(dir(modelId), modelId, params));
  }

  @Override
  public Page<LoggedModel> searchLoggedModels(LoggedModelQuery query) {
    return lock.read(
        () -> {
          List<LoggedModel> all = new ArrayList<>();
          for (Long id : query.experimentIds()) {
            Path experiment = mlruns.experimentDir(Long.toString(id));
            if (experiment == null) {
              continue;
            }
            for (Path dir : FileTree.subdirs(experiment.resolve("models"))) {
              Map<String, Object> meta = FileTree.readMeta(dir);
              if (meta != null && !isDeleted(meta)) {
                all.add(read(dir));
              }
            }
          }
          return LoggedModelSearch.search(all, query);
        });
  }

  @Override
  public void logOutputs(String runId, List<ModelOutput> models) {
    lock.write(() -> runs.inputs().logOutputs(runs.requireActive(runId), models));
  }

  /** The folder of a model that exists and is not deleted. */
  private Path dir(String modelId) {
    Path dir = anyDir(modelId);
    if (isDeleted(FileTree.readMeta(dir))) {
      throw notFound(modelId);
    }
    return dir;
  }

  private Path anyDir(String modelId) {
    Path dir = mlruns.modelDir(modelId);
    if (dir == null) {
      throw notFound(modelId);
    }
    return dir;
  }

  private static boolean isDeleted(Map<String, Object> meta) {
    return meta == null || "deleted".equals(FileTree.text(meta, "lifecycle_stage"));
  }

  static CairnException notFound(String modelId) {
    return CairnException.notFound("Logged model with ID '%s' not found.", modelId);
  }

  private static void writeTags(Path dir, List<Tag> tags) {
    Map<String, String> last = new LinkedHashMap<>();
    tags.forEach(t -> last.put(t.key(), t.value()));
    last.forEach(
        (k, v) -> FileTree.writeText(FileTree.child(dir.resolve("tags"), k), v == null ? "" : v));
  }

  /** Adds params; the same value again is a no-op, another value is refused as for runs. */
  private static void logParams(Path dir, String modelId, List<Param> params) {
    Map<String, String> fresh = new LinkedHashMap<>();
    for (Param p : params) {
      String old = FileTree.readText(FileTree.child(dir.resolve("params"), p.key()));
      old = old != null ? old : fresh.get(p.key());
      if (old != null && !old.equals(p.value())) {
        throw CairnException.invalid(
            "Changing param values is not allowed. Param with key='%s' was already logged with"
                + " value='%s' for model ID='%s'. Attempted logging new value '%s'.",
            p.key(), old, modelId, p.value());
      }
      if (old == null) {
        fresh.put(p.key(), p.value() == null ? "" : p.value());
      }
    }
    fresh.forEach((k, v) -> FileTree.writeText(FileTree.child(dir.resolve("params"), k), v));
  }

  /** A model from its folder with tags, params and every metric point. */
  static LoggedModel read(Path dir) {
    Map<String, Object> meta = FileTree.readMeta(dir);
    String id = FileTree.text(meta, "model_id");
    List<Tag> tags = new ArrayList<>();
    FileTree.keyFiles(dir.resolve("tags")).forEach((k, v) -> tags.add(new Tag(k, v)));
    List<Param> params = new ArrayList<>();
    FileTree.keyFiles(dir.resolve("params")).forEach((k, v) -> params.add(new Param(k, v)));
    List<Metric> metrics = new ArrayList<>();
    FileTree.lineFiles(dir.resolve("metrics"))
        .forEach(
            (key, lines) ->
                lines.forEach(l -> metrics.add(MetricFiles.parseModelLine(key, id, l))));
    metrics.sort(
        Comparator.comparing(Metric::key)
            .thenComparingLong(Metric::step)
            .thenComparingLong(Metric::timestamp));
    Object status = meta.get("status");
    return new LoggedModel(
        new LoggedModel.Info(
            id,
            Mlruns.experimentIdOf(dir.getParent().getParent()),
            FileTree.text(meta, "name"),
            FileTree.number(meta, "creation_timestamp"),
            FileTree.number(meta, "last_updated_timestamp"),
            FileTree.text(meta, "artifact_location"),
            status(status),
            FileTree.text(meta, "model_type"),
            FileTree.text(meta, "source_run_id"),
            FileTree.text(meta, "status_message"),
            List.copyOf(tags)),
        new LoggedModel.Data(List.copyOf(params), List.copyOf(metrics)));
  }

  private static LoggedModelStatus status(Object status) {
    if (status instanceof Number n) {
      return LoggedModelStatus.fromNumber(n.intValue());
    }
    for (LoggedModelStatus s : LoggedModelStatus.values()) {
      if (s.name().equals(status) || s.name().equals("LOGGED_MODEL_" + status)) {
        return s;
      }
    }
    return LoggedModelStatus.LOGGED_MODEL_STATUS_UNSPECIFIED;
  }
}
