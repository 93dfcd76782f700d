package dev.cairn.store.file;

import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.Uris;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Experiments in MLflow's file store: {@code <root>/<id>/meta.yaml} and {@code tags/}. */
final class FileExperiments {
  static final String DEFAULT_ID = "0";

  private final Mlruns mlruns;
  private final String defaultArtifactRoot;
  private final SecureRandom random = new SecureRandom();

  FileExperiments(Mlruns mlruns, String defaultArtifactRoot) {
    this.mlruns = mlruns;
    this.defaultArtifactRoot = defaultArtifactRoot;
  }

  /** Creates the root, the trash and the Default experiment when they are not there. */
  void initialise(long now) {
    FileTree.createDirectories(mlruns.trash);
    if (mlruns.experimentDir(DEFAULT_ID) == null) {
      write(DEFAULT_ID, "Default", null, List.of(), now);
    }
  }

  String create(String name, String location, List<Tag> tags, long now) {
    requireUniqueName(name, null);
    String id;
    do {
      id = newId();
    } while (Files.exists(mlruns.root.resolve(id)) || Files.exists(mlruns.trash.resolve(id)));
    write(id, name, location, tags, now);
    return id;
  }

  /**
   * MLflow's file store ids: 18 random decimal digits without a leading zero (its {@code
   * _generate_unique_integer_id}); they fit a signed 64-bit integer.
   */
  private String newId() {
    StringBuilder b = new StringBuilder().append(1 + random.nextInt(9));
    for (int i = 1; i < 18; i++) {
      b.append(random.nextInt(10));
    }
    return b.toString();
  }

  private void write(String id, String name, String location, List<Tag> tags, long now) {
    Path dir = mlruns.root.resolve(id);
    Map<String, Object> meta = new TreeMap<>();
    meta.put("experiment_id", id);
    meta.put("name", name);
    meta.put(
        "artifact_location", location != null ? location : Uris.append(defaultArtifactRoot, id));
    meta.put("lifecycle_stage", "active");
    meta.put("creation_time", now);
    meta.put("last_update_time", now);
    FileTree.createDirectories(dir);
    for (Tag tag : tags) {
      FileTree.writeText(FileTree.child(dir.resolve("tags"), tag.key()), value(tag.value()));
    }
    FileTree.writeMeta(dir, meta);
  }

  Experiment get(String id) {
    Path dir = mlruns.experimentDir(id);
    Experiment e = dir == null ? null : read(dir);
    if (e == null) {
      throw CairnException.notFound("No Experiment with id=%s exists", id);
    }
    return e;
  }

  /** The folder of an experiment that must exist. */
  Path dir(String id) {
    Path dir = mlruns.experimentDir(id);
    if (dir == null) {
      throw CairnException.notFound("No Experiment with id=%s exists", id);
    }
    return dir;
  }

  Experiment getByName(String name) {
    Path dir = dirByName(name);
    Experiment e = dir == null ? null : read(dir);
    if (e == null) {
      throw CairnException.notFound("Could not find experiment with name '%s'", name);
    }
    return e;
  }

  /**
   * The folder of the experiment (active or deleted) with this name, or null; only meta.yaml files
   * are read, not every experiment's tags.
   */
  private Path dirByName(String name) {
    for (Path dir : mlruns.experimentDirs(ViewType.ALL)) {
      Map<String, Object> meta = FileTree.readMeta(dir);
      if (meta != null
          && name.equals(FileTree.text(meta, "name"))
          && Mlruns.experimentIdOf(dir).equals(FileTree.text(meta, "experiment_id"))) {
        return dir;
      }
    }
    return null;
  }

  /** Every readable experiment of the view; folders without a valid meta.yaml are skipped. */
  List<Experiment> list(ViewType view) {
    List<Experiment> out = new ArrayList<>();
    for (Path dir : mlruns.experimentDirs(view)) {
      Experiment e = read(dir);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  private Experiment read(Path dir) {
    Map<String, Object> meta = FileTree.readMeta(dir);
    String id = Mlruns.experimentIdOf(dir);
    if (meta == null || !id.equals(FileTree.text(meta, "experiment_id"))) {
      return null; // MLflow too ignores a folder whose meta names another experiment
    }
    // The folder decides the stage: MLflow moves deleted experiments into .trash.
    String stage = dir.getParent().equals(mlruns.trash) ? "deleted" : "active";
    List<Tag> tags = new ArrayList<>();
    FileTree.keyFiles(dir.resolve("tags")).forEach((k, v) -> tags.add(new Tag(k, v)));
    return new Experiment(
        id,
        FileTree.text(meta, "name"),
        FileTree.text(meta, "artifact_location"),
        stage,
        FileTree.number(meta, "last_update_time"),
        FileTree.number(meta, "creation_time"),
        List.copyOf(tags));
  }

  /** The experiment's stage; RESOURCE_DOES_NOT_EXIST when there is none. */
  String stage(String id) {
    return get(id).lifecycleStage();
  }

  void requireActive(String id) {
    if (!"active".equals(stage(id))) {
      throw CairnException.invalid(
          "The experiment %s must be in the 'active' state. Current state is deleted.", id);
    }
  }

  void rename(String id, String newName, long now) {
    if (!"active".equals(stage(id))) {
      throw CairnException.invalidState("Cannot rename a non-active experiment.");
    }
    requireUniqueName(newName, id);
    updateMeta(dir(id), Map.of("name", newName, "last_update_time", now));
  }

  private void requireUniqueName(String name, String except) {
    Path dir = dirByName(name);
    if (dir != null && !Mlruns.experimentIdOf(dir).equals(except)) {
      throw CairnException.alreadyExists("Experiment(name=%s) already exists.", name);
    }
  }

  /**
   * Moves an experiment between the root and the trash, marking it and its runs; {@code from} is
   * the stage it must be in.
   */
  void setLifecycle(String id, String from, String to, long now, FileRuns runs) {
    if (!from.equals(stage(id))) {
      throw CairnException.notFound(
          "Cannot %s experiment %s: it is not %s.",
          to.equals("deleted") ? "delete" : "restore", id, from);
    }
    Path dir = dir(id);
    for (Path run : Mlruns.runDirs(dir)) {
      runs.markLifecycle(run, to, to.equals("deleted") ? now : null);
    }
    updateMeta(dir, Map.of("lifecycle_stage", to, "last_update_time", now));
    FileTree.move(dir, (to.equals("deleted") ? mlruns.trash : mlruns.root).resolve(id));
  }

  void setTag(String id, Tag tag) {
    FileTree.writeText(FileTree.child(dir(id).resolve("tags"), tag.key()), value(tag.value()));
  }

  void deleteTag(String id, String key) {
    Path tags = dir(id).resolve("tags");
    if (!FileTree.deleteKeyFile(tags, FileTree.child(tags, key))) {
      throw CairnException.notFound("No tag with name: %s in experiment with id %s", key, id);
    }
  }

  static void updateMeta(Path dir, Map<String, Object> changes) {
    Map<String, Object> meta = FileTree.readMeta(dir);
    Map<String, Object> updated = new TreeMap<>(meta == null ? Map.of() : meta);
    updated.putAll(changes);
    FileTree.writeMeta(dir, updated);
  }

  /** MLflow writes a missing value as an empty file. */
  static String value(String v) {
    return v == null ? "" : v;
  }
}
