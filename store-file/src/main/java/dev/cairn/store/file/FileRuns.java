package dev.cairn.store.file;

import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunData;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.Uris;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.TrackingService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs in MLflow's file store: {@code <experiment>/<run id>/meta.yaml} (status as its proto
 * number), {@code metrics/}, {@code params/}, {@code tags/} and an {@code artifacts/} folder.
 */
final class FileRuns {
  private final Mlruns mlruns;
  private final FileExperiments experiments;
  private final RunInputFiles inputs;

  FileRuns(Mlruns mlruns, FileExperiments experiments) {
    this.mlruns = mlruns;
    this.experiments = experiments;
    this.inputs = new RunInputFiles();
  }

  Run create(NewRun run) {
    Experiment experiment = experiments.get(run.experimentId());
    if (!"active".equals(experiment.lifecycleStage())) {
      throw CairnException.invalid(
          "The experiment %s must be in the 'active' state. Current state is %s.",
          run.experimentId(), experiment.lifecycleStage());
    }
    if (!Mlruns.isFolderId(run.runId())) {
      throw CairnException.invalid("Invalid run id '%s'", run.runId());
    }
    String location = experiment.artifactLocation();
    Path dir = experiments.dir(run.experimentId()).resolve(run.runId());
    Map<String, Object> meta = new TreeMap<>();
    meta.put("run_id", run.runId());
    meta.put("run_name", run.name());
    meta.put("experiment_id", run.experimentId());
    meta.put("user_id", run.userId());
    meta.put("status", RunStatus.RUNNING.number());
    meta.put("start_time", run.startTime());
    meta.put("end_time", null);
    meta.put(
        "artifact_uri", Uris.append(location == null ? "" : location, run.runId(), "artifacts"));
    meta.put("lifecycle_stage", "active");
    meta.put("deleted_time", null);
    // Fields MLflow's readers expect (tags moved out of meta.yaml long ago; source_type 4 = LOCAL).
    meta.put("tags", List.of());
    meta.put("source_type", 4);
    meta.put("source_name", "");
    meta.put("entry_point_name", "");
    meta.put("source_version", "");
    for (String folder : List.of("metrics", "params", "artifacts")) {
      FileTree.createDirectories(dir.resolve(folder));
    }
    for (Tag tag : run.tags()) {
      FileTree.writeText(FileTree.child(dir.resolve("tags"), tag.key()), value(tag));
    }
    FileTree.writeMeta(dir, meta);
    return read(dir);
  }

  /** The folder of a run that must exist. */
  Path dir(String runId) {
    Path dir = mlruns.runDir(runId);
    if (dir == null) {
      throw notFound(runId);
    }
    return dir;
  }

  static CairnException notFound(String runId) {
    return CairnException.notFound("Run with id=%s not found", runId);
  }

  Run get(String runId) {
    return read(dir(runId));
  }

  /** The folder of a run that must exist and be active. */
  Path requireActive(String runId) {
    Path dir = dir(runId);
    String stage = info(dir, FileTree.readMeta(dir)).lifecycleStage();
    if (!"active".equals(stage)) {
      throw CairnException.invalid(
          "The run %s must be in the 'active' state. Current state is %s.", runId, stage);
    }
    return dir;
  }

  /** A whole run from its folder: info, latest metrics, params, tags, inputs and outputs. */
  Run read(Path dir) {
    return read(dir, FileTree.readMeta(dir));
  }

  /** A whole run from its folder whose meta.yaml the caller has already read. */
  Run read(Path dir, Map<String, Object> meta) {
    Map<String, String> tagFiles = FileTree.keyFiles(dir.resolve("tags"));
    RunInfo info = info(dir, meta);
    if (info.runName() == null || info.runName().isEmpty()) {
      String name = tagFiles.get(TrackingService.RUN_NAME_TAG);
      info = withName(info, name);
    }
    List<Param> params = new ArrayList<>();
    FileTree.keyFiles(dir.resolve("params")).forEach((k, v) -> params.add(new Param(k, v)));
    List<Tag> tags = new ArrayList<>();
    tagFiles.forEach((k, v) -> tags.add(new Tag(k, v)));
    Path experimentDir = dir.getParent();
    return new Run(
        info,
        new RunData(MetricFiles.latest(dir.resolve("metrics")), params, tags),
        inputs.inputs(dir, experimentDir),
        inputs.outputs(dir));
  }

