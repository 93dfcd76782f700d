package dev.cairn.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI of a server running MLflow's basic-auth app ({@code --app-name basic-auth}), signed in
 * through the browser's HTTP Basic prompt: a READ user sees the experiments without the actions
 * they may not take, an administrator manages users and grants on the Admin page, and a grant made
 * there shows in the grantee's pages. Screenshots go to {@code
 * cli/target/ui-screenshots/auth-*.png}.
 */
class AuthUiBrowserIT {
  static final String ADMIN = "admin";
  static final String ADMIN_PASSWORD = "admin-password-ui-1";
  static final String READER = "reader";
  static final String READER_PASSWORD = "reader-password-1";
  static final String MODEL = "auth-model";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  static ServerProcess server;
  static Browser browser;
  static String experiment;
  static String run;

  @BeforeAll
  static void start() throws Exception {
    Path ini = dir.resolve("basic_auth.ini");
    Files.writeString(
        ini,
        String.join(
            "\n",
            "[mlflow]",
            "default_permission = READ",
            "database_uri = sqlite:///" + dir.resolve("basic_auth.db"),
            "admin_username = " + ADMIN,
            "admin_password = " + ADMIN_PASSWORD,
            ""));
    server =
        ServerProcess.start(
            dir,
            Map.of("MLFLOW_AUTH_CONFIG_PATH", ini.toString()),
            "--backend-store-uri",
            "sqlite:///" + dir.resolve("mlflow.db"),
            "--artifacts-destination",
            dir.resolve("mlartifacts").toString(),
            "--app-name",
            "basic-auth");
    asAdmin(
        "POST",
        "2.0/mlflow/users/create",
        "{\"username\":\"" + READER + "\",\"password\":\"" + READER_PASSWORD + "\"}");
    experiment =
        asAdmin("POST", "2.0/mlflow/experiments/create", "{\"name\":\"auth-demo\"}")
            .path("experiment_id")
            .asText();
    run =
        asAdmin(
                "POST",
                "2.0/mlflow/runs/create",
                "{\"experiment_id\":\"" + experiment + "\",\"run_name\":\"guarded-run\"}")
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    asAdmin(
        "POST",
        "2.0/mlflow/runs/set-tag",
        "{\"run_id\":\"" + run + "\",\"key\":\"team\",\"value\":\"vision\"}");
    asAdmin("POST", "2.0/mlflow/registered-models/create", "{\"name\":\"" + MODEL + "\"}");
    asAdmin(
        "POST",
        "2.0/mlflow/model-versions/create",
        "{\"name\":\""
            + MODEL
            + "\",\"source\":\"runs:/"
            + run
            + "/model\",\"run_id\":\""
            + run
            + "\"}");
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

  private static Page open(String username, String password, String hash) {
    Page page = browser.page(username, password);
    page.navigate(server.baseUrl() + "/" + hash);
    return page;
  }

  private static Locator button(Page page, String name) {
    return page.getByRole(
        AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  @Test
  void aReadUserSeesExperimentsRunsAndModelsWithoutTheActionsTheyMayNotTake() {
    Page page = open(READER, READER_PASSWORD, "#/");
    assertThat(page.getByTestId("signed-in-user")).hasText(READER);
    assertThat(page.locator("header nav")).not().containsText("Admin");
    Locator row =
        page.locator("table.experiments tr", new Page.LocatorOptions().setHasText("auth-demo"));
    assertThat(row).isVisible();
    assertThat(row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("rename")))
        .hasCount(0);
    assertThat(row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("delete")))
        .hasCount(0);
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("tags")).click();
    assertThat(page.locator(".tags")).isVisible();
    assertThat(button(page, "Set tag")).hasCount(0);
    Browser.screenshot(page, "auth-reader-experiments");

    Page runs = open(READER, READER_PASSWORD, "#/experiments/" + experiment);
    assertThat(runs.getByTestId("run-count")).hasText("1 runs");
    assertThat(button(runs, "Delete")).hasCount(0);
    assertThat(button(runs, "Export CSV")).isVisible();

    Page runPage = open(READER, READER_PASSWORD, "#/experiments/" + experiment + "/runs/" + run);
    assertThat(runPage.locator(".tags")).containsText("vision");
    assertThat(button(runPage, "Set tag")).hasCount(0);
    assertThat(button(runPage, "Edit description")).hasCount(0);
    Browser.screenshot(runPage, "auth-reader-run");

    Page model = open(READER, READER_PASSWORD, "#/models/" + MODEL);
    assertThat(model.getByLabel("stage of version 1")).isDisabled();
    assertThat(button(model, "Set alias")).hasCount(0);
    assertThat(button(model, "Edit description")).hasCount(0);

    Page admin = open(READER, READER_PASSWORD, "#/admin");
    assertThat(admin.locator("main")).containsText("Only administrators");
  }

  @Test
  void theUiPageItselfAsksForCredentialsAsMlflowsDoes() {
    // Only the bundles are public: the browser's prompt comes with the page, before any script.
    Page page = browser.page(READER, "not-the-password");
    assertThat(page.navigate(server.baseUrl() + "/#/").status()).isEqualTo(401);
    assertThat(page.locator("table.experiments")).hasCount(0);
  }

