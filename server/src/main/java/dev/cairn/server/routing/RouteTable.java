package dev.cairn.server.routing;

import dev.cairn.api.Endpoint.HttpMethod;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every route the server answers, indexed for lookup: exact paths in a map, templated paths tried
 * in the order given. An exact path wins over a template that also matches it.
 */
public final class RouteTable {
  private final List<Route> routes;
  private final Map<String, Map<HttpMethod, Route>> exact = new HashMap<>();
  private final Map<PathTemplate, Map<HttpMethod, Route>> templated = new LinkedHashMap<>();

  /**
   * @throws IllegalStateException when two routes answer the same method and path
   */
  public RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
    Map<String, PathTemplate> templates = new HashMap<>();
    for (Route route : this.routes) {
      for (String path : route.paths()) {
        PathTemplate t = templates.computeIfAbsent(path, PathTemplate::of);
        Map<HttpMethod, Route> byMethod =
            t.isExact()
                ? exact.computeIfAbsent(path, k -> new EnumMap<>(HttpMethod.class))
                : templated.computeIfAbsent(t, k -> new EnumMap<>(HttpMethod.class));
        Route before = byMethod.put(route.method(), route);
        if (before != null) {
          throw new IllegalStateException("two routes for " + route.method() + " " + path);
        }
      }
    }
  }

  /** The routes in the order given. */
  public List<Route> routes() {
    return routes;
  }

  /** The routes of a path by method, with the path's parameters. */
  record Lookup(Map<HttpMethod, Route> byMethod, Map<String, String> params) {}

  /** The routes answering {@code path}, or null when none does. */
  Lookup find(String path) {
    Map<HttpMethod, Route> byMethod = exact.get(path);
    if (byMethod != null) {
      return new Lookup(byMethod, Map.of());
    }
    Map<HttpMethod, Route> merged = null;
    Map<String, String> params = null;
    for (Map.Entry<PathTemplate, Map<HttpMethod, Route>> e : templated.entrySet()) {
      Map<String, String> p = e.getKey().match(path);
      if (p == null) {
        continue;
      }
      if (merged == null) {
        merged = new EnumMap<>(e.getValue());
        params = p;
      } else {
        e.getValue().forEach(merged::putIfAbsent);
      }
    }
    return merged == null ? null : new Lookup(merged, params);
  }

  /** The table as lines {@code METHOD path resource access body}, for people and tests. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Route r : routes) {
      out.add(r.name() + "  " + r.resource() + " " + r.access() + " " + r.body());
    }
    return out;
  }
}
