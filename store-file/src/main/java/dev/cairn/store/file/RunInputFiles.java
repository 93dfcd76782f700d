package dev.cairn.store.file;

import dev.cairn.api.model.Dataset;
import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.ModelInput;
import dev.cairn.api.model.ModelOutput;
import dev.cairn.api.model.RunInputs;
import dev.cairn.api.model.RunOutputs;
import dev.cairn.api.model.Tag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run inputs and outputs in MLflow's file store. Datasets live once per experiment in {@code
 * datasets/<md5(name + digest)>/meta.yaml}; a run's {@code inputs/<md5(source id + run id)>/} links
 * one dataset (with its input tags) or one logged model; {@code outputs/<model id>/} records a
 * model the run produced and at which step.
 */
final class RunInputFiles {

  RunInputs inputs(Path runDir, Path experimentDir) {
    List<DatasetInput> datasets = new ArrayList<>();
    List<ModelInput> models = new ArrayList<>();
    for (Path input : FileTree.subdirs(runDir.resolve("inputs"))) {
      Map<String, Object> meta = FileTree.readMeta(input);
      if (meta == null) {
        continue;
      }
      String sourceId = FileTree.text(meta, "source_id");
      if ("MODEL".equals(FileTree.text(meta, "source_type"))) {
        models.add(new ModelInput(sourceId));
      } else if ("DATASET".equals(FileTree.text(meta, "source_type"))
          && Mlruns.isFolderId(sourceId)) {
        Dataset dataset = dataset(experimentDir.resolve("datasets").resolve(sourceId));
        if (dataset != null) {
          datasets.add(new DatasetInput(tags(meta.get("tags")), dataset));
        }
      }
    }
    return datasets.isEmpty() && models.isEmpty()
        ? RunInputs.EMPTY
        : new RunInputs(List.copyOf(datasets), List.copyOf(models));
  }

  RunOutputs outputs(Path runDir) {
    List<ModelOutput> models = new ArrayList<>();
    for (Path output : FileTree.subdirs(runDir.resolve("outputs"))) {
      Map<String, Object> meta = FileTree.readMeta(output);
      if (meta != null && "MODEL_OUTPUT".equals(FileTree.text(meta, "destination_type"))) {
        // MLflow writes the model id as destination_id too (and reads it from there).
        models.add(new ModelOutput(FileTree.text(meta, "destination_id"), stepOf(meta)));
      }
    }
    return models.isEmpty() ? RunOutputs.EMPTY : new RunOutputs(List.copyOf(models));
  }

  private static Long stepOf(Map<String, Object> meta) {
    Long step = FileTree.number(meta, "step");
    return step == null ? 0L : step;
  }

  private static Dataset dataset(Path dir) {
    Map<String, Object> meta = FileTree.readMeta(dir);
    if (meta == null) {
      return null;
    }
    return new Dataset(
        FileTree.text(meta, "name"),
        FileTree.text(meta, "digest"),
        FileTree.text(meta, "source_type"),
        FileTree.text(meta, "source"),
        FileTree.text(meta, "schema"),
        FileTree.text(meta, "profile"));
  }

  private static List<Tag> tags(Object yaml) {
    List<Tag> out = new ArrayList<>();
    if (yaml instanceof Map<?, ?> map) {
      new TreeMap<>(map)
          .forEach((k, v) -> out.add(new Tag(k.toString(), v == null ? null : v.toString())));
    }
    return List.copyOf(out);
  }

  /** Links datasets and models to a run; a link (and a dataset) already there is kept as it is. */
  void log(
      Path runDir,
      Path experimentDir,
      String runId,
      List<DatasetInput> datasets,
      List<ModelInput> models) {
    for (DatasetInput input : datasets) {
      Dataset d = input.dataset();
      String datasetId = md5(d.name(), d.digest());
      Path datasetDir = experimentDir.resolve("datasets").resolve(datasetId);
      if (!Files.exists(datasetDir.resolve(FileTree.META))) {
        Map<String, Object> meta = new TreeMap<>();
        meta.put("name", d.name());
        meta.put("digest", d.digest());
        meta.put("source_type", d.sourceType());
        meta.put("source", d.source());
        meta.put("schema", d.schema());
        meta.put("profile", d.profile());
        FileTree.createDirectories(datasetDir);
        FileTree.writeMeta(datasetDir, meta);
      }
      Map<String, String> tags = new LinkedHashMap<>();
      input.tags().forEach(t -> tags.put(t.key(), t.value()));
      link(runDir.resolve("inputs").resolve(md5(datasetId, runId)), "DATASET", datasetId, tags);
    }
    for (ModelInput model : models) {
      String id = model.modelId();
      link(runDir.resolve("inputs").resolve(md5(id, runId)), "MODEL", id, Map.of());
    }
  }

  /**
   * MLflow writes the source id as {@code destination_id} too (a quirk of its writer); the run is
   * the folder the link sits in. Written the same way so that MLflow reads these folders.
   */
  private static void link(Path dir, String sourceType, String sourceId, Map<String, String> tags) {
    if (Files.exists(dir.resolve(FileTree.META))) {
      return;
    }
    Map<String, Object> meta = new TreeMap<>();
    meta.put("source_type", sourceType);
    meta.put("source_id", sourceId);
    meta.put("destination_type", "RUN");
    meta.put("destination_id", sourceId);
    meta.put("tags", tags);
    FileTree.createDirectories(dir);
    FileTree.writeMeta(dir, meta);
  }

  void logOutputs(Path runDir, List<ModelOutput> models) {
    for (ModelOutput model : models) {
      if (!Mlruns.isFolderId(model.modelId())) {
        continue;
      }
      Path dir = runDir.resolve("outputs").resolve(model.modelId());
      if (Files.exists(dir.resolve(FileTree.META))) {
        continue;
      }
      Map<String, Object> meta = new TreeMap<>();
      meta.put("source_type", "RUN_OUTPUT");
      meta.put("source_id", model.modelId());
      meta.put("destination_type", "MODEL_OUTPUT");
      meta.put("destination_id", model.modelId());
      meta.put("tags", Map.of());
      meta.put("step", model.step() == null ? 0L : model.step());
      FileTree.createDirectories(dir);
      FileTree.writeMeta(dir, meta);
    }
  }

  /** MLflow's ids of datasets and input links: md5 of the two strings, hex. */
  static String md5(String a, String b) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      md.update((a == null ? "" : a).getBytes(StandardCharsets.UTF_8));
      md.update((b == null ? "" : b).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
