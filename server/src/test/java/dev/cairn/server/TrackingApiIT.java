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
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every tracking endpoint over raw HTTP against a live server, as MLflow's clients call them. */
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

  // ---- experiments ----

  @Test
  void anExperimentIsFoundByIdAndByNameWithItsTags() {
    String id =
        server
            .ok(
                "/experiments/create",
                json("{'name':'exp-find','tags':[{'key':'team','value':'ml'}]}"))
            .path("experiment_id")
            .asText();
    assertThat(id).matches("\\d+");

    JsonNode byId = okGet("/experiments/get?experiment_id=" + id).path("experiment");
    assertThat(byId.path("experiment_id").asText()).isEqualTo(id);
    assertThat(byId.path("name").asText()).isEqualTo("exp-find");
    assertThat(byId.path("lifecycle_stage").asText()).isEqualTo("active");
    assertThat(byId.path("creation_time").isIntegralNumber()).isTrue();
    assertThat(byId.path("last_update_time").isIntegralNumber()).isTrue();
    assertThat(byId.path("artifact_location").asText()).endsWith("/" + id);
    assertThat(byId.path("tags").toString()).isEqualTo(json("[{'key':'team','value':'ml'}]"));

    JsonNode byName = okGet("/experiments/get-by-name?experiment_name=exp-find");
    assertThat(byName.path("experiment")).isEqualTo(byId);
  }

  @Test
  void anExperimentKeepsAnExplicitArtifactLocation() {
    String id = createExperiment("exp-location", "s3://bucket/some/where");
    assertThat(
            okGet("/experiments/get?experiment_id=" + id)
                .path("experiment")
                .path("artifact_location")
                .asText())
        .isEqualTo("s3://bucket/some/where");
  }

  @Test
  void aDuplicateExperimentNameIsResourceAlreadyExists() {
    createExperiment("exp-twice");
    assertError(
        server.post("/experiments/create", json("{'name':'exp-twice'}")),
        400,
        "RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void anExperimentNeedsAName() {
    assertError(server.post("/experiments/create", "{}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        server.post("/experiments/create", json("{'name':''}")), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void anUnknownExperimentIsResourceDoesNotExist() {
    assertError(
        server.get("/experiments/get?experiment_id=987654"), 404, "RESOURCE_DOES_NOT_EXIST");
    assertError(
        server.get("/experiments/get-by-name?experiment_name=nope"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(server.get("/experiments/get?experiment_id=abc"), 400, "INVALID_PARAMETER_VALUE");
    assertError(server.get("/experiments/get"), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void anExperimentIsRenamedDeletedWithItsRunsAndRestored() {
    String id = createExperiment("exp-lifecycle");
    String runId = createRun(id);
    server.ok("/experiments/update", json("{'experiment_id':'%s','new_name':'exp-renamed'}", id));
    assertThat(
            okGet("/experiments/get-by-name?experiment_name=exp-renamed")
                .path("experiment")
                .path("experiment_id")
                .asText())
        .isEqualTo(id);
    assertError(
        server.get("/experiments/get-by-name?experiment_name=exp-lifecycle"),
        404,
        "RESOURCE_DOES_NOT_EXIST");

    assertThat(server.ok("/experiments/delete", json("{'experiment_id':'%s'}", id)).size())
        .isZero();
    assertThat(experiment(id).path("lifecycle_stage").asText()).isEqualTo("deleted");
    assertThat(run(runId).path("info").path("lifecycle_stage").asText()).isEqualTo("deleted");
    assertError(
        server.post("/experiments/delete", json("{'experiment_id':'%s'}", id)),
        404,
        "RESOURCE_DOES_NOT_EXIST");

    server.ok("/experiments/restore", json("{'experiment_id':'%s'}", id));
    assertThat(experiment(id).path("lifecycle_stage").asText()).isEqualTo("active");
    assertThat(run(runId).path("info").path("lifecycle_stage").asText()).isEqualTo("active");
  }

  @Test
  void experimentTagsAreSetOverwrittenAndDeleted() {
    String id = createExperiment("exp-tags");
    server.ok(
        "/experiments/set-experiment-tag",
        json("{'experiment_id':'%s','key':'k','value':'v1'}", id));
    server.ok(
        "/experiments/set-experiment-tag",
        json("{'experiment_id':'%s','key':'k','value':'v2'}", id));
    assertThat(experiment(id).path("tags").toString())
        .isEqualTo(json("[{'key':'k','value':'v2'}]"));
    server.ok("/experiments/delete-experiment-tag", json("{'experiment_id':'%s','key':'k'}", id));
    assertThat(experiment(id).has("tags")).isFalse();
  }

  @Test
  void experimentsAreSearchedOverPostAndGetPageByPage() {
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      created.add(createExperiment("exp-page-" + i));
    }
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      String body =
          token == null
              ? json("{'max_results':2}")
              : json("{'max_results':2,'page_token':'%s'}", token);
      JsonNode page = server.ok("/experiments/search", body);
      assertThat(page.path("experiments").size()).isLessThanOrEqualTo(2);
      page.path("experiments")
          .forEach(e -> assertThat(seen.add(e.path("experiment_id").asText())).isTrue());
      token = page.path("next_page_token").asText(null);
      pages++;
    } while (token != null && pages < 100);
    assertThat(seen).containsAll(created).contains("0");

    JsonNode viaGet = okGet("/experiments/search?max_results=1000");
    assertThat(ids(viaGet.path("experiments"), "experiment_id")).containsAll(created);
    assertThat(viaGet.has("next_page_token")).isFalse();
  }

  @Test
  void experimentSearchHonoursTheViewType() {
    String id = createExperiment("exp-view");
    server.ok("/experiments/delete", json("{'experiment_id':'%s'}", id));
    assertThat(
            ids(
                okGet("/experiments/search?max_results=100&view_type=DELETED_ONLY")
                    .path("experiments"),
                "experiment_id"))
        .contains(id)
        .doesNotContain("0");
    assertThat(
            ids(
                server
                    .ok("/experiments/search", json("{'max_results':100,'view_type':'ALL'}"))
                    .path("experiments"),
                "experiment_id"))
        .contains(id, "0");
    assertThat(
            ids(
                server.ok("/experiments/search", json("{'max_results':100}")).path("experiments"),
                "experiment_id"))
        .doesNotContain(id);
  }

  // ---- runs ----

  @Test
  void aRunWithoutExperimentGoesToTheDefaultExperimentWithAGeneratedName() {
    JsonNode info = server.ok("/runs/create", "{}").path("run").path("info");
    assertThat(info.path("experiment_id").asText()).isEqualTo("0");
    assertThat(info.path("run_id").asText()).matches("[0-9a-f]{32}");
    assertThat(info.path("run_uuid").asText()).isEqualTo(info.path("run_id").asText());
    assertThat(info.path("run_name").asText()).matches("[a-z]+-[a-z]+-\\d+");
    assertThat(info.path("status").asText()).isEqualTo("RUNNING");
    assertThat(info.path("lifecycle_stage").asText()).isEqualTo("active");
    assertThat(info.path("start_time").isIntegralNumber()).isTrue();
    assertThat(info.has("end_time")).isFalse();
    assertThat(info.path("artifact_uri").asText()).contains(info.path("run_id").asText());

    JsonNode run = run(info.path("run_id").asText());
    assertThat(tag(run, "mlflow.runName")).isEqualTo(info.path("run_name").asText());
  }

  @Test
  void aRunNameAndTheRunNameTagMustAgree() {
    String exp = createExperiment("exp-run-names");
    assertError(
        server.post(
            "/runs/create",
            json(
                "{'experiment_id':'%s','run_name':'a','tags':[{'key':'mlflow.runName','value':'b'}]}",
                exp)),
        400,
        "INVALID_PARAMETER_VALUE");
    JsonNode same =
        server
            .ok(
                "/runs/create",
                json(
                    "{'experiment_id':'%s','run_name':'a','tags':[{'key':'mlflow.runName','value':'a'}]}",
                    exp))
            .path("run");
    assertThat(same.path("info").path("run_name").asText()).isEqualTo("a");
    JsonNode fromTag =
        server
            .ok(
                "/runs/create",
                json(
                    "{'experiment_id':'%s','tags':[{'key':'mlflow.runName','value':'from-tag'}]}",
                    exp))
            .path("run");
    assertThat(fromTag.path("info").path("run_name").asText()).isEqualTo("from-tag");
    assertThat(fromTag.path("data").path("tags").findValuesAsText("key"))
        .containsOnlyOnce("mlflow.runName");
  }

  @Test
  void aRunInAnUnknownExperimentIsRejected() {
    assertError(
        server.post("/runs/create", json("{'experiment_id':'424242'}")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void aRunIsGivenItsOwnStartTimeUserAndTags() {
    String exp = createExperiment("exp-run-fields");
    JsonNode run =
        server
            .ok(
                "/runs/create",
                json(
                    "{'experiment_id':'%s','user_id':'alice','start_time':1700000000000,"
                        + "'tags':[{'key':'fold','value':'1'}]}",
                    exp))
            .path("run");
    assertThat(run.path("info").path("user_id").asText()).isEqualTo("alice");
    assertThat(run.path("info").path("start_time").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(tag(run, "fold")).isEqualTo("1");
  }

  @Test
  void anUnknownRunIsResourceDoesNotExist() {
    assertError(
        server.get("/runs/get?run_id=0123456789abcdef0123456789abcdef"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(server.get("/runs/get"), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void aRunIsFinishedAndRenamed() {
    String runId = createRun("0");
    JsonNode updated =
        server
            .ok(
                "/runs/update",
                json(
                    "{'run_id':'%s','status':'FINISHED','end_time':1700000009000,"
                        + "'run_name':'renamed'}",
                    runId))
            .path("run_info");
    assertThat(updated.path("status").asText()).isEqualTo("FINISHED");
    assertThat(updated.path("end_time").asLong()).isEqualTo(1_700_000_009_000L);
    assertThat(updated.path("run_name").asText()).isEqualTo("renamed");

    JsonNode run = run(runId);
    assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(run.path("info").path("run_name").asText()).isEqualTo("renamed");
    assertThat(tag(run, "mlflow.runName")).isEqualTo("renamed");
  }

  @Test
  void aRunStatusIsAcceptedByProtoNumber() {
    String runId = createRun("0");
    server.ok("/runs/update", json("{'run_id':'%s','status':4}", runId));
    assertThat(run(runId).path("info").path("status").asText()).isEqualTo("FAILED");
    assertError(
        server.post("/runs/update", json("{'run_id':'%s','status':'DONE'}", runId)),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void aRunIsDeletedAndRestoredAndSearchSkipsItMeanwhile() {
    String exp = createExperiment("exp-run-delete");
    String keep = createRun(exp);
    String gone = createRun(exp);
    server.ok("/runs/delete", json("{'run_id':'%s'}", gone));
    assertThat(run(gone).path("info").path("lifecycle_stage").asText()).isEqualTo("deleted");
    assertThat(searchRunIds(exp, "ACTIVE_ONLY")).containsExactly(keep);
    assertThat(searchRunIds(exp, "DELETED_ONLY")).containsExactly(gone);
    assertThat(searchRunIds(exp, "ALL")).containsExactlyInAnyOrder(keep, gone);

    server.ok("/runs/restore", json("{'run_id':'%s'}", gone));
    assertThat(run(gone).path("info").path("lifecycle_stage").asText()).isEqualTo("active");
    assertThat(searchRunIds(exp, "ACTIVE_ONLY")).containsExactlyInAnyOrder(keep, gone);
  }

  @Test
  void searchRunsPagesCoverEveryRunOnce() {
    String exp = createExperiment("exp-run-pages");
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      created.add(createRun(exp));
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      String body =
          token == null
              ? json("{'experiment_ids':['%s'],'max_results':3}", exp)
              : json("{'experiment_ids':['%s'],'max_results':3,'page_token':'%s'}", exp, token);
      JsonNode page = server.ok("/runs/search", body);
      seen.addAll(ids(page.path("runs"), "run_id"));
      token = page.path("next_page_token").asText(null);
    } while (token != null && seen.size() < 100);
    assertThat(seen).hasSize(7).containsExactlyInAnyOrderElementsOf(created);
  }

  @Test
  void searchRunsWithoutExperimentsIsEmpty() {
    assertThat(server.ok("/runs/search", "{}").size()).isZero();
  }

  // ---- metrics, params, tags ----

  @Test
  void nanMetricsRoundTripAndInfinitiesAreClamped() {
    String runId = createRun("0");
    logMetric(runId, "nan", "\"NaN\"", 1, 0);
    logMetric(runId, "inf", "\"Infinity\"", 1, 0);
    logMetric(runId, "neg", "\"-Infinity\"", 1, 0);
    assertThat(history(runId, "nan").get(0).path("value").asText()).isEqualTo("NaN");
    assertThat(history(runId, "inf").get(0).path("value").asDouble()).isEqualTo(Double.MAX_VALUE);
    assertThat(history(runId, "inf").get(0).path("value").toString())
        .isEqualTo("1.7976931348623157E308");
    assertThat(history(runId, "neg").get(0).path("value").asDouble()).isEqualTo(-Double.MAX_VALUE);
    assertThat(metric(run(runId), "nan").path("value").asText()).isEqualTo("NaN");
  }

  @Test
  void aMetricWithoutStepIsLoggedAtStepZero() {
    String runId = createRun("0");
    server.ok(
        "/runs/log-metric", json("{'run_id':'%s','key':'m','value':2.5,'timestamp':7}", runId));
    assertThat(history(runId, "m").get(0).toString())
        .isEqualTo(json("{'key':'m','value':2.5,'timestamp':7,'step':0}"));
  }

  @Test
  void aMetricNeedsAValueAndATimestamp() {
    String runId = createRun("0");
    assertError(
        server.post("/runs/log-metric", json("{'run_id':'%s','key':'m','timestamp':7}", runId)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.post("/runs/log-metric", json("{'run_id':'%s','key':'m','value':1}", runId)),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void aParamMayBeLoggedAgainWithTheSameValueButNeverChanged() {
    String runId = createRun("0");
    String body = json("{'run_id':'%s','key':'lr','value':'0.1'}", runId);
    server.ok("/runs/log-parameter", body);
    server.ok("/runs/log-parameter", body);
    assertError(
        server.post("/runs/log-parameter", json("{'run_id':'%s','key':'lr','value':'0.2'}", runId)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThat(run(runId).path("data").path("params").toString())
        .isEqualTo(json("[{'key':'lr','value':'0.1'}]"));
  }

  @Test
  void tagsAreSetOverwrittenAndDeleted() {
    String runId = createRun("0");
    server.ok("/runs/set-tag", json("{'run_id':'%s','key':'k','value':'1'}", runId));
    server.ok("/runs/set-tag", json("{'run_id':'%s','key':'k','value':'2'}", runId));
    assertThat(tag(run(runId), "k")).isEqualTo("2");
    server.ok("/runs/delete-tag", json("{'run_id':'%s','key':'k'}", runId));
    assertThat(run(runId).path("data").path("tags").findValuesAsText("key")).doesNotContain("k");
    assertError(
        server.post("/runs/delete-tag", json("{'run_id':'%s','key':'k'}", runId)),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void aDeletedRunCannotBeWrittenTo() {
    String runId = createRun("0");
    server.ok("/runs/delete", json("{'run_id':'%s'}", runId));
    Answer a = server.post("/runs/set-tag", json("{'run_id':'%s','key':'k','value':'v'}", runId));
    assertThat(a.status()).isBetween(400, 499);
    assertThat(a.errorCode()).isNotBlank();
  }

  @Test
  void aBatchOfMoreThanAThousandMetricsIsRejectedAndWritesNothing() {
    String runId = createRun("0");
    String metrics =
        String.join(
            ",",
            IntStream.range(0, 1001)
                .mapToObj(i -> json("{'key':'m','value':%d,'timestamp':%d,'step':%d}", i, i, i))
                .toList());
    assertError(
        server.post(
            "/runs/log-batch",
            "{\"run_id\":\""
                + runId
                + "\",\"metrics\":["
                + metrics
                + "],\"params\":[{\"key\":\"p\",\"value\":\"1\"}]}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThat(history(runId, "m")).isEmpty();
    assertThat(run(runId).path("data").has("params")).isFalse();
  }

  @Test
  void aBatchWithAParamConflictWritesNothingOfTheBatch() {
    String runId = createRun("0");
    server.ok("/runs/log-parameter", json("{'run_id':'%s','key':'p','value':'1'}", runId));
    assertError(
        server.post(
            "/runs/log-batch",
            json(
                "{'run_id':'%s','metrics':[{'key':'m','value':1,'timestamp':1}],"
                    + "'params':[{'key':'q','value':'new'},{'key':'p','value':'2'}],"
                    + "'tags':[{'key':'t','value':'x'}]}",
                runId)),
        400,
        "INVALID_PARAMETER_VALUE");
    JsonNode data = run(runId).path("data");
    assertThat(data.has("metrics")).isFalse();
    assertThat(data.path("params").toString()).isEqualTo(json("[{'key':'p','value':'1'}]"));
    assertThat(data.path("tags").findValuesAsText("key")).doesNotContain("t");
    assertThat(history(runId, "m")).isEmpty();
  }

  @Test
  void duplicateParamKeysInOneBatchAreRejected() {
    String runId = createRun("0");
    assertError(
        server.post(
            "/runs/log-batch",
            json(
                "{'run_id':'%s','params':[{'key':'p','value':'1'},{'key':'p','value':'1'}]}",
                runId)),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void identicalMetricPointsAreStoredOnce() {
    String runId = createRun("0");
    String batch =
        json(
            "{'run_id':'%s','metrics':[{'key':'m','value':1,'timestamp':5,'step':1},"
                + "{'key':'m','value':1,'timestamp':5,'step':1}]}",
            runId);
    server.ok("/runs/log-batch", batch);
    server.ok("/runs/log-batch", batch);
    assertThat(history(runId, "m")).hasSize(1);
  }

  @Test
  void theLatestMetricIsTheHighestStepThenTimestampThenValue() {
    String runId = createRun("0");
    server.ok(
        "/runs/log-batch",
        json(
            "{'run_id':'%s','metrics':["
                + "{'key':'a','value':9,'timestamp':100,'step':1},"
                + "{'key':'a','value':1,'timestamp':1,'step':2},"
                + "{'key':'b','value':9,'timestamp':1,'step':3},"
                + "{'key':'b','value':1,'timestamp':2,'step':3},"
                + "{'key':'c','value':1,'timestamp':1,'step':3},"
                + "{'key':'c','value':2,'timestamp':1,'step':3}]}",
            runId));
    // Points logged later but older by (step, timestamp, value) do not replace the latest.
    server.ok(
        "/runs/log-batch",
        json(
            "{'run_id':'%s','metrics':[{'key':'a','value':5,'timestamp':999,'step':1},"
                + "{'key':'c','value':0,'timestamp':1,'step':3}]}",
            runId));
    JsonNode run = run(runId);
    assertThat(metric(run, "a").path("value").asDouble()).isEqualTo(1);
    assertThat(metric(run, "a").path("step").asLong()).isEqualTo(2);
    assertThat(metric(run, "b").path("value").asDouble()).isEqualTo(1);
    assertThat(metric(run, "c").path("value").asDouble()).isEqualTo(2);
    assertThat(history(runId, "a")).hasSize(3);
  }

  @Test
  void longParamAndTagValuesAreTruncatedAsMlflowDoes() {
    String runId = createRun("0");
    String longValue = "x".repeat(7000);
    server.ok(
        "/runs/log-parameter", json("{'run_id':'%s','key':'p','value':'%s'}", runId, longValue));
    assertThat(run(runId).path("data").path("params").get(0).path("value").asText()).hasSize(6000);
  }

  @Test
  void inputsDeduplicateTheSameDataset() {
    String exp = createExperiment("exp-inputs");
    String first = createRun(exp);
    String second = createRun(exp);
    String dataset =
        "{'tags':[{'key':'mlflow.data.context','value':'train'}],"
            + "'dataset':{'name':'iris','digest':'abc123','source_type':'local',"
            + "'source':'/data/iris.csv','schema':'{}'}}";
    for (String runId : List.of(first, first, second)) {
      server.ok(
          "/runs/log-inputs",
          json("{'run_id':'%s','datasets':[" + dataset + "," + dataset + "]}", runId));
    }
    for (String runId : List.of(first, second)) {
      JsonNode inputs = run(runId).path("inputs").path("dataset_inputs");
      assertThat(inputs.size()).isEqualTo(1);
      assertThat(inputs.get(0).path("dataset").path("name").asText()).isEqualTo("iris");
      assertThat(inputs.get(0).path("dataset").path("digest").asText()).isEqualTo("abc123");
      assertThat(inputs.get(0).path("tags").toString())
          .isEqualTo(json("[{'key':'mlflow.data.context','value':'train'}]"));
    }
    assertError(
        server.post(
            "/runs/log-inputs",
            json("{'run_id':'%s','datasets':[{'dataset':{'name':'no-digest'}}]}", first)),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  // ---- metric history ----

  @Test
  void metricHistoryPagesCoverEveryPointExactlyOnce() {
    String runId = createRun("0");
    String metrics =
        String.join(
            ",",
            IntStream.range(0, 23)
                .mapToObj(i -> json("{'key':'m','value':%d,'timestamp':%d,'step':%d}", i, i, i))
                .toList());
    server.ok("/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "]}");

    List<Long> steps = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String query = "/metrics/get-history?run_id=" + runId + "&metric_key=m&max_results=5";
      JsonNode page = okGet(token == null ? query : query + "&page_token=" + encode(token));
      page.path("metrics").forEach(m -> steps.add(m.path("step").asLong()));
      token = page.path("next_page_token").asText(null);
      pages++;
    } while (token != null && pages < 100);
    assertThat(pages).isEqualTo(5);
    assertThat(steps)
        .containsExactlyElementsOf(IntStream.range(0, 23).mapToObj(i -> (long) i).toList());
    assertThat(history(runId, "m")).hasSize(23);
  }

  @Test
  void metricHistoryAcceptsTheLegacyRunUuid() {
    String runId = createRun("0");
    logMetric(runId, "m", "1", 1, 0);
    assertThat(
            okGet("/metrics/get-history?run_uuid=" + runId + "&metric_key=m")
                .path("metrics")
                .size())
        .isEqualTo(1);
    assertThat(okGet("/metrics/get-history?run_id=" + runId + "&metric_key=other").size()).isZero();
  }

  @Test
  void bulkIntervalHistoryReturnsThePointsOfEveryRunInTheStepRange() {
    String a = createRun("0");
    String b = createRun("0");
    for (String runId : List.of(a, b)) {
      String metrics =
          String.join(
              ",",
              IntStream.range(0, 10)
                  .mapToObj(
                      i -> json("{'key':'loss','value':%d,'timestamp':%d,'step':%d}", i, i, i))
                  .toList());
      server.ok("/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"metrics\":[" + metrics + "]}");
    }
    JsonNode all =
        okGet(
                "/metrics/get-history-bulk-interval?run_ids="
                    + a
                    + "&run_ids="
                    + b
                    + "&metric_key=loss")
            .path("metrics");
    assertThat(all.size()).isEqualTo(20);
    assertThat(all.findValuesAsText("run_id")).containsOnly(a, b);

    JsonNode range =
        okGet(
                "/metrics/get-history-bulk-interval?run_ids="
                    + a
                    + "&metric_key=loss&start_step=2&end_step=5")
            .path("metrics");
    assertThat(range.findValuesAsText("step")).containsExactly("2", "3", "4", "5");

    JsonNode sampled =
        okGet("/metrics/get-history-bulk-interval?run_ids=" + a + "&metric_key=loss&max_results=3")
            .path("metrics");
    assertThat(sampled.size()).isBetween(2, 5);
    assertThat(sampled.findValuesAsText("step")).contains("0", "9");
  }

  @Test
  void bulkIntervalHistoryValidatesItsArguments() {
    String a = createRun("0");
    assertError(
        server.get("/metrics/get-history-bulk-interval?metric_key=loss"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.get("/metrics/get-history-bulk-interval?run_ids=" + a),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.get(
            "/metrics/get-history-bulk-interval?run_ids=" + a + "&metric_key=loss&start_step=1"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.get(
            "/metrics/get-history-bulk-interval?run_ids="
                + a
                + "&metric_key=loss&start_step=5&end_step=1"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.get(
            "/metrics/get-history-bulk-interval?run_ids=" + a + "&metric_key=loss&max_results=0"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

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
  void aStaticPrefixServesEveryRouteOnlyUnderThePrefix(@TempDir Path other) throws Exception {
    try (LiveServer prefixed =
        LiveServer.start(other, "/mlflow", ServerConfig.DEFAULT_MAX_REQUEST_BYTES)) {
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

  // ---- helpers ----

  /** JSON written with single quotes for readability; no value here contains a quote. */
  static String json(String template, Object... args) {
    return template.formatted(args).replace('\'', '"');
  }

  static void assertError(Answer a, int status, String errorCode) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    assertThat(a.errorCode()).as(a.body()).isEqualTo(errorCode);
  }

  private static JsonNode okGet(String rpcWithQuery) {
    Answer a = server.get(rpcWithQuery);
    assertThat(a.status()).as("GET %s: %s", rpcWithQuery, a.body()).isEqualTo(200);
    return a.json();
  }

  private static String createExperiment(String name) {
    return server
        .ok("/experiments/create", json("{'name':'%s'}", name))
        .path("experiment_id")
        .asText();
  }

  private static String createExperiment(String name, String location) {
    return server
        .ok("/experiments/create", json("{'name':'%s','artifact_location':'%s'}", name, location))
        .path("experiment_id")
        .asText();
  }

  private static String createRun(String experimentId) {
    return server
        .ok("/runs/create", json("{'experiment_id':'%s'}", experimentId))
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }

  private static JsonNode experiment(String id) {
    return okGet("/experiments/get?experiment_id=" + id).path("experiment");
  }

  private static JsonNode run(String runId) {
    return okGet("/runs/get?run_id=" + runId).path("run");
  }

  private static void logMetric(String runId, String key, String value, long ts, long step) {
    server.ok(
        "/runs/log-metric",
        "{\"run_id\":\"%s\",\"key\":\"%s\",\"value\":%s,\"timestamp\":%d,\"step\":%d}"
            .formatted(runId, key, value, ts, step));
  }

  private static List<JsonNode> history(String runId, String key) {
    JsonNode metrics =
        okGet("/metrics/get-history?run_id=" + runId + "&metric_key=" + key).path("metrics");
    return StreamSupport.stream(metrics.spliterator(), false).toList();
  }

  private static String tag(JsonNode run, String key) {
    for (JsonNode t : run.path("data").path("tags")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  private static JsonNode metric(JsonNode run, String key) {
    for (JsonNode m : run.path("data").path("metrics")) {
      if (m.path("key").asText().equals(key)) {
        return m;
      }
    }
    throw new AssertionError("no metric " + key + " in " + run);
  }

  private static List<String> searchRunIds(String experimentId, String viewType) {
    return ids(
        server
            .ok(
                "/runs/search",
                json("{'experiment_ids':['%s'],'run_view_type':'%s'}", experimentId, viewType))
            .path("runs"),
        "run_id");
  }

  private static List<String> ids(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      JsonNode holder = n.has("info") ? n.path("info") : n;
      out.add(holder.path(field).asText());
    }
    return out;
  }

  private static Set<String> fieldNames(JsonNode node) {
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

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static Answer getAbsolute(String url) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    }
  }
}
