package dev.cairn.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in a real browser against a Cairn server filled by the real mlflow client ({@code
 * compat/ui/fixture.py}): every page opened, filtered, sorted, compared, previewed, registered.
 * Screenshots of each page go to {@code cli/target/ui-screenshots/}.
 */
class UiBrowserIT {
  @TempDir static Path dir;
  static ServerProcess server;
  static Browser browser;
  static JsonNode fixture;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    server = ServerProcess.onSqlite(dir);
    String python =
        Browser.run(dir, "bash", ServerProcess.REPO.resolve("compat/venv.sh").toString(), "3")
            .strip();
    String out =
        Browser.run(
            dir,
            python,
            ServerProcess.REPO.resolve("compat/ui/fixture.py").toString(),
            server.baseUrl());
    List<String> lines = out.strip().lines().toList();
    fixture = JSON.readTree(lines.get(lines.size() - 1));
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

  private static Page open(String hash) {
    Page page = browser.page();
    page.navigate(server.baseUrl() + "/" + hash);
    return page;
  }

  private static JsonNode api(String pathAndQuery) {
    return server.get(pathAndQuery);
  }

  private static JsonNode post(String rpc, String body) {
    return server.post(rpc, body);
  }

  private static String run(String name) {
    return fixture.path("runs").path(name).asText();
  }

  private static String experiment() {
    return fixture.path("experiment_id").asText();
  }

  @Test
  void experimentsAreListedWithRunCountsSearchedAndCreated() throws Exception {
    Page page = open("#/");
    Locator demo = page.locator("tr", new Page.LocatorOptions().setHasText("ui-demo"));
    assertThat(demo.locator("td").nth(3)).hasText("9");
    assertThat(demo).containsText("team=vision");
    Browser.screenshot(page, "experiments");
    page.getByLabel("search experiments").fill("other");
    assertThat(page.locator("table.experiments tbody tr")).hasCount(1);
    assertThat(page.locator("table.experiments")).containsText("ui-other");
    page.getByLabel("search experiments").fill("");
    page.getByLabel("new experiment name").fill("made-in-browser");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
    assertThat(page.locator("table.experiments")).containsText("made-in-browser");
    assertThat(
            api("experiments/get-by-name?experiment_name=made-in-browser")
                .path("experiment")
                .path("name")
                .asText())
        .isEqualTo("made-in-browser");
  }

  @Test
  void runsTableFiltersSortsNestsAndShowsFilterErrors() {
    Page page = open("#/experiments/" + experiment() + "?cols=metrics.loss,params.model");
    Locator count = page.getByTestId("run-count");
    assertThat(count).hasText("9 runs");
    assertThat(page.locator(".vtable-row", new Page.LocatorOptions().setHasText("sweep")))
        .containsText("(3)");
    assertThat(page.locator(".vtable-row", new Page.LocatorOptions().setHasText("trial-0")))
        .containsText("↳");
    Browser.screenshot(page, "runs");

    Locator lossHeader =
        page.locator("[role=columnheader]", new Page.LocatorOptions().setHasText("metrics.loss"));
    lossHeader.click();
    assertThat(lossHeader).containsText("▼"); // a new sort column starts descending
    lossHeader.click();
    assertThat(lossHeader).containsText("▲");
    assertThat(page.locator(".vtable-row").first()).containsText("train-0");
    assertThat(page).hasURL(Pattern.compile("sort=metrics\\.loss%3Aasc|sort=metrics.loss:asc"));

    page.getByLabel("filter runs").fill("params.model = 'tree'");
    page.getByLabel("filter runs").press("Enter");
    assertThat(count).hasText("2 runs");
    assertThat(page.locator(".vtable-row")).hasCount(2);

    page.getByLabel("filter runs").fill("params.model = ");
    page.getByLabel("filter runs").press("Enter");
    assertThat(page.getByRole(AriaRole.ALERT)).containsText("INVALID_PARAMETER_VALUE");
    assertThat(count).not().containsText("loading more");

    page.getByLabel("filter runs").fill("params.mo");
    assertThat(page.locator(".completions li").first()).hasText("params.model");
  }

  @Test
  void twoRunsAreComparedWithTheirDifferencesHighlighted() {
    Page page = open("#/runs?exp=" + experiment());
    page.getByLabel("select train-0").check();
    page.getByLabel("select train-2").check();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare (2)")).click();
    assertThat(page).hasURL(Pattern.compile("#/compare\\?runs="));
    Locator model = page.locator("table.compare tr", new Page.LocatorOptions().setHasText("model"));
    assertThat(model).hasClass(Pattern.compile("diff"));
    Locator epochs =
        page.locator("table.compare tr", new Page.LocatorOptions().setHasText("epochs"));
    assertThat(epochs).not().hasClass(Pattern.compile("diff"));
    assertThat(page.locator("svg.scatter circle")).hasCount(2);
    // by default no axis is a param both runs share (epochs, lr): accuracy against loss
    assertThat(page.getByLabel("scatter x")).hasValue("metrics.accuracy");
    assertThat(page.getByLabel("scatter y")).hasValue("metrics.loss");
    page.getByLabel("scatter x").selectOption("params.epochs");
    page.getByLabel("scatter y").selectOption("metrics.accuracy");
    // x (epochs) is 20 for both runs: one tick; y (accuracy) differs: its min and max
    assertThat(page.locator("svg.scatter text.axis-tick")).hasCount(3);
    assertThat(page.locator("figure.chart[data-metric=loss] canvas")).hasCount(1);
    Browser.screenshot(page, "compare");
    page.getByLabel("only differences").check();
    assertThat(epochs).hasCount(0);
    assertThat(model).hasCount(1);
  }

