package dev.cairn.server;

import static dev.cairn.server.TrackingApiIT.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.server.LiveServer.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed, mistyped, oversize and hostile requests: every answer is a 4xx with MLflow's error
 * JSON and no internals, and the run written before the barrage is unchanged after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = "RUN";

  @TempDir static Path dir;
  static LiveServer server;
  static String runId;
  static String runBefore;

  /** The server under test, on SQLite; a subclass may put it on another backend store. */
  LiveServer open(Path dir) {
    return LiveServer.start(dir);
  }

  @BeforeAll
  void start() {
    server = open(dir);
    runId = server.ok("/runs/create", "{}").path("run").path("info").path("run_id").asText();
    server.ok(
        "/runs/log-batch",
        json(
            "{'run_id':'%s','params':[{'key':'p','value':'1'}],"
                + "'metrics':[{'key':'m','value':1.5,'timestamp':10,'step':1}],"
                + "'tags':[{'key':'t','value':'x'}]}",
            runId));
    runBefore = server.get("/runs/get?run_id=" + runId).body();
  }

  @AfterAll
  void theRunWrittenBeforeIsIntact() {
    try {
      assertThat(server.get("/runs/get?run_id=" + runId).body()).isEqualTo(runBefore);
      assertThat(
              server
                  .get("/metrics/get-history?run_id=" + runId + "&metric_key=m")
                  .json()
                  .path("metrics")
                  .size())
          .isEqualTo(1);
    } finally {
      server.close();
    }
  }

  // ---- bodies that are not the JSON object the route expects ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "{\"run_id\":",
        "nul",
        "{\"run_id\": \"RUN\",}",
        "{'run_id': 'RUN'}",
        "{\"run_id\":\"RUN\",\"run_id\":\"RUN\"}",
        "{\"run_id\":\"RUN\"} trailing",
        "{\"run_id\":\"RUN\"}]]]",
        "{\"run_id\":\"RUN\"}{\"run_id\":\"RUN\"}",
        "[1,2]",
        "[]",
        "\"just a string\"",
        "\"[1]\"",
        "42",
        "true",
        "{}",
        "",
      })
  void aBodyThatIsNoJsonObjectIsInvalidParameterValue(String body) {
    assertRejected(server.post("/runs/log-batch", body.replace(RUN, runId)));
  }

  static Stream<Arguments> mistypedFields() {
    return Stream.of(
        Arguments.of("/runs/create", "{'start_time':'abc'}"),
        Arguments.of("/runs/create", "{'start_time':1.5}"),
        Arguments.of("/runs/create", "{'tags':'t'}"),
        Arguments.of("/runs/create", "{'tags':[null]}"),
        Arguments.of("/runs/log-metric", "{'run_id':'RUN','key':'m','value':true,'timestamp':1}"),
        Arguments.of("/runs/log-metric", "{'run_id':'RUN','key':'m','value':'abc','timestamp':1}"),
        Arguments.of("/runs/log-metric", "{'run_id':'RUN','key':'m','value':{},'timestamp':1}"),
        Arguments.of("/runs/log-metric", "{'run_id':'RUN','key':'m','value':1,'timestamp':-1}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','metrics':{}}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','metrics':'m'}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','metrics':[1,2]}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','metrics':[null]}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','params':[null]}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','tags':[null]}"),
        Arguments.of(
            "/runs/log-batch",
            "{'run_id':'RUN','metrics':[{'key':'m','value':1,'timestamp':1.5}]}"),
        Arguments.of(
            "/runs/log-batch",
            "{'run_id':'RUN','metrics':[{'key':'m','value':1,'timestamp':'soon'}]}"),
        Arguments.of(
            "/runs/log-batch",
            "{'run_id':'RUN','metrics':[{'key':'m','value':1,"
                + "'timestamp':99999999999999999999}]}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','metrics':[{'value':1,'timestamp':1}]}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','params':[{'key':7,'value':'2'}]}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','params':[{'key':'q','value':false}]}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','params':[{'key':'p','value':'2'}]}"),
        Arguments.of("/runs/log-batch", "{'run_id':'RUN','tags':[{'key':'','value':'x'}]}"),
        Arguments.of("/runs/log-batch", "{'run_id':['RUN']}"),
        Arguments.of("/runs/log-batch", "{'run_id':{'$ne':null}}"),
        Arguments.of("/runs/log-batch", "{'run_id':'../../etc/passwd'}"),
        Arguments.of("/runs/log-inputs", "{'run_id':'RUN','datasets':[null]}"),
        Arguments.of("/runs/log-inputs", "{'run_id':'RUN','datasets':[{}]}"),
        Arguments.of("/runs/log-inputs", "{'run_id':'RUN','models':[null]}"),
        Arguments.of(
            "/runs/log-inputs",
            "{'run_id':'RUN','datasets':[{'tags':[null],'dataset':{'name':'d','digest':'x',"
                + "'source_type':'local','source':'s'}}]}"),
        Arguments.of("/runs/update", "{'run_id':'RUN','status':{}}"),
        Arguments.of("/runs/update", "{'run_id':'RUN','status':'DONE'}"),
        Arguments.of("/runs/search", "{'experiment_ids':'0'}"),
        Arguments.of("/runs/search", "{'experiment_ids':[['0']]}"),
        Arguments.of("/runs/search", "{'experiment_ids':['0'],'max_results':'lots'}"),
        Arguments.of("/runs/search", "{'experiment_ids':['0'],'max_results':99999999999999999999}"),
        Arguments.of("/runs/search", "{'experiment_ids':['0'],'max_results':50001}"),
        Arguments.of("/runs/search", "{'experiment_ids':['0'],'page_token':'!!not-base64'}"),
        Arguments.of("/experiments/create", "{'name':['a']}"),
        Arguments.of("/experiments/create", "{'name':{'x':1}}"),
        Arguments.of("/experiments/create", "{'name':'typed','tags':'t'}"),
        Arguments.of("/experiments/create", "{'name':'typed','tags':[null]}"),
        Arguments.of("/experiments/search", "{'max_results':0}"),
        Arguments.of("/experiments/search", "{'max_results':10,'view_type':'SOME'}"));
  }

  @ParameterizedTest
  @MethodSource("mistypedFields")
  void aMistypedOrInvalidFieldIsInvalidParameterValue(String rpc, String body) {
    assertRejected(server.post(rpc, json(body).replace(RUN, runId)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/metrics/get-history?run_id=RUN&metric_key=m&max_results=abc",
        "/metrics/get-history?run_id=RUN&metric_key=m&max_results=true",
        "/metrics/get-history?run_id=RUN&metric_key=m&page_token=%25%25%25",
        "/experiments/get?experiment_id=1%27%20OR%201=1",
        "/experiments/get?experiment_id=",
        "/experiments/search?max_results=-1",
        "/experiments/search?max_results=10&view_type=99",
        "/metrics/get-history-bulk-interval?run_ids=RUN&metric_key=m&start_step=x&end_step=1",
      })
  void aBadQueryParameterIsInvalidParameterValue(String rpcWithQuery) {
    assertRejected(server.get(rpcWithQuery.replace(RUN, runId)));
  }

  // ---- headers, routes, methods ----

  @Test
  void aPostWithoutOrWithAWrongContentTypeIsRejectedAsMlflowDoes() {
    String body = json("{'run_id':'%s','key':'ct','value':'v'}", runId);
    String path = LiveServer.API + "/runs/set-tag";
    assertRejected(server.send("POST", path, body, null));
    assertRejected(server.send("POST", path, body, "text/plain"));
    assertRejected(server.send("POST", path, body, "application/x-www-form-urlencoded"));
    assertRejected(server.send("POST", path, body, "application/jsonx"));
    String other = createRun();
    String ok = json("{'run_id':'%s','key':'ct','value':'v'}", other);
    assertThat(server.send("POST", path, ok, "application/json; charset=utf-8").status())
        .isEqualTo(200);
    assertThat(server.send("POST", path, ok, "Application/JSON").status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/no-such-page", // "/" itself is the web UI (UiRoutesIT)
        "/static-files",
        "/api/2.0/mlflow/nope",
        "/api/2.0/mlflow/runs/get/extra",
        "/api/9.0/mlflow/runs/get",
        "/api/2.0/mlflow/runs/GET",
        "/ajax-api/2.0/nothing",
      })
  void anUnknownRouteIsEndpointNotFound(String path) {
    Answer a = server.send("GET", path, null, null);
    assertThat(a.status()).as(a.body()).isEqualTo(404);
    assertErrorBody(a);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DELETE /runs/get",
        "POST /runs/get",
        "GET /runs/create",
        "PUT /runs/log-batch",
        "PATCH /experiments/create",
        "FOO /runs/get",
      })
  void aWrongMethodIs405WithAnErrorBody(String methodAndRpc) {
    String[] parts = methodAndRpc.split(" ");
    Answer a = server.send(parts[0], LiveServer.API + parts[1], "{}", "application/json");
    assertThat(a.status()).as(a.body()).isEqualTo(405);
    assertErrorBody(a);
  }

  @Test
  void optionsOnARouteAnswers204WithItsMethodsAsMlflowDoes() throws Exception {
    var r = server.raw("OPTIONS", LiveServer.API + "/runs/get", null);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, OPTIONS");
  }

  /** Requests Jetty refuses before any route sees them still get MLflow's error JSON. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET /api/2.0/mlflow/runs/get?run_id=%zz HTTP/1.1",
        "GET /api/2.0/mlflow/runs/get?run_id=% HTTP/1.1",
        "GET /api/2.0/mlflow/experiments/get-by-name?experiment_name=%ff%fe HTTP/1.1",
        "GET /api/2.0/mlflow/runs/%2e%2e/%2e%2e/get HTTP/1.1",
        "GET /api/2.0/mlflow/runs%2Fget?run_id=a HTTP/1.1",
        "GET /api/2.0/mlflow/runs/get?run_id=LONG HTTP/1.1",
      })
  void aRequestTheHttpLayerRefusesStillGetsAnErrorJson(String requestLine) throws IOException {
    Answer a = rawRequest(requestLine.replace("LONG", "a".repeat(200_000)), "");
    assertThat(a.status()).as(a.body()).isBetween(400, 499);
    assertErrorBody(a);
  }

  @Test
  void tooLargeHeadersGetAnErrorJson() throws IOException {
    Answer a =
        rawRequest(
            "GET /api/2.0/mlflow/runs/get?run_id=a HTTP/1.1", "X-Big: " + "a".repeat(200_000));
    assertThat(a.status()).as(a.body()).isEqualTo(431);
    assertErrorBody(a);
  }

  // ---- size and depth ----

  @Test
  void anOversizeBodyIsRejectedWithOrWithoutAContentLength(@TempDir Path other) throws Exception {
    int limit = 64 * 1024;
    try (LiveServer small = LiveServer.start(other, "", limit)) {
      String run = small.ok("/runs/create", "{}").path("run").path("info").path("run_id").asText();
      String big = json("{'run_id':'%s','key':'k','value':'v','pad':'%s'}", run, "a".repeat(limit));
      byte[] bytes = big.getBytes(UTF_8);
      String post = "POST /api/2.0/mlflow/runs/set-tag HTTP/1.1";
      String json = "Content-Type: application/json";

      // Raw sockets: java.net.http loses the answer when the server closes while it still writes.
      Answer declared =
          rawRequest(small, post, List.of(json, "Content-Length: " + bytes.length), bytes);
      assertThat(declared.status()).as(declared.body()).isBetween(400, 499);
      assertErrorBody(declared);

      byte[] chunk =
          (Integer.toHexString(bytes.length) + "\r\n" + big + "\r\n0\r\n\r\n").getBytes(UTF_8);
      Answer chunked = rawRequest(small, post, List.of(json, "Transfer-Encoding: chunked"), chunk);
      assertThat(chunked.status()).as(chunked.body()).isBetween(400, 499);
      assertErrorBody(chunked);

      assertThat(small.get("/runs/get?run_id=" + run).body())
          .as("nothing of the oversize requests was written")
          .doesNotContain("\"key\":\"k\"");
      String fits = json("{'run_id':'%s','key':'k','value':'%s'}", run, "v".repeat(limit / 2));
      assertThat(small.post("/runs/set-tag", fits).status()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2_000, 100_000})
  void deeplyNestedJsonIsRejected(int depth) {
    String arrays = "[".repeat(depth) + "]".repeat(depth);
    assertRejected(
        server.post("/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"x\":" + arrays + "}"));
    String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    assertRejected(
        server.post("/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"x\":" + objects + "}"));
  }

  @Test
  void moderatelyNestedUnknownFieldsAreIgnored() {
    String objects = "{\"a\":".repeat(500) + "1" + "}".repeat(500);
    String other = createRun();
    assertThat(
            server
                .post("/runs/log-batch", "{\"run_id\":\"" + other + "\",\"x\":" + objects + "}")
                .status())
        .isEqualTo(200);
  }

  @Test
  void hugeStringsAreRejectedOrTruncatedNeverCrash() {
    String mega = "x".repeat(1_000_000);
    assertRejected(
        server.post(
            "/runs/log-parameter", json("{'run_id':'%s','key':'%s','value':'v'}", runId, mega)));
    assertRejected(server.post("/experiments/create", json("{'name':'%s'}", mega)));
    assertRejected(server.post("/runs/log-batch", json("{'run_id':'%s'}", mega)));
    assertRejected(server.post("/runs/log-batch", "{\"" + mega + "\":1}"));
    String other = createRun();
    // Beyond Jackson's default string limit (20M chars), within the body limit: no "Malformed
    // JSON", the value is truncated like any long tag value, as MLflow's server does.
    server.ok(
        "/runs/set-tag",
        json("{'run_id':'%s','key':'huge','value':'%s'}", other, "y".repeat(21_000_000)));
    server.ok(
        "/runs/log-parameter", json("{'run_id':'%s','key':'long','value':'%s'}", other, mega));
    assertThat(
            server
                .get("/runs/get?run_id=" + other)
                .json()
                .path("run")
                .path("data")
                .path("params")
                .get(0)
                .path("value")
                .asText())
        .hasSize(6000);
    assertThat(
            server
                .get("/runs/get?run_id=" + other)
                .json()
                .path("run")
                .path("data")
                .path("tags")
                .findValues("value")
                .stream()
                .mapToInt(v -> v.asText().length())
                .max()
                .orElse(0))
        .isEqualTo(8000);
  }

  // ---- keys ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../x",
        "..",
        ".",
        "/abs",
        "a//b",
        "a/./b",
        "a/../b",
        "a/",
        "./a",
        "a\\\\b",
        "loss💥",
        "nul\\u0000l",
        "rtl\\u202Eb",
        "new\\nline",
        "tab\\tbed",
        "quote\\\"d",
        "semi;colon",
        "per%cent",
        "star*",
      })
  void aKeyThatIsNoPlainNameIsRejectedForParamsMetricsAndTags(String key) {
    String quoted = "\"" + key + "\"";
    assertRejected(
        server.post(
            "/runs/log-parameter",
            "{\"run_id\":\"" + runId + "\",\"key\":" + quoted + ",\"value\":\"v\"}"));
    assertRejected(
        server.post(
            "/runs/log-metric",
            "{\"run_id\":\"" + runId + "\",\"key\":" + quoted + ",\"value\":1,\"timestamp\":1}"));
    assertRejected(
        server.post(
            "/runs/set-tag",
            "{\"run_id\":\"" + runId + "\",\"key\":" + quoted + ",\"value\":\"v\"}"));
    assertRejected(
        server.post(
            "/experiments/set-experiment-tag",
            "{\"experiment_id\":\"0\",\"key\":" + quoted + ",\"value\":\"v\"}"));
  }

  @Test
  void unicodeLettersAreValidKeysAndNamesAndRoundTrip() throws Exception {
    String other = createRun();
    server.ok("/runs/log-parameter", json("{'run_id':'%s','key':'学习率','value':'0.1'}", other));
    server.ok(
        "/runs/log-metric",
        json("{'run_id':'%s','key':'потеря/шаг','value':1,'timestamp':1}", other));
    JsonNode data = server.get("/runs/get?run_id=" + other).json().path("run").path("data");
    assertThat(data.path("params").get(0).path("key").asText()).isEqualTo("学习率");
    assertThat(data.path("metrics").get(0).path("key").asText()).isEqualTo("потеря/шаг");

    String name = "実験 🧪 \"quoted\" ; DROP TABLE experiments; --";
    ObjectNode create = JSON.createObjectNode().put("name", name);
    String id = server.ok("/experiments/create", create.toString()).path("experiment_id").asText();
    Answer byName =
        server.get("/experiments/get-by-name?experiment_name=" + URLEncoder.encode(name, UTF_8));
    assertThat(byName.json().path("experiment").path("experiment_id").asText()).isEqualTo(id);
    assertThat(byName.json().path("experiment").path("name").asText()).isEqualTo(name);
    // Unknown unicode field names are ignored like any unknown field.
    assertThat(
            server
                .post(
                    "/runs/set-tag", json("{'run_id':'%s','key':'k','value':'v','ключ':1}", other))
                .status())
        .isEqualTo(200);
  }

  // ---- fuzz ----

  @Test
  void mutatedLogBatchBodiesNeverCauseAServerError() throws Exception {
    Random random = new Random(20_261_122L);
    String fuzzRun = createRun();
    int accepted = 0;
    for (int i = 0; i < 300; i++) {
      String body = mutate(validBatch(fuzzRun, i), random);
      Answer a = server.post("/runs/log-batch", body);
      assertThat(a.status()).as(body).isLessThan(500);
      if (a.status() == 200) {
        accepted++;
      } else {
        assertThat(a.status()).as(body).isBetween(400, 499);
        assertErrorBody(a);
      }
    }
    assertThat(accepted).as("some mutations stay valid").isPositive().isLessThan(300);
    assertThat(server.get("/runs/get?run_id=" + fuzzRun).status()).isEqualTo(200);
  }

  private static ObjectNode validBatch(String run, int i) {
    ObjectNode body = JSON.createObjectNode().put("run_id", run);
    body.putArray("metrics")
        .addObject()
        .put("key", "m" + (i % 7))
        .put("value", i * 0.5)
        .put("timestamp", 1_000 + i)
        .put("step", i);
    body.putArray("params").addObject().put("key", "p" + i).put("value", "v");
    body.putArray("tags").addObject().put("key", "t" + (i % 5)).put("value", "x" + i);
    return body;
  }

  /** Drops fields, changes types, nulls values or list elements, or truncates the text. */
  private static String mutate(ObjectNode body, Random random) {
    List<ObjectNode> objects = new ArrayList<>();
    collectObjects(body, objects);
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      ObjectNode target = objects.get(random.nextInt(objects.size()));
      List<String> names = new ArrayList<>();
      target.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty()) {
        continue;
      }
      String field = names.get(random.nextInt(names.size()));
      switch (random.nextInt(7)) {
        case 0 -> target.remove(field);
        case 1 -> target.set(field, JsonNodeFactory.instance.nullNode());
        case 2 -> target.put(field, random.nextBoolean());
        case 3 -> target.put(field, random.nextLong());
        case 4 -> target.put(field, "s" + random.nextInt(1000));
        case 5 -> {
          if (target.get(field) instanceof ArrayNode list && !list.isEmpty()) {
            list.set(0, JsonNodeFactory.instance.nullNode());
          } else {
            target.put(field, "");
          }
        }
        default -> {
          ArrayNode wrapped = JSON.createArrayNode();
          wrapped.add(target.get(field));
          target.set(field, random.nextBoolean() ? wrapped : JSON.createObjectNode());
        }
      }
    }
    String text = body.toString();
    return random.nextInt(4) == 0 ? text.substring(0, random.nextInt(text.length())) : text;
  }

  private static void collectObjects(JsonNode node, List<ObjectNode> out) {
    if (node instanceof ObjectNode o) {
      out.add(o);
    }
    node.forEach(child -> collectObjects(child, out));
  }

  // ---- helpers ----

  private static String createRun() {
    return server.ok("/runs/create", "{}").path("run").path("info").path("run_id").asText();
  }

  private static void assertRejected(Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(400);
    assertThat(a.errorCode()).as(a.body()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertErrorBody(a);
  }

  /** A JSON error with a code and a message that carries no Java internals. */
  private static void assertErrorBody(Answer a) {
    JsonNode body = a.json();
    assertThat(body.path("error_code").asText()).as(a.body()).isNotBlank();
    assertThat(body.path("message").asText())
        .as(a.body())
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("java.")
        .doesNotContain("dev.cairn");
  }

  private static Answer rawRequest(String requestLine, String extraHeader) throws IOException {
    return rawRequest(
        server, requestLine, extraHeader.isEmpty() ? List.of() : List.of(extraHeader), new byte[0]);
  }

  /**
   * Sends bytes no well-behaved client would (bad escapes, ambiguous paths, oversize bodies) over a
   * plain socket and reads the answer until the server closes.
   */
  private static Answer rawRequest(
      LiveServer target, String requestLine, List<String> headers, byte[] body) throws IOException {
    URI base = URI.create(target.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
      head.append("Connection: close\r\n");
      headers.forEach(h -> head.append(h).append("\r\n"));
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(UTF_8));
      try {
        out.write(body);
        out.flush();
      } catch (IOException closedEarly) {
        // The server may answer and close before reading the whole body; its answer still counts.
      }
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(buffer);
      String response = buffer.toString(UTF_8);
      int status = Integer.parseInt(response.split(" ", 3)[1]);
      int bodyStart = response.indexOf("\r\n\r\n");
      return new Answer(status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
    }
  }
}
