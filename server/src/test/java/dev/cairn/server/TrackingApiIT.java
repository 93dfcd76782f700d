package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.LiveServer.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tracking API scenarios over raw HTTP: shapes, mirrors, prefixes and the wire leniency clients
 * rely on.
 */
class TrackingApiIT {
  @TempDir static Path dir;
  static LiveServer server;

  @BeforeAll
  static void start() {
    server = LiveServer.start(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String newRun() {
    return server.ok("/runs/create", "{}").path("run").path("info").path("run_id").asText();
  }

  @Test
  void healthAndVersionAnswerPlainText() {
    assertThat(server.send("GET", "/health", null, null)).isEqualTo(new Answer(200, "OK"));
    assertThat(server.send("GET", "/version", null, null).body())
        .isEqualTo(CairnServer.MLFLOW_VERSION);
  }

  @Test
  void createRunAnswersMlflowsShape() {
    JsonNode run = server.ok("/runs/create", "{\"start_time\": 5}").path("run");
    JsonNode info = run.path("info");
    assertThat(info.path("run_id").asText())
        .matches("[0-9a-f]{32}")
        .isEqualTo(info.path("run_uuid").asText());
    assertThat(info.path("experiment_id").asText()).isEqualTo("0");
    assertThat(info.path("status").asText()).isEqualTo("RUNNING");
    assertThat(info.path("start_time").isIntegralNumber()).isTrue();
    assertThat(info.has("end_time")).isFalse();
    assertThat(info.path("run_name").asText()).matches("[a-z]+-[a-z]+-\\d+");
    assertThat(run.path("inputs").isObject()).isTrue();
    assertThat(run.path("data").path("tags").get(0).path("key").asText())
        .isEqualTo("mlflow.runName");
  }

  @Test
  void runNameAndRunNameTagMustAgree() {
    Answer a =
        server.post(
            "/runs/create",
            "{\"run_name\":\"a\",\"tags\":[{\"key\":\"mlflow.runName\",\"value\":\"b\"}]}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void ajaxApiMirrorsTheApi() {
    Answer a =
        server.send("GET", "/ajax-api/2.0/mlflow/experiments/get?experiment_id=0", null, null);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("experiment").path("name").asText()).isEqualTo("Default");
  }

  @Test
  void camelCaseKeysAndInt64StringsAreAccepted() {
    String exp =
        server.ok("/experiments/create", "{\"name\":\"camel\"}").path("experiment_id").asText();
    JsonNode run =
        server.ok(
            "/runs/create",
            "{\"experimentId\":\"" + exp + "\",\"startTime\":\"1700000000000\",\"runName\":\"c\"}");
    assertThat(run.path("run").path("info").path("experiment_id").asText()).isEqualTo(exp);
    assertThat(run.path("run").path("info").path("start_time").asLong())
        .isEqualTo(1_700_000_000_000L);
    String id = run.path("run").path("info").path("run_id").asText();
    server.ok(
        "/runs/log-metric",
        "{\"run_uuid\":\""
            + id
            + "\",\"key\":\"m\",\"value\":\"NaN\",\"timestamp\":\"7\",\"step\":\"2\"}");
    JsonNode m =
        server.get("/runs/get?run_id=" + id).json().path("run").path("data").path("metrics").get(0);
    assertThat(m.path("value").asText()).isEqualTo("NaN");
    assertThat(m.path("step").asLong()).isEqualTo(2);
  }

  @Test
  void doubleEncodedJsonBodiesAreDecodedTwice() {
    Answer a = server.post("/experiments/create", "\"{\\\"name\\\":\\\"double\\\"}\"");
    assertThat(a.status()).isEqualTo(200);
  }

  @Test
  void experimentSearchWorksOverGetAndPost() {
    server.ok("/experiments/create", "{\"name\":\"searchable-1\"}");
    Answer get =
        server.get("/experiments/search?max_results=10&filter=name%20LIKE%20%27searchable%25%27");
    assertThat(get.json().path("experiments").size()).isEqualTo(1);
    JsonNode post =
        server.ok(
            "/experiments/search",
            "{\"max_results\":10,\"filter\":\"name LIKE 'searchable%'\",\"order_by\":[\"name DESC\"]}");
    assertThat(post.path("experiments").size()).isEqualTo(1);
  }

  @Test
  void metricHistoryPagesCoverEveryPointOnce() {
    String id = newRun();
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      metrics
          .append(i == 0 ? "" : ",")
          .append("{\"key\":\"h\",\"value\":")
          .append(i)
          .append(",\"timestamp\":")
          .append(1000 + i)
          .append(",\"step\":")
          .append(i)
          .append("}");
    }
    server.ok("/runs/log-batch", "{\"run_id\":\"" + id + "\",\"metrics\":[" + metrics + "]}");
    Set<Long> steps = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      JsonNode page =
          server
              .get(
                  "/metrics/get-history?run_id="
                      + id
                      + "&metric_key=h&max_results=120"
                      + (token == null ? "" : "&page_token=" + token))
              .json();
      page.path("metrics").forEach(m -> assertThat(steps.add(m.path("step").asLong())).isTrue());
      token = page.has("next_page_token") ? page.path("next_page_token").asText() : null;
      pages++;
    } while (token != null);
    assertThat(steps).hasSize(500);
    assertThat(pages).isEqualTo(5);
  }

