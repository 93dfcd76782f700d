package dev.cairn.server;

import static dev.cairn.server.TrackingApiIT.assertError;
import static dev.cairn.server.TrackingApiIT.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Search filters and order_by over HTTP, for runs and experiments, on one fixed data set. */
class SearchOverHttpIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static LiveServer server;
  static String exp;
  static String alpha;
  static String beta;
  static String gamma;

  @BeforeAll
  static void start() {
    server = LiveServer.start(dir);
    exp = experiment("search-runs", "vision");
    experiment("search-other", "nlp");
    alpha = run("alpha", 0.9, "0.1", "vision", "FINISHED", 1000);
    beta = run("beta", 0.5, "0.2", "nlp", "FINISHED", 2000);
    gamma = run("gamma", 0.1, "0.1", "vision", "RUNNING", 3000);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void runsAreFilteredByMetricsParamsTagsAndAttributes() {
    assertThat(search("metrics.acc > 0.4")).containsExactlyInAnyOrder(alpha, beta);
    assertThat(search("metrics.acc >= 0.5 AND params.lr = '0.1'")).containsExactly(alpha);
    assertThat(search("tags.team = 'vision'")).containsExactlyInAnyOrder(alpha, gamma);
    assertThat(search("attributes.status = 'RUNNING'")).containsExactly(gamma);
    assertThat(search("attributes.run_name LIKE 'al%'")).containsExactly(alpha);
    assertThat(search("params.lr != '0.1'")).containsExactly(beta);
    assertThat(search("metrics.missing > 0")).isEmpty();
  }

  @Test
  void runsAreOrderedByAMetricOrAnAttribute() {
    assertThat(search("", "metrics.acc DESC")).containsExactly(alpha, beta, gamma);
    assertThat(search("", "metrics.acc ASC")).containsExactly(gamma, beta, alpha);
    assertThat(search("", "attributes.start_time ASC")).containsExactly(alpha, beta, gamma);
    // MLflow's default: newest start_time first.
    assertThat(search("", null)).containsExactly(gamma, beta, alpha);
  }

  @Test
  void aFilteredOrderedSearchPagesWithoutLossOrRepeats() {
    List<String> seen = new ArrayList<>();
    String token = null;
    do {
      ObjectNode body = request("metrics.acc > 0", "metrics.acc DESC");
      body.put("max_results", 1);
      if (token != null) {
        body.put("page_token", token);
      }
      JsonNode page = server.ok("/runs/search", body.toString());
      page.path("runs").forEach(r -> seen.add(r.path("info").path("run_id").asText()));
      token = page.path("next_page_token").asText(null);
    } while (token != null && seen.size() < 10);
    assertThat(seen).containsExactly(alpha, beta, gamma);
  }

  @Test
  void experimentsAreFilteredAndOrderedOverPostAndGet() {
    ObjectNode body = JSON.createObjectNode().put("max_results", 10);
    body.put("filter", "name LIKE 'search-%'").putArray("order_by").add("name DESC");
    JsonNode post = server.ok("/experiments/search", body.toString());
    assertThat(post.path("experiments").findValuesAsText("name"))
        .containsExactly("search-runs", "search-other");
    JsonNode get =
        server
            .get(
                "/experiments/search?max_results=10&filter="
                    + encode("tags.area = 'nlp'")
                    + "&order_by="
                    + encode("name ASC"))
            .json();
    assertThat(get.path("experiments").findValuesAsText("name")).containsExactly("search-other");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "metrics.m > 1 OR 1=1",
        "params.p = '1'; DROP TABLE runs",
        "tags.`x` = \"",
        "metrics.m >",
        "params.p = '1' UNION SELECT * FROM runs",
        "metrics.acc > 'high'",
        "nonsense.key = 1",
        "(metrics.acc > 1)",
      })
  void aHostileOrInvalidFilterIsInvalidParameterValue(String filter) {
    ObjectNode body = request(filter, null);
    assertError(server.post("/runs/search", body.toString()), 400, "INVALID_PARAMETER_VALUE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"metrics.acc SIDEWAYS", "nothing.here ASC", "metrics.acc DESC; --"})
  void anInvalidOrderByIsInvalidParameterValue(String orderBy) {
    assertError(
        server.post("/runs/search", request("", orderBy).toString()),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void injectionShapedValuesAreJustValues() {
    assertThat(search("params.lr = '0.1'' OR ''1''=''1'")).isEmpty();
    assertThat(search("tags.team = 'vision\" OR \"1\"=\"1'")).isEmpty();
    assertThat(search("tags.team = 'vision'")).hasSize(2);
  }

  private static List<String> search(String filter) {
    return search(filter, null);
  }

  private static List<String> search(String filter, String orderBy) {
    JsonNode page = server.ok("/runs/search", request(filter, orderBy).toString());
    List<String> ids = new ArrayList<>();
    page.path("runs").forEach(r -> ids.add(r.path("info").path("run_id").asText()));
    return ids;
  }

  private static ObjectNode request(String filter, String orderBy) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("experiment_ids").add(exp);
    body.put("filter", filter);
    if (orderBy != null) {
      body.putArray("order_by").add(orderBy);
    }
    return body;
  }

  private static String experiment(String name, String area) {
    return server
        .ok(
            "/experiments/create",
            json("{'name':'%s','tags':[{'key':'area','value':'%s'}]}", name, area))
        .path("experiment_id")
        .asText();
  }

  private static String run(
      String name, double acc, String lr, String team, String status, long start) {
    String id =
        server
            .ok(
                "/runs/create",
                json(
                    "{'experiment_id':'%s','run_name':'%s','start_time':%d,"
                        + "'tags':[{'key':'team','value':'%s'}]}",
                    exp, name, start, team))
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    server.ok(
        "/runs/log-batch",
        json(
            "{'run_id':'%s','metrics':[{'key':'acc','value':%s,'timestamp':1}],"
                + "'params':[{'key':'lr','value':'%s'}]}",
            id, acc, lr));
    if (!status.equals("RUNNING")) {
      server.ok("/runs/update", json("{'run_id':'%s','status':'%s'}", id, status));
    }
    return id;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
