package dev.cairn.server;

import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.metrics.ServerMetrics;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.Route;
import dev.cairn.server.routing.RouteHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The web UI's page and bundles, and the server's own routes: {@code /health} (the process answers:
 * as MLflow's, it touches nothing), {@code /ready} (the backend store answers too, for a load
 * balancer or an orchestrator's readiness probe), {@code /version}, and {@code /metrics} with
 * {@code --expose-prometheus}.
 */
final class UiRoutes {
  private UiRoutes() {}

  /**
   * @param metrics null when {@code /metrics} is not served
   */
  static List<Route> of(String version, BackendStores stores, ServerMetrics metrics) {
    StaticUi ui = new StaticUi();
    List<Route> routes = new ArrayList<>();
    routes.add(server(List.of("/health"), c -> HttpResponse.text(200, "OK")));
    routes.add(server(List.of("/version"), c -> HttpResponse.text(200, version)));
    routes.add(server(List.of("/ready"), c -> ready(stores)));
    routes.add(server(List.of("/", "/index.html"), c -> ui.answer("/")));
    routes.add(server(List.of("/static-files/{file...}"), c -> ui.answer(c.path())));
    if (metrics != null) {
      routes.add(
          server(
              List.of("/metrics"),
              c ->
                  HttpResponse.bytes(
                      200,
                      ServerMetrics.contentType(),
                      metrics.render().getBytes(StandardCharsets.UTF_8))));
    }
    return routes;
  }

  private static HttpResponse ready(BackendStores stores) {
    String problem = stores.unreachableBecause();
    return problem == null
        ? HttpResponse.text(200, "OK")
        : HttpResponse.text(503, "The backend store is unavailable: " + problem);
  }

  private static Route server(List<String> paths, RouteHandler handler) {
    return new Route(HttpMethod.GET, paths, Resource.SERVER, Access.READ, Route.Body.NONE, handler);
  }
}
