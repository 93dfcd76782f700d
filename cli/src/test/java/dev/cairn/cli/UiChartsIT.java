package dev.cairn.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts and the context around them on a DETR-like experiment made through the REST API: six
 * runs with 28 params, a 1,000-step learning-rate schedule from 1e-4 to 1e-6, a metric around
 * 76,549 ± 200, per-epoch losses, system/ metrics and log_image files for three steps. Tick labels
 * keep their digits, a run has one colour in the table and every chart, the experiment's name is
 * the title, searches filter the run page and the charts, the step slider changes the image, and
 * dark mode's grid is quieter than the lines. Every page is shot light and dark into {@code
 * cli/target/ui-screenshots/}.
 */
class UiChartsIT {
  @TempDir static Path dir;
  static ServerProcess server;
  static Browser browser;
  static final ObjectMapper JSON = new ObjectMapper();
  static final String NAME = "detr-r50-coco";
  static final String NOTE = "Fine-tuning **DETR** (ResNet-50) on COCO 2017.";
  static final int RUNS = 6;
  static final int EPOCHS = 50;
  static final int LR_STEPS = 1000;
  static final int[] IMAGE_STEPS = {0, 10, 20};
  static String experiment;
  static final Map<String, String> runIds = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    server = ServerProcess.onSqlite(dir);
    experiment =
        server
            .post("experiments/create", "{\"name\":\"" + NAME + "\"}")
            .path("experiment_id")
            .asText();
    server.post(
        "experiments/set-experiment-tag",
        body(Map.of("experiment_id", experiment, "key", "mlflow.note.content", "value", NOTE)));
    long t0 = System.currentTimeMillis() - 3_600_000L;
    for (int r = 0; r < RUNS; r++) {
      String name = "detr-" + (char) ('a' + r);
      JsonNode run =
          server
              .post(
                  "runs/create",
                  body(Map.of("experiment_id", experiment, "run_name", name, "start_time", t0)))
              .path("run")
              .path("info");
      String id = run.path("run_id").asText();
      runIds.put(name, id);
      List<Map<String, Object>> params = new ArrayList<>();
      params.add(Map.of("key", "lr", "value", "0.0001"));
      params.add(Map.of("key", "lr_backbone", "value", "1e-05"));
      params.add(Map.of("key", "backbone", "value", "resnet50"));
      for (int p = params.size(); p < 28; p++) {
        params.add(Map.of("key", "hparam_" + p, "value", String.valueOf(p * (r + 1))));
      }
      List<Map<String, Object>> metrics = new ArrayList<>();
      for (int e = 0; e < EPOCHS; e++) {
        long ts = t0 + e * 60_000L;
        metrics.add(metric("loss", 2.0 / (1 + e) + 0.01 * r, ts, e));
        metrics.add(metric("mAP", 0.42 * e / EPOCHS + 0.001 * r, ts, e));
        metrics.add(metric("class_error_sum", 76_549 + 200 * Math.sin(e / 3.0 + r), ts, e));
        metrics.add(metric("system/cpu_utilization_percentage", 40 + (e * 7 + r) % 30, ts, e));
        metrics.add(metric("system/gpu_0_memory_usage_megabytes", 15_000 + 10 * r, ts, e));
      }
      logBatch(id, metrics, params);
      for (int from = 0; from < LR_STEPS; from += 1000) {
        List<Map<String, Object>> lr = new ArrayList<>();
        for (int s = from; s < Math.min(LR_STEPS, from + 1000); s++) {
          // cosine decay from 1e-4 to 1e-6
          double v = 1e-6 + 0.5 * (1e-4 - 1e-6) * (1 + Math.cos(Math.PI * s / (LR_STEPS - 1)));
          lr.add(metric("lr", v, t0 + s * 3_000L, s));
        }
        logBatch(id, lr, List.of());
      }
      server.post(
          "runs/update",
          body(Map.of("run_id", id, "status", "FINISHED", "end_time", t0 + 3_000_000L)));
      if (r < 2) {
        String root = run.path("artifact_uri").asText().replaceFirst("^mlflow-artifacts:/+", "");
        // detr-a logged images at steps 0, 10, 20; detr-b at 0 and 10
        for (int step : r == 0 ? IMAGE_STEPS : new int[] {0, 10}) {
          String base =
              "images/val~pred+step+"
                  + step
                  + "+timestamp+"
                  + (t0 + step * 60_000L)
                  + "+0f8e6a1c-0000-0000-0000-00000000000"
                  + step % 10;
          // widths 8, 18, 28: a different picture per step, told apart by its size
          upload(root, base + ".png", png(8 + step, "png"));
          upload(root, base + "+compressed.webp", png(8 + step, "png"));
        }
        server.post(
            "runs/set-tag",
            body(Map.of("run_id", id, "key", "mlflow.loggedImages", "value", "true")));
      }
    }
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

