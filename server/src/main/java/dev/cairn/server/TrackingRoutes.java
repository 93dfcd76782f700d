package dev.cairn.server;

import static dev.cairn.api.tracking.TrackingEndpoints.*;
import static dev.cairn.server.routing.Access.*;
import static dev.cairn.server.routing.Resource.EXPERIMENT;
import static dev.cairn.server.routing.Resource.RUN;

import dev.cairn.api.artifacts.ArtifactEndpoints;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.models.PromptLabRuns;
import dev.cairn.core.tracking.ExperimentService;
import dev.cairn.core.tracking.TrackingService;
import dev.cairn.core.tracking.UiReads;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Route;
import java.util.List;

/**
 * The tracking API: every MLflow tracking endpoint bound to its service method, with what it
 * touches as MLflow's auth app sees it (creating a run writes to its experiment).
 */
final class TrackingRoutes {
  private TrackingRoutes() {}

  static List<Route> of(
      JsonRoutes json,
      ExperimentService experiments,
      TrackingService tracking,
      ArtifactService artifacts,
      UiReads ui,
      PromptLabRuns promptLab) {
    return List.of(
        json.route(CREATE_EXPERIMENT, EXPERIMENT, CREATE, experiments::createExperiment),
        json.route(GET_EXPERIMENT, EXPERIMENT, READ, experiments::getExperiment),
        json.route(GET_EXPERIMENT_BY_NAME, EXPERIMENT, READ, experiments::getExperimentByName),
        json.route(SEARCH_EXPERIMENTS, EXPERIMENT, SEARCH, experiments::searchExperiments),
        json.route(SEARCH_EXPERIMENTS_GET, EXPERIMENT, SEARCH, experiments::searchExperiments),
        json.route(DELETE_EXPERIMENT, EXPERIMENT, DELETE, experiments::deleteExperiment),
        json.route(RESTORE_EXPERIMENT, EXPERIMENT, DELETE, experiments::restoreExperiment),
        json.route(UPDATE_EXPERIMENT, EXPERIMENT, UPDATE, experiments::updateExperiment),
        json.route(SET_EXPERIMENT_TAG, EXPERIMENT, UPDATE, experiments::setExperimentTag),
        json.route(DELETE_EXPERIMENT_TAG, EXPERIMENT, UPDATE, experiments::deleteExperimentTag),
        json.route(GET_RUN_COUNTS, EXPERIMENT, READ, experiments::getRunCounts),
        json.route(SEARCH_DATASETS, EXPERIMENT, READ, ui::searchDatasets),
        json.route(GET_METRIC_HISTORY_BULK, RUN, READ, ui::getMetricHistoryBulk),
        json.route(CREATE_RUN, EXPERIMENT, UPDATE, tracking::createRun),
        json.route(CREATE_PROMPTLAB_RUN, EXPERIMENT, UPDATE, promptLab::createPromptlabRun),
        json.route(GET_RUN, RUN, READ, tracking::getRun),
        json.route(UPDATE_RUN, RUN, UPDATE, tracking::updateRun),
        json.route(DELETE_RUN, RUN, DELETE, tracking::deleteRun),
        json.route(RESTORE_RUN, RUN, DELETE, tracking::restoreRun),
        json.route(LOG_METRIC, RUN, UPDATE, tracking::logMetric),
        json.route(LOG_PARAM, RUN, UPDATE, tracking::logParam),
        json.route(SET_TAG, RUN, UPDATE, tracking::setTag),
        json.route(DELETE_TAG, RUN, UPDATE, tracking::deleteTag),
        json.route(LOG_BATCH, RUN, UPDATE, tracking::logBatch),
        json.route(LOG_INPUTS, RUN, UPDATE, Route.Body.JSON_LONG_VALUES, tracking::logInputs),
        json.route(SEARCH_RUNS, EXPERIMENT, Access.SEARCH, tracking::searchRuns),
        json.route(GET_METRIC_HISTORY, RUN, READ, tracking::getMetricHistory),
        json.route(
            GET_METRIC_HISTORY_BULK_INTERVAL, RUN, READ, tracking::getMetricHistoryBulkInterval),
        json.route(GET_DOWNSAMPLED_HISTORY, RUN, READ, tracking::getDownsampledHistory),
        json.route(ArtifactEndpoints.LIST_ARTIFACTS, RUN, READ, artifacts::listArtifacts));
  }
}
