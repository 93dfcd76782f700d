package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.server.routing.Route;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GET route of the table reads its parameters from a JSON body when the request has no query
 * string, as MLflow's server does (some REST clients send GETs so), and answers exactly what it
 * answers to the same parameters in the query. A GET route added without an example here fails.
 */
class GetWithJsonBodyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static LiveServer server;
  static final Map<String, ObjectNode> EXAMPLES = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    server = LiveServer.withLoopbackWebhooks(dir);
    String exp =
        server.ok("/experiments/create", "{\"name\":\"getbody\"}").path("experiment_id").asText();
    String run =
        server
            .ok("/runs/create", "{\"experiment_id\":\"" + exp + "\"}")
            .at("/run/info/run_id")
            .asText();
    server.ok(
        "/runs/log-metric",
        "{\"run_id\":\"" + run + "\",\"key\":\"m\",\"value\":1.5,\"timestamp\":1,\"step\":2}");
    String model =
        server
            .ok("/logged-models", "{\"experiment_id\":\"" + exp + "\",\"name\":\"lm\"}")
            .at("/model/info/model_id")
            .asText();
    server.ok("/registered-models/create", "{\"name\":\"gb\"}");
    server.ok(
        "/model-versions/create",
        "{\"name\":\"gb\",\"source\":\"runs:/" + run + "/model\",\"run_id\":\"" + run + "\"}");
    server.ok(
        "/registered-models/alias", "{\"name\":\"gb\",\"alias\":\"champ\",\"version\":\"1\"}");
    String hook =
        server
            .ok(
                "/webhooks",
                "{\"name\":\"h\",\"url\":\"http://127.0.0.1:9/x\","
                    + "\"events\":[{\"entity\":\"model_version\",\"action\":\"created\"}]}")
            .at("/webhook/webhook_id")
            .asText();
    // A trace with one span (OTLP JSON, as an OpenTelemetry app sends it) and an assessment on it.
    String trace = "tr-000000000000000000000000000000aa";
    HttpResponse<byte[]> ingest =
        server.raw(
            "POST",
            "/v1/traces",
            ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                    + "\"000000000000000000000000000000aa\",\"spanId\":\"00000000000000bb\","
                    + "\"name\":\"root\",\"startTimeUnixNano\":\"5000000000\","
                    + "\"endTimeUnixNano\":\"9000000000\",\"status\":{\"code\":1}}]}]}]}")
                .getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json",
            "x-mlflow-experiment-id",
            exp);
    assertThat(ingest.statusCode()).isEqualTo(200);
    HttpResponse<byte[]> assessed =
        server.raw(
            "POST",
            "/api/3.0/mlflow/traces/" + trace + "/assessments",
            ("{\"assessment\":{\"assessment_name\":\"ok\",\"trace_id\":\""
                    + trace
                    + "\",\"source\":{\"source_type\":\"HUMAN\",\"source_id\":\"ann\"},"
                    + "\"feedback\":{\"value\":true}}}")
                .getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json");
    assertThat(assessed.statusCode()).as(text(assessed)).isEqualTo(200);
    String assessment = JSON.readTree(assessed.body()).at("/assessment/assessment_id").asText();
    example("/mlflow/experiments/get", "experiment_id", exp);
    example("/mlflow/experiments/get-by-name", "experiment_name", "getbody");
    example("/mlflow/experiments/search", "max_results", 5);
    example("/cairn/experiments/run-counts", "experiment_ids", List.of(exp));
    example("/mlflow/runs/get", "run_id", run);
    example("/mlflow/metrics/get-history", "run_id", run, "metric_key", "m");
    example("/mlflow/metrics/get-history-bulk", "run_id", List.of(run), "metric_key", "m");
    example(
        "/mlflow/metrics/get-history-bulk-interval",
        "run_ids",
        List.of(run),
        "metric_key",
        "m",
        "max_results",
        10);
    example(
        "/cairn/metrics/get-history-downsampled",
        "run_ids",
        List.of(run),
        "metric_key",
        "m",
        "max_buckets",
        10);
    example("/mlflow/artifacts/list", "run_id", run);
    example("/mlflow/logged-models/{model_id}", "model_id", model);
    example("/mlflow/logged-models/{model_id}/artifacts/directories", "model_id", model);
    example("/mlflow/registered-models/get", "name", "gb");
    example("/mlflow/registered-models/search", "filter", "name = 'gb'");
    example("/mlflow/registered-models/get-latest-versions", "name", "gb");
    example("/mlflow/registered-models/alias", "name", "gb", "alias", "champ");
    example("/mlflow/model-versions/get", "name", "gb", "version", "1");
    example("/mlflow/model-versions/get-download-uri", "name", "gb", "version", "1");
    example("/mlflow/model-versions/search", "filter", "name = 'gb'");
    example("/mlflow/webhooks", "max_results", 10);
    example("/mlflow/webhooks/{webhook_id}", "webhook_id", hook);
    example("/mlflow/traces/{trace_id}", "trace_id", trace);
    example("/mlflow/traces/get", "trace_id", trace);
    example("/mlflow/traces/batchGet", "trace_ids", List.of(trace));
    example(
        "/mlflow/traces/{trace_id}/assessments/{assessment_id}",
        "trace_id",
        trace,
        "assessment_id",
        assessment);
    example("/mlflow/traces/{request_id}/info", "request_id", trace);
    example("/mlflow/traces", "experiment_ids", List.of(exp), "max_results", 10);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static void example(String path, Object... pairs) {
    ObjectNode params = JSON.createObjectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      params.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
    }
    EXAMPLES.put(path, params);
  }

  @Test
  void everyGetRouteReadsAJsonBodyWhenThereIsNoQueryString() throws Exception {
    List<Route> gets =
        server.server().routes().routes().stream()
            .filter(r -> r.method() == HttpMethod.GET && r.readsJson())
            .toList();
    assertThat(gets).hasSizeGreaterThanOrEqualTo(EXAMPLES.size());
    for (Route route : gets) {
      // the route's own version: /api/2.0 for most, /api/3.0 for MLflow 3's trace RPCs
      String version = route.paths().get(0).substring(0, "/api/2.0".length());
      String template = route.paths().get(0).substring(version.length());
      ObjectNode params = EXAMPLES.get(template);
      assertThat(params).as("an example request for " + route.name()).isNotNull();
      ObjectNode body = params.deepCopy();
      String path = version + template;
      for (String name : List.copyOf(iterable(params))) {
        if (path.contains("{" + name + "}")) {
          path = path.replace("{" + name + "}", params.get(name).asText());
          body.remove(name);
        }
      }
      HttpResponse<byte[]> byQuery = server.raw("GET", path + query(body), null);
      HttpResponse<byte[]> byBody =
          server.raw("GET", path, JSON.writeValueAsBytes(body), "Content-Type", "application/json");
      assertThat(byQuery.statusCode()).as(route.name() + " " + text(byQuery)).isEqualTo(200);
      assertThat(byBody.statusCode()).as(route.name() + " " + text(byBody)).isEqualTo(200);
      assertThat(JSON.readTree(byBody.body()))
          .as(route.name())
          .isEqualTo(JSON.readTree(byQuery.body()));
    }
  }

  private static List<String> iterable(ObjectNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String query(ObjectNode params) {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.setEmptyValue("");
    params
        .properties()
        .forEach(
            e -> {
              List<JsonNode> values =
                  e.getValue().isArray()
                      ? List.copyOf(iterableOf(e.getValue()))
                      : List.of(e.getValue());
              for (JsonNode v : values) {
                q.add(e.getKey() + "=" + URLEncoder.encode(v.asText(), StandardCharsets.UTF_8));
              }
            });
    return q.toString();
  }

  private static List<JsonNode> iterableOf(JsonNode array) {
    List<JsonNode> out = new java.util.ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
