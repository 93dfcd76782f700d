package dev.cairn.server;

import static dev.cairn.api.registry.RegistryEndpoints.*;
import static dev.cairn.server.routing.Access.*;
import static dev.cairn.server.routing.Resource.REGISTERED_MODEL;

import dev.cairn.core.registry.RegistryService;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Route;
import java.util.List;

/** The model registry API bound to its service; versions are governed by their model. */
final class RegistryRoutes {
  private RegistryRoutes() {}

  static List<Route> of(JsonRoutes json, RegistryService registry) {
    return List.of(
        json.route(CREATE_MODEL, REGISTERED_MODEL, CREATE, registry::createRegisteredModel),
        json.route(GET_MODEL, REGISTERED_MODEL, READ, registry::getRegisteredModel),
        json.route(RENAME_MODEL, REGISTERED_MODEL, UPDATE, registry::renameRegisteredModel),
        json.route(UPDATE_MODEL, REGISTERED_MODEL, UPDATE, registry::updateRegisteredModel),
        json.route(DELETE_MODEL, REGISTERED_MODEL, Access.DELETE, registry::deleteRegisteredModel),
        json.route(
            SEARCH_MODELS, REGISTERED_MODEL, Access.SEARCH, registry::searchRegisteredModels),
        json.route(LATEST_VERSIONS, REGISTERED_MODEL, READ, registry::getLatestVersions),
        json.route(LATEST_VERSIONS_GET, REGISTERED_MODEL, READ, registry::getLatestVersions),
        json.route(SET_MODEL_TAG, REGISTERED_MODEL, UPDATE, registry::setRegisteredModelTag),
        json.route(DELETE_MODEL_TAG, REGISTERED_MODEL, UPDATE, registry::deleteRegisteredModelTag),
        json.route(SET_ALIAS, REGISTERED_MODEL, UPDATE, registry::setAlias),
        // MLflow asks for the delete permission to remove an alias, and the update one to set it.
        json.route(DELETE_ALIAS, REGISTERED_MODEL, Access.DELETE, registry::deleteAlias),
        json.route(GET_BY_ALIAS, REGISTERED_MODEL, READ, registry::getModelVersionByAlias),
        json.route(CREATE_VERSION, REGISTERED_MODEL, UPDATE, registry::createModelVersion),
        json.route(GET_VERSION, REGISTERED_MODEL, READ, registry::getModelVersion),
        json.route(UPDATE_VERSION, REGISTERED_MODEL, UPDATE, registry::updateModelVersion),
        json.route(TRANSITION, REGISTERED_MODEL, UPDATE, registry::transitionStage),
        json.route(DELETE_VERSION, REGISTERED_MODEL, Access.DELETE, registry::deleteModelVersion),
        json.route(DOWNLOAD_URI, REGISTERED_MODEL, READ, registry::getDownloadUri),
        json.route(SEARCH_VERSIONS, REGISTERED_MODEL, Access.SEARCH, registry::searchModelVersions),
        json.route(SET_VERSION_TAG, REGISTERED_MODEL, UPDATE, registry::setModelVersionTag),
        // MLflow asks for the delete permission here, unlike for a registered model's tag.
        json.route(
            DELETE_VERSION_TAG, REGISTERED_MODEL, Access.DELETE, registry::deleteModelVersionTag));
  }
}