  @Test
  void bulkIntervalTakesRepeatedRunIds() {
    String a = newRun();
    String b = newRun();
    for (String id : List.of(a, b)) {
      server.ok(
          "/runs/log-batch",
          "{\"run_id\":\""
              + id
              + "\",\"metrics\":[{\"key\":\"x\",\"value\":1,"
              + "\"timestamp\":1,\"step\":0},{\"key\":\"x\",\"value\":2,\"timestamp\":2,\"step\":9}]}");
    }
    JsonNode points =
        server
            .get(
                "/metrics/get-history-bulk-interval?run_ids="
                    + a
                    + "&run_ids="
                    + b
                    + "&metric_key=x&max_results=5")
            .json()
            .path("metrics");
    assertThat(points.size()).isEqualTo(4);
    assertThat(points.get(0).path("run_id").asText()).isEqualTo(a);
    Answer bad =
        server.get(
            "/metrics/get-history-bulk-interval?run_ids=" + a + "&metric_key=x&start_step=5");
    assertThat(bad.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void aBatchOverTheLimitWritesNothing() {
    String id = newRun();
    StringBuilder metrics = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      metrics
          .append(i == 0 ? "" : ",")
          .append("{\"key\":\"l\",\"value\":1,\"timestamp\":1,\"step\":")
          .append(i)
          .append("}");
    }
    Answer a =
        server.post("/runs/log-batch", "{\"run_id\":\"" + id + "\",\"metrics\":[" + metrics + "]}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(
            server
                .get("/metrics/get-history?run_id=" + id + "&metric_key=l")
                .json()
                .path("metrics")
                .size())
        .isZero();
  }

  @Test
  void concurrentWritersAllSucceed() throws Exception {
    List<String> runs = List.of(newRun(), newRun(), newRun());
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int i = 0; i < 25; i++) {
                    ok +=
                        server
                                    .post(
                                        "/runs/log-batch",
                                        "{\"run_id\":\""
                                            + runs.get(thread % 3)
                                            + "\",\"metrics\":"
                                            + "[{\"key\":\"c\",\"value\":1,\"timestamp\":"
                                            + (thread * 100 + i)
                                            + ",\"step\":0}]}")
                                    .status()
                                == 200
                            ? 1
                            : 0;
                  }
                  return ok;
                }));
      }
      int ok = 0;
      for (Future<Integer> f : results) {
        ok += f.get();
      }
      assertThat(ok).isEqualTo(16 * 25);
    }
    int stored = 0;
    for (String id : runs) {
      stored +=
          server
              .get("/metrics/get-history?run_id=" + id + "&metric_key=c")
              .json()
              .path("metrics")
              .size();
    }
    assertThat(stored).isEqualTo(16 * 25);
  }

  @Test
  void staticPrefixMovesEveryRoute(@TempDir Path other) throws Exception {
    try (LiveServer prefixed = LiveServer.start(other, "/mlflow", 1 << 20)) {
      assertThat(prefixed.send("GET", "/health", null, null).status()).isEqualTo(200);
      assertThat(prefixed.get("/experiments/get?experiment_id=0").status()).isEqualTo(200);
      String bare = prefixed.baseUrl().replace("/mlflow", "");
      var response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              bare + LiveServer.API + "/experiments/get?experiment_id=0"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(404);
    }
  }
}
