package dev.cairn.store.sql.transfer;

import static dev.cairn.store.file.FileTree.keyFiles;
import static dev.cairn.store.file.FileTree.subdirs;
import static dev.cairn.store.sql.transfer.MlrunsFiles.number;
import static dev.cairn.store.sql.transfer.MlrunsFiles.text;
import static dev.cairn.store.sql.transfer.MlrunsFiles.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.store.sql.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** The model registry of a file store ({@code mlruns/models/<name>/...}) into a database. */
final class FileStoreRegistryImport {
  private final Database target;
  private final FileStoreImport.Stats stats;

  FileStoreRegistryImport(Database target, FileStoreImport.Stats stats) {
    this.target = target;
    this.stats = stats;
  }

  void importModel(Path dir) {
    JsonNode meta = yaml(dir.resolve("meta.yaml"));
    if (meta == null) {
      return;
    }
    String name = text(meta, "name", dir.getFileName().toString());
    Map<String, String> tags = keyFiles(dir.resolve("tags"));
    Map<String, String> aliases = keyFiles(dir.resolve("aliases"));
    target.write(
        c -> {
          ImportTarget.insertIgnore(
              c,
              target.dialect(),
              "registered_models",
              "name, creation_time, last_updated_time, description",
              name,
              number(meta, "creation_timestamp"),
              number(meta, "last_updated_timestamp"),
              text(meta, "description", null));
          for (Map.Entry<String, String> t : tags.entrySet()) {
            ImportTarget.insertIgnore(
                c,
                target.dialect(),
                "registered_model_tags",
                "key, value, name",
                t.getKey(),
                t.getValue(),
                name);
          }
          for (Path version : subdirs(dir)) {
            if (version.getFileName().toString().startsWith("version-")) {
              importVersion(c, version, name);
            }
          }
          for (Map.Entry<String, String> a : aliases.entrySet()) {
            try {
              ImportTarget.insertIgnore(
                  c,
                  target.dialect(),
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
    ImportTarget.insertIgnore(
        c,
        target.dialect(),
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
    for (Map.Entry<String, String> t : keyFiles(dir.resolve("tags")).entrySet()) {
      ImportTarget.insertIgnore(
          c,
          target.dialect(),
          "model_version_tags",
          "key, value, name, version",
          t.getKey(),
          t.getValue(),
          name,
          version);
    }
    stats.add("model_versions", 1);
  }
}
