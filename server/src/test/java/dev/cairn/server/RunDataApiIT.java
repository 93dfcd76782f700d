package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.server.LiveServer.Answer;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Logging metrics, params, tags and inputs over raw HTTP against a live server. */
class RunDataApiIT extends LiveTrackingApi {
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

  @Test
  void aDatasetInputTagWithoutValueIsStoredEmpty() {
    String runId = createRun("0");
    server.ok(
        "/runs/log-inputs",
        json(
            "{'run_id':'%s','datasets':[{'tags':[{'key':'mlflow.data.context'},{'key':'e','value':''}],"
                + "'dataset':{'name':'d','digest':'x1','source_type':'local','source':'s'}}]}",
            runId));
    JsonNode tags = run(runId).at("/inputs/dataset_inputs/0/tags");
    assertThat(tags.size()).isEqualTo(2);
    tags.forEach(t -> assertThat(t.path("value").asText("")).isEmpty());
  }

  @Test
  void aDatasetProfileLongerThanOtherValuesIsKeptWhole() {
    String runId = createRun("0");
    String profile = "p".repeat(3 * 1024 * 1024);
    server.ok(
        "/runs/log-inputs",
        json(
            "{'run_id':'%s','datasets':[{'dataset':{'name':'big','digest':'d1','source_type':'local',"
                + "'source':'s','profile':'%s'}}]}",
            runId, profile));
    assertThat(run(runId).at("/inputs/dataset_inputs/0/dataset/profile").asText())
        .hasSize(profile.length());
  }

