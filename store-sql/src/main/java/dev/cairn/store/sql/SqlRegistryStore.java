package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.core.CairnException;
import dev.cairn.core.registry.NewModelVersion;
import dev.cairn.core.registry.RegistryQuery;
import dev.cairn.core.registry.RegistryStore;
import dev.cairn.core.tracking.Page;
import java.util.ArrayList;
import java.util.List;

/** The {@link RegistryStore} on MLflow's SQL schema, sharing the tracking store's database. */
public final class SqlRegistryStore implements RegistryStore {
  private final Database db;
  private final ModelVersionSql versions;
  private final RegisteredModelSql models;
  private final RegistrySearchSql search;

  /** Uses {@code db} without owning it. */
  public SqlRegistryStore(Database db) {
    this.db = db;
    this.search = new RegistrySearchSql(db.dialect());
    this.versions = new ModelVersionSql(db.dialect());
    this.models = new RegisteredModelSql(versions, db.dialect());
  }

  @Override
  public RegisteredModel createRegisteredModel(
      String name, List<Tag> tags, String description, long now) {
    return db.write(
        c -> {
          models.create(c, name, tags, description, now);
          return models.get(c, name);
        });
  }

  @Override
  public RegisteredModel getRegisteredModel(String name) {
    return db.read(c -> models.get(c, name));
  }

  @Override
  public RegisteredModel renameRegisteredModel(String name, String newName, long now) {
    return db.write(
        c -> {
          models.rename(c, name, newName, now);
          return models.get(c, newName);
        });
  }

  @Override
  public RegisteredModel updateRegisteredModel(String name, String description, long now) {
    return db.write(
        c -> {
          models.require(c, name);
          update(
              c,
              "UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?",
              description,
              now,
              name);
          return models.get(c, name);
        });
  }

  @Override
  public void deleteRegisteredModel(String name) {
    db.write(
        c -> {
          models.delete(c, name);
          return null;
        });
  }

  @Override
  public Page<RegisteredModel> searchRegisteredModels(RegistryQuery query) {
    SqlFragment sql = search.models(query);
    return db.read(
        c -> page(models.load(c, sql.sql.toString(), sql.argArray()), query.maxResults()));
  }

  private static <T> Page<T> page(List<T> rows, int max) {
    boolean more = rows.size() > max;
    return new Page<>(more ? rows.subList(0, max) : rows, more);
  }

  @Override
  public void setRegisteredModelTag(String name, Tag tag, long now) {
    db.write(
        c -> {
          models.require(c, name);
          models.setTag(c, name, tag);
          return null;
        });
  }

  @Override
  public void deleteRegisteredModelTag(String name, String key) {
    db.write(
        c -> {
          models.require(c, name);
          update(c, "DELETE FROM registered_model_tags WHERE name = ? AND key = ?", name, key);
          return null;
        });
  }

  @Override
  public ModelVersion createModelVersion(NewModelVersion version) {
    return db.write(
        c -> {
          models.require(c, version.name());
          return versions.get(c, version.name(), versions.create(c, version));
        });
  }

  @Override
  public ModelVersion getModelVersion(String name, long version) {
    return db.read(c -> versions.get(c, name, version));
  }

  @Override
  public ModelVersion updateModelVersion(String name, long version, String description, long now) {
    return db.write(
        c -> {
          versions.require(c, name, version);
          update(
              c,
              "UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ?"
                  + " AND version = ?",
              description,
              now,
              name,
              version);
          return versions.get(c, name, version);
        });
  }

  @Override
  public ModelVersion transitionStage(
      String name, long version, String stage, boolean archiveExisting, long now) {
    return db.write(
        c -> {
          versions.require(c, name, version);
          if (archiveExisting) {
            update(
                c,
                "UPDATE model_versions SET current_stage = 'Archived', last_updated_time = ?"
                    + " WHERE name = ? AND version <> ? AND current_stage = ?",
                now,
                name,
                version,
                stage);
          }
          update(
              c,
              "UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE name = ?"
                  + " AND version = ?",
              stage,
              now,
              name,
              version);
          update(c, "UPDATE registered_models SET last_updated_time = ? WHERE name = ?", now, name);
          return versions.get(c, name, version);
        });
  }

