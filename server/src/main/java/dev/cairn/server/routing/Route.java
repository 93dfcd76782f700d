package dev.cairn.server.routing;

import dev.cairn.api.Endpoint.HttpMethod;
import java.util.List;

/**
 * One route of the server: a method, the paths it answers (an API route answers under each of
 * MLflow's prefixes), what it touches, how its body is read, and the handler. Every route the
 * server answers is one of these, in one {@link RouteTable}.
 *
 * @param paths path templates: a {@code {name}} segment matches one non-empty segment; a last
 *     segment {@code {name...}} matches the rest of the path (possibly nothing)
 * @param body how the request body reaches the handler
 */
public record Route(
    HttpMethod method,
    List<String> paths,
    Resource resource,
    Access access,
    Body body,
    RouteHandler handler) {

  /** How a route reads its request body. */
  public enum Body {
    /**
     * Buffered before the handler runs, within the server's body limits ({@link Call#body()});
     * string values longer than 1 MiB are cut there (no value of such a route is kept longer).
     */
    JSON,
    /** As {@link #JSON}, for the routes that keep longer values (a dataset's 16 MiB profile). */
    JSON_LONG_VALUES,
    /** Read by the handler as it arrives (artifact uploads), with no size limit of the server's. */
    STREAM,
    /** None is read. */
    NONE
  }

  /** Whether the body is buffered JSON. */
  public boolean readsJson() {
    return body == Body.JSON || body == Body.JSON_LONG_VALUES;
  }

  public Route {
    paths = List.copyOf(paths);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("a route needs a path");
    }
  }

  /** The route's name in logs and metrics, e.g. {@code GET /api/2.0/mlflow/runs/get}. */
  public String name() {
    return method + " " + paths.get(0);
  }

  @Override
  public String toString() {
    return name();
  }
}