  @Test
  void theUisBulkHistoryAndDatasetSearchAnswerAsMlflows() {
    String exp = createExperiment("exp-ui-reads");
    String a = createRun(exp);
    String b = createRun(exp);
    for (String run : List.of(b, a)) {
      server.ok(
          "/runs/log-batch",
          json(
              "{'run_id':'%s','metrics':[{'key':'m','value':2,'timestamp':20,'step':1},"
                  + "{'key':'m','value':1,'timestamp':10,'step':0}]}",
              run));
    }
    String dataset =
        "{'tags':[{'key':'mlflow.data.context','value':'%s'}],'dataset':{'name':'iris',"
            + "'digest':'d1','source_type':'local','source':'s'}}";
    server.ok("/runs/log-inputs", json("{'run_id':'%s','datasets':[" + dataset + "]}", a, "train"));
    server.ok("/runs/log-inputs", json("{'run_id':'%s','datasets':[" + dataset + "]}", b, "eval"));

    JsonNode bulk =
        server.get("/metrics/get-history-bulk?metric_key=m&run_id=" + b + "&run_id=" + a).json();
    List<String> order = new java.util.ArrayList<>();
    bulk.path("metrics")
        .forEach(m -> order.add(m.path("run_id").asText() + "@" + m.path("step").asText()));
    List<String> sorted = List.of(a, b).stream().sorted().toList();
    assertThat(order)
        .containsExactly(
            sorted.get(0) + "@0", sorted.get(0) + "@1", sorted.get(1) + "@0", sorted.get(1) + "@1");
    assertThat(
            server
                .get(
                    "/metrics/get-history-bulk?metric_key=m&max_results=3&run_id="
                        + a
                        + "&run_id="
                        + b)
                .json()
                .path("metrics")
                .size())
        .isEqualTo(3);
    assertError(
        server.get("/metrics/get-history-bulk?metric_key=m"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        server.get("/metrics/get-history-bulk?run_id=" + a), 400, "INVALID_PARAMETER_VALUE");

    JsonNode found =
        server.ok("/experiments/search-datasets", json("{'experiment_ids':['%s']}", exp));
    List<String> summaries = new java.util.ArrayList<>();
    found
        .path("dataset_summaries")
        .forEach(
            d ->
                summaries.add(
                    d.path("experiment_id").asText()
                        + "/"
                        + d.path("name").asText()
                        + "/"
                        + d.path("digest").asText()
                        + "/"
                        + d.path("context").asText()));
    assertThat(summaries).containsExactlyInAnyOrder(exp + "/iris/d1/train", exp + "/iris/d1/eval");
    assertError(server.post("/experiments/search-datasets", "{}"), 400, "INVALID_PARAMETER_VALUE");
  }

  // ---- the prompt engineering UI's run ----

  @Test
  void aPromptLabRunIsLoggedWithItsModelAndEvaluationTable() throws Exception {
    String exp = createExperiment("exp-promptlab");
    JsonNode run =
        server
            .ok(
                "/runs/create-promptlab-run",
                json(
                    "{'experiment_id':'%s','run_name':'lab','prompt_template':'Say {{word}}',"
                        + "'prompt_parameters':[{'key':'word','value':'hi'}],"
                        + "'model_route':'chat','model_parameters':[{'key':'temperature',"
                        + "'value':0.5},{'key':'stream','value':true}],'model_input':'Say hi',"
                        + "'model_output':'hi','model_output_parameters':[{'key':'latency',"
                        + "'value':100}],'mlflow_version':'3.17.2','user_id':'ann',"
                        + "'start_time':456}",
                    exp))
            .path("run");
    JsonNode info = run.path("info");
    assertThat(info.path("run_name").asText()).isEqualTo("lab");
    assertThat(info.path("user_id").asText()).isEqualTo("ann");
    assertThat(info.path("status").asText()).isEqualTo("FINISHED");
    assertThat(info.path("start_time").asLong()).isEqualTo(456);
    assertThat(run.path("data").path("params").toString())
        .contains(json("{'key':'temperature','value':'0.5'}"))
        .contains(json("{'key':'stream','value':'True'}"))
        .contains(json("{'key':'model_route','value':'chat'}"))
        .contains(json("{'key':'prompt_template','value':'Say {{word}}'}"));
    assertThat(tag(run, "mlflow.runSourceType")).isEqualTo("PROMPT_ENGINEERING");
    assertThat(tag(run, "mlflow.loggedArtifacts"))
        .isEqualTo("[{\"path\": \"eval_results_table.json\", \"type\": \"table\"}]");
    JsonNode logged =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(tag(run, "mlflow.log-model.history"));
    assertThat(logged.get(0).path("artifact_path").asText()).isEqualTo("model");
    assertThat(logged.get(0).path("flavors").has("python_function")).isTrue();

    String runId = info.path("run_id").asText();
    assertThat(artifactText(runId, "eval_results_table.json"))
        .isEqualTo(
            "{\"columns\": [\"word\", \"prompt\", \"output\", \"latency\"], "
                + "\"data\": [[\"hi\", \"Say hi\", \"hi\", \"100\"]]}");
    assertThat(artifactText(runId, "model/MLmodel"))
        .contains("loader_module: mlflow.prompt.promptlab_model")
        .contains("run_id: " + runId);
    assertThat(artifactText(runId, "model/parameters.yaml")).contains("model_route: chat");
    assertThat(artifactText(runId, "model/requirements.txt")).isEqualTo("mlflow[gateway]==3.17.2");
  }

  @Test
  void aPromptLabRunNeedsEachOfItsArgumentsInMlflowsOrder() {
    String body = "{'experiment_id':'0'";
    for (String[] next :
        new String[][] {
          {"prompt_template", "'t'"},
          {"prompt_parameters", "[{'key':'k','value':'v'}]"},
          {"model_route", "'r'"},
          {"model_input", "'i'"},
          {"mlflow_version", "'1.0.0'"}
        }) {
      LiveServer.Answer a = server.post("/runs/create-promptlab-run", json(body + "}"));
      assertError(a, 400, "INVALID_PARAMETER_VALUE");
      assertThat(a.json().path("message").asText())
          .isEqualTo("CreatePromptlabRun request must specify " + next[0] + ".");
      body += ",'" + next[0] + "':" + next[1];
    }
    assertError(server.post("/runs/create-promptlab-run", "{}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        server.post("/runs/create-promptlab-run", json(body.replace("'0'", "'424242'") + "}")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertThat(
            server
                .ok("/runs/create-promptlab-run", json(body + "}"))
                .path("run")
                .path("info")
                .path("status")
                .asText())
        .isEqualTo("FINISHED");
  }

  private static String artifactText(String runId, String path) throws Exception {
    java.net.http.HttpResponse<byte[]> r =
        server.raw("GET", "/get-artifact?run_uuid=" + runId + "&path=" + path, null);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
