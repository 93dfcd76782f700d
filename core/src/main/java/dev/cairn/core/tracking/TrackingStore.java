package dev.cairn.core.tracking;

import dev.cairn.api.model.DatasetInput;
import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.ModelInput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.tracking.ExperimentMessages.ExperimentRunCount;
import dev.cairn.api.tracking.MetricMessages.MetricBucket;
import java.util.List;

/**
 * Persistent state of experiments, runs and their data, in MLflow's schema. Every method is atomic:
 * it either applies completely or throws and leaves the store unchanged. Inputs are already
 * validated by {@code TrackingService} (lengths, key characters, required fields); the store checks
 * existence and lifecycle and throws {@link dev.cairn.core.CairnException} with MLflow's error
 * codes:
 *
 * <ul>
 *   <li>unknown experiment or run: {@code RESOURCE_DOES_NOT_EXIST};
 *   <li>writes to a deleted run or experiment: {@code INVALID_PARAMETER_VALUE};
 *   <li>a duplicate experiment name: {@code RESOURCE_ALREADY_EXISTS}.
 * </ul>
 *
 * Implementations are thread-safe.
 */
public interface TrackingStore extends AutoCloseable {

  /**
   * Creates an active experiment; a null {@code artifactLocation} becomes {@code <default artifact
   * root>/<id>}.
   *
   * @return the new experiment's id
   */
  String createExperiment(String name, String artifactLocation, List<Tag> tags, long now);

  /** An experiment in any lifecycle stage. */
  Experiment getExperiment(String experimentId);

  /** An experiment by exact name, in any lifecycle stage. */
  Experiment getExperimentByName(String name);

  /**
   * One page of experiments in the query's order; {@code Page.hasMore} tells whether rows follow.
   */
  Page<Experiment> searchExperiments(SearchQuery query);

  /** Renames an active experiment (INVALID_STATE when deleted, as MLflow does). */
  void renameExperiment(String experimentId, String newName, long now);

  /** Soft-deletes an active experiment and all its runs. */
  void deleteExperiment(String experimentId, long now);

  /** Restores a deleted experiment and its runs. */
  void restoreExperiment(String experimentId, long now);

  void setExperimentTag(String experimentId, Tag tag);

  /** Removes a tag; RESOURCE_DOES_NOT_EXIST when it is not set. */
  void deleteExperimentTag(String experimentId, String key);

  /**
   * Creates a RUNNING run in an active experiment; its artifact URI is {@code <experiment
   * location>/<runId>/artifacts}.
   */
  Run createRun(NewRun run);

  /** A run with its latest metrics, params, tags, inputs and outputs, in any lifecycle stage. */
  Run getRun(String runId);

  /**
   * The id of the run's experiment (which never changes), in any lifecycle stage; what a permission
   * check reads on every request that names a run.
   *
   * @throws dev.cairn.core.CairnException RESOURCE_DOES_NOT_EXIST when there is no such run
   */
  default String experimentIdOfRun(String runId) {
    return getRun(runId).info().experimentId();
  }

  /**
   * Updates the given (non-null) fields of an active run; a new name also sets {@code
   * mlflow.runName}.
   */
  RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName);

  void deleteRun(String runId, long now);

  void restoreRun(String runId);

  /**
   * Logs params, then metrics, then tags in one transaction. Identical metric points are ignored; a
   * param already logged with another value fails the whole batch. {@code latest_metrics} keeps,
   * per key, the point with the highest (step, timestamp, value). A tag {@code mlflow.runName}
   * renames the run.
   */
  void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

  /** Removes a run tag; RESOURCE_DOES_NOT_EXIST when it is not set. */
  void deleteTag(String runId, String key);

  /** Records datasets (deduplicated per experiment, name and digest) and model inputs of a run. */
  void logInputs(String runId, List<DatasetInput> datasets, List<ModelInput> models);

  /** Points of one metric ordered by (timestamp, step, value); {@code limit} null means all. */
  Page<Metric> getMetricHistory(String runId, String key, Integer limit, int offset);

  /**
   * At most {@code limit} points of one metric after {@code after} (null: from the first) in
   * (timestamp, step, value, NaN flag) order, with the cursor after the last.
   */
  HistoryCursor.Page getMetricHistoryAfter(
      String runId, String key, int limit, HistoryCursor after);

  /**
   * A down-sampled history of one metric over several runs: at most {@code maxResults} evenly
   * spaced steps within [startStep, endStep] (plus each run's first and last step), every point at
   * those steps, ordered by run, step, timestamp, value; each point carries its run id.
   */
  List<Metric> getMetricHistoryBulkInterval(
      List<String> runIds, String key, Long startStep, Long endStep, int maxResults);

  /**
   * One run's points of one metric in [startStep, endStep] (the whole series when null) summarised
   * in at most {@code maxBuckets} buckets of equal step width, in step order.
   */
  List<MetricBucket> getMetricBuckets(
      String runId, String key, Long startStep, Long endStep, int maxBuckets);

  /** Active and deleted runs of each experiment; an unknown experiment counts zero. */
  List<ExperimentRunCount> countRuns(List<String> experimentIds);

  /** One page of runs of the query's experiments, in the query's order. */
  Page<Run> searchRuns(SearchQuery query);

  @Override
  void close();
}
