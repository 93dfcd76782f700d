package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.LiveServer.Answer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live server for the tracking API tests, started once per test class, and the calls they share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveTrackingApi {
  @TempDir static Path dir;
  static LiveServer server;

  /** The server under test, on SQLite; a subclass may put it on another backend store. */
  LiveServer open(Path dir) {
    return LiveServer.start(dir);
  }

  @BeforeAll
  void start() {
    server = open(dir);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  // ---- helpers ----

  /** JSON written with single quotes for readability; no value here contains a quote. */
  static String json(String template, Object... args) {
    return template.formatted(args).replace('\'', '"');
  }

  static void assertError(Answer a, int status, String errorCode) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.errorCode()).as(a.body()).isEqualTo(errorCode);
  }

  static JsonNode okGet(String rpcWithQuery) {
    Answer a = server.get(rpcWithQuery);
    assertThat(a.status()).as("GET %s: %s", rpcWithQuery, a.body()).isEqualTo(200);
    return a.json();
  }

  static String createExperiment(String name) {
    return server
        .ok("/experiments/create", json("{'name':'%s'}", name))
        .path("experiment_id")
        .asText();
  }

  static String createExperiment(String name, String location) {
    return server
        .ok("/experiments/create", json("{'name':'%s','artifact_location':'%s'}", name, location))
        .path("experiment_id")
        .asText();
  }

  static String createRun(String experimentId) {
    return server
        .ok("/runs/create", json("{'experiment_id':'%s'}", experimentId))
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }

  static JsonNode experiment(String id) {
    return okGet("/experiments/get?experiment_id=" + id).path("experiment");
  }

  static JsonNode run(String runId) {
    return okGet("/runs/get?run_id=" + runId).path("run");
  }

  static void logMetric(String runId, String key, String value, long ts, long step) {
    server.ok(
        "/runs/log-metric",
        "{\"run_id\":\"%s\",\"key\":\"%s\",\"value\":%s,\"timestamp\":%d,\"step\":%d}"
            .formatted(runId, key, value, ts, step));
  }

  static List<JsonNode> history(String runId, String key) {
    JsonNode metrics =
        okGet("/metrics/get-history?run_id=" + runId + "&metric_key=" + key).path("metrics");
    return StreamSupport.stream(metrics.spliterator(), false).toList();
  }

  static String tag(JsonNode run, String key) {
    for (JsonNode t : run.path("data").path("tags")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  static JsonNode metric(JsonNode run, String key) {
    for (JsonNode m : run.path("data").path("metrics")) {
      if (m.path("key").asText().equals(key)) {
        return m;
      }
    }
    throw new AssertionError("no metric " + key + " in " + run);
  }

  static List<String> searchRunIds(String experimentId, String viewType) {
    return ids(
        server
            .ok(
                "/runs/search",
                json("{'experiment_ids':['%s'],'run_view_type':'%s'}", experimentId, viewType))
            .path("runs"),
        "run_id");
  }

  static List<String> ids(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      JsonNode holder = n.has("info") ? n.path("info") : n;
      out.add(holder.path(field).asText());
    }
    return out;
  }

  static Set<String> fieldNames(JsonNode node) {
    Set<String> out = new HashSet<>();
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                out.add(e.getKey());
                out.addAll(fieldNames(e.getValue()));
              });
    } else if (node.isArray()) {
      node.forEach(n -> out.addAll(fieldNames(n)));
    }
    return out;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Answer getAbsolute(String url) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    }
  }
}