  /** A run's info from its meta.yaml; the stage also follows the experiment into the trash. */
  RunInfo info(Path dir, Map<String, Object> meta) {
    if (meta == null) {
      throw CairnException.invalidState(
          "Run '%s' metadata is in invalid state.", dir.getFileName());
    }
    String id = Mlruns.runIdOf(meta);
    Object status = meta.get("status");
    String stage = FileTree.text(meta, "lifecycle_stage");
    return new RunInfo(
        id,
        id,
        FileTree.text(meta, "run_name"),
        Mlruns.experimentIdOf(dir.getParent()),
        FileTree.text(meta, "user_id"),
        status == null ? RunStatus.RUNNING : RunStatus.fromWire(status),
        FileTree.number(meta, "start_time"),
        FileTree.number(meta, "end_time"),
        FileTree.text(meta, "artifact_uri"),
        stage == null ? "active" : stage);
  }

  private static RunInfo withName(RunInfo i, String name) {
    return new RunInfo(
        i.runId(),
        i.runUuid(),
        name,
        i.experimentId(),
        i.userId(),
        i.status(),
        i.startTime(),
        i.endTime(),
        i.artifactUri(),
        i.lifecycleStage());
  }

  RunInfo updateInfo(String runId, RunStatus status, Long endTime, String name) {
    Path dir = requireActive(runId);
    Map<String, Object> changes = new HashMap<>();
    if (status != null) {
      changes.put("status", status.number());
    }
    if (endTime != null) {
      changes.put("end_time", endTime);
    }
    if (name != null) {
      changes.put("run_name", name);
      FileTree.writeText(tagFile(dir, TrackingService.RUN_NAME_TAG), name);
    }
    FileExperiments.updateMeta(dir, changes);
    return read(dir).info();
  }

  void setLifecycle(String runId, String stage, Long deletedTime) {
    markLifecycle(dir(runId), stage, deletedTime);
  }

  void markLifecycle(Path dir, String stage, Long deletedTime) {
    Map<String, Object> changes = new HashMap<>();
    changes.put("lifecycle_stage", stage);
    changes.put("deleted_time", deletedTime);
    FileExperiments.updateMeta(dir, changes);
  }

  /**
   * Params, then metrics, then tags. Everything that can be refused (the run's state, a changed
   * param) is checked before the first file is written.
   */
  void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    Path dir = requireActive(runId);
    Map<String, String> fresh = new TreeMap<>();
    for (Param p : params) {
      String old = FileTree.readText(FileTree.child(dir.resolve("params"), p.key()));
      if (old == null) {
        old = fresh.get(p.key());
      }
      if (old == null) {
        fresh.put(p.key(), p.value() == null ? "" : p.value());
      } else if (!old.equals(p.value())) {
        throw CairnException.invalid(
            "Changing param values is not allowed. Param with key='%s' was already logged with"
                + " value='%s' for run ID='%s'. Attempted logging new value '%s'.",
            p.key(), old, runId, p.value());
      }
    }
    fresh.forEach((k, v) -> FileTree.writeText(FileTree.child(dir.resolve("params"), k), v));
    Map<String, StringBuilder> lines = new LinkedHashMap<>();
    for (Metric m : metrics) {
      lines.computeIfAbsent(m.key(), k -> new StringBuilder()).append(MetricFiles.runLine(m));
    }
    lines.forEach(
        (k, text) -> FileTree.append(FileTree.child(dir.resolve("metrics"), k), text.toString()));
    logModelMetrics(dir, runId, metrics);
    for (Tag tag : tags) {
      FileTree.writeText(tagFile(dir, tag.key()), value(tag));
      if (tag.key().equals(TrackingService.RUN_NAME_TAG)) {
        FileExperiments.updateMeta(dir, Map.of("run_name", value(tag)));
      }
    }
  }

  /** Points logged with a model id also go to that model's metrics, as MLflow does. */
  private void logModelMetrics(Path runDir, String runId, List<Metric> metrics) {
    Map<Path, StringBuilder> lines = new LinkedHashMap<>();
    for (Metric m : metrics) {
      if (m.modelId() == null || !Mlruns.isFolderId(m.modelId())) {
        continue;
      }
      Path model = runDir.getParent().resolve("models").resolve(m.modelId());
      if (FileTree.readMeta(model) == null) {
        continue; // not a model of this experiment: the run's own series keeps the point
      }
      lines
          .computeIfAbsent(
              FileTree.child(model.resolve("metrics"), m.key()), k -> new StringBuilder())
          .append(MetricFiles.modelLine(m, runId));
    }
    lines.forEach((file, text) -> FileTree.append(file, text.toString()));
  }

  void deleteTag(String runId, String key) {
    Path dir = requireActive(runId);
    Path tags = dir.resolve("tags");
    if (!FileTree.deleteKeyFile(tags, FileTree.child(tags, key))) {
      throw CairnException.notFound("No tag with name: %s in run with id %s", key, runId);
    }
  }

  RunInputFiles inputs() {
    return inputs;
  }

  private static Path tagFile(Path runDir, String key) {
    return FileTree.child(runDir.resolve("tags"), key);
  }

  private static String value(Tag tag) {
    return tag.value() == null ? "" : tag.value();
  }
}
