package dev.cairn.server;

import static dev.cairn.api.tracking.TrackingEndpoints.*;
import static dev.cairn.server.Route.bind;

import dev.cairn.core.tracking.ExperimentService;
import dev.cairn.core.tracking.TrackingService;
import java.util.List;

/** The tracking API: every MLflow tracking endpoint bound to its service method. */
public final class TrackingRoutes {
  private TrackingRoutes() {}

  public static List<Route<?, ?>> of(ExperimentService experiments, TrackingService tracking) {
    return List.of(
        bind(CREATE_EXPERIMENT, experiments::createExperiment),
        bind(GET_EXPERIMENT, experiments::getExperiment),
        bind(GET_EXPERIMENT_BY_NAME, experiments::getExperimentByName),
        bind(SEARCH_EXPERIMENTS, experiments::searchExperiments),
        bind(SEARCH_EXPERIMENTS_GET, experiments::searchExperiments),
        bind(DELETE_EXPERIMENT, experiments::deleteExperiment),
        bind(RESTORE_EXPERIMENT, experiments::restoreExperiment),
        bind(UPDATE_EXPERIMENT, experiments::updateExperiment),
        bind(SET_EXPERIMENT_TAG, experiments::setExperimentTag),
        bind(DELETE_EXPERIMENT_TAG, experiments::deleteExperimentTag),
        bind(GET_RUN_COUNTS, experiments::getRunCounts),
        bind(CREATE_RUN, tracking::createRun),
        bind(GET_RUN, tracking::getRun),
        bind(UPDATE_RUN, tracking::updateRun),
        bind(DELETE_RUN, tracking::deleteRun),
        bind(RESTORE_RUN, tracking::restoreRun),
        bind(LOG_METRIC, tracking::logMetric),
        bind(LOG_PARAM, tracking::logParam),
        bind(SET_TAG, tracking::setTag),
        bind(DELETE_TAG, tracking::deleteTag),
        bind(LOG_BATCH, tracking::logBatch),
        bind(LOG_INPUTS, tracking::logInputs),
        bind(SEARCH_RUNS, tracking::searchRuns),
        bind(GET_METRIC_HISTORY, tracking::getMetricHistory),
        bind(GET_METRIC_HISTORY_BULK_INTERVAL, tracking::getMetricHistoryBulkInterval),
        bind(GET_DOWNSAMPLED_HISTORY, tracking::getDownsampledHistory));
  }
}
