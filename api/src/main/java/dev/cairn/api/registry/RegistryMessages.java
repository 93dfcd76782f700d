package dev.cairn.api.registry;

import dev.cairn.api.model.Tag;
import java.util.List;

/** Requests and responses of MLflow's model registry RPCs. */
public final class RegistryMessages {
  private RegistryMessages() {}

  public record CreateRegisteredModel(
      String name, List<Tag> tags, String description, String deploymentJobId) {}

  public record RegisteredModelResponse(RegisteredModel registeredModel) {}

  public record GetRegisteredModel(String name) {}

  public record RenameRegisteredModel(String name, String newName) {}

  public record UpdateRegisteredModel(String name, String description, String deploymentJobId) {}

  public record DeleteRegisteredModel(String name) {}

  public record SearchRegisteredModels(
      String filter, Long maxResults, List<String> orderBy, String pageToken) {}

  public record SearchRegisteredModelsResponse(
      List<RegisteredModel> registeredModels, String nextPageToken) {}

  public record GetLatestVersions(String name, List<String> stages) {}

  public record ModelVersionsResponse(List<ModelVersion> modelVersions) {}

  public record SetRegisteredModelTag(String name, String key, String value) {}

  public record DeleteRegisteredModelTag(String name, String key) {}

  public record CreateModelVersion(
      String name,
      String source,
      String runId,
      List<Tag> tags,
      String runLink,
      String description,
      String modelId) {}

  public record ModelVersionResponse(ModelVersion modelVersion) {}

  public record GetModelVersion(String name, String version) {}

  public record UpdateModelVersion(String name, String version, String description) {}

  public record TransitionModelVersionStage(
      String name, String version, String stage, Boolean archiveExistingVersions) {}

  public record DeleteModelVersion(String name, String version) {}

  public record GetModelVersionDownloadUri(String name, String version) {}

  public record DownloadUriResponse(String artifactUri) {}

  public record SearchModelVersions(
      String filter, Long maxResults, List<String> orderBy, String pageToken) {}

  public record SearchModelVersionsResponse(
      List<ModelVersion> modelVersions, String nextPageToken) {}

  public record SetModelVersionTag(String name, String version, String key, String value) {}

  public record DeleteModelVersionTag(String name, String version, String key) {}

  public record SetRegisteredModelAlias(String name, String alias, String version) {}

  public record DeleteRegisteredModelAlias(String name, String alias) {}

  public record GetModelVersionByAlias(String name, String alias) {}
}