  @Test
  void aReadUserWhoCreatesAnExperimentManagesIt() {
    Page page = open(READER, READER_PASSWORD, "#/");
    page.getByLabel("new experiment name").fill("readers-own");
    button(page, "Create").click();
    Locator own =
        page.locator("table.experiments tr", new Page.LocatorOptions().setHasText("readers-own"));
    assertThat(own.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("rename")))
        .isVisible();
    Locator demo =
        page.locator("table.experiments tr", new Page.LocatorOptions().setHasText("auth-demo"));
    assertThat(demo.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("rename")))
        .hasCount(0);
  }

  @Test
  void anAdministratorCreatesAUserAndGrantsThemAnExperiment() throws Exception {
    Page page = open(ADMIN, ADMIN_PASSWORD, "#/");
    assertThat(page.getByTestId("signed-in-user")).containsText(ADMIN);
    assertThat(page.locator("[data-testid=signed-in-user] .badge")).hasText("admin");
    Locator demo =
        page.locator("table.experiments tr", new Page.LocatorOptions().setHasText("auth-demo"));
    assertThat(demo.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("delete")))
        .isVisible();
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Admin")).click();
    assertThat(page).hasURL(Pattern.compile("#/admin$"));
    Locator users = page.locator("table.users");
    assertThat(users).containsText(READER);

    page.getByLabel("new username").fill("newcomer");
    page.getByLabel("new user password").fill("newcomer-password-1");
    button(page, "Create user").click();
    Locator newcomer = users.locator("tr", new Locator.LocatorOptions().setHasText("newcomer"));
    assertThat(newcomer).isVisible();

    newcomer
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("permissions"))
        .click();
    assertThat(page).hasURL(Pattern.compile("user=newcomer"));
    assertThat(page.locator("section.permissions")).containsText("No grants");
    page.getByLabel("resource type").selectOption("experiment");
    page.getByLabel("resource", new Page.GetByLabelOptions().setExact(true)).fill(experiment);
    page.getByLabel("permission", new Page.GetByLabelOptions().setExact(true)).selectOption("EDIT");
    button(page, "Grant").click();
    Locator grants = page.locator("table.permissions");
    assertThat(grants).containsText("EDIT");
    button(page, "Check").click();
    assertThat(page.getByTestId("effective-permission")).hasText("effective: EDIT");
    Browser.screenshot(page, "auth-admin");
    assertThat(
            asAdmin(
                    "GET",
                    "3.0/mlflow/users/permissions/get?username=newcomer&resource_type=experiment"
                        + "&resource_id="
                        + experiment,
                    null)
                .path("permission")
                .asText())
        .isEqualTo("EDIT");

    newcomer
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("reset password"))
        .click();
    page.getByLabel("new password for newcomer").fill("newcomer-password-2");
    button(page, "Set password").click();
    assertThat(page.getByLabel("new password for newcomer")).hasCount(0);

    // The grantee, signed in with the new password: may rename the experiment, not delete it.
    Page theirs = open("newcomer", "newcomer-password-2", "#/");
    assertThat(theirs.getByTestId("signed-in-user")).hasText("newcomer");
    Locator row =
        theirs.locator("table.experiments tr", new Page.LocatorOptions().setHasText("auth-demo"));
    assertThat(row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("rename")))
        .isVisible();
    assertThat(row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("delete")))
        .hasCount(0);

    page.getByLabel("revoke experiment " + experiment).click();
    assertThat(page.locator("section.permissions")).containsText("No grants");
  }

  @Test
  void anAdministratorPromotesAndDeletesAUser() throws Exception {
    asAdmin(
        "POST",
        "2.0/mlflow/users/create",
        "{\"username\":\"temp-user\",\"password\":\"temp-password-12\"}");
    Page page = open(ADMIN, ADMIN_PASSWORD, "#/admin");
    // The box follows the server: it turns once users/update-admin answered and the list reloaded.
    page.getByLabel("admin temp-user").click();
    assertThat(page.getByLabel("admin temp-user")).isChecked();
    assertThat(user("temp-user").path("is_admin").asBoolean()).isTrue();
    page.onDialog(d -> d.accept());
    page.locator("table.users tr", new Page.LocatorOptions().setHasText("temp-user"))
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("delete"))
        .click();
    assertThat(page.locator("table.users")).not().containsText("temp-user");
    assertThat(user("temp-user").isMissingNode()).isTrue();
  }

  @Test
  void withoutAuthenticationNoUserIsShownAndEveryActionIsOffered(@TempDir Path other)
      throws Exception {
    try (ServerProcess open = ServerProcess.onSqlite(other)) {
      Page page = browser.page();
      page.navigate(open.baseUrl() + "/#/");
      Locator row =
          page.locator("table.experiments tr", new Page.LocatorOptions().setHasText("Default"));
      assertThat(row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("rename")))
          .isVisible();
      assertThat(page.getByTestId("signed-in-user")).hasCount(0);
      assertThat(page.locator("header nav")).not().containsText("Admin");
      page.navigate(open.baseUrl() + "/#/admin");
      assertThat(page.locator("main")).containsText("without authentication");
    }
  }

  /** The user of that name in users/list, or a missing node. */
  private static JsonNode user(String username) throws Exception {
    for (JsonNode u : asAdmin("GET", "2.0/mlflow/users/list", null).path("users")) {
      if (u.path("username").asText().equals(username)) {
        return u;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** A call to /api/{path} signed in as the administrator; fails unless it answers 200. */
  private static JsonNode asAdmin(String method, String path, String body)
      throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder()
            .encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/" + path))
            .header("Authorization", "Basic " + basic);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError(
          method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
