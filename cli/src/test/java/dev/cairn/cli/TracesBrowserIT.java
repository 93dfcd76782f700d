package dev.cairn.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Traces tab and the trace view in a real browser. The traces reach the server as an
 * OpenTelemetry app sends them (OTLP JSON at /v1/traces) and the assessment through MLflow's v3
 * REST API; the test then reads the span tree and edits assessments in the page, and checks the
 * edits through the API.
 */
class TracesBrowserIT {
  @TempDir static Path dir;
  static ServerProcess server;
  static Browser browser;
  static String experiment;
  static String run;
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The detailed trace: answer > retrieve > lookup, lookup failing. */
  static final String TRACE_HEX = "0af7651916cd43dd8448eb211c80319c";

  static final String TRACE_ID = "tr-" + TRACE_HEX;

  /** Filler traces, every tenth failing, so the table needs a second page of search_traces. */
  static final int FILLERS = 240;

  static String assessmentId;

  @BeforeAll
  static void start() throws Exception {
    server = ServerProcess.onSqlite(dir);
    experiment =
        server
            .post("experiments/create", "{\"name\":\"traces-ui\"}")
            .path("experiment_id")
            .asText();
    run =
        server
            .post("runs/create", "{\"experiment_id\":\"" + experiment + "\"}")
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    send("POST", "/v1/traces", otlpTraces().toString(), "x-mlflow-experiment-id", experiment);
    send(
        "POST",
        "/api/2.0/mlflow/traces/link-to-run",
        "{\"trace_ids\":[\"" + TRACE_ID + "\"],\"run_id\":\"" + run + "\"}");
    assessmentId =
        send(
                "POST",
                "/api/3.0/mlflow/traces/" + TRACE_ID + "/assessments",
                "{\"assessment\":{\"assessment_name\":\"correct\",\"trace_id\":\""
                    + TRACE_ID
                    + "\",\"source\":{\"source_type\":\"HUMAN\",\"source_id\":\"reviewer\"},"
                    + "\"feedback\":{\"value\":true},\"rationale\":\"looks right\"}}")
            .path("assessment")
            .path("assessment_id")
            .asText();
    browser = new Browser();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void noScriptErrors() {
    assertThat(browser.errors).as("errors raised by the page's scripts").isEmpty();
  }

  /**
   * One OTLP export: the detailed trace (newest) and the fillers, ids in hex as OTLP JSON has them.
   */
  private static ObjectNode otlpTraces() {
    long now = System.currentTimeMillis() * 1_000_000L;
    ObjectNode body = JSON.createObjectNode();
    ArrayNode spans =
        body.putArray("resourceSpans")
            .addObject()
            .putArray("scopeSpans")
            .addObject()
            .putArray("spans");
    long t = now - 1_000_000_000L;
    span(spans, TRACE_HEX, "00f067aa0ba902b7", null, "answer", t, t + 900_000_000L, 1, null)
        .putArray("attributes")
        .add(attribute("mlflow.spanInputs", "{\"question\": \"why is the sky blue?\"}"))
        .add(attribute("mlflow.spanOutputs", "\"Rayleigh scattering\""))
        .add(attribute("mlflow.spanType", "\"CHAIN\""));
    span(
            spans,
            TRACE_HEX,
            "00f067aa0ba902b8",
            "00f067aa0ba902b7",
            "retrieve",
            t + 100_000_000L,
            t + 300_000_000L,
            1,
            null)
        .putArray("attributes")
        .add(attribute("mlflow.spanType", "\"RETRIEVER\""));
    ObjectNode lookup =
        span(
            spans,
            TRACE_HEX,
            "00f067aa0ba902b9",
            "00f067aa0ba902b8",
            "lookup",
            t + 150_000_000L,
            t + 200_000_000L,
            2,
            "KeyError: no such document");
    ObjectNode exception = lookup.putArray("events").addObject();
    exception.put("name", "exception").put("timeUnixNano", Long.toString(t + 190_000_000L));
    exception
        .putArray("attributes")
        .add(attribute("exception.type", "KeyError"))
        .add(attribute("exception.message", "no such document"));
    for (int i = 0; i < FILLERS; i++) {
      long start = now - 10_000_000_000L - i * 1_000_000L;
      String traceHex = String.format("%032x", i + 1);
      String spanHex = HexFormat.of().toHexDigits((long) i + 1);
      span(
              spans,
              traceHex,
              spanHex,
              null,
              "filler",
              start,
              start + 500_000L,
              i % 10 == 0 ? 2 : 1,
              null)
          .putArray("attributes")
          .add(attribute("mlflow.spanInputs", "{\"i\": " + i + "}"));
    }
    return body;
  }

  private static ObjectNode span(
      ArrayNode spans,
      String traceHex,
      String spanHex,
      String parentHex,
      String name,
      long startNanos,
      long endNanos,
      int statusCode,
      String message) {
    ObjectNode s = spans.addObject();
    s.put("traceId", traceHex).put("spanId", spanHex).put("name", name);
    if (parentHex != null) {
      s.put("parentSpanId", parentHex);
    }
    s.put("startTimeUnixNano", Long.toString(startNanos))
        .put("endTimeUnixNano", Long.toString(endNanos));
    ObjectNode status = s.putObject("status").put("code", statusCode);
    if (message != null) {
      status.put("message", message);
    }
    return s;
  }

  private static ObjectNode attribute(String key, String value) {
    ObjectNode a = JSON.createObjectNode().put("key", key);
    a.putObject("value").put("stringValue", value);
    return a;
  }

  /** A request to the server; fails unless it answers 200. Headers as name, value pairs. */
  private static JsonNode send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new AssertionError(
            method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body().isBlank() || !r.body().strip().startsWith("{")
          ? JSON.createObjectNode()
          : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode assessments() {
    return send("GET", "/api/3.0/mlflow/traces/" + TRACE_ID, null)
        .path("trace")
        .path("trace_info")
        .path("assessments");
  }

  private static JsonNode assessment(String name) {
    for (JsonNode a : assessments()) {
      if (a.path("assessment_name").asText().equals(name)) {
        return a;
      }
    }
    return null;
  }

  private static Page open(String hash) {
    Page page = browser.page();
    page.navigate(server.baseUrl() + "/" + hash);
    return page;
  }

  @Test
  void tracesTablePagesFiltersAndSorts() {
    Page page = open("#/experiments/" + experiment + "/traces");
    Locator count = page.getByTestId("trace-count");
    assertThat(count).hasText("200 traces (scroll for more)");
    Locator first = page.locator(".vtable-row").first();
    assertThat(first).containsText("why is the sky blue?");
    assertThat(first).containsText("Rayleigh scattering");
    assertThat(first).containsText("correct: true");
    assertThat(first).containsText("900ms");
    Browser.screenshot(page, "traces");

    page.locator(".vtable-scroll").evaluate("e => e.scrollTop = e.scrollHeight");
    assertThat(count).hasText((FILLERS + 1) + " traces");

    page.getByRole(AriaRole.COLUMNHEADER, new Page.GetByRoleOptions().setName("Latency")).click();
    assertThat(page).hasURL(Pattern.compile("sort=execution_time_ms%3Adesc"));
    assertThat(page.locator(".vtable-row").first()).containsText("why is the sky blue?");

    page.getByLabel("filter traces").fill("trace.status = 'ERROR'");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    assertThat(count).hasText((FILLERS / 10) + " traces");
    assertThat(page.locator(".vtable-row.trace-error").first()).containsText("ERROR");

    page.getByLabel("filter traces").fill("no_such_field = 1");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
    assertThat(page.getByRole(AriaRole.ALERT)).containsText("INVALID_PARAMETER_VALUE");
  }

  @Test
  void traceViewShowsTheSpanTreeAndTheFailingSpan() {
    Page page = open("#/experiments/" + experiment + "/traces");
    page.locator(".vtable-row").first().getByRole(AriaRole.LINK).first().click();
    assertThat(page).hasURL(Pattern.compile("/traces/" + TRACE_ID));
    Locator tree = page.getByRole(AriaRole.TREE);
    Locator items = tree.getByRole(AriaRole.TREEITEM);
    assertThat(items).hasCount(3);
    assertThat(items.nth(0)).hasAttribute("data-span", "answer");
    assertThat(items.nth(0)).hasAttribute("aria-level", "1");
    assertThat(items.nth(1)).hasAttribute("data-span", "retrieve");
    assertThat(items.nth(1)).hasAttribute("aria-level", "2");
    assertThat(items.nth(2)).hasAttribute("data-span", "lookup");
    assertThat(items.nth(2)).hasAttribute("aria-level", "3");
    assertThat(items.nth(2)).hasClass(Pattern.compile("span-error"));
    assertThat(page.getByLabel("Inputs")).containsText("why is the sky blue?");
    assertThat(page.getByLabel("Outputs")).containsText("Rayleigh scattering");

    items.nth(2).click();
    assertThat(page).hasURL(Pattern.compile("span="));
    assertThat(page.getByTestId("span-error")).containsText("KeyError: no such document");
    Browser.screenshot(page, "trace");

    page.getByLabel("collapse retrieve").click();
    assertThat(items).hasCount(2);
    page.getByLabel("expand retrieve").click();
    assertThat(items).hasCount(3);
  }

  @Test
  void assessmentsAreEditedAddedAndDeletedInThePage() {
    Page page = open("#/experiments/" + experiment + "/traces/" + TRACE_ID);
    Locator correct = page.locator("tr[data-assessment=correct]");
    assertThat(correct).containsText("looks right");
    correct.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("edit")).click();
    page.getByLabel("assessment value").fill("false");
    page.getByLabel("assessment rationale").fill("wrong source");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
    assertThat(correct).containsText("wrong source");
    assertThat(correct.locator("code")).hasText("false");
    JsonNode edited = assessment("correct");
    assertThat(edited.path("assessment_id").asText()).isEqualTo(assessmentId);
    assertThat(edited.path("feedback").path("value").isBoolean()).isTrue();
    assertThat(edited.path("feedback").path("value").asBoolean()).isFalse();
    assertThat(edited.path("rationale").asText()).isEqualTo("wrong source");

    page.getByLabel("feedback name").fill("helpfulness");
    page.getByLabel("feedback value").fill("0.5");
    page.getByLabel("feedback rationale").fill("partly");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add feedback")).click();
    Locator helpful = page.locator("tr[data-assessment=helpfulness]");
    assertThat(helpful).containsText("0.5");
    JsonNode added = assessment("helpfulness");
    assertThat(added).isNotNull();
    assertThat(added.path("feedback").path("value").asDouble()).isEqualTo(0.5);
    assertThat(added.path("source").path("source_type").asText()).isEqualTo("HUMAN");
    Browser.screenshot(page, "trace-assessments");

    helpful.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("delete")).click();
    assertThat(helpful).hasCount(0);
    assertThat(assessment("helpfulness")).isNull();
  }

  @Test
  void aRunLinksToItsTraces() {
    Page page = open("#/experiments/" + experiment + "/runs/" + run);
    page.getByTestId("run-traces").click();
    assertThat(page).hasURL(Pattern.compile("/traces\\?filter=trace.run_id"));
    assertThat(page.getByTestId("trace-count")).hasText("1 trace");
    assertThat(page.locator(".vtable-row").first()).containsText("why is the sky blue?");
  }
}
