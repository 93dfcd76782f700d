package dev.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.api.artifacts.ArtifactMessages.AbortMultipartUpload;
import dev.cairn.api.artifacts.ArtifactMessages.CompleteMultipartUpload;
import dev.cairn.api.artifacts.ArtifactMessages.CreateMultipartUpload;
import dev.cairn.core.CairnException;
import dev.cairn.core.artifacts.ArtifactPaths;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.artifacts.ProxiedArtifacts;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.metrics.ArtifactTraffic;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.Route;
import dev.cairn.server.routing.RouteHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The streamed artifact routes: MLflow's proxied artifact service ({@code
 * /api/2.0/mlflow-artifacts/...}), the UI's {@code /get-artifact}, {@code
 * /model-versions/get-artifact}, {@code upload-artifact} and logged-model file reads, and Cairn's
 * folder zip. Bodies stream in both directions; the rules live in {@link ArtifactService} and
 * {@link ProxiedArtifacts}.
 */
final class ArtifactRoutes {
  private static final List<String> V2 = List.of("/api/2.0", "/ajax-api/2.0");
  private final ArtifactService artifacts;
  private final ProxiedArtifacts proxy;
  private final Function<String, String> loggedModelUri;
  private final BiFunction<String, String, String> versionUri;
  private final JsonRoutes json;
  private final RequestDecoder decoder;
  private final ArtifactTraffic traffic;

  /**
   * @param loggedModelUri a logged model's artifact URI by model id
   * @param versionUri a model version's download URI by name and version
   */
  ArtifactRoutes(
      ArtifactService artifacts,
      Function<String, String> loggedModelUri,
      BiFunction<String, String, String> versionUri,
      JsonRoutes json,
      ArtifactTraffic traffic) {
    this.artifacts = artifacts;
    this.proxy = new ProxiedArtifacts(artifacts);
    this.loggedModelUri = loggedModelUri;
    this.versionUri = versionUri;
    this.json = json;
    this.decoder = new RequestDecoder(json.mapper());
    this.traffic = traffic;
  }

  List<Route> routes() {
    Resource proxied = Resource.PROXIED_ARTIFACT;
    String files = "/mlflow-artifacts/artifacts/{path...}";
    return List.of(
        route(HttpMethod.GET, v2("/mlflow-artifacts/artifacts"), proxied, Access.READ, this::list),
        route(HttpMethod.GET, v2(files), proxied, Access.READ, this::download),
        stream(HttpMethod.PUT, v2(files), proxied, Access.UPDATE, this::upload),
        route(HttpMethod.DELETE, v2(files), proxied, Access.DELETE, this::delete),
        multipart(
            "create", c -> proxy.createMultipart(dir(c), body(c, CreateMultipartUpload.class))),
        multipart(
            "complete",
            c ->
                done(
                    () -> proxy.completeMultipart(dir(c), body(c, CompleteMultipartUpload.class)))),
        multipart(
            "abort",
            c -> done(() -> proxy.abortMultipart(dir(c), body(c, AbortMultipartUpload.class)))),
        route(
            HttpMethod.GET,
            v2("/mlflow-artifacts/presigned/{path...}"),
            proxied,
            Access.READ,
            c -> {
              proxy.presignedDownload(c.pathParams().get("path"));
              return null;
            }),
        route(HttpMethod.GET, List.of("/get-artifact"), Resource.RUN, Access.READ, this::runFile),
        route(
            HttpMethod.GET,
            List.of("/model-versions/get-artifact"),
            Resource.REGISTERED_MODEL,
            Access.READ,
            this::versionFile),
        stream(
            HttpMethod.POST,
            v2("/mlflow/upload-artifact"),
            Resource.RUN,
            Access.UPDATE,
            this::uiUpload),
        route(
            HttpMethod.GET,
            v2("/mlflow/logged-models/{model_id}/artifacts/files"),
            Resource.LOGGED_MODEL,
            Access.READ,
            this::loggedModelFile),
        route(
            HttpMethod.GET,
            v2("/cairn/artifacts/download-zip"),
            Resource.RUN,
            Access.READ,
            c ->
                ArtifactZip.send(
                    traffic,
                    artifacts.folder(c.queryParam("run_id"), c.queryParam("path")),
                    c.queryParam("run_id"),
                    c.queryParam("path"))));
  }

  private HttpResponse list(Call c) throws Exception {
    return ok(proxy.list(c.queryParam("path")));
  }

