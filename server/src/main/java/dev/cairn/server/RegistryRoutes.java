package dev.cairn.server;

import static dev.cairn.api.registry.RegistryEndpoints.*;
import static dev.cairn.server.Route.bind;

import dev.cairn.core.registry.RegistryService;
import java.util.List;

/** The model registry API bound to its service. */
public final class RegistryRoutes {
  private RegistryRoutes() {}

  public static List<Route<?, ?>> of(RegistryService registry) {
    return List.of(
        bind(CREATE_MODEL, registry::createRegisteredModel),
        bind(GET_MODEL, registry::getRegisteredModel),
        bind(RENAME_MODEL, registry::renameRegisteredModel),
        bind(UPDATE_MODEL, registry::updateRegisteredModel),
        bind(DELETE_MODEL, registry::deleteRegisteredModel),
        bind(SEARCH_MODELS, registry::searchRegisteredModels),
        bind(LATEST_VERSIONS, registry::getLatestVersions),
        bind(LATEST_VERSIONS_GET, registry::getLatestVersions),
        bind(SET_MODEL_TAG, registry::setRegisteredModelTag),
        bind(DELETE_MODEL_TAG, registry::deleteRegisteredModelTag),
        bind(SET_ALIAS, registry::setAlias),
        bind(DELETE_ALIAS, registry::deleteAlias),
        bind(GET_BY_ALIAS, registry::getModelVersionByAlias),
        bind(CREATE_VERSION, registry::createModelVersion),
        bind(GET_VERSION, registry::getModelVersion),
        bind(UPDATE_VERSION, registry::updateModelVersion),
        bind(TRANSITION, registry::transitionStage),
        bind(DELETE_VERSION, registry::deleteModelVersion),
        bind(DOWNLOAD_URI, registry::getDownloadUri),
        bind(SEARCH_VERSIONS, registry::searchModelVersions),
        bind(SET_VERSION_TAG, registry::setModelVersionTag),
        bind(DELETE_VERSION_TAG, registry::deleteModelVersionTag));
  }
}
