package dev.cairn.server;

import static dev.cairn.api.tracing.TraceEndpoints.*;
import static dev.cairn.server.routing.Resource.EXPERIMENT;
import static dev.cairn.server.routing.Resource.RUN;
import static dev.cairn.server.routing.Resource.TRACE;

import dev.cairn.api.Endpoint;
import dev.cairn.core.tracing.TraceService;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.Route;
import java.util.List;
import java.util.function.Function;

/**
 * MLflow's trace API: the v3 RPCs under {@code /api/3.0} (and {@code /ajax-api/3.0}), the v2 ones
 * the 2.x client calls under {@code 2.0}, as MLflow registers each RPC under its own version only.
 */
final class TraceRoutes {
  private static final List<String> V2 = List.of("/api/2.0", "/ajax-api/2.0");
  private static final List<String> V3 = List.of("/api/3.0", "/ajax-api/3.0");

  private TraceRoutes() {}

  static List<Route> of(JsonRoutes json, TraceService traces) {
    return List.of(
        v3(json, V3_START, EXPERIMENT, Access.UPDATE, traces::startTraceV3),
        v3(json, V3_GET, TRACE, Access.READ, traces::getTrace),
        v3(json, V3_BATCH_GET, TRACE, Access.READ, traces::batchGetTraces),
        v3(json, V3_BATCH_GET_INFOS, TRACE, Access.READ, traces::batchGetTraceInfos),
        v3(json, V3_SEARCH, EXPERIMENT, Access.READ, traces::searchTracesV3),
        v3(json, V3_DELETE, EXPERIMENT, Access.DELETE, traces::deleteTraces),
        v3(json, V3_GET_INFO, TRACE, Access.READ, traces::getTraceInfoV3),
        v3(json, V3_SET_TAG, TRACE, Access.UPDATE, traces::setTraceTagV3),
        v3(json, V3_DELETE_TAG, TRACE, Access.UPDATE, traces::deleteTraceTagV3),
        v3(json, V3_CREATE_ASSESSMENT, TRACE, Access.UPDATE, traces::createAssessment),
        v3(json, V3_GET_ASSESSMENT, TRACE, Access.READ, traces::getAssessment),
        v3(json, V3_UPDATE_ASSESSMENT, TRACE, Access.UPDATE, traces::updateAssessment),
        v3(json, V3_DELETE_ASSESSMENT, TRACE, Access.UPDATE, traces::deleteAssessment),
        v2(json, V2_START, EXPERIMENT, Access.UPDATE, traces::startTrace),
        v2(json, V2_SEARCH, EXPERIMENT, Access.READ, traces::searchTraces),
        v2(json, V2_DELETE, EXPERIMENT, Access.DELETE, traces::deleteTraces),
        v2(json, V2_LINK_TO_RUN, RUN, Access.UPDATE, traces::linkTracesToRun),
        v2(json, V2_GET_INFO, TRACE, Access.READ, traces::getTraceInfo),
        v2(json, V2_END, TRACE, Access.UPDATE, traces::endTrace),
        v2(json, V2_SET_TAG, TRACE, Access.UPDATE, traces::setTraceTag),
        v2(json, V2_DELETE_TAG, TRACE, Access.UPDATE, traces::deleteTraceTag));
  }

  private static <Q, R> Route v3(
      JsonRoutes json, Endpoint<Q, R> e, Resource r, Access a, Function<Q, R> service) {
    return json.route(e, V3, r, a, service);
  }

  private static <Q, R> Route v2(
      JsonRoutes json, Endpoint<Q, R> e, Resource r, Access a, Function<Q, R> service) {
    return json.route(e, V2, r, a, service);
  }
}