  @Test
  void runsAndChartsReadRightAndKeepOneColourPerRun() {
    Page page = browser.page();
    page.navigate(server.baseUrl() + "/#/experiments/" + experiment);
    assertThat(page.getByTestId("run-count")).hasText(RUNS + " runs");
    // the experiment's name is the title, its description is shown
    assertThat(page.getByTestId("experiment-title")).containsText(NAME);
    assertThat(page).hasTitle(java.util.regex.Pattern.compile(NAME));
    assertThat(page.locator(".experiment-note strong")).hasText("DETR");
    Map<String, String> dots = new LinkedHashMap<>();
    for (String name : runIds.keySet()) {
      Locator row = page.locator(".vtable-row", new Page.LocatorOptions().setHasText(name));
      dots.put(name, background(row.locator("i.run-dot")));
    }
    assertThat(dots.values()).doesNotHaveDuplicates();
    shoot(page, "detr-runs");

    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Page.GetByRoleOptions().setName("Charts"))
        .click();
    for (String metric : List.of("lr", "class_error_sum", "loss")) {
      Locator legend = page.locator("figure.chart[data-metric=" + metric + "] .legend");
      assertThat(legend).containsText("detr-f");
      for (Map.Entry<String, String> run : dots.entrySet()) {
        Locator swatch =
            legend
                .locator("span", new Locator.LocatorOptions().setHasText(run.getKey()))
                .locator("i");
        assertThat(background(swatch)).as(run.getKey() + " in " + metric).isEqualTo(run.getValue());
      }
    }

    // the learning rate's ticks: distinct, right, within the schedule's range
    List<String> lr = ticks(page, "lr");
    assertThat(lr).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
    List<Double> lrValues = lr.stream().map(UiChartsIT::parse).toList();
    assertThat(lrValues).allSatisfy(v -> assertThat(v).isBetween(-1e-5, 1.1e-4));
    assertThat(lrValues.stream().filter(v -> v != 0)).isNotEmpty();
    evenlySpaced(lrValues);
    // the 76,549 ± 200 metric: every digit kept
    List<String> big = ticks(page, "class_error_sum");
    assertThat(big).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
    List<Double> bigValues = big.stream().map(UiChartsIT::parse).toList();
    assertThat(bigValues).allSatisfy(v -> assertThat(v).isBetween(76_549 - 400.0, 76_549 + 400.0));
    evenlySpaced(bigValues);
    // system/ metrics in a section of their own
    assertThat(page.locator("section.chart-section[data-section=system] figure.chart")).hasCount(2);
    shoot(page, "detr-charts");

    // the chart search hides charts that do not match
    page.getByLabel("search charts").fill("loss");
    assertThat(page.locator("figure.chart")).hasCount(1);
    assertThat(page.locator("figure.chart[data-metric=loss]")).hasCount(1);
    page.getByLabel("search charts").fill("system gpu");
    assertThat(page.locator("figure.chart")).hasCount(1);
    assertThat(page.locator("figure.chart[data-metric='system/gpu_0_memory_usage_megabytes']"))
        .hasCount(1);
    page.getByLabel("search charts").fill("");
    assertThat(page.locator("figure.chart[data-metric=lr]")).hasCount(1);

    // a chart moved by its handle (← on the keyboard) takes its neighbour's place, and stays there
    // on reload
    Locator model = page.locator("section.chart-section[data-section=model] figure.chart");
    assertThat(model.first()).hasAttribute("data-metric", "class_error_sum");
    assertThat(model.nth(1)).hasAttribute("data-metric", "loss");
    page.getByLabel("move loss").press("ArrowLeft");
    assertThat(model.first()).hasAttribute("data-metric", "loss");
    page.reload();
    assertThat(model.first()).hasAttribute("data-metric", "loss");
    assertThat(model.nth(1)).hasAttribute("data-metric", "class_error_sum");

