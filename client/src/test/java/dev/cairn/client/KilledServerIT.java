package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.model.Metric;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The async tracker when the server process is killed outright (SIGKILL, no graceful stop) while
 * batches are in flight, and started again on the same port and SQLite database: a batch whose
 * answer was lost is sent again, and the store keeps one row per identical point.
 */
class KilledServerIT {

  @Test
  void everyPointIsStoredExactlyOnceWhenTheServerProcessIsKilledAndRestarted(@TempDir Path dir)
      throws Exception {
    int points = 30_000;
    int port = freePort();
    Process server = startServer(dir, port, 1);
    try {
      String uri = "http://127.0.0.1:" + port;
      TrackerConfig config = Trackers.builder().experimentName("killed").config();
      String runId;
      int kills = 0;
      try (Tracker tracker =
              new RestTracker(
                  new CairnClient(ClientSettings.of(uri).withRetries(10, 0.1), Map.of()),
                  config,
                  true);
          Run run = tracker.startRun("survives")) {
        runId = run.id();
        for (int s = 0; s < points; s++) {
          run.logMetric("loss", 1.0 / (s + 1), s);
          run.logMetric("acc", s * 1e-5, s);
          if (s == points / 3 || s == 2 * points / 3) {
            // batches are in flight: kill without a chance to answer or stop gracefully
            server.destroyForcibly().waitFor();
            kills++;
            server = startServer(dir, port, kills + 1);
          }
        }
      }
      assertThat(kills).isEqualTo(2);
      try (CairnClient client = new CairnClient(ClientSettings.of(uri), Map.of())) {
        for (String key : List.of("loss", "acc")) {
          List<Metric> history =
              StreamSupport.stream(client.getMetricHistory(runId, key).spliterator(), false)
                  .toList();
          Map<Long, Long> perStep =
              history.stream()
                  .collect(
                      Collectors.groupingBy(Metric::step, HashMap::new, Collectors.counting()));
          assertThat(perStep).as(key + ": every step present").hasSize(points);
          assertThat(perStep.values()).as(key + ": no step twice").containsOnly(1L);
          assertThat(history).as(key).hasSize(points);
        }
      }
    } finally {
      server.destroyForcibly().waitFor();
    }
  }

  private static Process startServer(Path dir, int port, int incarnation) throws Exception {
    Path log = dir.resolve("server-" + incarnation + ".log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ServerProcessMain.class.getName(),
                dir.toString(),
                Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return p;
        }
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    p.destroyForcibly().waitFor();
    throw new AssertionError("the server did not become healthy: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
