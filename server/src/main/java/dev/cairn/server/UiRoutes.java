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
 * balancer or an orchestrator's readiness probe), {@code /version}, MLflow 3's {@code server-info},
 * and {@code /metrics} with {@code --expose-prometheus}.
 */
final class UiRoutes {
  private UiRoutes() {}

  /**
   * @param metrics null when {@code /metrics} is not served
   */
  static List<Route> of(String version, BackendStores stores, ServerMetrics metrics) {
    StaticUi ui = new StaticUi();
    List<Route> routes = new ArrayList<>();
    routes.add(open(List.of("/health"), c -> HttpResponse.text(200, "OK")));
    routes.add(open(List.of("/version"), c -> HttpResponse.text(200, version)));
    routes.add(open(List.of("/ready"), c -> ready(stores)));
    byte[] info = serverInfo(stores);
    routes.add(
        open(
            List.of("/api/3.0/mlflow/server-info", "/ajax-api/3.0/mlflow/server-info"),
            c -> HttpResponse.json(200, info)));
    routes.add(server(List.of("/", "/index.html"), c -> ui.answer("/")));
    routes.add(open(List.of("/static-files/{file...}"), c -> ui.answer(c.path())));
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

  /**
   * What MLflow 3 clients ask before they choose how to talk to a server (open without login, as
   * MLflow's: it holds no secret). Cairn proxies multipart uploads only to S3 and serves no
   * presigned downloads, so the client's plain proxied transfers are announced; neither workspaces,
   * trace archival nor the AI gateway exist here.
   */
  private static byte[] serverInfo(BackendStores stores) {
    String storeType = stores.database() == null ? "FileStore" : "SqlStore";
    return ("{\"store_type\": \"%s\", \"workspaces_enabled\": false,"
            + " \"trace_archival_enabled\": false, \"multipart_uploads_enabled\": false,"
            + " \"multipart_downloads_enabled\": false,"
            + " \"presigned_upload_run_id_supported\": false,"
            + " \"presigned_upload_model_id_supported\": false,"
            + " \"features_enabled\": {\"gateway\": false}}")
        .formatted(storeType)
        .getBytes(StandardCharsets.UTF_8);
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

  private static Route open(List<String> paths, RouteHandler handler) {
    return new Route(HttpMethod.GET, paths, Resource.PUBLIC, Access.READ, Route.Body.NONE, handler);
  }
}