    // dark mode: the grid is quieter than every line drawn on it
    page.getByLabel("toggle theme").click();
    Locator lrChart = page.locator("figure.chart[data-metric=lr][data-theme=dark]");
    assertThat(lrChart).hasCount(1);
    page.waitForTimeout(200);
    Map<?, ?> contrast =
        (Map<?, ?>)
            lrChart.evaluate(
                "(fig) => {"
                    + "const lum = ([r, g, b]) => { const c = [r, g, b].map((v) => { v /= 255;"
                    + " return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });"
                    + " return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };"
                    + "const ratio = (a, b) => { const x = lum(a), y = lum(b);"
                    + " return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };"
                    + "const rgb = (s) => s.match(/\\d+/g).slice(0, 3).map(Number);"
                    + "const bg = rgb(getComputedStyle(document.body).backgroundColor);"
                    + "const canvas = fig.querySelector('canvas');"
                    + "const data = canvas.getContext('2d').getImageData(0, 0, canvas.width,"
                    + " canvas.height).data;"
                    + "const counts = new Map();"
                    + "for (let i = 0; i < data.length; i += 4) { if (data[i + 3] < 255)"
                    + " continue; const k = data[i] + ',' + data[i + 1] + ',' + data[i + 2];"
                    + " counts.set(k, (counts.get(k) || 0) + 1); }"
                    + "const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];"
                    + "const grid = top[0].split(',').map(Number);"
                    + "const series = [...fig.querySelectorAll('.legend i')].map((i) =>"
                    + " ratio(rgb(getComputedStyle(i).backgroundColor), bg));"
                    + "return { grid: ratio(grid, bg), gridPixels: top[1],"
                    + " series: Math.min(...series) }; }");
    double grid = ((Number) contrast.get("grid")).doubleValue();
    double series = ((Number) contrast.get("series")).doubleValue();
    assertThat(((Number) contrast.get("gridPixels")).intValue()).isGreaterThan(500);
    assertThat(grid).as("grid contrast %s, series contrast %s", grid, series).isLessThan(series);
    assertThat(grid).isLessThan(1.6);
    page.getByLabel("toggle theme").click();