  @Test
  void chartsOverlayRunsAndGroupThemWithAMeanAndBand() {
    Page page = open("#/runs?exp=" + experiment() + "&tab=charts");
    assertThat(page.locator("figure.chart[data-metric=accuracy] canvas")).hasCount(1);
    assertThat(page.locator("figure.chart[data-metric=accuracy] .legend")).containsText("train-3");
    // hovering reads the values under the cursor into the legend
    page.locator("figure.chart[data-metric=accuracy] .u-over").hover();
    assertThat(page.locator("figure.chart[data-metric=accuracy] .legend")).containsText("step ");
    page.getByLabel("group by").selectOption("params.model");
    assertThat(page.locator("figure.chart[data-metric=accuracy] .legend"))
        .containsText("params.model=tree (2 runs)");
    assertThat(page).hasURL(Pattern.compile("group=params.model"));
    Browser.screenshot(page, "charts-grouped");
  }

  @Test
  void runPageShowsOverviewAndPreviewsArtifacts() throws Exception {
    String id = run("with-artifacts");
    Page page = open("#/experiments/" + experiment() + "/runs/" + id);
    assertThat(page.locator(".markdown h1")).hasText("Baseline");
    assertThat(page.locator(".overview")).containsText("compat/ui/fixture.py");
    page.getByLabel("tag key").fill("reviewed");
    page.getByLabel("tag value").fill("yes");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set tag")).click();
    assertThat(page.locator(".tags")).containsText("reviewed");
    assertThat(api("runs/get?run_id=" + id).path("run").path("data").path("tags").toString())
        .contains("reviewed");
    Browser.screenshot(page, "run");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Artifacts")).click();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("metrics.json")).click();
    assertThat(page.locator("pre.json")).containsText("\"auc\": 0.91");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("predictions.csv")).click();
    assertThat(page.locator("table.csv")).containsText("dog");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("train.log")).click();
    assertThat(page.locator("pre.text")).containsText("epoch 4999 loss");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("sample.png")).click();
    Locator img = page.locator("img.image-preview");
    page.waitForFunction("() => document.querySelector('img.image-preview')?.naturalWidth === 1");
    assertThat(img).isVisible();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("▸ eval/")).click();
    // the folder's own listing, nested under it
    assertThat(page.locator("ul.folder ul.folder")).containsText("metrics.json");
    Browser.screenshot(page, "artifacts");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Overview")).click();
    page.locator("a[href*='/models/m-']").first().click();
    // wait for the navigation: until then the run page's headings are still there
    assertThat(page).hasURL(Pattern.compile("/models/m-[0-9a-f]+$"));
    assertThat(
            page.getByRole(
                AriaRole.HEADING, new Page.GetByRoleOptions().setName("Logged model model")))
        .isVisible();
    assertThat(page.locator(".mlmodel")).containsText("python_function");
    assertThat(page.locator("table.logged-model")).containsText(id);
    Browser.screenshot(page, "logged-model");
  }

  @Test
  void modelsAreListedManagedAndRegisteredFromARun() throws Exception {
    Page page = open("#/models");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("ui-model")).click();
    assertThat(page.locator("table.versions")).containsText("@champion");
    page.getByLabel("stage of version 1").selectOption("Staging");
    assertThat(page.getByLabel("stage of version 1")).hasValue("Staging");
    String name = URLEncoder.encode("ui-model", StandardCharsets.UTF_8);
    assertThat(
            api("model-versions/get?name=" + name + "&version=1")
                .path("model_version")
                .path("current_stage")
                .asText())
        .isEqualTo("Staging");
    // the stage shows as text in the versions table; an alias is set on the version picked
    assertThat(page.locator("table.versions tbody tr").first()).containsText("Staging");
    assertThat(page.locator("table.versions select")).hasCount(0);
    assertThat(page.getByLabel("version", new Page.GetByLabelOptions().setExact(true)))
        .hasValue("1");
    page.getByLabel("alias", new Page.GetByLabelOptions().setExact(true)).fill("candidate");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set alias")).click();
    assertThat(page.locator("table.versions")).containsText("@candidate");
    assertThat(
            api("registered-models/alias?name=" + name + "&alias=candidate")
                .path("model_version")
                .path("version")
                .asText())
        .isEqualTo("1");
    Browser.screenshot(page, "model");

    Page runPage = open("#/experiments/" + experiment() + "/runs/" + run("with-artifacts"));
    runPage.getByLabel("model name").fill("registered-in-browser");
    runPage.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register")).click();
    runPage
        .getByRole(
            AriaRole.LINK, new Page.GetByRoleOptions().setName("registered-in-browser version 1"))
        .click();
    assertThat(runPage).hasURL(Pattern.compile("#/models/registered-in-browser/versions/1$"));
    assertThat(
            runPage.getByRole(
                AriaRole.HEADING,
                new Page.GetByRoleOptions().setName("registered-in-browser version 1")))
        .isVisible();
    assertThat(runPage.locator("table.kv").first()).containsText("with-artifacts");
    Browser.screenshot(runPage, "model-version");
    assertThat(
            api("registered-models/get?name=registered-in-browser")
                .path("registered_model")
                .path("name")
                .asText())
        .isEqualTo("registered-in-browser");
  }

  @Test
  void darkThemeAndErrorsNeverLeaveABlankPage() {
    Page page = open("#/models");
    page.getByLabel("toggle theme").click();
    assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
    Browser.screenshot(page, "models-dark");
    Page missing = open("#/experiments/" + experiment() + "/runs/0123456789abcdef0123456789abcdef");
    assertThat(missing.getByRole(AriaRole.ALERT)).containsText("RESOURCE_DOES_NOT_EXIST");
    Page nowhere = open("#/no/such/page");
    assertThat(nowhere.locator("main")).containsText("No page at");
  }

  @Test
  void aRunningRunRefreshesByItselfInTheTable() throws Exception {
    // Its own experiment: the other tests count the fixture's runs.
    String exp =
        post("experiments/create", "{\"name\":\"ui-live\"}").path("experiment_id").asText();
    String body = "{\"experiment_id\":\"" + exp + "\",\"run_name\":\"live-run\"}";
    String id = post("runs/create", body).path("run").path("info").path("run_id").asText();
    post(
        "runs/log-metric",
        "{\"run_id\":\"" + id + "\",\"key\":\"live\",\"value\":1,\"timestamp\":1,\"step\":0}");
    Page page = open("#/runs?exp=" + exp + "&cols=metrics.live");
    Locator row = page.locator(".vtable-row", new Page.LocatorOptions().setHasText("live-run"));
    assertThat(row).containsText("RUNNING");
    post(
        "runs/log-metric",
        "{\"run_id\":\"" + id + "\",\"key\":\"live\",\"value\":4242.5,\"timestamp\":2,\"step\":1}");
    post("runs/update", "{\"run_id\":\"" + id + "\",\"status\":\"FINISHED\",\"end_time\":3}");
    // The page polls every 5 s; a distinctive value (a short one could match the duration column).
    var within12s =
        new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions()
            .setTimeout(12_000);
    assertThat(row).containsText("4242.5", within12s);
    assertThat(row).containsText("FINISHED", within12s);
  }

  @Test
  void aSharedLinkOpensTheSameViewAndItsCsvHasTheViewsColumns() throws Exception {
    Page page =
        open(
            "#/runs?exp="
                + experiment()
                + "&filter=params.model%20%3D%20%27linear%27&sort=metrics.loss:asc&cols=params.lr,metrics.loss");
    assertThat(page.getByTestId("run-count")).hasText("2 runs");
    assertThat(page.getByLabel("filter runs")).hasValue("params.model = 'linear'");
    assertThat(page.locator(".vtable-row").first()).containsText("train-2");
    com.microsoft.playwright.Download download =
        page.waitForDownload(
            () ->
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Export CSV"))
                    .click());
    String csv = java.nio.file.Files.readString(download.path());
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("run_id,run_name,status,start_time,duration_ms,user,params.lr,metrics.loss");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1)).contains(run("train-2")).contains(",0.1,");
    Page empty =
        open(
            "#/experiments/"
                + api("experiments/get-by-name?experiment_name=ui-other")
                    .path("experiment")
                    .path("experiment_id")
                    .asText());
    assertThat(empty.locator("main")).containsText("No runs in this experiment yet");
    Page mlflowLink =
        open("#/compare-runs?runs=[%22" + run("train-0") + "%22,%22" + run("train-1") + "%22]");
    assertThat(mlflowLink.locator("h1")).hasText("Comparing 2 runs");
  }

  @Test
  void underAStaticPrefixTheWholeUiWorks(@TempDir Path other) throws Exception {
    try (ServerProcess prefixed = ServerProcess.onSqlite(other, "--static-prefix", "/tracking")) {
      Page page = browser.page();
      page.navigate(prefixed.baseUrl() + "/tracking#/");
      assertThat(page).hasURL(Pattern.compile("/tracking/#/$"));
      assertThat(page.locator("table.experiments")).containsText("Default");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Default")).click();
      assertThat(page.locator("main")).containsText("No runs in this experiment yet");
    }
  }
}
