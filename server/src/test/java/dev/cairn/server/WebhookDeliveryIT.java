package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.server.webhooks.HttpWebhookSender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry webhooks delivered to a local receiver: payload, HMAC signature, retries, isolation. */
class WebhookDeliveryIT {
  private static final String SECRET = "s3cr3t";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static LiveServer server;
  static HttpServer receiver;
  static final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  static final AtomicInteger failFirst = new AtomicInteger();
  static volatile long slowMillis;

  record Received(String path, Map<String, List<String>> headers, String body) {}

  @BeforeAll
  static void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(new Received(ex.getRequestURI().getPath(), ex.getRequestHeaders(), body));
          try {
            Thread.sleep(slowMillis);
          } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
          }
          int status = failFirst.getAndDecrement() > 0 ? 500 : 200;
          byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, answer.length);
          ex.getResponseBody().write(answer);
          ex.close();
        });
    receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    receiver.start();
    server = LiveServer.withLoopbackWebhooks(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
    receiver.stop(0);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private static String hook(String name, String path, String events) {
    return server
        .ok(
            "/webhooks",
            "{\"name\":\""
                + name
                + "\",\"url\":\""
                + url(path)
                + "\",\"secret\":\""
                + SECRET
                + "\",\"events\":"
                + events
                + "}")
        .at("/webhook/webhook_id")
        .asText();
  }

  private static Received next(String path) throws InterruptedException {
    while (true) {
      Received r = received.poll(15, TimeUnit.SECONDS);
      assertThat(r).as("a delivery to " + path).isNotNull();
      if (r.path().equals(path)) {
        return r;
      }
    }
  }

  private static String header(Received r, String name) {
    return r.headers().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(e -> e.getValue().get(0))
        .findFirst()
        .orElse(null);
  }

  @Test
  void modelVersionCreatedIsDeliveredSignedAsMlflowSignsIt() throws Exception {
    hook("mv-created", "/mv", "[{\"entity\":\"MODEL_VERSION\",\"action\":\"CREATED\"}]");
    server.ok("/registered-models/create", "{\"name\":\"hooked\"}");
    server.ok(
        "/model-versions/create",
        "{\"name\":\"hooked\",\"source\":\"s3://bucket/model\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}");
    Received r = next("/mv");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("entity").asText()).isEqualTo("model_version");
    assertThat(body.get("action").asText()).isEqualTo("created");
    assertThat(body.at("/data/name").asText()).isEqualTo("hooked");
    assertThat(body.at("/data/version").asText()).isEqualTo("1");
    assertThat(body.at("/data/tags/k").asText()).isEqualTo("v");
    String id = header(r, "X-MLflow-Delivery-Id");
    String ts = header(r, "X-MLflow-Timestamp");
    assertThat(header(r, "X-MLflow-Signature"))
        .isEqualTo(HttpWebhookSender.signature(SECRET, id, ts, r.body()))
        .startsWith("v1,");
    // an independent HMAC computation, so the test does not only check the sender against itself
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "v1,"
            + java.util.Base64.getEncoder()
                .encodeToString(
                    mac.doFinal((id + "." + ts + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
    assertThat(header(r, "X-MLflow-Signature")).isEqualTo(expected);
  }

  @Test
  void promptsSendPromptEventsAndNoModelEvents() throws Exception {
    String events =
        "[{'entity':'PROMPT','action':'CREATED'},{'entity':'PROMPT_TAG','action':'SET'},"
            + "{'entity':'PROMPT_VERSION','action':'CREATED'},"
            + "{'entity':'PROMPT_VERSION_TAG','action':'DELETED'},"
            + "{'entity':'PROMPT_ALIAS','action':'CREATED'}]";
    String prompts = hook("prompts", "/prompts", events.replace('\'', '"'));
    String models =
        hook(
            "models",
            "/models",
            "[{\"entity\":\"REGISTERED_MODEL\",\"action\":\"CREATED\"},"
                + "{\"entity\":\"MODEL_VERSION\",\"action\":\"CREATED\"}]");
    String marker = "{\"key\":\"mlflow.prompt.is_prompt\",\"value\":\"true\"}";
    server.ok(
        "/registered-models/create",
        "{\"name\":\"greet\",\"description\":\"d\",\"tags\":["
            + marker
            + ",{\"key\":\"team\",\"value\":\"a\"}]}");
    assertThat(JSON.readTree(next("/prompts").body()).get("data").toString())
        .isEqualTo("{\"name\":\"greet\",\"tags\":{\"team\":\"a\"},\"description\":\"d\"}");
    server.ok("/registered-models/set-tag", "{\"name\":\"greet\",\"key\":\"k\",\"value\":\"v\"}");
    assertThat(JSON.readTree(next("/prompts").body()).at("/data/key").asText()).isEqualTo("k");

    LiveServer.Answer notPlaceholder =
        server.post(
            "/model-versions/create",
            "{\"name\":\"greet\",\"source\":\"/etc\",\"tags\":[" + marker + "]}");
    assertThat(notPlaceholder.status()).isEqualTo(400);
    assertThat(notPlaceholder.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
    server.ok(
        "/model-versions/create",
        "{\"name\":\"greet\",\"source\":\"prompt-template\",\"tags\":["
            + marker
            + ",{\"key\":\"mlflow.prompt.text\",\"value\":\"Hi {{name}}\"},"
            + "{\"key\":\"x\",\"value\":\"y\"}]}");
    JsonNode version = JSON.readTree(next("/prompts").body());
    assertThat(version.get("entity").asText()).isEqualTo("prompt_version");
    assertThat(version.get("data").toString())
        .isEqualTo(
            "{\"name\":\"greet\",\"version\":\"1\",\"template\":\"Hi {{name}}\","
                + "\"tags\":{\"x\":\"y\"},\"description\":null}");
    server.send(
        "DELETE",
        LiveServer.API + "/model-versions/delete-tag",
        "{\"name\":\"greet\",\"version\":\"1\",\"key\":\"x\"}",
        "application/json");
    assertThat(JSON.readTree(next("/prompts").body()).get("entity").asText())
        .isEqualTo("prompt_version_tag");
    server.ok(
        "/registered-models/alias", "{\"name\":\"greet\",\"alias\":\"prod\",\"version\":\"1\"}");
    assertThat(JSON.readTree(next("/prompts").body()).get("data").toString())
        .isEqualTo("{\"name\":\"greet\",\"alias\":\"prod\",\"version\":\"1\"}");

    // The model hook heard nothing of the prompt: its first delivery is a real model's.
    server.ok("/registered-models/create", "{\"name\":\"plain-model\"}");
    assertThat(JSON.readTree(next("/models").body()).at("/data/name").asText())
        .isEqualTo("plain-model");
    // The class's other tests share the server: these hooks must not hear their events.
    for (String id : List.of(prompts, models)) {
      server.send("DELETE", LiveServer.API + "/webhooks/" + id, null, null);
    }
  }

  @Test
  void aModelVersionFromObjectStorageMayNameARunThisServerDoesNotHold() {
    server.ok("/registered-models/create", "{\"name\":\"elsewhere\"}");
    JsonNode v =
        server
            .ok(
                "/model-versions/create",
                "{\"name\":\"elsewhere\",\"source\":\"s3://bucket/path/to/model\","
                    + "\"run_id\":\"1234567890abcdef\"}")
            .path("model_version");
    assertThat(v.path("run_id").asText()).isEqualTo("1234567890abcdef");
    LiveServer.Answer local =
        server.post(
            "/model-versions/create",
            "{\"name\":\"elsewhere\",\"source\":\"/tmp/model\",\"run_id\":\"1234567890abcdef\"}");
    assertThat(local.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void aFailingReceiverGetsRetried() throws Exception {
    hook("retry", "/retry", "[{\"entity\":\"REGISTERED_MODEL\",\"action\":\"CREATED\"}]");
    failFirst.set(1);
    server.ok("/registered-models/create", "{\"name\":\"retried\"}");
    Received first = next("/retry");
    Received second = next("/retry");
    assertThat(JSON.readTree(second.body()).at("/data/name").asText()).isEqualTo("retried");
    assertThat(header(second, "X-MLflow-Delivery-Id"))
        .isNotEqualTo(header(first, "X-MLflow-Delivery-Id"));
  }

  @Test
  void aSlowReceiverDoesNotSlowTheApiCall() throws Exception {
    hook("slow", "/slow", "[{\"entity\":\"MODEL_VERSION_ALIAS\",\"action\":\"CREATED\"}]");
    server.ok("/registered-models/create", "{\"name\":\"patient\"}");
    server.ok("/model-versions/create", "{\"name\":\"patient\",\"source\":\"s3://b/m\"}");
    slowMillis = 3000;
    try {
      long t0 = System.nanoTime();
      server.ok(
          "/registered-models/alias",
          "{\"name\":\"patient\",\"alias\":\"prod\",\"version\":\"1\"}");
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).isLessThan(1000);
      assertThat(next("/slow").body()).contains("\"alias\":\"prod\"");
    } finally {
      slowMillis = 0;
    }
  }

  @Test
  void crudAndTestEndpoint() throws Exception {
    String id = hook("crud", "/crud", "[{\"entity\":\"MODEL_VERSION_TAG\",\"action\":\"SET\"}]");
    JsonNode got = server.get("/webhooks/" + id).json().get("webhook");
    assertThat(got.get("name").asText()).isEqualTo("crud");
    assertThat(got.has("secret")).isFalse();
    assertThat(got.get("status").asText()).isEqualTo("ACTIVE");
    assertThat(got.get("events").toString())
        .isEqualTo("[{\"entity\":\"MODEL_VERSION_TAG\",\"action\":\"SET\"}]");
    LiveServer.Answer patched =
        server.send(
            "PATCH",
            LiveServer.API + "/webhooks/" + id,
            "{\"status\":\"DISABLED\",\"description\":\"d\"}",
            "application/json");
    assertThat(patched.json().at("/webhook/status").asText()).isEqualTo("DISABLED");
    JsonNode test = server.ok("/webhooks/" + id + "/test", "{}");
    assertThat(test.at("/result/success").asBoolean()).isTrue();
    assertThat(test.at("/result/response_status").asInt()).isEqualTo(200);
    Received sample = next("/crud");
    assertThat(JSON.readTree(sample.body()).get("entity").asText()).isEqualTo("model_version_tag");
    // An event named in the test request gets MLflow's example payload of that event.
    server.ok(
        "/webhooks/" + id + "/test",
        "{\"event\":{\"entity\":\"PROMPT_VERSION_TAG\",\"action\":\"SET\"}}");
    assertThat(JSON.readTree(next("/crud").body()).get("data").toString())
        .isEqualTo(
            "{\"name\":\"example_prompt\",\"version\":\"1\",\"key\":\"example_key\","
                + "\"value\":\"example_value\"}");
    server.ok(
        "/webhooks/" + id + "/test",
        "{\"event\":{\"entity\":\"MODEL_VERSION_ALIAS\",\"action\":\"DELETED\"}}");
    assertThat(JSON.readTree(next("/crud").body()).get("data").toString())
        .isEqualTo("{\"name\":\"example_model\",\"alias\":\"example_alias\"}");
    assertThat(server.get("/webhooks").json().get("webhooks").toString()).contains(id);
    assertThat(server.send("DELETE", LiveServer.API + "/webhooks/" + id, null, null).status())
        .isEqualTo(200);
    LiveServer.Answer gone = server.get("/webhooks/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void invalidWebhooksAreRefused() {
    String ok =
        "\"url\":\""
            + url("/x")
            + "\",\"events\":[{\"entity\":\"MODEL_VERSION\",\"action\":\"CREATED\"}]";
    assertThat(server.post("/webhooks", "{\"name\":\"-bad-\"," + ok + "}").errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(
            server
                .post(
                    "/webhooks",
                    "{\"name\":\"n\",\"url\":\"ftp://x/y\",\"events\":[{\"entity\":\"MODEL_VERSION\",\"action\":\"CREATED\"}]}")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(
            server
                .post(
                    "/webhooks",
                    "{\"name\":\"n\",\"url\":\""
                        + url("/x")
                        + "\",\"events\":[{\"entity\":\"MODEL_VERSION\",\"action\":\"SET\"}]}")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(
            server
                .post("/webhooks", "{\"name\":\"n\",\"url\":\"" + url("/x") + "\",\"events\":[]}")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void privateAddressesAreRefusedByDefault(@TempDir Path other) {
    try (LiveServer strict = LiveServer.start(other)) {
      LiveServer.Answer a =
          strict.post(
              "/webhooks",
              "{\"name\":\"n\",\"url\":\"https://127.0.0.1/hook\",\"events\":[{\"entity\":\"MODEL_VERSION\",\"action\":\"CREATED\"}]}");
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
    }
  }
}
