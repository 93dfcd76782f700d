package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.server.routing.Route;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the server answers is in its one table, and the API tests of this module reach each
 * of them: a route added without a test, or served outside the table, shows up here. Runs after
 * every other test class of the module (see junit-platform.properties).
 */
@Order(Integer.MAX_VALUE)
class RouteCoverageIT {
  @TempDir Path dir;

  @Test
  void everyRouteOfTheTableWasHitByAnApiTest() {
    List<Route> table;
    try (LiveServer s = LiveServer.start(dir)) {
      table = s.server().routes().routes();
    }
    Map<String, Long> hits = RouteHits.snapshot();
    List<String> missed =
        table.stream().map(Route::name).filter(n -> hits.getOrDefault(n, 0L) == 0).toList();
    assertThat(table).hasSizeGreaterThan(70);
    assertThat(missed)
        .as(
            "routes no API test of this module reached (run with the whole IT suite: %d routes"
                + " were hit)",
            hits.values().stream().filter(n -> n > 0).count())
        .isEmpty();
  }

  @Test
  void everyRouteSaysWhatItTouchesAndHowItReadsItsBody() {
    try (LiveServer s = LiveServer.start(dir)) {
      for (Route r : s.server().routes().routes()) {
        assertThat(r.resource()).as(r.name()).isNotNull();
        assertThat(r.access()).as(r.name()).isNotNull();
        assertThat(r.body()).as(r.name()).isNotNull();
        if (r.access().writes()) {
          assertThat(r.method().name()).as(r.name()).isNotEqualTo("GET");
        }
      }
    }
  }
}
