package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The experiment endpoints over raw HTTP against a live server, as MLflow's clients call them. */
class ExperimentApiIT extends LiveTrackingApi {
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

  @Test
  void aValueOfTheWrongTypeIsEchoedWithItsPythonTypeAsMlflowDoes() {
    LiveServer.Answer a = server.post("/experiments/create", "{\"name\": 123}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().path("message").asText())
        .isEqualTo(
            "Invalid value 123 for parameter 'name' supplied:  Hint: Value was of type 'int'. See"
                + " the API docs for more information about request parameters.");
    LiveServer.Answer list =
        server.post(
            "/experiments/create",
            "{\"name\": \"x\", \"tags\": [{\"key\": {\"b\": 1, \"a\": [true]}}]}");
    assertThat(list.json().path("message").asText())
        .startsWith("Invalid value {\"a\":[true],\"b\":1} for parameter 'tags[0].key' supplied: ")
        .contains("'dict'");
  }
}
