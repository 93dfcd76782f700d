package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** MLflow's trace API and OTLP ingest over raw HTTP, with MLflow's shapes and error codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceApiIT {
  private static final String V3 = "/api/3.0/mlflow/traces";
  private static final String V2 = "/api/2.0/mlflow/traces";
  @TempDir static Path dir;
  static LiveServer server;
  static String exp;
  private static int traces;

  @BeforeAll
  void start() {
    server = LiveServer.proxying(dir, true, false);
    exp = server.ok("/experiments/create", "{\"name\":\"traces\"}").get("experiment_id").asText();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static LiveServer.Answer call(String method, String path, String body) {
    return server.send(method, path, body, body == null ? null : "application/json");
  }

  private static JsonNode ok(String method, String path, String body) {
    LiveServer.Answer a = call(method, path, body);
    assertThat(a.status()).as("%s %s: %s", method, path, a.body()).isEqualTo(200);
    return a.json();
  }

  /** A v3 trace as the 3.x client logs it; returns its id. */
  private static String startV3(long requestTime, String tags) {
    String id = String.format("tr-%032x", ++traces);
    ok(
        "POST",
        V3,
        "{\"trace\":{\"trace_info\":{\"trace_id\":\""
            + id
            + "\",\"trace_location\":{\"type\":\"MLFLOW_EXPERIMENT\",\"mlflow_experiment\":"
            + "{\"experiment_id\":\""
            + exp
            + "\"}},\"request_time\":\""
            + java.time.Instant.ofEpochMilli(requestTime)
            + "\",\"execution_duration\":\"1.5s\",\"state\":\"OK\",\"trace_metadata\":"
            + "{\"mlflow.source.name\":\"app.py\",\"mlflow.source.git.repoURL\":\"\"},"
            + "\"tags\":"
            + tags
            + ",\"request_preview\":\"{\\\"q\\\": 1}\"}}}");
    return id;
  }

  @Test
  void startedTraceReadsBackInMlflowsShapes() {
    String id = startV3(1_700_000_000_123L, "{\"mlflow.traceName\":\"root\",\"camelKey\":\"v\"}");
    JsonNode info = ok("GET", V3 + "/" + id, null).at("/trace/trace_info");
    assertThat(info.path("trace_id").asText()).isEqualTo(id);
    assertThat(info.at("/trace_location/mlflow_experiment/experiment_id").asText()).isEqualTo(exp);
    assertThat(info.path("request_time").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(info.path("execution_duration").asText()).isEqualTo("1.500s");
    assertThat(info.path("state").asText()).isEqualTo("OK");
    assertThat(info.at("/trace_metadata/mlflow.source.git.repoURL").isTextual()).isTrue();
    assertThat(info.at("/trace_metadata/mlflow.trace.infoFinalized").asText()).isEqualTo("true");
    assertThat(info.at("/tags/mlflow.traceName").asText()).isEqualTo("root");
    assertThat(info.at("/tags/camelKey").asText()).isEqualTo("v");
    assertThat(info.at("/tags/mlflow.artifactLocation").asText())
        .isEqualTo("mlflow-artifacts:/" + exp + "/traces/" + id + "/artifacts");
    JsonNode v2 = ok("GET", V2 + "/" + id + "/info", null).path("trace_info");
    assertThat(v2.path("request_id").asText()).isEqualTo(id);
    assertThat(v2.path("timestamp_ms").asLong()).isEqualTo(1_700_000_000_123L);
    assertThat(v2.path("execution_time_ms").asLong()).isEqualTo(1500);
    assertThat(call("GET", V3 + "/tr-unknown", null).errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void spansSentOverOtlpAreServedAsOpenTelemetrySpans() throws Exception {
    byte[] traceId = new byte[16];
    traceId[15] = 7;
    byte[] root = {0, 0, 0, 0, 0, 0, 0, 1};
    byte[] child = {0, 0, 0, 0, 0, 0, 0, 2};
    byte[] body =
        Proto.request(
            Proto.span(
                traceId,
                root,
                new byte[0],
                "root",
                1_000_000_000L,
                3_000_000_000L,
                1,
                Proto.attribute("mlflow.spanInputs", Proto.string("{\"q\": 1}"))),
            Proto.span(
                traceId,
                child,
                root,
                "child",
                1_500_000_000L,
                2_000_000_000L,
                2,
                Proto.attribute("rows", Proto.integer(3))));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(body);
    }
    HttpResponse<byte[]> r =
        server.raw(
            "POST",
            "/v1/traces",
            gz.toByteArray(),
            "Content-Type",
            "application/x-protobuf",
            "Content-Encoding",
            "gzip",
            "x-mlflow-experiment-id",
            exp);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    String id = "tr-00000000000000000000000000000007";
    JsonNode trace = ok("GET", V3 + "/get?trace_id=" + id, null).path("trace");
    assertThat(trace.at("/trace_info/state").asText()).isEqualTo("OK");
    assertThat(trace.at("/trace_info/request_time").asText()).isEqualTo("1970-01-01T00:00:01Z");
    assertThat(trace.at("/trace_info/execution_duration").asText()).isEqualTo("2s");
    assertThat(trace.at("/trace_info/tags/mlflow.trace.spansLocation").asText())
        .isEqualTo("TRACKING_STORE");
    // The root span's inputs as the JSON text the sender wrote: MLflow's server strips the second
    // encoding its from_otel_proto adds to a string that already holds JSON (sanitize_attributes).
    assertThat(trace.at("/trace_info/request_preview").asText()).isEqualTo("{\"q\": 1}");
    JsonNode spans = trace.path("spans");
    assertThat(spans).hasSize(2);
    assertThat(spans.get(0).path("name").asText()).isEqualTo("root");
    assertThat(spans.get(0).has("parent_span_id")).isFalse();
    assertThat(spans.get(1).path("parent_span_id").asText()).isEqualTo("AAAAAAAAAAE=");
    assertThat(spans.get(1).at("/status/code").asText()).isEqualTo("STATUS_CODE_ERROR");
    assertThat(spans.get(1).toString()).contains("{\"key\":\"rows\",\"value\":{\"int_value\":3}}");
    assertThat(spans.get(0).toString())
        .contains(
            "{\"key\":\"mlflow.traceRequestId\",\"value\":{\"string_value\":\"" + id + "\"}}");
    JsonNode batch = ok("GET", V3 + "/batchGet?trace_ids=" + id + "&trace_ids=tr-none", null);
    assertThat(batch.path("traces")).hasSize(1);
    JsonNode infos =
        ok("POST", V3 + "/batchGetInfos", "{\"trace_ids\":[\"" + id + "\",\"tr-none\"]}");
    assertThat(infos.path("trace_infos")).hasSize(1);

    String json =
        "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"team\",\"value\":"
            + "{\"stringValue\":\"search\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":"
            + "\"000000000000000000000000000000aa\",\"spanId\":\"00000000000000bb\",\"name\":\"j\","
            + "\"startTimeUnixNano\":\"5000000000\",\"endTimeUnixNano\":\"9000000000\","
            + "\"status\":{\"code\":1}}]}]}]}";
    HttpResponse<byte[]> j =
        server.raw(
            "POST",
            "/v1/traces",
            json.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json",
            "x-mlflow-experiment-id",
            exp);
    assertThat(j.statusCode()).isEqualTo(200);
    JsonNode fromJson = ok("GET", V3 + "/tr-000000000000000000000000000000aa", null);
    assertThat(fromJson.at("/trace/trace_info/tags/team").asText()).isEqualTo("search");

    HttpResponse<byte[]> bad =
        server.raw(
            "POST",
            "/v1/traces",
            body,
            "Content-Type",
            "text/plain",
            "x-mlflow-experiment-id",
            exp);
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void searchFiltersOrdersAndPages() {
    String search = V3 + "/search";
    String a = startV3(100, "{\"kind\":\"even\"}");
    String b = startV3(200, "{\"kind\":\"odd\"}");
    String c = startV3(300, "{\"kind\":\"even\"}");
    String where = "{\"locations\":[{\"mlflow_experiment\":{\"experiment_id\":\"" + exp + "\"}}]";
    JsonNode even =
        ok(
            "POST",
            search,
            where
                + ",\"filter\":\"tags.kind = 'even' AND timestamp_ms <= 300\","
                + "\"order_by\":[\"timestamp_ms ASC\"]}");
    assertThat(even.path("traces").findValuesAsText("trace_id")).containsExactly(a, c);
    JsonNode page =
        ok("POST", search, where + ",\"filter\":\"timestamp_ms <= 300\",\"max_results\":2}");
    assertThat(page.path("traces").findValuesAsText("trace_id")).containsExactly(c, b);
    JsonNode next =
        ok(
            "POST",
            search,
            where
                + ",\"filter\":\"timestamp_ms <= 300\",\"max_results\":2,\"page_token\":\""
                + page.path("next_page_token").asText()
                + "\"}");
    assertThat(next.path("traces").findValuesAsText("trace_id")).containsExactly(a);
    JsonNode v2 =
        ok("GET", V2 + "?experiment_ids=" + exp + "&filter=tags.kind%20%3D%20%27odd%27", null);
    assertThat(v2.path("traces").findValuesAsText("request_id")).containsExactly(b);
    assertThat(call("POST", search, where + ",\"filter\":\"nope.x = 1\"}").errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void tagsLinksAndV2LifecycleAndDeletes() {
    String run =
        server
            .ok("/runs/create", "{\"experiment_id\":\"" + exp + "\"}")
            .at("/run/info/run_id")
            .asText();
    String id = startV3(5_000, "{}");
    ok("PATCH", V3 + "/" + id + "/tags", "{\"key\":\"k\",\"value\":\"v\"}");
    ok("PATCH", V2 + "/" + id + "/tags", "{\"key\":\"k2\",\"value\":\"v2\"}");
    JsonNode tags = ok("GET", V3 + "/" + id, null).at("/trace/trace_info/tags");
    assertThat(tags.path("k").asText()).isEqualTo("v");
    assertThat(tags.path("k2").asText()).isEqualTo("v2");
    ok("DELETE", V3 + "/" + id + "/tags?key=k", null);
    ok("DELETE", V2 + "/" + id + "/tags?key=k2", null);
    assertThat(call("DELETE", V3 + "/" + id + "/tags?key=k", null).errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");

    ok("POST", V2 + "/link-to-run", "{\"trace_ids\":[\"" + id + "\"],\"run_id\":\"" + run + "\"}");
    JsonNode linked =
        ok(
            "POST",
            V3 + "/search",
            "{\"locations\":[{\"mlflow_experiment\":{\"experiment_id\":\""
                + exp
                + "\"}}],\"filter\":\"run_id = '"
                + run
                + "'\"}");
    assertThat(linked.path("traces").findValuesAsText("trace_id")).containsExactly(id);

    JsonNode started =
        ok(
            "POST",
            V2,
            "{\"experiment_id\":\""
                + exp
                + "\",\"timestamp_ms\":10000,\"request_metadata\":[{\"key\":\"m\",\"value\":\"1\"}]}");
    String v2 = started.at("/trace_info/request_id").asText();
    assertThat(started.at("/trace_info/status").asText()).isEqualTo("IN_PROGRESS");
    JsonNode ended =
        ok("PATCH", V2 + "/" + v2, "{\"timestamp_ms\":10250,\"status\":\"OK\"}").path("trace_info");
    assertThat(ended.path("execution_time_ms").asLong()).isEqualTo(250);
    assertThat(ended.path("status").asText()).isEqualTo("OK");

    assertThat(
            ok(
                    "POST",
                    V2 + "/delete-traces",
                    "{\"experiment_id\":\"" + exp + "\"," + "\"request_ids\":[\"" + v2 + "\"]}")
                .path("traces_deleted")
                .asInt())
        .isEqualTo(1);
    assertThat(
            ok(
                    "POST",
                    V3 + "/delete-traces",
                    "{\"experiment_id\":\""
                        + exp
                        + "\","
                        + "\"max_timestamp_millis\":1,\"max_traces\":5}")
                .path("traces_deleted")
                .asInt())
        .isZero();
    assertThat(
            call("POST", V3 + "/delete-traces", "{\"experiment_id\":\"" + exp + "\"}").errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(call("GET", V2 + "/" + v2 + "/info", null).status()).isEqualTo(404);
  }

  @Test
  void assessmentsAreCreatedReadUpdatedAndDeleted() {
    String id = startV3(7_000, "{}");
    JsonNode created =
        ok(
                "POST",
                V3 + "/" + id + "/assessments",
                "{\"assessment\":{\"assessment_name\":\"correct\",\"trace_id\":\""
                    + id
                    + "\",\"source\":{\"source_type\":\"HUMAN\",\"source_id\":\"ann\"},"
                    + "\"feedback\":{\"value\":true},\"rationale\":\"fine\","
                    + "\"metadata\":{\"myKey\":\"1\"}}}")
            .path("assessment");
    String aid = created.path("assessment_id").asText();
    assertThat(aid).startsWith("a-");
    assertThat(created.at("/feedback/value").asBoolean()).isTrue();
    assertThat(created.at("/source/source_type").asText()).isEqualTo("HUMAN");
    assertThat(created.at("/metadata/myKey").asText()).isEqualTo("1");
    String path = V3 + "/" + id + "/assessments/" + aid;
    assertThat(ok("GET", path, null).at("/assessment/rationale").asText()).isEqualTo("fine");
    JsonNode updated =
        ok(
                "PATCH",
                path,
                "{\"assessment\":{\"feedback\":{\"value\":0.5},\"rationale\":\"half\"},"
                    + "\"update_mask\":\"feedback,rationale\"}")
            .path("assessment");
    assertThat(updated.at("/feedback/value").asDouble()).isEqualTo(0.5);
    assertThat(updated.path("rationale").asText()).isEqualTo("half");
    assertThat(ok("GET", V3 + "/" + id, null).at("/trace/trace_info/assessments")).hasSize(1);
    ok("DELETE", path, null);
    assertThat(call("GET", path, null).errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  /** A minimal protobuf writer for OTLP requests. */
  private static final class Proto {
    static byte[] request(byte[]... spans) {
      ByteArrayOutputStream scope = new ByteArrayOutputStream();
      for (byte[] s : spans) {
        field(scope, 2, s);
      }
      ByteArrayOutputStream resourceSpans = new ByteArrayOutputStream();
      field(resourceSpans, 2, scope.toByteArray());
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      field(req, 1, resourceSpans.toByteArray());
      return req.toByteArray();
    }

    static byte[] span(
        byte[] traceId,
        byte[] spanId,
        byte[] parent,
        String name,
        long start,
        long end,
        int status,
        byte[] attribute) {
      ByteArrayOutputStream s = new ByteArrayOutputStream();
      field(s, 1, traceId);
      field(s, 2, spanId);
      if (parent.length > 0) {
        field(s, 4, parent);
      }
      field(s, 5, name.getBytes(StandardCharsets.UTF_8));
      fixed64(s, 7, start);
      fixed64(s, 8, end);
      field(s, 9, attribute);
      ByteArrayOutputStream st = new ByteArrayOutputStream();
      tag(st, 3, 0);
      varint(st, status);
      field(s, 15, st.toByteArray());
      return s.toByteArray();
    }

    static byte[] attribute(String key, byte[] anyValue) {
      ByteArrayOutputStream kv = new ByteArrayOutputStream();
      field(kv, 1, key.getBytes(StandardCharsets.UTF_8));
      field(kv, 2, anyValue);
      return kv.toByteArray();
    }

    static byte[] string(String v) {
      ByteArrayOutputStream a = new ByteArrayOutputStream();
      field(a, 1, v.getBytes(StandardCharsets.UTF_8));
      return a.toByteArray();
    }

    static byte[] integer(long v) {
      ByteArrayOutputStream a = new ByteArrayOutputStream();
      tag(a, 3, 0);
      varint(a, v);
      return a.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
      tag(out, number, 2);
      varint(out, bytes.length);
      out.writeBytes(bytes);
    }

    private static void fixed64(ByteArrayOutputStream out, int number, long v) {
      tag(out, number, 1);
      for (int i = 0; i < 8; i++) {
        out.write((int) (v >>> (8 * i)) & 0xff);
      }
    }

    private static void tag(ByteArrayOutputStream out, int number, int wire) {
      varint(out, ((long) number << 3) | wire);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
