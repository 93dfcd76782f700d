package dev.cairn.store.file;

import dev.cairn.api.model.ViewType;
import dev.cairn.core.gc.GcStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link GcStore} on MLflow's file store layout: permanent deletion removes the folder of the
 * run, logged model or experiment (whose runs and models the caller removed first).
 */
public final class FileGcStore implements GcStore {
  private final FileStoreLock lock;
  private final Mlruns mlruns;

  public FileGcStore(FileStoreRoot root) {
    this.lock = root.lock();
    this.mlruns = root.mlruns();
  }

  @Override
  public List<Item> deletedRuns() {
    return lock.read(
        () -> {
          List<Item> out = new ArrayList<>();
          for (Path experiment : mlruns.experimentDirs(ViewType.ALL)) {
            for (Path run : Mlruns.runDirs(experiment)) {
              Item item = runItem(run);
              if (item != null && item.deleted()) {
                out.add(item);
              }
            }
          }
          return out;
        });
  }

  @Override
  public Item run(String runId) {
    return lock.read(
        () -> {
          Path dir = mlruns.runDir(runId);
          return dir == null ? null : runItem(dir);
        });
  }

  private static Item runItem(Path dir) {
    Map<String, Object> meta = FileTree.readMeta(dir);
    if (meta == null || !dir.getFileName().toString().equals(Mlruns.runIdOf(meta))) {
      return null;
    }
    return new Item(
        Mlruns.runIdOf(meta),
        "deleted".equals(FileTree.text(meta, "lifecycle_stage")),
        FileTree.number(meta, "deleted_time"),
        FileTree.text(meta, "artifact_uri"));
  }

  @Override
  public List<Item> deletedExperiments() {
    return lock.read(
        () -> {
          List<Item> out = new ArrayList<>();
          for (Path dir : mlruns.experimentDirs(ViewType.DELETED_ONLY)) {
            Item item = experimentItem(dir);
            if (item != null) {
              out.add(item);
            }
          }
          return out;
        });
  }

  @Override
  public Item experiment(String experimentId) {
    return lock.read(
        () -> {
          Path dir = mlruns.experimentDir(experimentId);
          return dir == null ? null : experimentItem(dir);
        });
  }

  private Item experimentItem(Path dir) {
    Map<String, Object> meta = FileTree.readMeta(dir);
    if (meta == null) {
      return null;
    }
    return new Item(
        Mlruns.experimentIdOf(dir),
        dir.getParent().equals(mlruns.trash),
        FileTree.number(meta, "last_update_time"),
        FileTree.text(meta, "artifact_location"));
  }

  @Override
  public List<Item> runsOf(String experimentId) {
    return lock.read(
        () -> {
          List<Item> out = new ArrayList<>();
          Path dir = mlruns.experimentDir(experimentId);
          for (Path run : dir == null ? List.<Path>of() : Mlruns.runDirs(dir)) {
            Item item = runItem(run);
            if (item != null) {
              out.add(item);
            }
          }
          return out;
        });
  }

  @Override
  public List<Item> deletedLoggedModels() {
    return lock.read(
        () -> {
          List<Item> out = new ArrayList<>();
          for (Path experiment : mlruns.experimentDirs(ViewType.ALL)) {
            for (Item item : models(experiment)) {
              if (item.deleted()) {
                out.add(item);
              }
            }
          }
          return out;
        });
  }

  @Override
  public Item loggedModel(String modelId) {
    return lock.read(
        () -> {
          Path dir = mlruns.modelDir(modelId);
          return dir == null ? null : modelItem(dir);
        });
  }

  @Override
  public List<Item> loggedModelsOf(String experimentId) {
    return lock.read(
        () -> {
          Path dir = mlruns.experimentDir(experimentId);
          return dir == null ? List.of() : models(dir);
        });
  }

  private static List<Item> models(Path experimentDir) {
    List<Item> out = new ArrayList<>();
    for (Path dir : FileTree.subdirs(experimentDir.resolve("models"))) {
      Item item = modelItem(dir);
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  private static Item modelItem(Path dir) {
    Map<String, Object> meta = FileTree.readMeta(dir);
    if (meta == null) {
      return null;
    }
    return new Item(
        FileTree.text(meta, "model_id"),
        "deleted".equals(FileTree.text(meta, "lifecycle_stage")),
        FileTree.number(meta, "last_updated_timestamp"),
        FileTree.text(meta, "artifact_location"));
  }

  @Override
  public void hardDeleteRun(String runId) {
    lock.write(
        () -> {
          Path dir = mlruns.runDir(runId);
          if (dir != null) {
            FileTree.deleteTree(dir);
          }
        });
  }

  @Override
  public void hardDeleteLoggedModel(String modelId) {
    lock.write(
        () -> {
          Path dir = mlruns.modelDir(modelId);
          if (dir != null) {
            FileTree.deleteTree(dir);
          }
        });
  }

  @Override
  public void hardDeleteExperiment(String experimentId) {
    lock.write(
        () -> {
          Path dir = mlruns.experimentDir(experimentId);
          if (dir != null) {
            FileTree.deleteTree(dir);
          }
        });
  }
}
