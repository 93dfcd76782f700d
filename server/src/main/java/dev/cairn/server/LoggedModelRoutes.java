package dev.cairn.server;

import static dev.cairn.api.tracking.LoggedModelEndpoints.*;
import static dev.cairn.server.Route.bind;

import dev.cairn.core.models.LoggedModelService;
import dev.cairn.core.models.ModelHistory;
import java.util.List;

/** MLflow 3's logged-model API and {@code runs/outputs}, bound to the service. */
public final class LoggedModelRoutes {
  private LoggedModelRoutes() {}

  public static List<Route<?, ?>> of(LoggedModelService models, ModelHistory history) {
    return List.of(
        bind(CREATE, models::createLoggedModel),
        bind(GET, models::getLoggedModel),
        bind(FINALIZE, models::finalizeLoggedModel),
        bind(DELETE, models::deleteLoggedModel),
        bind(SEARCH, models::searchLoggedModels),
        bind(SET_TAGS, models::setLoggedModelTags),
        bind(DELETE_TAG, models::deleteLoggedModelTag),
        bind(LOG_PARAMS, models::logLoggedModelParams),
        bind(LIST_ARTIFACTS, models::listLoggedModelArtifacts),
        bind(LOG_OUTPUTS, models::logOutputs),
        bind(LOG_MODEL, history::logModel));
  }
}
