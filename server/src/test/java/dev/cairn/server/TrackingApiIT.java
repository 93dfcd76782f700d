package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.LiveServer.Answer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracking API's transport over raw HTTP: the ajax mirror, health, static prefix, request and
 * response encodings.
 */
class TrackingApiIT extends LiveTrackingApi {
  // ---- transport ----

  @Test
  void theAjaxApiMirrorsTheApi() {
    Answer create =
        server.send(
            "POST",
            "/ajax-api/2.0/mlflow/experiments/create",
            json("{'name':'exp-ajax'}"),
            "application/json");
    assertThat(create.status()).isEqualTo(200);
    String id = create.json().path("experiment_id").asText();
    Answer get =
        server.send("GET", "/ajax-api/2.0/mlflow/experiments/get?experiment_id=" + id, null, null);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json()).isEqualTo(okGet("/experiments/get?experiment_id=" + id));
  }

  @Test
  void healthAndVersionAnswerPlainText() {
    Answer health = server.send("GET", "/health", null, null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK");
    Answer version = server.send("GET", "/version", null, null);
    assertThat(version.status()).isEqualTo(200);
    assertThat(version.body()).isEqualTo(CairnServer.MLFLOW_VERSION);
  }

  @Test
  void serverInfoTellsMlflow3ClientsTheStoreAndThatTransfersGoThroughTheProxy() {
    for (String api : List.of("/api/3.0", "/ajax-api/3.0")) {
      Answer info = server.send("GET", api + "/mlflow/server-info", null, null);
      assertThat(info.status()).isEqualTo(200);
      assertThat(info.json().path("store_type").asText()).isEqualTo("SqlStore");
      assertThat(info.json().path("multipart_uploads_enabled").asBoolean(true)).isFalse();
      assertThat(info.json().path("workspaces_enabled").asBoolean(true)).isFalse();
      assertThat(info.json().path("features_enabled").path("gateway").asBoolean(true)).isFalse();
    }
  }

  @Test
  void aStaticPrefixServesEveryRouteOnlyUnderThePrefix(@TempDir Path other) throws Exception {
    try (LiveServer prefixed =
        LiveServer.start(other, "/mlflow", EdgeSettings.DEFAULT_MAX_REQUEST_BYTES)) {
      // baseUrl() includes the prefix.
      assertThat(prefixed.send("GET", "/health", null, null).status()).isEqualTo(200);
      assertThat(prefixed.send("GET", "/version", null, null).status()).isEqualTo(200);
      assertThat(prefixed.get("/experiments/get?experiment_id=0").status()).isEqualTo(200);
      assertThat(
              prefixed
                  .send("GET", "/ajax-api/2.0/mlflow/experiments/get?experiment_id=0", null, null)
                  .status())
          .isEqualTo(200);
      assertThat(prefixed.ok("/experiments/create", json("{'name':'under-prefix'}")).size())
          .isEqualTo(1);

      URI base = URI.create(prefixed.baseUrl());
      String root = "http://" + base.getHost() + ":" + base.getPort();
      assertThat(getAbsolute(root + "/health").status()).isEqualTo(404);
      Answer api = getAbsolute(root + "/api/2.0/mlflow/experiments/get?experiment_id=0");
      assertThat(api.status()).isEqualTo(404);
      assertThat(api.errorCode()).isEqualTo("ENDPOINT_NOT_FOUND");
    }
  }

  @Test
  void camelCaseKeysAndInt64StringsAreAccepted() {
    String exp = createExperiment("exp-camel");
    JsonNode info =
        server
            .ok(
                "/runs/create",
                json(
                    "{'experimentId':'%s','runName':'camel','startTime':'1700000000000',"
                        + "'userId':'bob'}",
                    exp))
            .path("run")
            .path("info");
    assertThat(info.path("experiment_id").asText()).isEqualTo(exp);
    assertThat(info.path("run_name").asText()).isEqualTo("camel");
    assertThat(info.path("start_time").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(info.path("user_id").asText()).isEqualTo("bob");
    String runId = info.path("run_id").asText();

    server.ok(
        "/runs/log-metric",
        json(
            "{'runUuid':'%s','key':'m','value':'0.5','timestamp':'1700000000001','step':'3'}",
            runId));
    server.ok(
        "/runs/log-batch",
        json("{'runId':'%s','metrics':[{'key':'n','value':1,'timestamp':'2','step':'4'}]}", runId));
    server.ok(
        "/runs/update",
        json("{'runUuid':'%s','status':'KILLED','endTime':'1700000000002'}", runId));
    JsonNode run = run(runId);
    assertThat(metric(run, "m").toString())
        .isEqualTo(json("{'key':'m','value':0.5,'timestamp':1700000000001,'step':3}"));
    assertThat(metric(run, "n").path("step").asLong()).isEqualTo(4);
    assertThat(run.path("info").path("end_time").asLong()).isEqualTo(1_700_000_000_002L);
  }

  @Test
  void aDoubleEncodedJsonBodyIsDecodedTwiceAsOldClientsSendIt() {
    Answer a = server.post("/experiments/create", "\"{\\\"name\\\":\\\"double\\\"}\"");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(experiment(a.json().path("experiment_id").asText()).path("name").asText())
        .isEqualTo("double");
  }

  @Test
  void responsesAreSnakeCaseWithUnsetFieldsOmittedAndBothRunIds() {
    String runId = createRun("0");
    Answer raw = server.get("/runs/get?run_id=" + runId);
    assertThat(raw.status()).isEqualTo(200);
    JsonNode run = raw.json().path("run");
    assertThat(fieldNames(raw.json())).allMatch(name -> name.equals(name.toLowerCase()));
    assertThat(run.path("info").path("run_id").asText()).isEqualTo(runId);
    assertThat(run.path("info").path("run_uuid").asText()).isEqualTo(runId);
    assertThat(run.path("info").has("end_time")).isFalse();
    assertThat(run.path("data").has("metrics")).isFalse();
    assertThat(run.path("data").has("params")).isFalse();
    assertThat(run.path("inputs").isObject()).isTrue();
    assertThat(raw.body()).doesNotContain("null");
    // Empty responses are {} as MLflow renders them.
    assertThat(
            server
                .post("/runs/set-tag", json("{'run_id':'%s','key':'k','value':'v'}", runId))
                .body())
        .isEqualTo("{}");
  }

  @Test
  void runsGetAcceptsTheLegacyRunUuid() {
    String runId = createRun("0");
    assertThat(
            okGet("/runs/get?run_uuid=" + runId).path("run").path("info").path("run_id").asText())
        .isEqualTo(runId);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "GET,/api/2.0/mlflow/unified-traces,GenAI tracing",
    "POST,/api/3.0/mlflow/traces/metrics,trace metrics",
    "POST,/api/2.0/mlflow/traces/link-prompts,prompt links of traces",
    "GET,/ajax-api/3.0/mlflow/gateway/endpoints/list,AI gateway",
    "POST,/api/3.0/mlflow/datasets/create,evaluation datasets",
    "POST,/graphql,GraphQL"
  })
  void mlflowFeaturesNotServedSaySoByName(String method, String path, String feature) {
    LiveServer.Answer a = server.send(method, path, "{}", "application/json");
    assertThat(a.status()).isEqualTo(501);
    assertThat(a.errorCode()).isEqualTo("NOT_IMPLEMENTED");
    assertThat(a.json().path("message").asText()).contains(feature).contains("not served");
  }
}
