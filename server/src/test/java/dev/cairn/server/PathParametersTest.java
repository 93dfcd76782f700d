package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.Endpoint;
import dev.cairn.api.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathParametersTest {
  record Thing(String thingId, String key, String value) {}

  private final ApiHandler api =
      new ApiHandler(
          List.of(
              Route.bind(
                  Endpoint.get("/mlflow/things/{thing_id}", Thing.class, Thing.class), t -> t),
              Route.bind(
                  Endpoint.patch("/mlflow/things/{thing_id}/tags", Thing.class, Thing.class),
                  t -> t),
              Route.bind(
                  Endpoint.delete("/mlflow/things/{thing_id}/tags/{key}", Thing.class, Thing.class),
                  t -> t),
              Route.bind(Endpoint.post("/mlflow/things/search", Thing.class, Thing.class), t -> t)),
          WireJson.newMapper(),
          "test");

  private String call(String method, String path, String body) {
    ApiHandler.Answer a =
        api.handle(
            method,
            path,
            Map.of("value", List.of("q")),
            "application/json",
            body.getBytes(StandardCharsets.UTF_8));
    return a.status() + " " + new String(a.body(), StandardCharsets.UTF_8);
  }

  @Test
  void getFillsTheRequestFromPathAndQuery() {
    assertThat(call("GET", "/api/2.0/mlflow/things/m-1", ""))
        .isEqualTo("200 {\"thing_id\":\"m-1\",\"value\":\"q\"}");
  }

  @Test
  void pathParameterOverridesTheBodyField() {
    assertThat(
            call("PATCH", "/api/2.0/mlflow/things/m-2/tags", "{\"thing_id\":\"x\",\"key\":\"k\"}"))
        .isEqualTo("200 {\"thing_id\":\"m-2\",\"key\":\"k\"}");
  }

  @Test
  void deleteWithoutBodyTakesEveryParameterFromThePath() {
    assertThat(call("DELETE", "/api/2.0/mlflow/things/m-3/tags/a.b", ""))
        .isEqualTo("200 {\"thing_id\":\"m-3\",\"key\":\"a.b\",\"value\":\"q\"}");
  }

  @Test
  void exactRoutesWinOverTemplates() {
    assertThat(call("POST", "/api/2.0/mlflow/things/search", "{\"key\":\"s\"}"))
        .isEqualTo("200 {\"key\":\"s\"}");
  }

  @Test
  void emptyOrExtraSegmentsDoNotMatch() {
    assertThat(call("GET", "/api/2.0/mlflow/things/", "")).startsWith("404 ");
    assertThat(call("GET", "/api/2.0/mlflow/things/a/b/c/d", "")).startsWith("404 ");
  }

  @Test
  void wrongMethodOnATemplateIs405() {
    assertThat(call("PUT", "/api/2.0/mlflow/things/m-1", "{}")).startsWith("405 ");
  }
}