    // a full-screen chart with its own x-axis
    page.getByLabel("full screen lr").click();
    Locator full = page.getByRole(com.microsoft.playwright.options.AriaRole.DIALOG);
    assertThat(full.locator("figure.chart[data-metric=lr] canvas")).hasCount(1);
    full.getByLabel("full screen x-axis").selectOption("relative");
    assertThat(full.locator("figure.chart[data-metric=lr] .legend")).containsText("detr-a");
    shoot(page, "detr-chart-full");
    page.keyboard().press("Escape");
    assertThat(full).hasCount(0);
    page.context().close();
  }

  @Test
  void runPageSearchesParamsAndStepsThroughLoggedImages() {
    Page page = browser.page();
    String id = runIds.get("detr-a");
    page.navigate(server.baseUrl() + "/#/experiments/" + experiment + "/runs/" + id);
    assertThat(page.locator(".crumbs")).containsText(NAME);
    assertThat(page).hasTitle(java.util.regex.Pattern.compile("detr-a.*" + NAME));
    Locator params = page.getByTestId("parameters").locator("tr");
    assertThat(params).hasCount(28);
    assertThat(page.getByTestId("system metrics").locator("tr")).hasCount(2);
    assertThat(page.locator(".overview")).not().containsText("Parent run");
    assertThat(page.locator(".overview")).not().containsText("Child runs");
    page.getByLabel("search params and metrics").fill("lr");
    assertThat(params).hasCount(2); // lr, lr_backbone
    assertThat(page.getByTestId("parameters")).containsText("1e-05");
    assertThat(page.getByTestId("metrics").locator("tr")).hasCount(1);
    page.getByLabel("search params and metrics").fill("");

    Locator image = page.locator("figure.image-steps[data-image-key='val/pred'] img");
    Locator step =
        page.locator("figure.image-steps[data-image-key='val/pred']").getByTestId("image-step");
    assertThat(step).hasText("step 20");
    page.waitForFunction(
        "() => document.querySelector(\"figure.image-steps img\")?.naturalWidth === 28");
    String last = image.getAttribute("src");
    shoot(page, "detr-run");
    Locator slider = page.getByLabel("step of val/pred");
    slider.focus();
    page.keyboard().press("Home");
    assertThat(step).hasText("step 0");
    assertThat(image).not().hasAttribute("src", last);
    page.waitForFunction(
        "() => document.querySelector(\"figure.image-steps img\")?.naturalWidth === 8");
    page.keyboard().press("ArrowRight");
    assertThat(step).hasText("step 10");
    page.waitForFunction(
        "() => document.querySelector(\"figure.image-steps img\")?.naturalWidth === 18");
    page.context().close();

    Page compare = browser.page();
    compare.navigate(
        server.baseUrl() + "/#/compare?runs=" + runIds.get("detr-a") + "," + runIds.get("detr-b"));
    assertThat(compare.locator("figure.chart[data-metric=lr] canvas")).hasCount(1);
    // the runs' logged images side by side at one step: detr-b shows its latest before it
    Locator images = compare.locator(".image-row[data-image-key='val/pred']");
    assertThat(images.locator("img")).hasCount(2);
    assertThat(images.getByTestId("compare-image-step")).hasText("step 20");
    assertThat(images.locator("figure", new Locator.LocatorOptions().setHasText("detr-b")))
        .containsText("(step 10)");
    shoot(compare, "detr-compare");
    compare.context().close();
    Page list = browser.page();
    list.navigate(server.baseUrl() + "/#/");
    assertThat(list.locator("table.experiments tr", new Page.LocatorOptions().setHasText(NAME)))
        .containsText("Fine-tuning DETR (ResNet-50) on COCO 2017.");
    shoot(list, "detr-experiments");
    list.context().close();
  }

  /** A light and a dark screenshot of the page as it is. */
  private static void shoot(Page page, String name) {
    String theme = (String) page.evaluate("() => document.documentElement.dataset.theme");
    Browser.screenshot(page, name + "-" + theme);
    page.getByLabel("toggle theme").click();
    String other = "dark".equals(theme) ? "light" : "dark";
    assertThat(page.locator("html")).hasAttribute("data-theme", other);
    page.waitForTimeout(100);
    Browser.screenshot(page, name + "-" + other);
    page.getByLabel("toggle theme").click();
    assertThat(page.locator("html")).hasAttribute("data-theme", theme);
  }

  private static List<String> ticks(Page page, String metric) {
    Locator fig = page.locator("figure.chart[data-metric=" + metric + "]");
    assertThat(fig.locator("canvas")).hasCount(1);
    page.waitForFunction(
        "(m) => document.querySelector(`figure.chart[data-metric=\"${m}\"]`)?.dataset.yTicks",
        metric);
    List<String> labels = new ArrayList<>();
    try {
      JSON.readTree(fig.getAttribute("data-y-ticks")).forEach(n -> labels.add(n.asText()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    labels.removeIf(String::isEmpty);
    return labels;
  }

  /** A tick label back to its number: 76,500 / 0.00004 / 4e-5 / 1.5M. */
  private static double parse(String label) {
    String s = label.replace(",", "");
    double scale = 1;
    if (s.endsWith("M")) {
      scale = 1e6;
    } else if (s.endsWith("G")) {
      scale = 1e9;
    } else if (s.endsWith("T")) {
      scale = 1e12;
    }
    if (scale != 1) {
      s = s.substring(0, s.length() - 1);
    }
    return Double.parseDouble(s) * scale;
  }

  private static void evenlySpaced(List<Double> values) {
    double step = values.get(1) - values.get(0);
    assertThat(step).isNotZero();
    for (int i = 2; i < values.size(); i++) {
      assertThat(values.get(i) - values.get(i - 1))
          .as("ticks %s evenly spaced", values)
          .isCloseTo(step, org.assertj.core.data.Offset.offset(Math.abs(step) * 1e-6));
    }
  }

  private static String background(Locator swatch) {
    return (String) swatch.evaluate("(el) => getComputedStyle(el).backgroundColor");
  }

  private static Map<String, Object> metric(String key, double value, long ts, int step) {
    return Map.of("key", key, "value", value, "timestamp", ts, "step", step);
  }

  private static void logBatch(
      String runId, List<Map<String, Object>> metrics, List<Map<String, Object>> params) {
    for (int i = 0; i < metrics.size() || (i == 0 && !params.isEmpty()); i += 1000) {
      ObjectNode b = JSON.createObjectNode().put("run_id", runId);
      ArrayNode m = b.putArray("metrics");
      metrics
          .subList(i, Math.min(metrics.size(), i + 1000))
          .forEach(x -> m.add(JSON.valueToTree(x)));
      if (i == 0) {
        ArrayNode p = b.putArray("params");
        params.forEach(x -> p.add(JSON.valueToTree(x)));
      }
      server.post("runs/log-batch", b.toString());
    }
  }

  private static String body(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] png(int width, String format) throws IOException {
    BufferedImage img = new BufferedImage(width, 8, BufferedImage.TYPE_INT_RGB);
    var g = img.createGraphics();
    g.setColor(new Color(40 + width * 5, 120, 200 - width * 4));
    g.fillRect(0, 0, width, 8);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  private static void upload(String root, String path, byte[] bytes) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.baseUrl()
                                + "/api/2.0/mlflow-artifacts/artifacts/"
                                + root
                                + "/"
                                + path))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("upload of " + path + ": " + r.body()).isEqualTo(200);
  }
}
