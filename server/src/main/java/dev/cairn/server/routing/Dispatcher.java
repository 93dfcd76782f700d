package dev.cairn.server.routing;

import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.api.ErrorCode;
import dev.cairn.server.http.HttpExchange;
import dev.cairn.server.http.HttpHandler;
import dev.cairn.server.http.HttpResponse;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The server's one entry point: strips the static prefix, finds the route in the {@link
 * RouteTable}, and passes the call through every {@link Filter} to the route's handler. A request
 * no route takes (unknown path, wrong method, OPTIONS) goes through the same filters to the
 * server's answer for it. Whatever a filter or handler throws becomes MLflow's error body where it
 * was thrown, so the filters outside it still see an answer.
 */
public final class Dispatcher implements HttpHandler {
  private final String prefix;
  private final RouteTable table;
  private final List<Filter> filters;
  private final Map<Route, LongAdder> counts = new IdentityHashMap<>();

  /**
   * @param staticPrefix the path prefix of every route ({@code --static-prefix}), or empty
   * @param filters outermost first
   */
  public Dispatcher(String staticPrefix, RouteTable table, List<Filter> filters) {
    this.prefix = staticPrefix == null ? "" : staticPrefix;
    this.table = table;
    this.filters = List.copyOf(filters);
    table.routes().forEach(r -> counts.put(r, new LongAdder()));
  }

  /** How many requests each route of the table has taken since the start. */
  public Map<Route, Long> requestCounts() {
    Map<Route, Long> out = new LinkedHashMap<>();
    table.routes().forEach(r -> out.put(r, counts.get(r).sum()));
    return out;
  }

  public RouteTable table() {
    return table;
  }

  @Override
  public HttpResponse handle(HttpExchange exchange) {
    long start = System.nanoTime();
    String full = exchange.path();
    if (!prefix.isEmpty() && full.equals(prefix)) {
      // The UI's page loads its bundles by relative paths, which need the trailing slash.
      return HttpResponse.empty(308).withHeader("Location", prefix + "/");
    }
    Call call;
    if (prefix.isEmpty() || full.startsWith(prefix + "/")) {
      call = resolve(exchange, full.substring(prefix.length()), start);
    } else {
      call = unmatched(exchange, full, notFound(full), start);
    }
    return run(call, 0);
  }

  private HttpResponse run(Call call, int index) {
    try {
      if (index == filters.size()) {
        return call.route().handler().handle(call);
      }
      return filters.get(index).apply(call, next -> run(next, index + 1));
    } catch (Exception | StackOverflowError e) {
      return ApiError.from(e).toResponse();
    }
  }

  private Call resolve(HttpExchange exchange, String sent, long start) {
    String path = routable(sent);
    RouteTable.Lookup lookup = table.find(path);
    if (lookup == null) {
      return unmatched(exchange, path, notFound(path), start);
    }
    String method = exchange.method();
    HttpMethod m = parse(method.equals("HEAD") ? "GET" : method);
    Route route = m == null ? null : lookup.byMethod().get(m);
    if (route != null) {
      counts.get(route).increment();
      return new Call(exchange, path, route, true, lookup.params(), start);
    }
    String rpc = NotServed.rpc(path);
    if (rpc != null && !method.equals("OPTIONS")) {
      return unmatched(exchange, path, notServed(path, rpc), start);
    }
    String allow =
        Stream.concat(lookup.byMethod().keySet().stream().map(Enum::name), Stream.of("OPTIONS"))
            .collect(Collectors.joining(", "));
    RouteHandler answer =
        method.equals("OPTIONS")
            ? c -> HttpResponse.empty(204).withHeader("Allow", allow)
            : c ->
                new ApiError(
                        405,
                        ErrorCode.BAD_REQUEST.name(),
                        "Method " + method + " is not allowed for " + path)
                    .toResponse()
                    .withHeader("Allow", allow);
    return unmatched(exchange, path, answer, start);
  }

  /**
   * The path to route: as sent, or with repeated slashes merged when only that matches. MLflow's
   * router merges them outside path parameters (it redirects to the merged path; clients follow),
   * so {@code //model-versions/get-artifact} is that route; a parameter's own "//" is kept.
   */
  private String routable(String sent) {
    if (!sent.contains("//") || table.find(sent) != null) {
      return sent;
    }
    String merged = sent.replaceAll("/{2,}", "/");
    return table.find(merged) != null ? merged : sent;
  }

  private static RouteHandler notFound(String path) {
    String feature = NotServed.feature(path);
    if (feature != null) {
      return notServed(path, feature);
    }
    return c ->
        ApiError.of(
                ErrorCode.ENDPOINT_NOT_FOUND,
                "No API endpoint found for " + c.method() + " " + path)
            .toResponse();
  }

  private static RouteHandler notServed(String path, String feature) {
    return c ->
        ApiError.of(
                ErrorCode.NOT_IMPLEMENTED,
                "MLflow's "
                    + feature
                    + " API ("
                    + c.method()
                    + " "
                    + path
                    + ") is not served by this Cairn server.")
            .toResponse();
  }

  private static Call unmatched(
      HttpExchange exchange, String path, RouteHandler answer, long start) {
    Route route =
        new Route(
            HttpMethod.GET,
            List.of(path.isEmpty() ? "/" : path),
            Resource.SERVER,
            Access.READ,
            Route.Body.NONE,
            answer);
    return new Call(exchange, path, route, false, Map.of(), start);
  }

  private static HttpMethod parse(String method) {
    try {
      return HttpMethod.valueOf(method);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
