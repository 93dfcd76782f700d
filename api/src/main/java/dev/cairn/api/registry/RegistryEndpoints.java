package dev.cairn.api.registry;

import static dev.cairn.api.Endpoint.delete;
import static dev.cairn.api.Endpoint.get;
import static dev.cairn.api.Endpoint.patch;
import static dev.cairn.api.Endpoint.post;

import dev.cairn.api.Empty;
import dev.cairn.api.Endpoint;
import dev.cairn.api.registry.RegistryMessages.*;

/** MLflow's model registry routes. Deletes take JSON bodies (or query parameters). */
public final class RegistryEndpoints {
  private RegistryEndpoints() {}

  private static final String RM = "/mlflow/registered-models/";
  private static final String MV = "/mlflow/model-versions/";

  public static final Endpoint<CreateRegisteredModel, RegisteredModelResponse> CREATE_MODEL =
      post(RM + "create", CreateRegisteredModel.class, RegisteredModelResponse.class);
  public static final Endpoint<GetRegisteredModel, RegisteredModelResponse> GET_MODEL =
      get(RM + "get", GetRegisteredModel.class, RegisteredModelResponse.class);
  public static final Endpoint<RenameRegisteredModel, RegisteredModelResponse> RENAME_MODEL =
      post(RM + "rename", RenameRegisteredModel.class, RegisteredModelResponse.class);
  public static final Endpoint<UpdateRegisteredModel, RegisteredModelResponse> UPDATE_MODEL =
      patch(RM + "update", UpdateRegisteredModel.class, RegisteredModelResponse.class);
  public static final Endpoint<DeleteRegisteredModel, Empty> DELETE_MODEL =
      delete(RM + "delete", DeleteRegisteredModel.class, Empty.class);
  public static final Endpoint<SearchRegisteredModels, SearchRegisteredModelsResponse>
      SEARCH_MODELS =
          get(RM + "search", SearchRegisteredModels.class, SearchRegisteredModelsResponse.class);
  public static final Endpoint<GetLatestVersions, ModelVersionsResponse> LATEST_VERSIONS =
      post(RM + "get-latest-versions", GetLatestVersions.class, ModelVersionsResponse.class);
  public static final Endpoint<GetLatestVersions, ModelVersionsResponse> LATEST_VERSIONS_GET =
      get(RM + "get-latest-versions", GetLatestVersions.class, ModelVersionsResponse.class);
  public static final Endpoint<SetRegisteredModelTag, Empty> SET_MODEL_TAG =
      post(RM + "set-tag", SetRegisteredModelTag.class, Empty.class);
  public static final Endpoint<DeleteRegisteredModelTag, Empty> DELETE_MODEL_TAG =
      delete(RM + "delete-tag", DeleteRegisteredModelTag.class, Empty.class);
  public static final Endpoint<SetRegisteredModelAlias, Empty> SET_ALIAS =
      post(RM + "alias", SetRegisteredModelAlias.class, Empty.class);
  public static final Endpoint<DeleteRegisteredModelAlias, Empty> DELETE_ALIAS =
      delete(RM + "alias", DeleteRegisteredModelAlias.class, Empty.class);
  public static final Endpoint<GetModelVersionByAlias, ModelVersionResponse> GET_BY_ALIAS =
      get(RM + "alias", GetModelVersionByAlias.class, ModelVersionResponse.class);

  public static final Endpoint<CreateModelVersion, ModelVersionResponse> CREATE_VERSION =
      post(MV + "create", CreateModelVersion.class, ModelVersionResponse.class);
  public static final Endpoint<GetModelVersion, ModelVersionResponse> GET_VERSION =
      get(MV + "get", GetModelVersion.class, ModelVersionResponse.class);
  public static final Endpoint<UpdateModelVersion, ModelVersionResponse> UPDATE_VERSION =
      patch(MV + "update", UpdateModelVersion.class, ModelVersionResponse.class);
  public static final Endpoint<TransitionModelVersionStage, ModelVersionResponse> TRANSITION =
      post(MV + "transition-stage", TransitionModelVersionStage.class, ModelVersionResponse.class);
  public static final Endpoint<DeleteModelVersion, Empty> DELETE_VERSION =
      delete(MV + "delete", DeleteModelVersion.class, Empty.class);
  public static final Endpoint<GetModelVersionDownloadUri, DownloadUriResponse> DOWNLOAD_URI =
      get(MV + "get-download-uri", GetModelVersionDownloadUri.class, DownloadUriResponse.class);
  public static final Endpoint<SearchModelVersions, SearchModelVersionsResponse> SEARCH_VERSIONS =
      get(MV + "search", SearchModelVersions.class, SearchModelVersionsResponse.class);
  public static final Endpoint<SetModelVersionTag, Empty> SET_VERSION_TAG =
      post(MV + "set-tag", SetModelVersionTag.class, Empty.class);
  public static final Endpoint<DeleteModelVersionTag, Empty> DELETE_VERSION_TAG =
      delete(MV + "delete-tag", DeleteModelVersionTag.class, Empty.class);
}