  /**
   * Soft delete, as MLflow: stage {@code Deleted_Internal}, source, run and description cleared, so
   * the number is never reused and nothing of the deleted version can be read back.
   */
  @Override
  public void deleteModelVersion(String name, long version, long now) {
    db.write(
        c -> {
          versions.require(c, name, version);
          update(
              c,
              "UPDATE model_versions SET current_stage = '"
                  + ModelVersionSql.DELETED
                  + "',"
                  + " source = 'REDACTED-SOURCE-PATH', run_id = 'REDACTED-RUN-ID',"
                  + " run_link = 'REDACTED-RUN-LINK', storage_location ="
                  + " 'REDACTED-STORAGE-LOCATION', user_id = NULL, description = NULL,"
                  + " status_message = NULL, last_updated_time = ? WHERE name = ? AND version = ?",
              now,
              name,
              version);
          update(
              c,
              "DELETE FROM registered_model_aliases WHERE name = ? AND version = ?",
              name,
              version);
          update(c, "DELETE FROM model_version_tags WHERE name = ? AND version = ?", name, version);
          update(c, "UPDATE registered_models SET last_updated_time = ? WHERE name = ?", now, name);
          return null;
        });
  }

  @Override
  public String downloadUri(String name, long version) {
    return db.read(
        c -> {
          versions.require(c, name, version);
          return queryOne(
              c,
              "SELECT COALESCE(storage_location, source) FROM model_versions WHERE name = ? AND"
                  + " version = ?",
              rs -> rs.getString(1),
              name,
              version);
        });
  }

  @Override
  public Page<ModelVersion> searchModelVersions(RegistryQuery query) {
    SqlFragment sql = search.versions(query);
    return db.read(
        c -> page(versions.load(c, sql.sql.toString(), sql.argArray()), query.maxResults()));
  }

  @Override
  public List<ModelVersion> latestVersions(String name, List<String> stages) {
    return db.read(
        c -> {
          RegisteredModel model = models.get(c, name);
          List<ModelVersion> out = new ArrayList<>();
          for (ModelVersion v : model.latestVersions()) {
            if (stages.isEmpty() || stages.contains(v.currentStage())) {
              out.add(v);
            }
          }
          return out;
        });
  }

  @Override
  public void setModelVersionTag(String name, long version, Tag tag) {
    db.write(
        c -> {
          versions.require(c, name, version);
          versions.setTag(c, name, version, tag);
          return null;
        });
  }

  @Override
  public void deleteModelVersionTag(String name, long version, String key) {
    db.write(
        c -> {
          versions.require(c, name, version);
          update(
              c,
              "DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?",
              name,
              version,
              key);
          return null;
        });
  }

  @Override
  public void setAlias(String name, String alias, long version) {
    db.write(
        c -> {
          versions.require(c, name, version);
          update(
              c,
              "INSERT INTO registered_model_aliases (alias, version, name) VALUES (?, ?, ?)"
                  + db.dialect().upsert("workspace, name, alias", "version"),
              alias,
              version,
              name);
          return null;
        });
  }

  @Override
  public void deleteAlias(String name, String alias) {
    db.write(
        c -> {
          models.require(c, name);
          update(
              c, "DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?", name, alias);
          return null;
        });
  }

  @Override
  public ModelVersion versionByAlias(String name, String alias) {
    return db.read(
        c -> {
          models.require(c, name);
          Long version;
          if (alias.equalsIgnoreCase("latest")) {
            version =
                queryOne(
                    c,
                    "SELECT MAX(version) FROM model_versions WHERE name = ? AND current_stage <> '"
                        + ModelVersionSql.DELETED
                        + "'",
                    rs -> rs.getObject(1) == null ? null : rs.getLong(1),
                    name);
          } else {
            version =
                queryOne(
                    c,
                    "SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?",
                    rs -> rs.getLong(1),
                    name,
                    alias);
          }
          if (version == null) {
            throw CairnException.invalid("Registered model alias %s not found.", alias);
          }
          return versions.get(c, name, version);
        });
  }
}
