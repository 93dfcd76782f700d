package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.LiveServer.Answer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed, mistyped, oversize and hostile requests: every answer is a 4xx with MLflow's error
 * JSON, and the data written before stays intact.
 */
class HostileInputsIT {
  private static final long SMALL_LIMIT = 256 * 1024;
  @TempDir static Path dir;
  static LiveServer server;
  static String runId;

  @BeforeAll
  static void start() {
    server = LiveServer.start(dir, "", SMALL_LIMIT);
    runId = server.ok("/runs/create", "{}").path("run").path("info").path("run_id").asText();
    server.ok(
        "/runs/log-batch",
        "{\"run_id\":\""
            + runId
            + "\",\"params\":[{\"key\":\"p\",\"value\":\"1\"}],"
            + "\"metrics\":[{\"key\":\"m\",\"value\":1.5,\"timestamp\":10,\"step\":1}]}");
  }

  @AfterAll
  static void stop() {
    assertDataIntact();
    server.close();
  }

  private static void assertDataIntact() {
    JsonNode run = server.get("/runs/get?run_id=" + runId).json().path("run");
    assertThat(run.path("data").path("params").toString())
        .isEqualTo("[{\"key\":\"p\",\"value\":\"1\"}]");
    assertThat(run.path("data").path("metrics").toString())
        .isEqualTo("[{\"key\":\"m\",\"value\":1.5,\"timestamp\":10,\"step\":1}]");
    assertThat(
            server
                .get("/metrics/get-history?run_id=" + runId + "&metric_key=m")
                .json()
                .path("metrics")
                .size())
        .isEqualTo(1);
  }

  private static void assertClientError(Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.errorCode()).as(a.body()).isEqualTo(code);
    assertThat(a.json().path("message").asText())
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "{\"run_id\":",
        "[1,2]",
        "42",
        "\"just a string\"",
        "nul",
        "{\"run_id\": \"x\",}",
        "{\"run_id\": 'single'}",
        "{\"a\":1,\"a\":2}",
        "{\"run_id\":\"RUN\",\"metrics\":{}}",
        "{\"run_id\":\"RUN\",\"metrics\":[{\"key\":\"m\",\"value\":true,\"timestamp\":1}]}",
        "{\"run_id\":\"RUN\",\"metrics\":[{\"key\":\"m\",\"value\":\"abc\",\"timestamp\":1}]}",
        "{\"run_id\":\"RUN\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":\"soon\"}]}",
        "{\"run_id\":\"RUN\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1.5}]}",
        "{\"run_id\":\"RUN\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":-1}]}",
        "{\"run_id\":\"RUN\",\"metrics\":[{\"key\":\"../etc\",\"value\":1,\"timestamp\":1}]}",
        "{\"run_id\":\"RUN\",\"metrics\":[{\"key\":\"a//b\",\"value\":1,\"timestamp\":1}]}",
        "{\"run_id\":\"RUN\",\"metrics\":[{\"value\":1,\"timestamp\":1}]}",
        "{\"run_id\":\"RUN\",\"params\":[{\"key\":\"p\",\"value\":\"2\"}]}",
        "{\"run_id\":\"RUN\",\"params\":[{\"key\":7,\"value\":\"2\"}]}",
        "{\"run_id\":\"RUN\",\"params\":[{\"key\":\"q\",\"value\":\"a\"},{\"key\":\"q\",\"value\":\"b\"}]}",
        "{\"run_id\":\"RUN\",\"tags\":[{\"key\":\"\",\"value\":\"x\"}]}",
        "{\"run_id\":\"../../etc/passwd\"}",
        "{\"run_id\":[\"RUN\"]}",
        "{}",
      })
  void malformedLogBatchBodiesAreRejectedWithoutWriting(String body) {
    Answer a = server.post("/runs/log-batch", body.replace("RUN", runId));
    assertClientError(a, 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void deeplyNestedJsonIsRejected() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    Answer a =
        server.post("/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":" + deep + "}");
    assertThat(a.status()).isBetween(400, 499);
  }

  @Test
  void anOversizeBodyIsRejected() {
    String big = "{\"run_id\":\"" + runId + "\",\"x\":\"" + "a".repeat((int) SMALL_LIMIT) + "\"}";
    assertClientError(server.post("/runs/log-batch", big), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void postWithoutOrWithAWrongContentTypeIsRejected() {
    String body = "{\"name\":\"ct\"}";
    assertClientError(
        server.send("POST", LiveServer.API + "/experiments/create", body, null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertClientError(
        server.send("POST", LiveServer.API + "/experiments/create", body, "text/plain"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThat(
            server
                .send(
                    "POST",
                    LiveServer.API + "/experiments/create",
                    body,
                    "application/json; charset=utf-8")
                .status())
        .isEqualTo(200);
  }

  @Test
  void unknownRoutesAndWrongMethodsAreRejected() {
    assertClientError(server.get("/no/such/route"), 404, "ENDPOINT_NOT_FOUND");
    assertClientError(
        server.send("GET", "/api/2.0/nothing", null, null), 404, "ENDPOINT_NOT_FOUND");
    Answer wrongMethod = server.send("DELETE", LiveServer.API + "/runs/get", null, null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.errorCode()).isNotBlank();
  }

  @Test
  void badQueryParametersAreRejected() {
    assertClientError(
        server.get("/metrics/get-history?run_id=" + runId + "&metric_key=m&max_results=abc"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertClientError(
        server.get("/experiments/get?experiment_id=1%27%20OR%201=1"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertClientError(
        server.get("/metrics/get-history?run_id=" + runId + "&metric_key=m&page_token=%25%25%25"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "metrics.m > 1 OR 1=1",
        "params.p = '1'; DROP TABLE runs",
        "tags.`x` = \"",
        "metrics.m >",
        "params.p = '1' UNION SELECT * FROM runs"
      })
  void hostileFiltersAreInvalidParameterValue(String filter) {
    String body = "{\"experiment_ids\":[\"0\"],\"filter\":" + quote(filter) + "}";
    assertClientError(server.post("/runs/search", body), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void injectionShapedValuesAreJustValues() {
    String body = "{\"experiment_ids\":[\"0\"],\"filter\":\"params.p = '1'' OR ''1''=''1'\"}";
    Answer a = server.post("/runs/search", body);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("runs").size()).isZero();
  }

  @Test
  void mutatedLogBatchBodiesNeverCauseAServerError() {
    Random random = new Random(7);
    // A run of its own: mutations may well produce valid bodies that write.
    String fuzzRun =
        server.ok("/runs/create", "{}").path("run").path("info").path("run_id").asText();
    String valid =
        "{\"run_id\":\""
            + fuzzRun
            + "\",\"metrics\":[{\"key\":\"m\",\"value\":1.5,"
            + "\"timestamp\":10,\"step\":1}],\"params\":[{\"key\":\"p\",\"value\":\"1\"}]}";
    for (int i = 0; i < 300; i++) {
      StringBuilder b = new StringBuilder(valid);
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits && b.length() > 0; e++) {
        int at = random.nextInt(b.length());
        switch (random.nextInt(3)) {
          case 0 -> b.deleteCharAt(at);
          case 1 -> b.insert(at, "{}[]\",:0aé\\".charAt(random.nextInt(11)));
          default -> b.setLength(at);
        }
      }
      Answer a = server.post("/runs/log-batch", b.toString());
      assertThat(a.status()).as(b.toString()).isLessThan(500);
      if (a.status() != 200) {
        assertThat(a.errorCode()).as(b.toString()).isNotBlank();
      }
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
