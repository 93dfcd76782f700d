package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** MLflow 3's logged-model API over raw HTTP, with MLflow's shapes and error codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoggedModelApiIT {
  private static final String M = "/logged-models";
  @TempDir static Path dir;
  static LiveServer server;
  static String exp;

  /** The server under test, on SQLite; a subclass may put it on another backend store. */
  LiveServer open(Path dir) {
    return LiveServer.proxying(dir, true, false);
  }

  @BeforeAll
  void start() {
    server = open(dir);
    exp = server.ok("/experiments/create", "{\"name\":\"lm\"}").get("experiment_id").asText();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static JsonNode create(String body) {
    return server.ok(M, body).get("model");
  }

  private static LiveServer.Answer call(String method, String path, String body) {
    return server.send(
        method, LiveServer.API + path, body, body == null ? null : "application/json");
  }

  @Test
  void createdModelIsPendingWithIdLocationParamsAndTags() {
    JsonNode m =
        create(
            "{\"experiment_id\":\""
                + exp
                + "\",\"name\":\"clf\",\"model_type\":\"sklearn\","
                + "\"params\":[{\"key\":\"C\",\"value\":\"1\"}],\"tags\":[{\"key\":\"t\",\"value\":\"v\"}]}");
    String id = m.at("/info/model_id").asText();
    assertThat(id).matches("m-[0-9a-f]{32}");
    assertThat(m.at("/info/status").asText()).isEqualTo("LOGGED_MODEL_PENDING");
    assertThat(m.at("/info/experiment_id").asText()).isEqualTo(exp);
    assertThat(m.at("/info/artifact_uri").asText())
        .isEqualTo("mlflow-artifacts:/" + exp + "/models/" + id + "/artifacts");
    assertThat(m.at("/info/tags").toString()).isEqualTo("[{\"key\":\"t\",\"value\":\"v\"}]");
    assertThat(m.at("/data/params").toString()).isEqualTo("[{\"key\":\"C\",\"value\":\"1\"}]");
    assertThat(m.at("/info/creation_timestamp_ms").asLong())
        .isEqualTo(m.at("/info/last_updated_timestamp_ms").asLong())
        .isPositive();
  }

  @Test
  void nameIsGeneratedWhenAbsentAndRefusedWithPathCharacters() {
    assertThat(create("{\"experiment_id\":\"" + exp + "\"}").at("/info/name").asText())
        .matches("[a-z]+-[a-z]+-\\d+");
    for (String bad : new String[] {"a/b", "a:b", "a.b", "a%b", "a'b"}) {
      LiveServer.Answer a =
          server.post(M, "{\"experiment_id\":\"" + exp + "\",\"name\":\"" + bad + "\"}");
      assertThat(a.status()).isEqualTo(400);
      assertThat(a.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
    }
  }

  @Test
  void unknownExperimentIs404AndMissingExperimentIdIs400() {
    assertThat(server.post(M, "{\"experiment_id\":\"99999\"}").errorCode())
        .isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(server.post(M, "{}").errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void finalizeAcceptsNameOrNumberAndGetSeesIt() {
    String id = create("{\"experiment_id\":\"" + exp + "\"}").at("/info/model_id").asText();
    LiveServer.Answer a =
        call(
            "PATCH",
            M + "/" + id,
            "{\"model_id\":\"" + id + "\",\"status\":\"LOGGED_MODEL_READY\"}");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().at("/model/info/status").asText()).isEqualTo("LOGGED_MODEL_READY");
    call("PATCH", M + "/" + id, "{\"status\":3}");
    assertThat(server.get(M + "/" + id).json().at("/model/info/status").asText())
        .isEqualTo("LOGGED_MODEL_UPLOAD_FAILED");
    assertThat(call("PATCH", M + "/" + id, "{\"status\":\"SOMETHING\"}").status()).isEqualTo(400);
  }

  @Test
  void deletedModelIsHiddenUnlessAllowed() {
    String id = create("{\"experiment_id\":\"" + exp + "\"}").at("/info/model_id").asText();
    assertThat(call("DELETE", M + "/" + id, "{\"model_id\":\"" + id + "\"}").status())
        .isEqualTo(200);
    LiveServer.Answer gone = server.get(M + "/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().get("message").asText())
        .isEqualTo("Logged model with ID '" + id + "' not found.");
    assertThat(server.get(M + "/" + id + "?allow_deleted=true").status()).isEqualTo(200);
    assertThat(call("DELETE", M + "/" + id, null).status()).isEqualTo(404);
  }

  @Test
  void tagsUpsertAndDeleteOfAMissingTagIs404() {
    String id = create("{\"experiment_id\":\"" + exp + "\"}").at("/info/model_id").asText();
    call(
        "PATCH",
        M + "/" + id + "/tags",
        "{\"tags\":[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"a\",\"value\":\"2\"}]}");
    assertThat(server.get(M + "/" + id).json().at("/model/info/tags").toString())
        .isEqualTo("[{\"key\":\"a\",\"value\":\"2\"}]");
    assertThat(call("DELETE", M + "/" + id + "/tags/a", null).status()).isEqualTo(200);
    LiveServer.Answer again = call("DELETE", M + "/" + id + "/tags/a", null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void paramsAddButNeverChange() {
    String id = create("{\"experiment_id\":\"" + exp + "\"}").at("/info/model_id").asText();
    assertThat(
            server
                .post(M + "/" + id + "/params", "{\"params\":[{\"key\":\"k\",\"value\":\"1\"}]}")
                .status())
        .isEqualTo(200);
    assertThat(
            server
                .post(M + "/" + id + "/params", "{\"params\":[{\"key\":\"k\",\"value\":\"1\"}]}")
                .status())
        .isEqualTo(200);
    assertThat(
            server
                .post(M + "/" + id + "/params", "{\"params\":[{\"key\":\"k\",\"value\":\"2\"}]}")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void searchFiltersByMetricParamTagAndOrdersByLatestMetricWithNullsLast() {
    String e =
        server.ok("/experiments/create", "{\"name\":\"lm-search\"}").get("experiment_id").asText();
    String run =
        server
            .ok("/runs/create", "{\"experiment_id\":\"" + e + "\"}")
            .at("/run/info/run_id")
            .asText();
    String[] ids = new String[3];
    double[] acc = {0.7, 0.9, Double.NaN};
    for (int i = 0; i < 3; i++) {
      ids[i] =
          create(
                  "{\"experiment_id\":\""
                      + e
                      + "\",\"name\":\"m"
                      + i
                      + "\",\"params\":[{\"key\":\"p\",\"value\":\""
                      + i
                      + "\"}]}")
              .at("/info/model_id")
              .asText();
      if (!Double.isNaN(acc[i])) {
        server.ok(
            "/runs/log-batch",
            "{\"run_id\":\""
                + run
                + "\",\"metrics\":[{\"key\":\"acc\",\"value\":"
                + acc[i]
                + ",\"timestamp\":1,\"step\":0,\"model_id\":\""
                + ids[i]
                + "\"}]}");
      }
    }
    JsonNode byMetric =
        server.ok(
            M + "/search", "{\"experiment_ids\":[\"" + e + "\"],\"filter\":\"metrics.acc > 0.8\"}");
    assertThat(byMetric.get("models")).hasSize(1);
    assertThat(byMetric.at("/models/0/info/model_id").asText()).isEqualTo(ids[1]);
    assertThat(byMetric.at("/models/0/data/metrics/0/run_id").asText()).isEqualTo(run);

    JsonNode ordered =
        server.ok(
            M + "/search",
            "{\"experiment_ids\":[\""
                + e
                + "\"],\"order_by\":[{\"field_name\":\"metrics.acc\",\"ascending\":true}]}");
    assertThat(ids(ordered)).containsExactly(ids[0], ids[1], ids[2]);

    JsonNode byParam =
        server.ok(
            M + "/search",
            "{\"experiment_ids\":[\""
                + e
                + "\"],\"filter\":\"params.p IN ('0', '2') AND name != 'm0'\"}");
    assertThat(ids(byParam)).containsExactly(ids[2]);

    JsonNode page =
        server.ok(M + "/search", "{\"experiment_ids\":[\"" + e + "\"],\"max_results\":2}");
    assertThat(page.get("models")).hasSize(2);
    JsonNode rest =
        server.ok(
            M + "/search",
            "{\"experiment_ids\":[\""
                + e
                + "\"],\"max_results\":2,\"page_token\":\""
                + page.get("next_page_token").asText()
                + "\"}");
    assertThat(rest.get("models")).hasSize(1);
    assertThat(rest.has("next_page_token")).isFalse();

    assertThat(
            server
                .post(
                    M + "/search",
                    "{\"experiment_ids\":[\"" + e + "\"],\"filter\":\"metrics.acc LIKE 'x'\"}")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(
            server
                .post(
                    M + "/search",
                    "{\"experiment_ids\":[\""
                        + e
                        + "\"],\"order_by\":[{\"field_name\":\"params.p\"}]}")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(
            server
                .post(
                    M + "/search",
                    "{\"experiment_ids\":[\"" + e + "\"],\"filter\":\"bogus = 'x'\"}")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void emptyParamAndTagValuesAreStoredAsMlflowStoresThem() {
    JsonNode m =
        create(
            "{\"experiment_id\":\""
                + exp
                + "\",\"params\":[{\"key\":\"_name_or_path\",\"value\":\"\"},{\"key\":\"nil\"}],"
                + "\"tags\":[{\"key\":\"t\",\"value\":\"\"}]}");
    String id = m.at("/info/model_id").asText();
    assertThat(
            call(
                    "POST",
                    M + "/" + id + "/params",
                    "{\"params\":[{\"key\":\"later\",\"value\":\"\"}]}")
                .status())
        .isEqualTo(200);
    assertThat(
            call("PATCH", M + "/" + id + "/tags", "{\"tags\":[{\"key\":\"t2\",\"value\":\"\"}]}")
                .status())
        .isEqualTo(200);
    JsonNode got = server.get(M + "/" + id).json().path("model");
    java.util.Map<String, String> params = new java.util.TreeMap<>();
    got.at("/data/params")
        .forEach(p -> params.put(p.path("key").asText(), p.path("value").asText("")));
    assertThat(params)
        .containsExactly(
            java.util.Map.entry("_name_or_path", ""),
            java.util.Map.entry("later", ""),
            java.util.Map.entry("nil", ""));
    java.util.Map<String, String> tags = new java.util.TreeMap<>();
    got.at("/info/tags").forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText("")));
    assertThat(tags).containsEntry("t", "").containsEntry("t2", "");
    assertThat(
            call("POST", M + "/" + id + "/params", "{\"params\":[{\"value\":\"v\"}]}").errorCode())
        .as("a key is still required")
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  private static java.util.List<String> ids(JsonNode search) {
    java.util.List<String> out = new java.util.ArrayList<>();
    search.get("models").forEach(m -> out.add(m.at("/info/model_id").asText()));
    return out;
  }

  @Test
  void runOutputsAppearOnTheRun() {
    String run =
        server
            .ok("/runs/create", "{\"experiment_id\":\"" + exp + "\"}")
            .at("/run/info/run_id")
            .asText();
    String id =
        create("{\"experiment_id\":\"" + exp + "\",\"source_run_id\":\"" + run + "\"}")
            .at("/info/model_id")
            .asText();
    server.ok(
        "/runs/outputs",
        "{\"run_id\":\"" + run + "\",\"models\":[{\"model_id\":\"" + id + "\",\"step\":3}]}");
    server.ok(
        "/runs/outputs",
        "{\"run_id\":\"" + run + "\",\"models\":[{\"model_id\":\"" + id + "\",\"step\":3}]}");
    assertThat(
            server
                .get("/runs/get?run_id=" + run)
                .json()
                .at("/run/outputs/model_outputs")
                .toString())
        .isEqualTo("[{\"model_id\":\"" + id + "\",\"step\":3}]");
    assertThat(server.post("/runs/outputs", "{\"run_id\":\"" + run + "\"}").errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void modelArtifactsListAndDownload() throws Exception {
    String id = create("{\"experiment_id\":\"" + exp + "\"}").at("/info/model_id").asText();
    String base = "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/models/" + id + "/artifacts";
    server.send("PUT", base + "/MLmodel", "flavors: {}", "text/plain");
    JsonNode list = server.get(M + "/" + id + "/artifacts/directories").json();
    assertThat(list.get("files").toString())
        .isEqualTo("[{\"path\":\"MLmodel\",\"is_dir\":false,\"file_size\":11}]");
    LiveServer.Answer file =
        server.send(
            "GET",
            "/ajax-api/2.0/mlflow/logged-models/"
                + id
                + "/artifacts/files?artifact_file_path=MLmodel",
            null,
            null);
    assertThat(file.body()).isEqualTo("flavors: {}");
    assertThat(
            server
                .get(M + "/" + id + "/artifacts/directories?artifact_directory_path=../..")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void legacyLogModelAppendsToTheHistoryTag() {
    String run =
        server
            .ok("/runs/create", "{\"experiment_id\":\"" + exp + "\"}")
            .at("/run/info/run_id")
            .asText();
    String model =
        "{\\\"artifact_path\\\":\\\"model\\\",\\\"run_id\\\":\\\""
            + run
            + "\\\",\\\"utc_time_created\\\":\\\"2026-01-01\\\",\\\"flavors\\\":{\\\"sklearn\\\":{\\\"config\\\":{\\\"x\\\":1},\\\"v\\\":1}}}";
    server.ok("/runs/log-model", "{\"run_id\":\"" + run + "\",\"model_json\":\"" + model + "\"}");
    server.ok("/runs/log-model", "{\"run_id\":\"" + run + "\",\"model_json\":\"" + model + "\"}");
    JsonNode tags = server.get("/runs/get?run_id=" + run).json().at("/run/data/tags");
    String history = null;
    for (JsonNode t : tags) {
      if (t.get("key").asText().equals("mlflow.log-model.history")) {
        history = t.get("value").asText();
      }
    }
    assertThat(history)
        .isEqualTo(
            "[{\"artifact_path\":\"model\",\"run_id\":\""
                + run
                + "\",\"utc_time_created\":\"2026-01-01\",\"flavors\":{\"sklearn\":{\"v\":1}}},"
                + "{\"artifact_path\":\"model\",\"run_id\":\""
                + run
                + "\",\"utc_time_created\":\"2026-01-01\",\"flavors\":{\"sklearn\":{\"v\":1}}}]");
    assertThat(
            server
                .post("/runs/log-model", "{\"run_id\":\"" + run + "\",\"model_json\":\"{}\"}")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }
}