  private HttpResponse download(Call c) {
    return Downloads.send(traffic, proxy.download(c.pathParams().get("path")), c.header("Range"));
  }

  private HttpResponse upload(Call c) throws Exception {
    proxy.upload(
        c.pathParams().get("path"),
        traffic.counting(c.exchange().body()),
        c.exchange().contentLength());
    return ok(Map.of());
  }

  private HttpResponse delete(Call c) throws Exception {
    proxy.delete(c.pathParams().get("path"));
    return ok(Map.of());
  }

  private HttpResponse runFile(Call c) {
    String runId = c.queryParam("run_id");
    if (runId == null) {
      runId = c.queryParam("run_uuid");
    }
    return Downloads.send(
        traffic,
        artifacts.open(artifacts.runArtifact(runId, c.queryParam("path"))),
        c.header("Range"));
  }

  /** The UI's download of a file of a registered model version; the path is checked first. */
  private HttpResponse versionFile(Call c) {
    String path = c.queryParam("path");
    ArtifactPaths.relative(path);
    String uri = versionUri.apply(c.queryParam("name"), c.queryParam("version"));
    return Downloads.send(traffic, artifacts.open(artifacts.locate(uri, path)), c.header("Range"));
  }

  private HttpResponse loggedModelFile(Call c) {
    String file = c.queryParam("artifact_file_path");
    if (file == null || file.isEmpty()) {
      throw CairnException.badRequest("Request must specify artifact_file_path.");
    }
    String uri = loggedModelUri.apply(c.pathParams().get("model_id"));
    return Downloads.send(traffic, artifacts.open(artifacts.locate(uri, file)), c.header("Range"));
  }

  private HttpResponse uiUpload(Call c) throws Exception {
    String runId = c.queryParam("run_uuid");
    if (runId == null) {
      runId = c.queryParam("run_id");
    }
    artifacts.uploadRunArtifact(
        runId, c.queryParam("path"), c.exchange().body(), c.exchange().contentLength());
    return ok(Map.of());
  }

  private Route multipart(String action, Handler handler) {
    return new Route(
        HttpMethod.POST,
        v2("/mlflow-artifacts/mpu/" + action + "/{path...}"),
        Resource.PROXIED_ARTIFACT,
        Access.UPDATE,
        Route.Body.JSON,
        c -> ok(handler.answer(c)));
  }

  private static String dir(Call c) {
    return c.pathParams().get("path");
  }

  private <T> T body(Call c, Class<T> type) throws Exception {
    return decoder.fromBody(c.body(), type);
  }

  private static Object done(Action action) throws Exception {
    action.run();
    return Map.of();
  }

  private interface Action {
    void run() throws Exception;
  }

  /** A handler whose answer is written as JSON. */
  private interface Handler {
    Object answer(Call call) throws Exception;
  }

  private HttpResponse ok(Object value) throws Exception {
    ObjectMapper mapper = json.mapper();
    return HttpResponse.json(200, mapper.writeValueAsBytes(value));
  }

  private static List<String> v2(String path) {
    return V2.stream().map(p -> p + path).toList();
  }

  private static Route route(
      HttpMethod m, List<String> paths, Resource r, Access a, RouteHandler h) {
    return new Route(m, paths, r, a, Route.Body.NONE, h);
  }

  /**
   * A route that reads its body as it arrives. When it refuses the request, what is left of the
   * body is read and dropped (up to {@link #DRAIN_LIMIT}) so that the client, still sending, gets
   * the error answer instead of a reset connection.
   */
  private static Route stream(
      HttpMethod m, List<String> paths, Resource r, Access a, RouteHandler h) {
    RouteHandler draining =
        c -> {
          try {
            return h.handle(c);
          } catch (Exception e) {
            drainQuietly(c);
            throw e;
          }
        };
    return new Route(m, paths, r, a, Route.Body.STREAM, draining);
  }

  private static final long DRAIN_LIMIT = 64L << 20;

  private static void drainQuietly(Call c) {
    try (InputStream body = c.exchange().body()) {
      byte[] sink = new byte[64 * 1024];
      long left = DRAIN_LIMIT;
      for (int n; left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) >= 0; ) {
        left -= n;
      }
    } catch (IOException | RuntimeException ignored) {
      // the connection is gone, or the body was shorter: nothing more to do for it
    }
  }
}
