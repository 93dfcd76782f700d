package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --expose-prometheus}: /metrics in Prometheus's text format, moving with the traffic. */
class MetricsIT {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_]+=\"(?:[^\"\\\\]|\\\\.)*\",?)*})? (\\S+)$");
  @TempDir Path dir;

  private static String metrics(LiveServer s) throws Exception {
    HttpResponse<byte[]> r = s.raw("GET", "/metrics", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private static double value(String text, String name, String labels) {
    for (String line : text.lines().toList()) {
      if (line.startsWith(name + "{" + labels + "}")
          || line.equals(name + " " + line.substring(line.lastIndexOf(' ') + 1))
              && labels.isEmpty()) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  @Test
  void theExpositionIsWellFormedAndItsCountersMoveWithRequests() throws Exception {
    try (LiveServer s =
        LiveServer.start(
            Files.createDirectories(dir.resolve("on")),
            EdgeSettings.defaults().withObservability(false, true))) {
      String run = s.ok("/runs/create", "{}").at("/run/info/run_id").asText();
      String before = metrics(s);
      for (int i = 0; i < 5; i++) {
        s.get("/runs/get?run_id=" + run);
      }
      s.get("/runs/get?run_id=nope");
      s.raw("PUT", "/api/2.0/mlflow-artifacts/artifacts/m/a.bin", new byte[1000]);
      s.raw("GET", "/api/2.0/mlflow-artifacts/artifacts/m/a.bin", null);
      String after = metrics(s);

      Set<String> typed = new HashSet<>();
      for (String line : after.lines().toList()) {
        if (line.startsWith("# TYPE ")) {
          assertThat(typed.add(line.split(" ")[2])).as("one TYPE per family: " + line).isTrue();
        } else if (!line.startsWith("# HELP ")) {
          assertThat(SAMPLE.matcher(line).matches()).as(line).isTrue();
        }
      }
      String route = "route=\"GET /api/2.0/mlflow/runs/get\",status=\"200\"";
      assertThat(
              value(after, "cairn_http_requests_total", route)
                  - value(before, "cairn_http_requests_total", route))
          .isEqualTo(5);
      assertThat(
              value(
                  after,
                  "cairn_http_requests_total",
                  "route=\"GET /api/2.0/mlflow/runs/get\",status=\"404\""))
          .isEqualTo(1);
      assertThat(value(after, "mlflow_http_request_total", "method=\"GET\",status=\"200\""))
          .isGreaterThanOrEqualTo(6);
      assertThat(value(after, "cairn_artifact_bytes_total", "direction=\"in\"")).isEqualTo(1000);
      assertThat(value(after, "cairn_artifact_bytes_total", "direction=\"out\"")).isEqualTo(1000);
      assertThat(value(after, "cairn_sqlite_commits_total", "")).isGreaterThan(0);
      Matcher count =
          Pattern.compile(
                  "cairn_http_request_duration_seconds_count\\{route=\"GET /api/2.0/mlflow/runs/get\"} (\\d+)")
              .matcher(after);
      assertThat(count.find()).isTrue();
      assertThat(Long.parseLong(count.group(1))).isGreaterThanOrEqualTo(6);
      assertThat(after)
          .contains("jvm_memory_bytes_used{area=\"heap\"}")
          .contains("process_resident_memory_bytes");
      String get200 = "method=\"GET\",status=\"200\"";
      assertThat(
              value(after, "mlflow_http_request_total", get200)
                  - value(before, "mlflow_http_request_total", get200))
          .as("MLflow's names leave /metrics out, as its exporter does")
          .isEqualTo(6);
    }
  }

  @Test
  void withoutTheFlagThereIsNoMetricsRoute() throws Exception {
    try (LiveServer s = LiveServer.start(Files.createDirectories(dir.resolve("off")))) {
      assertThat(s.raw("GET", "/metrics", null).statusCode()).isEqualTo(404);
      assertThat(s.raw("GET", "/ready", null).statusCode()).isEqualTo(200);
      assertThat(List.of(s.raw("GET", "/health", null).statusCode())).containsExactly(200);
    }
  }
}
