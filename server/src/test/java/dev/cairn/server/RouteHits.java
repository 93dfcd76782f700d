package dev.cairn.server;

import dev.cairn.server.routing.Route;
import java.util.Map;
import java.util.TreeMap;

/**
 * The requests every test server took, by route name, summed over all the servers this test run
 * started and closed ({@link LiveServer#close}); {@link RouteCoverageIT} reads them last.
 */
final class RouteHits {
  private static final Map<String, Long> HITS = new TreeMap<>();

  private RouteHits() {}

  static synchronized void add(Map<Route, Long> counts) {
    counts.forEach((route, n) -> HITS.merge(route.name(), n, Long::sum));
  }

  static synchronized Map<String, Long> snapshot() {
    return new TreeMap<>(HITS);
  }
}
