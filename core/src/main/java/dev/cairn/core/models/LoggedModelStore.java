package dev.cairn.core.models;

import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.LoggedModelStatus;
import dev.cairn.api.model.ModelOutput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Tag;
import dev.cairn.core.tracking.Page;
import java.util.List;

/**
 * Persistent MLflow 3 logged models, in MLflow's schema ({@code logged_models} and its tag, param
 * and metric tables). Every method is atomic. Unknown (or, unless allowed, deleted) models throw
 * RESOURCE_DOES_NOT_EXIST {@code "Logged model with ID '<id>' not found."}. Thread-safe.
 */
public interface LoggedModelStore {

  /**
   * Creates a PENDING model in an active experiment (INVALID_PARAMETER_VALUE when deleted,
   * RESOURCE_DOES_NOT_EXIST when unknown); its artifact URI is {@code <experiment
   * location>/models/<model id>/artifacts}.
   */
  LoggedModel createLoggedModel(NewLoggedModel model);

  LoggedModel getLoggedModel(String modelId, boolean allowDeleted);

  /** Sets the status and the last-updated time. */
  LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status, long now);

  /** Soft-deletes: the model disappears from get and search. */
  void deleteLoggedModel(String modelId, long now);

  /** Upserts tags; for a key given twice the last value wins. */
  void setLoggedModelTags(String modelId, List<Tag> tags);

  /** RESOURCE_DOES_NOT_EXIST when the tag is not set. */
  void deleteLoggedModelTag(String modelId, String key);

  /** Adds params; a key already logged with another value is INVALID_PARAMETER_VALUE. */
  void logLoggedModelParams(String modelId, List<Param> params);

  /** One page of active models of the query's experiments, in the query's order. */
  Page<LoggedModel> searchLoggedModels(LoggedModelQuery query);

  /** Records models an active run produced, with the step of each. */
  void logOutputs(String runId, List<ModelOutput> models);
}
