package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The model registry over raw HTTP: shapes, error codes, and the model-version source rules. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryApiIT {
  private static final String RM = "/registered-models/";
  private static final String MV = "/model-versions/";
  @TempDir static Path dir;
  static LiveServer server;
  static String runId;
  static String runArtifacts;

  /** The server under test, on SQLite; a subclass may put it on another backend store. */
  LiveServer open(Path dir) {
    return LiveServer.start(dir);
  }

  @BeforeAll
  void start() {
    server = open(dir);
    JsonNode run = server.ok("/runs/create", "{\"experiment_id\":\"0\"}").get("run");
    runId = run.at("/info/run_id").asText();
    runArtifacts = run.at("/info/artifact_uri").asText();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String model(String name) {
    server.ok(RM + "create", "{\"name\":\"" + name + "\"}");
    return name;
  }

  private static JsonNode version(String name) {
    return server
        .ok(
            MV + "create",
            "{\"name\":\""
                + name
                + "\",\"source\":\""
                + runArtifacts
                + "/model\",\"run_id\":\""
                + runId
                + "\"}")
        .get("model_version");
  }

  private static LiveServer.Answer send(String method, String rpc, String body) {
    return server.send(method, LiveServer.API + rpc, body, "application/json");
  }

  @Test
  void createdModelAndVersionHaveMlflowShapes() {
    JsonNode rm =
        server
            .ok(
                RM + "create",
                "{\"name\":\"shape\",\"description\":\"d\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}")
            .get("registered_model");
    assertThat(rm.get("name").asText()).isEqualTo("shape");
    assertThat(rm.get("description").asText()).isEqualTo("d");
    assertThat(rm.get("tags").toString()).isEqualTo("[{\"key\":\"k\",\"value\":\"v\"}]");
    assertThat(rm.get("creation_timestamp").asLong()).isPositive();
    JsonNode v = version("shape");
    assertThat(v.get("version").isTextual()).isTrue();
    assertThat(v.get("version").asText()).isEqualTo("1");
    assertThat(v.get("status").asText()).isEqualTo("READY");
    assertThat(v.get("current_stage").asText()).isEqualTo("None");
    assertThat(v.get("run_id").asText()).isEqualTo(runId);
    assertThat(v.has("model_id")).isFalse();
    JsonNode got = server.get(RM + "get?name=shape").json().get("registered_model");
    assertThat(got.at("/latest_versions/0/version").asText()).isEqualTo("1");
  }

  @Test
  void duplicateNameIsAlreadyExistsWith400() {
    model("dup");
    LiveServer.Answer a = server.post(RM + "create", "{\"name\":\"dup\"}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void missingModelAndVersionAre404() {
    LiveServer.Answer a = server.get(RM + "get?name=nope");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().get("message").asText())
        .isEqualTo("Registered Model with name=nope not found");
    model("few");
    LiveServer.Answer v = server.get(MV + "get?name=few&version=7");
    assertThat(v.status()).isEqualTo(404);
    assertThat(server.get(MV + "get?name=few&version=x").errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a:b"})
  void badModelNamesAreInvalid(String name) {
    assertThat(server.post(RM + "create", "{\"name\":\"" + name + "\"}").errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void renameMovesVersionsTagsAndAliases() {
    model("old");
    version("old");
    server.ok(MV + "set-tag", "{\"name\":\"old\",\"version\":\"1\",\"key\":\"t\",\"value\":\"1\"}");
    server.ok(RM + "alias", "{\"name\":\"old\",\"alias\":\"champ\",\"version\":\"1\"}");
    server.ok(RM + "rename", "{\"name\":\"old\",\"new_name\":\"new\"}");
    JsonNode v = server.get(MV + "get?name=new&version=1").json().get("model_version");
    assertThat(v.get("tags").toString()).isEqualTo("[{\"key\":\"t\",\"value\":\"1\"}]");
    assertThat(v.get("aliases").toString()).isEqualTo("[\"champ\"]");
    assertThat(server.get(RM + "get?name=old").status()).isEqualTo(404);
  }

  @Test
  void deletedVersionNumberIsNotReusedAndItsAliasGoes() {
    model("del");
    version("del");
    server.ok(RM + "alias", "{\"name\":\"del\",\"alias\":\"a\",\"version\":\"1\"}");
    assertThat(send("DELETE", MV + "delete", "{\"name\":\"del\",\"version\":\"1\"}").status())
        .isEqualTo(200);
    assertThat(version("del").get("version").asText()).isEqualTo("2");
    LiveServer.Answer alias = server.get(RM + "alias?name=del&alias=a");
    assertThat(alias.status()).isEqualTo(400);
    assertThat(alias.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(
            server
                .get(RM + "alias?name=del&alias=latest")
                .json()
                .at("/model_version/version")
                .asText())
        .isEqualTo("2");
  }

  @Test
  void transitionWithArchiveMovesOthersToArchived() {
    model("st");
    version("st");
    version("st");
    server.ok(
        MV + "transition-stage", "{\"name\":\"st\",\"version\":\"1\",\"stage\":\"Production\"}");
    server.ok(
        MV + "transition-stage",
        "{\"name\":\"st\",\"version\":\"2\",\"stage\":\"production\",\"archive_existing_versions\":true}");
    assertThat(
            server
                .get(MV + "get?name=st&version=1")
                .json()
                .at("/model_version/current_stage")
                .asText())
        .isEqualTo("Archived");
    JsonNode latest =
        server.ok(RM + "get-latest-versions", "{\"name\":\"st\",\"stages\":[\"PRODUCTION\"]}");
    assertThat(latest.at("/model_versions/0/version").asText()).isEqualTo("2");
    assertThat(
            server
                .post(
                    MV + "transition-stage",
                    "{\"name\":\"st\",\"version\":\"1\",\"stage\":\"None\",\"archive_existing_versions\":true}")
                .errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @Test
  void reservedAliasesAreInvalid() {
    model("al");
    version("al");
    for (String alias : new String[] {"latest", "LATEST", "v1", "V12", "bad alias"}) {
      assertThat(
              server
                  .post(
                      RM + "alias",
                      "{\"name\":\"al\",\"alias\":\"" + alias + "\",\"version\":\"1\"}")
                  .errorCode())
          .as(alias)
          .isEqualTo("INVALID_PARAMETER_VALUE");
    }
  }

  @Test
  void searchVersionsFiltersByNameRunAndVersionNumberAndPages() {
    model("sv");
    for (int i = 0; i < 3; i++) {
      version("sv");
    }
    JsonNode byNum =
        server.get(MV + "search?filter=" + enc("name = 'sv' AND version_number >= 2")).json();
    List<String> versions = new ArrayList<>();
    byNum.get("model_versions").forEach(v -> versions.add(v.get("version").asText()));
    assertThat(versions).containsExactly("3", "2");
    JsonNode page = server.get(MV + "search?max_results=1&filter=" + enc("name = 'sv'")).json();
    assertThat(page.get("model_versions")).hasSize(1);
    assertThat(page.get("next_page_token").asText()).isNotEmpty();
    assertThat(server.get(MV + "search?filter=" + enc("bogus = 1")).errorCode())
        .isEqualTo("INVALID_PARAMETER_VALUE");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///etc/",
        "file:///tmp",
        "/tmp",
        "//proc/self/root",
        "file://./etc",
        "mlflow-artifacts://host:9000/models/../../../",
        "http://host:9000/models/../../../",
        "https://host/api/2.0/mlflow-artifacts/artifacts/../../../",
        "s3a://b/x/../../../",
        "ftp://host:8888/x/../../../",
        "mlflow-artifacts://host:9000/models/..%2f..%2fartifacts",
        "mlflow-artifacts://host:9000/models/artifact%00",
        "dbfs:/r/artifacts/a%3f/../../../../",
        "mlflow-artifacts:/elsewhere/models"
      })
  void hostileModelVersionSourcesAreInvalid(String source) {
    model("src-" + Math.abs(source.hashCode()));
    LiveServer.Answer a =
        server.post(
            MV + "create",
            "{\"name\":\"src-"
                + Math.abs(source.hashCode())
                + "\",\"source\":\""
                + source
                + "\",\"run_id\":\""
                + runId
                + "\"}");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.errorCode()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(a.json().get("message").asText()).startsWith("Invalid model version source");
  }

  @Test
  void runArtifactSourcesAreAccepted() {
    model("ok-src");
    for (String s :
        new String[] {runArtifacts, runArtifacts + "/model", "file://" + runArtifacts + "/model"}) {
      assertThat(
              server
                  .post(
                      MV + "create",
                      "{\"name\":\"ok-src\",\"source\":\"" + s + "\",\"run_id\":\"" + runId + "\"}")
                  .status())
          .as(s)
          .isEqualTo(200);
    }
    assertThat(
            server
                .get(MV + "get-download-uri?name=ok-src&version=2")
                .json()
                .get("artifact_uri")
                .asText())
        .isEqualTo(runArtifacts + "/model");
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void everyRegistryWriteAndReadRoundTrips() throws Exception {
    model("walk");
    JsonNode v = version("walk");
    String n = "\"name\":\"walk\"";
    server.ok(RM + "set-tag", "{" + n + ",\"key\":\"team\",\"value\":\"a\"}");
    assertThat(send("PATCH", RM + "update", "{" + n + ",\"description\":\"d1\"}").status())
        .isEqualTo(200);
    assertThat(
            send("PATCH", MV + "update", "{" + n + ",\"version\":\"1\",\"description\":\"v1\"}")
                .status())
        .isEqualTo(200);
    server.ok(MV + "set-tag", "{" + n + ",\"version\":\"1\",\"key\":\"k\",\"value\":\"x\"}");
    server.ok(RM + "alias", "{" + n + ",\"alias\":\"best\",\"version\":\"1\"}");
    JsonNode found = server.get(RM + "search?filter=" + enc("name = 'walk'")).json();
    assertThat(found.at("/registered_models/0/description").asText()).isEqualTo("d1");
    assertThat(found.at("/registered_models/0/tags/0/value").asText()).isEqualTo("a");
    JsonNode got = server.get(MV + "get?name=walk&version=1").json().get("model_version");
    assertThat(got.path("description").asText()).isEqualTo("v1");
    assertThat(got.at("/tags/0/key").asText()).isEqualTo("k");

    assertThat(send("DELETE", RM + "alias", "{" + n + ",\"alias\":\"best\"}").status())
        .isEqualTo(200);
    assertThat(
            send("DELETE", MV + "delete-tag", "{" + n + ",\"version\":\"1\",\"key\":\"k\"}")
                .status())
        .isEqualTo(200);
    assertThat(send("DELETE", RM + "delete-tag", "{" + n + ",\"key\":\"team\"}").status())
        .isEqualTo(200);
    JsonNode after = server.get(RM + "get?name=walk").json().get("registered_model");
    assertThat(after.has("tags")).isFalse();
    assertThat(after.has("aliases")).isFalse();
    assertThat(
            server
                .get(MV + "get?name=walk&version=1")
                .json()
                .at("/model_version/tags")
                .isMissingNode())
        .isTrue();

    java.nio.file.Path file =
        java.nio.file.Path.of(runArtifacts.replaceFirst("^file://", ""), "model", "MLmodel");
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, "flavors: {}\n");
    var artifact =
        server.raw("GET", "/model-versions/get-artifact?name=walk&version=1&path=MLmodel", null);
    assertThat(artifact.statusCode()).isEqualTo(200);
    assertThat(new String(artifact.body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("flavors: {}\n");
    assertThat(
            server
                .raw(
                    "GET",
                    "/model-versions/get-artifact?name=nope&version=1&path=../../etc/passwd",
                    null)
                .statusCode())
        .as("the path is checked before the version is looked up, as in MLflow")
        .isEqualTo(400);
    assertThat(
            server
                .raw("GET", "//model-versions/get-artifact?name=walk&version=1&path=MLmodel", null)
                .statusCode())
        .as("repeated slashes are merged, as MLflow's router does")
        .isEqualTo(200);

    assertThat(send("DELETE", RM + "delete", "{" + n + "}").status()).isEqualTo(200);
    assertThat(server.get(RM + "get?name=walk").status()).isEqualTo(404);
    assertThat(v.path("version").asText()).isEqualTo("1");
  }

  @Test
  void aRegistryTagWithoutValueIsStoredEmpty() {
    model("novalue");
    version("novalue");
    server.ok(RM + "set-tag", "{\"name\":\"novalue\",\"key\":\"k\"}");
    server.ok(MV + "set-tag", "{\"name\":\"novalue\",\"version\":\"1\",\"key\":\"k\"}");
    assertThat(
            server.get(RM + "get?name=novalue").json().at("/registered_model/tags/0/key").asText())
        .isEqualTo("k");
    assertThat(
            server
                .get(MV + "get?name=novalue&version=1")
                .json()
                .at("/model_version/tags/0/value")
                .asText(""))
        .isEmpty();
  }
}
