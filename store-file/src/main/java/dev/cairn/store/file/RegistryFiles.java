package dev.cairn.store.file;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.core.CairnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model registry's files in MLflow's file store: {@code models/<name>/meta.yaml}, {@code
 * tags/}, {@code aliases/<alias>} (holding the version number) and {@code version-<n>/meta.yaml}
 * with {@code tags/}. Deleted versions keep their folder with stage {@code Deleted_Internal}.
 */
final class RegistryFiles {
  static final String DELETED = "Deleted_Internal";

  private final Path registry;

  RegistryFiles(Path registry) {
    this.registry = registry;
  }

  /**
   * The folder of a model name; a name that is not one plain folder name is refused, as MLflow's
   * file store refuses path separators.
   */
  Path modelDir(String name) {
    if (name == null
        || name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.contains("/")
        || name.contains("\\")
        || name.indexOf('\0') >= 0) {
      throw CairnException.invalid(
          "Invalid name: '%s'. Registered model name cannot contain path separator", name);
    }
    return registry.resolve(name);
  }

  boolean exists(String name) {
    return Files.isRegularFile(modelDir(name).resolve(FileTree.META));
  }

  /** The folder of a model that must exist. */
  Path require(String name) {
    Path dir = modelDir(name);
    if (!Files.isRegularFile(dir.resolve(FileTree.META))) {
      throw CairnException.notFound("Registered Model with name=%s not found", name);
    }
    return dir;
  }

  static Path versionDir(Path modelDir, long version) {
    return modelDir.resolve("version-" + version);
  }

  /** The folder of a version that must exist and not be deleted. */
  Path requireVersion(String name, long version) {
    Path dir = versionDir(require(name), version);
    Map<String, Object> meta = FileTree.readMeta(dir);
    if (meta == null || DELETED.equals(FileTree.text(meta, "current_stage"))) {
      throw CairnException.notFound("Model Version (name=%s, version=%d) not found", name, version);
    }
    return dir;
  }

  /** Every model with a readable meta.yaml, by name. */
  List<RegisteredModel> all() {
    List<RegisteredModel> out = new ArrayList<>();
    for (Path dir : FileTree.subdirs(registry)) {
      if (FileTree.readMeta(dir) != null) {
        out.add(model(dir));
      }
    }
    return out;
  }

  RegisteredModel model(Path dir) {
    Map<String, Object> meta = FileTree.readMeta(dir);
    String name = dir.getFileName().toString();
    List<RegisteredModel.Alias> aliases = new ArrayList<>();
    aliases(dir).forEach((a, v) -> aliases.add(new RegisteredModel.Alias(a, v)));
    return new RegisteredModel(
        name,
        FileTree.number(meta, "creation_timestamp"),
        FileTree.number(meta, "last_updated_timestamp"),
        null,
        FileTree.text(meta, "description"),
        latest(dir),
        tags(dir),
        List.copyOf(aliases));
  }

  /** The newest live version of each stage, in version order. */
  List<ModelVersion> latest(Path modelDir) {
    Map<String, ModelVersion> newest = new TreeMap<>();
    for (ModelVersion v : versions(modelDir)) {
      ModelVersion seen = newest.get(v.currentStage());
      if (seen == null || Long.parseLong(v.version()) > Long.parseLong(seen.version())) {
        newest.put(v.currentStage(), v);
      }
    }
    List<ModelVersion> out = new ArrayList<>(newest.values());
    out.sort(Comparator.comparingLong(v -> Long.parseLong(v.version())));
    return out;
  }

  /** Every live (not deleted) version of a model. */
  List<ModelVersion> versions(Path modelDir) {
    List<ModelVersion> out = new ArrayList<>();
    Map<String, String> aliases = aliases(modelDir);
    for (Path dir : FileTree.subdirs(modelDir)) {
      String folder = dir.getFileName().toString();
      if (!folder.startsWith("version-")) {
        continue;
      }
      Map<String, Object> meta = FileTree.readMeta(dir);
      if (meta != null && !DELETED.equals(FileTree.text(meta, "current_stage"))) {
        out.add(version(dir, meta, aliases));
      }
    }
    out.sort(Comparator.comparingLong(v -> Long.parseLong(v.version())));
    return out;
  }

  /** The highest version number ever given (deleted versions count: numbers are never reused). */
  long maxVersion(Path modelDir) {
    long max = 0;
    for (Path dir : FileTree.subdirs(modelDir)) {
      String folder = dir.getFileName().toString();
      if (folder.startsWith("version-")) {
        try {
          max = Math.max(max, Long.parseLong(folder.substring("version-".length())));
        } catch (NumberFormatException e) {
          // not a version folder
        }
      }
    }
    return max;
  }

  ModelVersion version(Path dir) {
    return version(dir, FileTree.readMeta(dir), aliases(dir.getParent()));
  }

  private ModelVersion version(Path dir, Map<String, Object> meta, Map<String, String> aliases) {
    String version = String.valueOf(FileTree.number(meta, "version"));
    List<String> names = new ArrayList<>();
    aliases.forEach(
        (alias, v) -> {
          if (v.equals(version)) {
            names.add(alias);
          }
        });
    String status = FileTree.text(meta, "status");
    return new ModelVersion(
        dir.getParent().getFileName().toString(),
        version,
        FileTree.number(meta, "creation_timestamp"),
        FileTree.number(meta, "last_updated_timestamp"),
        FileTree.text(meta, "user_id"),
        FileTree.text(meta, "current_stage"),
        FileTree.text(meta, "description"),
        FileTree.text(meta, "source"),
        FileTree.text(meta, "run_id"),
        status == null ? "READY" : status,
        FileTree.text(meta, "status_message"),
        tags(dir),
        FileTree.text(meta, "run_link"),
        List.copyOf(names));
  }

  static List<Tag> tags(Path dir) {
    List<Tag> out = new ArrayList<>();
    FileTree.keyFiles(dir.resolve("tags")).forEach((k, v) -> out.add(new Tag(k, v)));
    return List.copyOf(out);
  }

  /** Alias → version number, sorted by alias. */
  static Map<String, String> aliases(Path modelDir) {
    Map<String, String> out = new TreeMap<>();
    FileTree.keyFiles(modelDir.resolve("aliases")).forEach((a, v) -> out.put(a, v.strip()));
    return out;
  }
}
