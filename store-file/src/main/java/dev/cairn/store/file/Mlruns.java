package dev.cairn.store.file;

import dev.cairn.api.model.ViewType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where things are in MLflow's file store:
 *
 * <pre>
 * root/&lt;experiment id&gt;/meta.yaml, tags/, datasets/&lt;id&gt;/, models/&lt;model id&gt;/
 * root/&lt;experiment id&gt;/&lt;run id&gt;/meta.yaml, metrics/, params/, tags/, inputs/, outputs/, artifacts/
 * root/.trash/&lt;experiment id&gt;/...   (deleted experiments)
 * root/models/&lt;registered model&gt;/   (the model registry)
 * </pre>
 *
 * Ids that could name anything but one folder (slashes, dots) are never resolved.
 */
final class Mlruns {
  static final String TRASH = ".trash";
  static final String REGISTRY = "models";

  /** Folders of an experiment that are not runs, as MLflow reserves them. */
  private static final Set<String> RESERVED = Set.of("tags", "datasets", "traces", "models");

  private static final Pattern EXPERIMENT_ID = Pattern.compile("[0-9]{1,32}");
  private static final Pattern FOLDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_\\-]{0,255}");

  final Path root;
  final Path trash;

  Mlruns(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.trash = this.root.resolve(TRASH);
  }

  static boolean isExperimentId(String id) {
    return id != null && EXPERIMENT_ID.matcher(id).matches();
  }

  static boolean isFolderId(String id) {
    return id != null && FOLDER_ID.matcher(id).matches();
  }

  /** The folder of an experiment (active, else in the trash), or null. */
  Path experimentDir(String id) {
    if (!isExperimentId(id)) {
      return null;
    }
    Path active = root.resolve(id);
    if (Files.isRegularFile(active.resolve(FileTree.META))) {
      return active;
    }
    Path deleted = trash.resolve(id);
    return Files.isRegularFile(deleted.resolve(FileTree.META)) ? deleted : null;
  }

  /** Experiment folders of the view: active ones in the root, deleted ones in the trash. */
  List<Path> experimentDirs(ViewType view) {
    List<Path> out = new ArrayList<>();
    if (view != ViewType.DELETED_ONLY) {
      for (Path p : FileTree.subdirs(root)) {
        if (isExperimentId(p.getFileName().toString())) {
          out.add(p);
        }
      }
    }
    if (view != ViewType.ACTIVE_ONLY) {
      for (Path p : FileTree.subdirs(trash)) {
        if (isExperimentId(p.getFileName().toString())) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** The run folders of an experiment folder: every sub-folder but the reserved ones. */
  static List<Path> runDirs(Path experimentDir) {
    List<Path> out = new ArrayList<>();
    for (Path p : FileTree.subdirs(experimentDir)) {
      String name = p.getFileName().toString();
      if (!RESERVED.contains(name) && isFolderId(name)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The folder of a run in any experiment (active or deleted), or null. */
  Path runDir(String runId) {
    if (!isFolderId(runId)) {
      return null;
    }
    for (Path experiment : experimentDirs(ViewType.ALL)) {
      Path dir = experiment.resolve(runId);
      if (!RESERVED.contains(runId) && isRun(dir, runId)) {
        return dir;
      }
    }
    return null;
  }

  private static boolean isRun(Path dir, String runId) {
    if (!Files.isRegularFile(dir.resolve(FileTree.META))) {
      return false;
    }
    Map<String, Object> meta = FileTree.readMeta(dir);
    return meta != null && runId.equals(runIdOf(meta));
  }

  /** A run's id as its meta.yaml records it (older MLflow versions wrote only run_uuid). */
  static String runIdOf(Map<String, Object> meta) {
    String id = FileTree.text(meta, "run_id");
    return id == null || id.isEmpty() ? FileTree.text(meta, "run_uuid") : id;
  }

  /** The folder of a logged model in any experiment, or null. */
  Path modelDir(String modelId) {
    if (!isFolderId(modelId)) {
      return null;
    }
    for (Path experiment : experimentDirs(ViewType.ALL)) {
      Path dir = experiment.resolve("models").resolve(modelId);
      if (Files.isRegularFile(dir.resolve(FileTree.META))) {
        return dir;
      }
    }
    return null;
  }

  /** The experiment id a folder inside an experiment belongs to. */
  static String experimentIdOf(Path experimentDir) {
    return experimentDir.getFileName().toString();
  }

  Path registry() {
    return root.resolve(REGISTRY);
  }
}
