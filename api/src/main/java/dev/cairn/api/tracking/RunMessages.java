package dev.cairn.api.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.ModelInput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import java.util.List;

/**
 * Requests and responses of MLflow's run RPCs. Requests that name a run accept {@code run_id} or
 * the legacy {@code run_uuid} (the Java client sends both); {@code id()} picks the one given.
 */
public final class RunMessages {
  private RunMessages() {}

  static String either(String runId, String runUuid) {
    return runId != null && !runId.isEmpty() ? runId : runUuid;
  }

  public record CreateRun(
      String experimentId, String userId, String runName, Long startTime, List<Tag> tags) {}

  public record RunResponse(Run run) {}

  /**
   * MLflow's {@code runs/create-promptlab-run} (the prompt engineering UI's run): a prompt, its
   * parameters, the model route and one input/output pair. Parameter values may be any JSON value,
   * as MLflow reads this body as plain JSON.
   */
  public record CreatePromptlabRun(
      String experimentId,
      String runName,
      List<Tag> tags,
      String promptTemplate,
      List<PromptlabParam> promptParameters,
      String modelRoute,
      List<PromptlabParam> modelParameters,
      String modelInput,
      String modelOutput,
      List<PromptlabParam> modelOutputParameters,
      String mlflowVersion,
      String userId,
      Long startTime) {}

  /** A key and a JSON value (string, number, boolean or null). */
  public record PromptlabParam(String key, JsonNode value) {}

  public record GetRun(String runId, String runUuid) {
    public String id() {
      return either(runId, runUuid);
    }
  }

  public record UpdateRun(
      String runId, String runUuid, RunStatus status, Long endTime, String runName) {
    public String id() {
      return either(runId, runUuid);
    }
  }

  public record UpdateRunResponse(RunInfo runInfo) {}

  public record DeleteRun(String runId) {}

  public record RestoreRun(String runId) {}

  public record LogMetric(
      String runId,
      String runUuid,
      String key,
      Double value,
      Long timestamp,
      Long step,
      String modelId,
      String datasetName,
      String datasetDigest) {
    public String id() {
      return either(runId, runUuid);
    }
  }

  public record LogParam(String runId, String runUuid, String key, String value) {
    public String id() {
      return either(runId, runUuid);
    }
  }

  public record SetTag(String runId, String runUuid, String key, String value) {
    public String id() {
      return either(runId, runUuid);
    }
  }

  public record DeleteTag(String runId, String key) {}

  public record LogBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {}

  public record LogInputs(String runId, List<DatasetInput> datasets, List<ModelInput> models) {}

  public record SearchRuns(
      List<String> experimentIds,
      String filter,
      ViewType runViewType,
      Integer maxResults,
      List<String> orderBy,
      String pageToken) {}

  public record SearchRunsResponse(List<Run> runs, String nextPageToken) {}
}
