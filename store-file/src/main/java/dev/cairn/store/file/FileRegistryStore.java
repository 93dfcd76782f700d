package dev.cairn.store.file;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.core.CairnException;
import dev.cairn.core.registry.NewModelVersion;
import dev.cairn.core.registry.RegistryQuery;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.tracking.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@link RegistryStore} on MLflow's file store layout ({@code <root>/models/}). */
public final class FileRegistryStore implements RegistryStore {
  private final FileStoreLock lock;
  private final RegistryFiles files;

  public FileRegistryStore(FileStoreRoot root) {
    this.lock = root.lock();
    this.files = new RegistryFiles(root.mlruns().registry());
  }

  @Override
  public RegisteredModel createRegisteredModel(
      String name, List<Tag> tags, String description, long now) {
    return lock.write(
        () -> {
          if (files.exists(name)) {
            throw CairnException.alreadyExists("Registered Model (name=%s) already exists.", name);
          }
          Path dir = files.modelDir(name);
          Map<String, Object> meta = new TreeMap<>();
          meta.put("name", name);
          meta.put("creation_timestamp", now);
          meta.put("last_updated_timestamp", now);
          meta.put("description", description);
          FileTree.createDirectories(dir);
          tags.forEach(t -> writeTag(dir, t));
          FileTree.writeMeta(dir, meta);
          return files.model(dir);
        });
  }

  @Override
  public RegisteredModel getRegisteredModel(String name) {
    return lock.read(() -> files.model(files.require(name)));
  }

  @Override
  public RegisteredModel renameRegisteredModel(String name, String newName, long now) {
    return lock.write(
        () -> {
          Path from = files.require(name);
          if (files.exists(newName)) {
            throw CairnException.alreadyExists(
                "Registered Model (name=%s) already exists.", newName);
          }
          Path to = files.modelDir(newName);
          FileTree.move(from, to);
          touch(to, Map.of("name", newName), now);
          for (Path version : FileTree.subdirs(to)) {
            if (version.getFileName().toString().startsWith("version-")) {
              FileExperiments.updateMeta(version, Map.of("name", newName));
            }
          }
          return files.model(to);
        });
  }

  @Override
  public RegisteredModel updateRegisteredModel(String name, String description, long now) {
    return lock.write(
        () -> {
          Path dir = files.require(name);
          Map<String, Object> change = new TreeMap<>();
          change.put("description", description);
          touch(dir, change, now);
          return files.model(dir);
        });
  }

  @Override
  public void deleteRegisteredModel(String name) {
    lock.write(() -> FileTree.deleteTree(files.require(name)));
  }

  @Override
  public Page<RegisteredModel> searchRegisteredModels(RegistryQuery query) {
    return lock.read(() -> RegistrySearch.models(files.all(), query));
  }

  @Override
  public void setRegisteredModelTag(String name, Tag tag, long now) {
    lock.write(() -> writeTag(files.require(name), tag));
  }

  @Override
  public void deleteRegisteredModelTag(String name, String key) {
    lock.write(
        () -> {
          deleteKey(files.require(name).resolve("tags"), key);
        });
  }

  @Override
  public ModelVersion createModelVersion(NewModelVersion v) {
    return lock.write(
        () -> {
          Path model = files.require(v.name());
          long version = files.maxVersion(model) + 1;
          Path dir = RegistryFiles.versionDir(model, version);
          Map<String, Object> meta = new TreeMap<>();
          meta.put("name", v.name());
          meta.put("version", version);
          meta.put("creation_timestamp", v.now());
          meta.put("last_updated_timestamp", v.now());
          meta.put("description", v.description());
          meta.put("user_id", null);
          meta.put("current_stage", "None");
          meta.put("source", v.source());
          meta.put("run_id", v.runId());
          meta.put("run_link", v.runLink());
          meta.put("status", "READY");
          meta.put("status_message", null);
          meta.put(
              "storage_location", v.storageLocation() == null ? v.source() : v.storageLocation());
          FileTree.createDirectories(dir);
          v.tags().forEach(t -> writeTag(dir, t));
          FileTree.writeMeta(dir, meta);
          touch(model, Map.of(), v.now());
          return files.version(dir);
        });
  }

  @Override
  public ModelVersion getModelVersion(String name, long version) {
    return lock.read(() -> files.version(files.requireVersion(name, version)));
  }

  @Override
  public ModelVersion updateModelVersion(String name, long version, String description, long now) {
    return lock.write(
        () -> {
          Path dir = files.requireVersion(name, version);
          Map<String, Object> change = new TreeMap<>();
          change.put("description", description);
          touch(dir, change, now);
          return files.version(dir);
        });
  }

