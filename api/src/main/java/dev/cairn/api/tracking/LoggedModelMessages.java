package dev.cairn.api.tracking;

import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.LoggedModelStatus;
import dev.cairn.api.model.ModelOutput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import java.util.List;

/** Requests and responses of MLflow 3's logged-model RPCs and {@code runs/outputs}. */
public final class LoggedModelMessages {
  private LoggedModelMessages() {}

  public record CreateLoggedModel(
      String experimentId,
      String name,
      String modelType,
      String sourceRunId,
      List<Param> params,
      List<Tag> tags) {}

  public record LoggedModelResponse(LoggedModel model) {}

  /** {@code allow_deleted} arrives as the query string {@code true}/{@code false}. */
  public record GetLoggedModel(String modelId, String allowDeleted) {}

  public record FinalizeLoggedModel(String modelId, LoggedModelStatus status) {}

  public record DeleteLoggedModel(String modelId) {}

  public record SetLoggedModelTags(String modelId, List<Tag> tags) {}

  public record DeleteLoggedModelTag(String modelId, String tagKey) {}

  public record LogLoggedModelParams(String modelId, List<Param> params) {}

  public record ListLoggedModelArtifacts(
      String modelId, String artifactDirectoryPath, String pageToken) {}

  public record DatasetFilter(String datasetName, String datasetDigest) {}

  public record OrderBy(
      String fieldName, Boolean ascending, String datasetName, String datasetDigest) {}

  public record SearchLoggedModels(
      List<String> experimentIds,
      String filter,
      List<DatasetFilter> datasets,
      Integer maxResults,
      List<OrderBy> orderBy,
      String pageToken) {}

  public record SearchLoggedModelsResponse(List<LoggedModel> models, String nextPageToken) {}

  public record LogOutputs(String runId, List<ModelOutput> models) {}

  /** MLflow 2's {@code runs/log-model}: an MLmodel description as a JSON string. */
  public record LogModel(String runId, String modelJson) {}
}
