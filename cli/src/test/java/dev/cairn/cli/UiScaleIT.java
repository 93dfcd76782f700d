package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.BoundingBox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI at scale: an experiment of 10,000 runs (5 params, 5 metrics, 2 tags each) and one run with
 * a 1,000,000-point metric, written through the REST API. Asserts loose bounds (the pages must be
 * usable, not merely load) and prints the measured first paint and zoom times.
 */
class UiScaleIT {
  private static final int RUNS = 10_000;
  private static final int POINTS = 1_000_000;
  private static final long FIRST_PAINT_BOUND_MS = 6_000;
  private static final long ZOOM_BOUND_MS = 3_000;

  /** How often each measurement is taken; bench/ui.sh raises it. */
  private static final int REPEATS = Integer.getInteger("cairn.ui.repeats", 1);

  private static final Map<String, List<Double>> FIGURES = new LinkedHashMap<>();

  @TempDir static Path dir;
  static ServerProcess server;
  static Browser browser;
  static String experiment;
  static String bigRun;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void fill() throws Exception {
    server = ServerProcess.onSqlite(dir);
    long t0 = System.nanoTime();
    experiment = post("experiments/create", "{\"name\":\"scale\"}").path("experiment_id").asText();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int worker = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = worker; i < RUNS; i += 8) {
                    String run = createRun("run-" + i);
                    StringBuilder b = new StringBuilder("{\"run_id\":\"" + run + "\",\"params\":[");
                    for (int p = 0; p < 5; p++) {
                      b.append(p == 0 ? "" : ",").append("{\"key\":\"p").append(p);
                      b.append("\",\"value\":\"").append((i * 7 + p) % 13).append("\"}");
                    }
                    b.append("],\"metrics\":[");
                    for (int m = 0; m < 5; m++) {
                      b.append(m == 0 ? "" : ",").append("{\"key\":\"m").append(m);
                      b.append("\",\"value\":").append((i % 997) / 997.0 + m);
                      b.append(",\"timestamp\":1700000000000,\"step\":0}");
                    }
                    b.append("],\"tags\":[{\"key\":\"team\",\"value\":\"t").append(i % 4);
                    b.append("\"},{\"key\":\"stage\",\"value\":\"s").append(i % 3).append("\"}]}");
                    post("runs/log-batch", b.toString());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    bigRun = createRun("long-series");
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> done = new ArrayList<>();
      for (int start = 0; start < POINTS; start += 1000) {
        int from = start;
        done.add(
            pool.submit(
                () -> {
                  StringBuilder b =
                      new StringBuilder("{\"run_id\":\"" + bigRun + "\",\"metrics\":[");
                  for (int s = from; s < from + 1000; s++) {
                    double v = Math.exp(-s / 200_000.0) + 0.05 * Math.sin(s / 50.0);
                    b.append(s == from ? "" : ",").append("{\"key\":\"big\",\"value\":").append(v);
                    b.append(",\"timestamp\":")
                        .append(1700000000000L + s)
                        .append(",\"step\":")
                        .append(s)
                        .append('}');
                  }
                  post("runs/log-batch", b.append("]}").toString());
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    System.err.printf(
        "UiScaleIT: wrote %d runs and a %d-point metric in %.1f s%n",
        RUNS + 1, POINTS, (System.nanoTime() - t0) / 1e9);
    browser = new Browser();
  }

  @AfterAll
  static void stop() throws IOException {
    if (browser != null) {
      writeReport();
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode post(String rpc, String body) {
    return server.post(rpc, body);
  }

  private static String createRun(String name) {
    return post(
            "runs/create",
            "{\"experiment_id\":\""
                + experiment
                + "\",\"run_name\":\""
                + name
                + "\",\"start_time\":1700000000000}")
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }

  @Test
  void tenThousandRunsPaintFastAndScrollToTheEnd() {
    for (int repeat = 0; repeat < REPEATS; repeat++) {
      Page page = browser.page();
      page.navigate(server.baseUrl() + "/");
      page.waitForSelector("table.experiments");
      long t0 = System.nanoTime();
      page.navigate(
          server.baseUrl() + "/#/runs?exp=" + experiment + "&cols=metrics.m0,params.p0,tags.team");
      page.locator(".vtable-row").first().waitFor();
      long firstPaintMs = (System.nanoTime() - t0) / 1_000_000;
      double inPage = ((Number) page.evaluate("() => window.cairnRunsPaintMs")).doubleValue();
      PlaywrightAssertions.assertThat(page.getByTestId("run-count"))
          .hasText((RUNS + 1) + " runs", new LocatorAssertions.HasTextOptions().setTimeout(60_000));
      long allMs = (System.nanoTime() - t0) / 1_000_000;
      System.err.printf(
          "UiScaleIT: runs table with %d runs: first rows painted after %d ms (navigation to"
              + " rows; %.0f ms from the first search request), all loaded after %d ms%n",
          RUNS + 1, firstPaintMs, inPage, allMs);
      record("runs table: navigation to first rows painted (ms)", firstPaintMs);
      record("runs table: first search request to first rows painted (ms)", inPage);
      record("runs table: all 10,001 runs loaded (ms)", allMs);
      assertThat(firstPaintMs).isLessThanOrEqualTo(FIRST_PAINT_BOUND_MS);
      int rendered = page.locator(".vtable-row").count();
      assertThat(rendered).as("only the rows in view are in the page").isLessThan(100);
      page.locator(".vtable-scroll").evaluate("e => e.scrollTop = e.scrollHeight");
      // The last of the 10,001 rows (30 px each) is rendered once scrolled to the end.
      PlaywrightAssertions.assertThat(
              page.locator(".vtable-row[style*='top: " + RUNS * 30 + "px']"))
          .isVisible();
      Browser.screenshot(page, "runs-10k");
      page.context().close();
    }
    assertThat(browser.errors).isEmpty();
  }

  @Test
  void aMillionPointChartDrawsAndZoomsIntoDetail() {
    for (int repeat = 0; repeat < REPEATS; repeat++) {
      Page page = browser.page();
      page.navigate(
          server.baseUrl()
              + "/#/experiments/"
              + experiment
              + "/runs/"
              + bigRun
              + "?tab=charts&metric=big");
      Locator canvas = page.locator("figure.chart[data-metric=big] .u-over");
      canvas.waitFor();
      double firstFetch = ((Number) page.evaluate("() => window.cairnChartFetchMs")).doubleValue();
      BoundingBox box = canvas.boundingBox();
      double y = box.y + box.height / 2;
      page.mouse().move(box.x + box.width * 0.40, y);
      page.mouse().down();
      page.mouse().move(box.x + box.width * 0.45, y, new Mouse.MoveOptions().setSteps(5));
      page.mouse().up();
      page.waitForFunction(
          "() => window.cairnZoomFetchedAt && window.cairnChartDrawnAt >"
              + " window.cairnZoomFetchedAt");
      double zoomMs =
          ((Number) page.evaluate("() => window.cairnChartDrawnAt - window.cairnZoomStartedAt"))
              .doubleValue();
      System.err.printf(
          "UiScaleIT: %d-point chart: first read %.0f ms; zoom (drag released to detail drawn)"
              + " %.0f ms%n",
          POINTS, firstFetch, zoomMs);
      record("1M-point chart: first downsampled read (ms)", firstFetch);
      record("1M-point chart: zoom, drag released to detail drawn (ms)", zoomMs);
      PlaywrightAssertions.assertThat(page.locator("figure.chart figcaption"))
          .containsText("zoomed");
      assertThat(zoomMs).isLessThanOrEqualTo(ZOOM_BOUND_MS);
      Browser.screenshot(page, "chart-1m-zoomed");
      page.context().close();
    }
    assertThat(browser.errors).isEmpty();
  }

  private static void record(String figure, double value) {
    FIGURES.computeIfAbsent(figure, k -> new ArrayList<>()).add(value);
  }

  /** With -Dcairn.ui.report=FILE (bench/ui.sh): min/median/max of every figure over the repeats. */
  private static void writeReport() throws IOException {
    String file = System.getProperty("cairn.ui.report");
    if (file == null || file.isBlank()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    b.append("# UI benchmark (").append(java.time.LocalDate.now()).append(")\n\n");
    b.append("Command: `bash bench/ui.sh ")
        .append(REPEATS)
        .append("` (UiScaleIT with -Dcairn.ui.repeats=");
    b.append(REPEATS).append("). Machine: ").append(Runtime.getRuntime().availableProcessors());
    b.append(" cores, Chromium ").append(browser.version()).append(" headless, SQLite, server and");
    b.append(" browser on one machine. Data: ")
        .append(RUNS + 1)
        .append(" runs (5 params, 5 metrics,");
    b.append(" 2 tags each) and one run with a ").append(POINTS).append("-point metric.\n\n");
    b.append("| figure | min | median | max | target |\n|---|---|---|---|---|\n");
    FIGURES.forEach(
        (name, values) -> {
          List<Double> v = values.stream().sorted().toList();
          String target =
              name.startsWith("runs table: navigation")
                  ? "≤ 1500"
                  : name.startsWith("1M-point chart: zoom") ? "≤ 200" : "";
          b.append(
              String.format(
                  "| %s | %.0f | %.0f | %.0f | %s |%n",
                  name, v.get(0), v.get(v.size() / 2), v.get(v.size() - 1), target));
        });
    b.append("\nRaw values (ms, in order of the repeats):\n\n");
    FIGURES.forEach(
        (name, values) ->
            b.append("- ")
                .append(name)
                .append(": ")
                .append(
                    values.stream()
                        .map(v -> String.format("%.1f", v))
                        .collect(java.util.stream.Collectors.joining(", ")))
                .append('\n'));
    Path out = ServerProcess.REPO.resolve(file);
    Files.createDirectories(out.getParent());
    Files.writeString(out, b.toString());
    System.err.println("UiScaleIT: report written to " + out);
  }
}
