package dev.cairn.server;

import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.Route;
import dev.cairn.server.routing.RouteHandler;
import java.util.List;

/** The web UI's page and bundles, and the server's own {@code /health} and {@code /version}. */
final class UiRoutes {
  private UiRoutes() {}

  static List<Route> of(String version) {
    StaticUi ui = new StaticUi();
    return List.of(
        server(List.of("/health"), c -> HttpResponse.text(200, "OK")),
        server(List.of("/version"), c -> HttpResponse.text(200, version)),
        server(List.of("/", "/index.html"), c -> ui.answer("/")),
        server(List.of("/static-files/{file...}"), c -> ui.answer(c.path())));
  }

  private static Route server(List<String> paths, RouteHandler handler) {
    return new Route(HttpMethod.GET, paths, Resource.SERVER, Access.READ, Route.Body.NONE, handler);
  }
}
