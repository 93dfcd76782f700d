package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The run and metric-history endpoints over raw HTTP against a live server. */
class RunApiIT extends LiveTrackingApi {
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
    // MLflow's own tests compare these messages.
    String many =
        java.util.stream.IntStream.range(0, 101)
            .mapToObj(i -> "run_ids=id_" + i)
            .collect(java.util.stream.Collectors.joining("&"));
    assertThat(
            server
                .get("/metrics/get-history-bulk-interval?metric_key=loss&" + many)
                .json()
                .path("message")
                .asText())
        .isEqualTo(
            "GetMetricHistoryBulkInterval request must specify at most 100 run_ids. Received 101"
                + " run_ids.");
    assertThat(
            server
                .get(
                    "/metrics/get-history-bulk-interval?run_ids="
                        + a
                        + "&metric_key=loss&start_step=5&end_step=1")
                .json()
                .path("message")
                .asText())
        .isEqualTo("end_step must be greater than start_step. Found start_step=5 and end_step=1.");
  }
}
