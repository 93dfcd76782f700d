package dev.cairn.server;

import static dev.cairn.api.tracking.LoggedModelEndpoints.*;
import static dev.cairn.server.routing.Resource.EXPERIMENT;
import static dev.cairn.server.routing.Resource.LOGGED_MODEL;
import static dev.cairn.server.routing.Resource.RUN;

import dev.cairn.core.models.LoggedModelService;
import dev.cairn.core.models.ModelHistory;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Route;
import java.util.List;

/** MLflow 3's logged-model API and {@code runs/outputs}, bound to the service. */
final class LoggedModelRoutes {
  private LoggedModelRoutes() {}

  static List<Route> of(JsonRoutes json, LoggedModelService models, ModelHistory history) {
    return List.of(
        json.route(CREATE, EXPERIMENT, Access.UPDATE, models::createLoggedModel),
        json.route(GET, LOGGED_MODEL, Access.READ, models::getLoggedModel),
        json.route(FINALIZE, LOGGED_MODEL, Access.UPDATE, models::finalizeLoggedModel),
        json.route(DELETE, LOGGED_MODEL, Access.DELETE, models::deleteLoggedModel),
        json.route(SEARCH, EXPERIMENT, Access.SEARCH, models::searchLoggedModels),
        json.route(SET_TAGS, LOGGED_MODEL, Access.UPDATE, models::setLoggedModelTags),
        // MLflow asks for the delete permission here, unlike for a run's tag.
        json.route(DELETE_TAG, LOGGED_MODEL, Access.DELETE, models::deleteLoggedModelTag),
        json.route(LOG_PARAMS, LOGGED_MODEL, Access.UPDATE, models::logLoggedModelParams),
        json.route(LIST_ARTIFACTS, LOGGED_MODEL, Access.READ, models::listLoggedModelArtifacts),
        json.route(LOG_OUTPUTS, RUN, Access.UPDATE, models::logOutputs),
        json.route(LOG_MODEL, RUN, Access.UPDATE, history::logModel));
  }
}
