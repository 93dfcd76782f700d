package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.Endpoint;
import dev.cairn.api.WireJson;
import dev.cairn.server.filters.BodyBudget;
import dev.cairn.server.filters.BodyReader;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Dispatcher;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.RouteTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathParametersTest {
  record Thing(String thingId, String key, String value) {}

  private final JsonRoutes json = new JsonRoutes(WireJson.newMapper());
  private final Dispatcher dispatcher =
      new Dispatcher(
          "",
          new RouteTable(
              List.of(
                  json.route(
                      Endpoint.get("/mlflow/things/{thing_id}", Thing.class, Thing.class),
                      Resource.EXPERIMENT,
                      Access.READ,
                      t -> t),
                  json.route(
                      Endpoint.patch("/mlflow/things/{thing_id}/tags", Thing.class, Thing.class),
                      Resource.EXPERIMENT,
                      Access.UPDATE,
                      t -> t),
                  json.route(
                      Endpoint.delete(
                          "/mlflow/things/{thing_id}/tags/{key}", Thing.class, Thing.class),
                      Resource.EXPERIMENT,
                      Access.UPDATE,
                      t -> t),
                  json.route(
                      Endpoint.post("/mlflow/things/search", Thing.class, Thing.class),
                      Resource.EXPERIMENT,
                      Access.READ,
                      t -> t))),
          List.of(
              new BodyReader(
                  1 << 20, new BodyBudget(1 << 20), Duration.ofSeconds(5), Duration.ofSeconds(1))));

  private String call(String method, String path, String body) {
    return call(method, path, body, Map.of("value", List.of("q")));
  }

  private String call(String method, String path, String body, Map<String, List<String>> query) {
    HttpResponse a =
        dispatcher.handle(
            MemoryExchange.of(method, path, body, "Content-Type", "application/json")
                .withQuery(query));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      a.body().writeTo(out);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return a.status() + " " + out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void getFillsTheRequestFromPathAndQuery() {
    assertThat(call("GET", "/api/2.0/mlflow/things/m-1", ""))
        .isEqualTo("200 {\"thing_id\":\"m-1\",\"value\":\"q\"}");
  }

  @Test
  void getWithoutAQueryStringReadsItsJsonBody() {
    assertThat(call("GET", "/api/2.0/mlflow/things/m-1", "{\"value\":\"b\"}", Map.of()))
        .isEqualTo("200 {\"thing_id\":\"m-1\",\"value\":\"b\"}");
  }

  @Test
  void getWithAQueryStringIgnoresItsBody() {
    assertThat(call("GET", "/api/2.0/mlflow/things/m-1", "{\"value\":\"b\"}"))
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

  @Test
  void everyApiPrefixAnswers() {
    for (String prefix : List.of("/api/2.0", "/ajax-api/2.0", "/api/3.0", "/ajax-api/3.0")) {
      assertThat(call("GET", prefix + "/mlflow/things/m-4", "")).startsWith("200 ");
    }
  }
}
