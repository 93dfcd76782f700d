package dev.cairn.api.tracking;

import static dev.cairn.api.Endpoint.delete;
import static dev.cairn.api.Endpoint.get;
import static dev.cairn.api.Endpoint.patch;
import static dev.cairn.api.Endpoint.post;

import dev.cairn.api.Empty;
import dev.cairn.api.Endpoint;
import dev.cairn.api.artifacts.ArtifactMessages.ListArtifactsResponse;
import dev.cairn.api.tracking.LoggedModelMessages.*;

/**
 * MLflow 3's logged-model routes. They live under {@code /api/2.0} although they are MLflow 3 APIs,
 * and the run outputs route is {@code /runs/outputs}.
 */
public final class LoggedModelEndpoints {
  private LoggedModelEndpoints() {}

  private static final String M = "/mlflow/logged-models";

  public static final Endpoint<CreateLoggedModel, LoggedModelResponse> CREATE =
      post(M, CreateLoggedModel.class, LoggedModelResponse.class);
  public static final Endpoint<GetLoggedModel, LoggedModelResponse> GET =
      get(M + "/{model_id}", GetLoggedModel.class, LoggedModelResponse.class);
  public static final Endpoint<FinalizeLoggedModel, LoggedModelResponse> FINALIZE =
      patch(M + "/{model_id}", FinalizeLoggedModel.class, LoggedModelResponse.class);
  public static final Endpoint<DeleteLoggedModel, Empty> DELETE =
      delete(M + "/{model_id}", DeleteLoggedModel.class, Empty.class);
  public static final Endpoint<SearchLoggedModels, SearchLoggedModelsResponse> SEARCH =
      post(M + "/search", SearchLoggedModels.class, SearchLoggedModelsResponse.class);
  public static final Endpoint<SetLoggedModelTags, Empty> SET_TAGS =
      patch(M + "/{model_id}/tags", SetLoggedModelTags.class, Empty.class);
  public static final Endpoint<DeleteLoggedModelTag, Empty> DELETE_TAG =
      delete(M + "/{model_id}/tags/{tag_key}", DeleteLoggedModelTag.class, Empty.class);
  public static final Endpoint<LogLoggedModelParams, Empty> LOG_PARAMS =
      post(M + "/{model_id}/params", LogLoggedModelParams.class, Empty.class);
  public static final Endpoint<ListLoggedModelArtifacts, ListArtifactsResponse> LIST_ARTIFACTS =
      get(
          M + "/{model_id}/artifacts/directories",
          ListLoggedModelArtifacts.class,
          ListArtifactsResponse.class);
  public static final Endpoint<LogModel, Empty> LOG_MODEL =
      post("/mlflow/runs/log-model", LogModel.class, Empty.class);
  public static final Endpoint<LogOutputs, Empty> LOG_OUTPUTS =
      post("/mlflow/runs/outputs", LogOutputs.class, Empty.class);
}
