package dev.cairn.api.tracking;

import static dev.cairn.api.Endpoint.get;
import static dev.cairn.api.Endpoint.post;

import dev.cairn.api.Empty;
import dev.cairn.api.Endpoint;
import dev.cairn.api.tracking.ExperimentMessages.*;
import dev.cairn.api.tracking.MetricMessages.*;
import dev.cairn.api.tracking.RunMessages.*;

/** MLflow's tracking routes, served under {@code /api/2.0} and {@code /ajax-api/2.0}. */
public final class TrackingEndpoints {
  private TrackingEndpoints() {}

  private static final String E = "/mlflow/experiments/";
  private static final String R = "/mlflow/runs/";

  public static final Endpoint<CreateExperiment, CreateExperimentResponse> CREATE_EXPERIMENT =
      post(E + "create", CreateExperiment.class, CreateExperimentResponse.class);
  public static final Endpoint<GetExperiment, ExperimentResponse> GET_EXPERIMENT =
      get(E + "get", GetExperiment.class, ExperimentResponse.class);
  public static final Endpoint<GetExperimentByName, ExperimentResponse> GET_EXPERIMENT_BY_NAME =
      get(E + "get-by-name", GetExperimentByName.class, ExperimentResponse.class);
  public static final Endpoint<SearchExperiments, SearchExperimentsResponse> SEARCH_EXPERIMENTS =
      post(E + "search", SearchExperiments.class, SearchExperimentsResponse.class);
  public static final Endpoint<SearchExperiments, SearchExperimentsResponse>
      SEARCH_EXPERIMENTS_GET =
          get(E + "search", SearchExperiments.class, SearchExperimentsResponse.class);
  public static final Endpoint<DeleteExperiment, Empty> DELETE_EXPERIMENT =
      post(E + "delete", DeleteExperiment.class, Empty.class);
  public static final Endpoint<RestoreExperiment, Empty> RESTORE_EXPERIMENT =
      post(E + "restore", RestoreExperiment.class, Empty.class);
  public static final Endpoint<UpdateExperiment, Empty> UPDATE_EXPERIMENT =
      post(E + "update", UpdateExperiment.class, Empty.class);
  public static final Endpoint<SetExperimentTag, Empty> SET_EXPERIMENT_TAG =
      post(E + "set-experiment-tag", SetExperimentTag.class, Empty.class);
  public static final Endpoint<DeleteExperimentTag, Empty> DELETE_EXPERIMENT_TAG =
      post(E + "delete-experiment-tag", DeleteExperimentTag.class, Empty.class);
  public static final Endpoint<SearchDatasets, SearchDatasetsResponse> SEARCH_DATASETS =
      post(E + "search-datasets", SearchDatasets.class, SearchDatasetsResponse.class);
  public static final Endpoint<GetRunCounts, RunCounts> GET_RUN_COUNTS =
      get("/cairn/experiments/run-counts", GetRunCounts.class, RunCounts.class);

  public static final Endpoint<CreateRun, RunResponse> CREATE_RUN =
      post(R + "create", CreateRun.class, RunResponse.class);
  public static final Endpoint<CreatePromptlabRun, RunResponse> CREATE_PROMPTLAB_RUN =
      post(R + "create-promptlab-run", CreatePromptlabRun.class, RunResponse.class);
  public static final Endpoint<GetRun, RunResponse> GET_RUN =
      get(R + "get", GetRun.class, RunResponse.class);
  public static final Endpoint<UpdateRun, UpdateRunResponse> UPDATE_RUN =
      post(R + "update", UpdateRun.class, UpdateRunResponse.class);
  public static final Endpoint<DeleteRun, Empty> DELETE_RUN =
      post(R + "delete", DeleteRun.class, Empty.class);
  public static final Endpoint<RestoreRun, Empty> RESTORE_RUN =
      post(R + "restore", RestoreRun.class, Empty.class);
  public static final Endpoint<LogMetric, Empty> LOG_METRIC =
      post(R + "log-metric", LogMetric.class, Empty.class);
  public static final Endpoint<LogParam, Empty> LOG_PARAM =
      post(R + "log-parameter", LogParam.class, Empty.class);
  public static final Endpoint<SetTag, Empty> SET_TAG =
      post(R + "set-tag", SetTag.class, Empty.class);
  public static final Endpoint<DeleteTag, Empty> DELETE_TAG =
      post(R + "delete-tag", DeleteTag.class, Empty.class);
  public static final Endpoint<LogBatch, Empty> LOG_BATCH =
      post(R + "log-batch", LogBatch.class, Empty.class);
  public static final Endpoint<LogInputs, Empty> LOG_INPUTS =
      post(R + "log-inputs", LogInputs.class, Empty.class);
  public static final Endpoint<SearchRuns, SearchRunsResponse> SEARCH_RUNS =
      post(R + "search", SearchRuns.class, SearchRunsResponse.class);

  public static final Endpoint<GetMetricHistory, MetricsResponse> GET_METRIC_HISTORY =
      get("/mlflow/metrics/get-history", GetMetricHistory.class, MetricsResponse.class);
  public static final Endpoint<GetMetricHistoryBulk, MetricsResponse> GET_METRIC_HISTORY_BULK =
      get("/mlflow/metrics/get-history-bulk", GetMetricHistoryBulk.class, MetricsResponse.class);
  public static final Endpoint<GetMetricHistoryBulkInterval, MetricsResponse>
      GET_METRIC_HISTORY_BULK_INTERVAL =
          get(
              "/mlflow/metrics/get-history-bulk-interval",
              GetMetricHistoryBulkInterval.class,
              MetricsResponse.class);

  /**
   * Cairn's own chart read, under {@code /api/2.0/cairn/} so it never meets a future MLflow path.
   */
  public static final Endpoint<GetDownsampledHistory, DownsampledHistory> GET_DOWNSAMPLED_HISTORY =
      get(
          "/cairn/metrics/get-history-downsampled",
          GetDownsampledHistory.class,
          DownsampledHistory.class);
}
