package dev.cairn.core.registry;

import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.core.tracking.Page;
import java.util.List;

/**
 * Persistent registered models, versions, tags and aliases in MLflow's schema. Every method is
 * atomic. Errors, with MLflow's codes and messages:
 *
 * <ul>
 *   <li>unknown model: RESOURCE_DOES_NOT_EXIST {@code Registered Model with name=<n> not found};
 *   <li>unknown or deleted version: RESOURCE_DOES_NOT_EXIST {@code Model Version (name=<n>,
 *       version=<v>) not found};
 *   <li>duplicate model name: RESOURCE_ALREADY_EXISTS.
 * </ul>
 *
 * Names and values are already validated by {@code RegistryService}. Thread-safe.
 */
public interface RegistryStore {

  RegisteredModel createRegisteredModel(String name, List<Tag> tags, String description, long now);

  RegisteredModel getRegisteredModel(String name);

  /** Renames the model and its versions, tags and aliases. */
  RegisteredModel renameRegisteredModel(String name, String newName, long now);

  RegisteredModel updateRegisteredModel(String name, String description, long now);

  /** Deletes the model with every version, tag and alias. */
  void deleteRegisteredModel(String name);

  /** One page of models matching the query, in its order. */
  Page<RegisteredModel> searchRegisteredModels(RegistryQuery query);

  void setRegisteredModelTag(String name, Tag tag, long now);

  /** A missing tag is ignored (the model must exist). */
  void deleteRegisteredModelTag(String name, String key);

  /**
   * Creates version max(existing, including deleted) + 1, status READY, stage {@code None}.
   *
   * @param storageLocation where the files are (null: the source itself)
   */
  ModelVersion createModelVersion(NewModelVersion version);

  ModelVersion getModelVersion(String name, long version);

  ModelVersion updateModelVersion(String name, long version, String description, long now);

  /**
   * Moves a version to {@code stage}; with {@code archiveExisting}, other versions in that stage
   * move to Archived.
   */
  ModelVersion transitionStage(
      String name, long version, String stage, boolean archiveExisting, long now);

  /** Soft-deletes a version (its number is never reused) and drops aliases pointing at it. */
  void deleteModelVersion(String name, long version, long now);

  /** The files of a version: its storage location, else its source. */
  String downloadUri(String name, long version);

  Page<ModelVersion> searchModelVersions(RegistryQuery query);

  /** For each stage asked (all when empty), the newest version in it. */
  List<ModelVersion> latestVersions(String name, List<String> stages);

  void setModelVersionTag(String name, long version, Tag tag);

  void deleteModelVersionTag(String name, long version, String key);

  /** Points {@code alias} at an existing version (moving it if set). */
  void setAlias(String name, String alias, long version);

  /** A missing alias is ignored. */
  void deleteAlias(String name, String alias);

  /**
   * The version an alias names.
   *
   * @throws dev.cairn.core.CairnException INVALID_PARAMETER_VALUE for an unknown alias (MLflow
   *     answers 400 here, not 404)
   */
  ModelVersion versionByAlias(String name, String alias);
}