  @Override
  public ModelVersion transitionStage(
      String name, long version, String stage, boolean archiveExisting, long now) {
    return lock.write(
        () -> {
          Path dir = files.requireVersion(name, version);
          Path model = dir.getParent();
          if (archiveExisting) {
            for (ModelVersion other : files.versions(model)) {
              if (!other.version().equals(Long.toString(version))
                  && stage.equals(other.currentStage())) {
                Path otherDir = RegistryFiles.versionDir(model, Long.parseLong(other.version()));
                touch(otherDir, Map.of("current_stage", "Archived"), now);
              }
            }
          }
          touch(dir, Map.of("current_stage", stage), now);
          touch(model, Map.of(), now);
          return files.version(dir);
        });
  }

  /**
   * Soft delete, as MLflow: stage {@code Deleted_Internal} (the number is never reused), its tags
   * and the aliases pointing at it removed.
   */
  @Override
  public void deleteModelVersion(String name, long version, long now) {
    lock.write(
        () -> {
          Path dir = files.requireVersion(name, version);
          Path model = dir.getParent();
          touch(dir, Map.of("current_stage", RegistryFiles.DELETED), now);
          FileTree.deleteTree(dir.resolve("tags"));
          RegistryFiles.aliases(model)
              .forEach(
                  (alias, v) -> {
                    if (v.equals(Long.toString(version))) {
                      deleteKey(model.resolve("aliases"), alias);
                    }
                  });
          touch(model, Map.of(), now);
        });
  }

  @Override
  public String downloadUri(String name, long version) {
    return lock.read(
        () -> {
          Map<String, Object> meta = FileTree.readMeta(files.requireVersion(name, version));
          String location = FileTree.text(meta, "storage_location");
          return location != null ? location : FileTree.text(meta, "source");
        });
  }

  @Override
  public Page<ModelVersion> searchModelVersions(RegistryQuery query) {
    return lock.read(
        () -> {
          List<RegisteredModel> models = files.all();
          List<ModelVersion> versions = new ArrayList<>();
          for (RegisteredModel m : models) {
            versions.addAll(files.versions(files.modelDir(m.name())));
          }
          return RegistrySearch.versions(versions, query);
        });
  }

  @Override
  public List<ModelVersion> latestVersions(String name, List<String> stages) {
    return lock.read(
        () -> {
          List<ModelVersion> out = new ArrayList<>();
          for (ModelVersion v : files.latest(files.require(name))) {
            if (stages.isEmpty() || stages.contains(v.currentStage())) {
              out.add(v);
            }
          }
          return out;
        });
  }

  @Override
  public void setModelVersionTag(String name, long version, Tag tag) {
    lock.write(() -> writeTag(files.requireVersion(name, version), tag));
  }

  @Override
  public void deleteModelVersionTag(String name, long version, String key) {
    lock.write(
        () -> {
          deleteKey(files.requireVersion(name, version).resolve("tags"), key);
        });
  }

  @Override
  public void setAlias(String name, String alias, long version) {
    lock.write(
        () -> {
          Path model = files.requireVersion(name, version).getParent();
          FileTree.writeText(
              FileTree.child(model.resolve("aliases"), alias), Long.toString(version));
        });
  }

  @Override
  public void deleteAlias(String name, String alias) {
    lock.write(
        () -> {
          deleteKey(files.require(name).resolve("aliases"), alias);
        });
  }

  @Override
  public ModelVersion versionByAlias(String name, String alias) {
    return lock.read(
        () -> {
          Path model = files.require(name);
          String version;
          if (alias.equalsIgnoreCase("latest")) {
            List<ModelVersion> all = files.versions(model);
            version = all.isEmpty() ? null : all.get(all.size() - 1).version();
          } else {
            version = RegistryFiles.aliases(model).get(alias);
          }
          if (version == null) {
            throw CairnException.invalid("Registered model alias %s not found.", alias);
          }
          return files.version(files.requireVersion(name, Long.parseLong(version)));
        });
  }

  /** Removes one key file (a missing one is no error, as in MLflow's registry). */
  private static void deleteKey(Path folder, String key) {
    FileTree.deleteKeyFile(folder, FileTree.child(folder, key));
  }

  private static void writeTag(Path dir, Tag tag) {
    FileTree.writeText(
        FileTree.child(dir.resolve("tags"), tag.key()), tag.value() == null ? "" : tag.value());
  }

  /** Applies changes to a meta.yaml and sets its last-updated time. */
  private static void touch(Path dir, Map<String, Object> changes, long now) {
    Map<String, Object> all = new TreeMap<>(changes);
    all.put("last_updated_timestamp", now);
    FileExperiments.updateMeta(dir, all);
  }
}
