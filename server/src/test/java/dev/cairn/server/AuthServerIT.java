package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.auth.AuthConfig;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.Credentials;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.PasswordHashes;
import dev.cairn.core.auth.Permission;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.SqlAuthStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with MLflow's basic-auth app on, deny-by-default: what each user may see and change
 * beyond a single request's check (searches, ownership, grants following renames and deletes), and
 * the settings it refuses to start with.
 */
class AuthServerIT {
  private static final String ADMIN_PASSWORD = "admin-password-123";
  private static final String PASSWORD = "user-password-1234";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private LiveServer server;
  private AuthStore store;

  @BeforeEach
  void start() {
    server = LiveServer.start(config().withAuth(auth(Permission.NO_PERMISSIONS, ADMIN_PASSWORD)));
    store = new SqlAuthStore(Databases.open("sqlite:///" + dir.resolve("basic_auth.db")));
    for (String user : List.of("alice", "bob")) {
      store.createUser(user, PasswordHashes.hash(PASSWORD), false);
    }
  }

  @AfterEach
  void stop() {
    store.close();
    server.close();
  }

  @Test
  void theCreatorOfAnExperimentManagesItAndOthersCannotSeeIt() throws Exception {
    String id =
        call("alice", "POST", "/experiments/create", "{\"name\": \"mine\"}")
            .path("experiment_id")
            .asText();

    assertThat(store.findGrant("alice", Grant.EXPERIMENT, id).permission())
        .isEqualTo(Permission.MANAGE);
    assertThat(status("bob", "GET", "/experiments/get?experiment_id=" + id, null)).isEqualTo(403);
    assertThat(
            status("alice", "POST", "/experiments/delete", "{\"experiment_id\": \"" + id + "\"}"))
        .isEqualTo(200);
  }

  @Test
  void experimentSearchPagesHoldOnlyReadableExperimentsAndStayFull() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(
          call("admin", "POST", "/experiments/create", "{\"name\": \"e" + i + "\"}")
              .path("experiment_id")
              .asText());
    }
    Set<String> readable = new LinkedHashSet<>();
    for (int i : new int[] {1, 4, 5, 9, 11}) {
      store.createGrant("bob", new Grant(Grant.EXPERIMENT, ids.get(i), Permission.READ));
      readable.add(ids.get(i));
    }

    List<List<String>> pages = new ArrayList<>();
    String token = null;
    do {
      String body =
          "{\"max_results\": 2"
              + (token == null ? "" : ", \"page_token\": \"" + token + "\"")
              + "}";
      JsonNode page = call("bob", "POST", "/experiments/search", body);
      List<String> got = new ArrayList<>();
      page.path("experiments").forEach(e -> got.add(e.path("experiment_id").asText()));
      pages.add(got);
      token = page.path("next_page_token").asText(null);
    } while (token != null && pages.size() < 10);

    assertThat(pages.stream().flatMap(List::stream).toList())
        .containsExactlyInAnyOrderElementsOf(readable);
    assertThat(pages.get(0)).hasSize(2);
    assertThat(pages.get(1)).hasSize(2);
    assertThat(pages.stream().flatMap(List::stream).distinct().count()).isEqualTo(readable.size());
  }

  @Test
  void runSearchNamesOnlyReadableExperiments() throws Exception {
    String open = experimentWithRun("admin", "open");
    String closed = experimentWithRun("admin", "closed");
    store.createGrant("bob", new Grant(Grant.EXPERIMENT, open, Permission.READ));

    JsonNode runs =
        call(
            "bob",
            "POST",
            "/runs/search",
            "{\"experiment_ids\": [\"" + open + "\", \"" + closed + "\"]}");
    assertThat(runs.path("runs")).hasSize(1);
    assertThat(runs.path("runs").get(0).path("info").path("experiment_id").asText())
        .isEqualTo(open);
    assertThat(
            call("bob", "POST", "/runs/search", "{\"experiment_ids\": [\"" + closed + "\"]}")
                .path("runs"))
        .isEmpty();
  }

  @Test
  void registeredModelSearchesAndGrantsFollowRenamesAndDeletes() throws Exception {
    call("alice", "POST", "/registered-models/create", "{\"name\": \"alpha\"}");
    call("admin", "POST", "/registered-models/create", "{\"name\": \"beta\"}");

    assertThat(names(call("alice", "GET", "/registered-models/search?max_results=1", null)))
        .containsExactly("alpha");
    assertThat(names(call("bob", "GET", "/registered-models/search", null))).isEmpty();

    call(
        "alice",
        "POST",
        "/registered-models/rename",
        "{\"name\": \"alpha\", \"new_name\": \"gamma\"}");
    assertThat(store.findGrant("alice", Grant.REGISTERED_MODEL, "gamma").permission())
        .isEqualTo(Permission.MANAGE);
    assertThat(store.findGrant("alice", Grant.REGISTERED_MODEL, "alpha")).isNull();

    call("alice", "DELETE", "/registered-models/delete", "{\"name\": \"gamma\"}");
    assertThat(store.findGrant("alice", Grant.REGISTERED_MODEL, "gamma")).isNull();
    call("admin", "POST", "/registered-models/create", "{\"name\": \"gamma\"}");
    assertThat(status("alice", "GET", "/registered-models/get?name=gamma", null)).isEqualTo(403);
  }

  @Test
  void aPromptIsJudgedByItsPromptGrant() throws Exception {
    call(
        "admin",
        "POST",
        "/registered-models/create",
        "{\"name\": \"p\", \"tags\": [{\"key\": \"mlflow.prompt.is_prompt\", \"value\": \"true\"}]}");
    store.createGrant("bob", new Grant(Grant.REGISTERED_MODEL, "p", Permission.READ));
    assertThat(status("bob", "GET", "/registered-models/get?name=p", null)).isEqualTo(403);
    store.createGrant("bob", new Grant("prompt", "p", Permission.READ));
    assertThat(status("bob", "GET", "/registered-models/get?name=p", null)).isEqualTo(200);
  }

  @Test
  void aRunTierDenyIsNotRescuedByTheExperiment() throws Exception {
    String exp = experimentWithRun("admin", "tiers");
    store.createGrant("bob", new Grant(Grant.EXPERIMENT, exp, Permission.MANAGE));
    String run =
        call("admin", "POST", "/runs/search", "{\"experiment_ids\": [\"" + exp + "\"]}")
            .path("runs")
            .get(0)
            .path("info")
            .path("run_id")
            .asText();
    assertThat(status("bob", "GET", "/runs/get?run_id=" + run, null)).isEqualTo(200);

    store.createGrant("bob", new Grant("run", "*", Permission.DENY));
    assertThat(status("bob", "GET", "/runs/get?run_id=" + run, null)).isEqualTo(403);
    assertThat(
            call("bob", "POST", "/runs/search", "{\"experiment_ids\": [\"" + exp + "\"]}")
                .path("runs"))
        .isEmpty();
  }

  @Test
  void anArtifactPathIsJudgedAsTheArtifactRoutesDecodeIt() throws Exception {
    String exp = experimentWithRun("alice", "files");
    String files = "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/run/artifacts/";
    assertThat(sendRaw("alice", "PUT", files + "dir%20with%20space/r%C3%A9sum%C3%A9.txt", "a"))
        .isEqualTo(200);
    assertThat(sendRaw("bob", "PUT", files + "dir%20with%20space/other.txt", "b")).isEqualTo(403);
    // An encoded way out of the artifact root is refused (the HTTP layer refuses the ambiguous
    // encoding; the checks would refuse what it let through) and nothing is written.
    assertThat(sendRaw("alice", "PUT", files + "%252e%252e/%252e%252e/escape.txt", "c"))
        .isEqualTo(400);
    try (var walk = java.nio.file.Files.walk(dir)) {
      assertThat(walk.filter(p -> p.endsWith("escape.txt"))).isEmpty();
    }
    // A path naming another experiment by an encoded first digit is judged by that experiment.
    String other = experimentWithRun("admin", "other");
    String encoded = "%3" + other.charAt(0) + other.substring(1);
    assertThat(
            sendRaw(
                "alice",
                "PUT",
                "/api/2.0/mlflow-artifacts/artifacts/" + encoded + "/run/artifacts/x.txt",
                "d"))
        .isEqualTo(403);
    assertThat(
            sendRaw(
                "admin",
                "PUT",
                "/api/2.0/mlflow-artifacts/artifacts/" + encoded + "/run/artifacts/x.txt",
                "d"))
        .isEqualTo(200);
  }

  @Test
  void aRunThatDoesNotExistIsRefusedNotReportedMissing() throws Exception {
    assertThat(status("bob", "GET", "/runs/get?run_id=0123456789abcdef0123456789abcdef", null))
        .isEqualTo(403);
    assertThat(status("admin", "GET", "/runs/get?run_id=0123456789abcdef0123456789abcdef", null))
        .isEqualTo(404);
  }

  @Test
  void aPreflightNeedsNoCredentialsButTheRequestAfterItDoes() throws Exception {
    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + LiveServer.API + "/runs/get"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    HttpResponse<String> unsigned =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + LiveServer.API + "/no/such/route"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.statusCode()).isEqualTo(401);
  }

  @Test
  void anAdminMayNotSignInWithTheOldDefaultPassword() throws Exception {
    store.createUser("old-admin", PasswordHashes.hash(Credentials.LEGACY_DEFAULT_PASSWORD), true);
    assertThat(
            status(
                "old-admin",
                Credentials.LEGACY_DEFAULT_PASSWORD,
                "GET",
                "/experiments/search",
                null))
        .isEqualTo(401);
  }

  @Test
  void theAccessLogNamesTheSignedInUserAndNeverThePassword() throws Exception {
    ch.qos.logback.classic.Logger access =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.cairn.access");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    access.addAppender(lines);
    ch.qos.logback.classic.Level before = access.getLevel();
    access.setLevel(ch.qos.logback.classic.Level.INFO);
    try {
      status("bob", "GET", "/experiments/search", null);
      status("bob", "wrong-password-1", "GET", "/experiments/search", null);
    } finally {
      access.detachAppender(lines);
      access.setLevel(before);
    }
    List<String> logged =
        lines.list.stream()
            .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
            .toList();
    assertThat(logged)
        .anySatisfy(l -> assertThat(l).startsWith("127.0.0.1 bob \"GET").contains("\" 200 "))
        .anySatisfy(l -> assertThat(l).startsWith("127.0.0.1 - \"GET").contains("\" 401 "))
        .noneSatisfy(l -> assertThat(l).contains(PASSWORD));
  }

  @Test
  void withTheCacheOnChangesThroughTheServerCountAtOnceAndOthersWithinTheWindow() throws Exception {
    Path other = java.nio.file.Files.createDirectories(dir.resolve("cached"));
    String authDb = "sqlite:///" + other.resolve("basic_auth.db");
    AuthConfig cached =
        new AuthConfig(Permission.NO_PERMISSIONS, authDb, "admin", ADMIN_PASSWORD, 100, 3);
    LiveServer main = server;
    try (LiveServer s = LiveServer.start(LiveServer.sqliteProxyingConfig(other).withAuth(cached));
        AuthStore direct = new SqlAuthStore(Databases.open(authDb))) {
      server = s;
      direct.createUser("carol", PasswordHashes.hash(PASSWORD), false);
      String exp =
          call("admin", "POST", "/experiments/create", "{\"name\": \"c\"}")
              .path("experiment_id")
              .asText();
      String get = "/experiments/get?experiment_id=" + exp;
      assertThat(status("carol", "GET", get, null)).isEqualTo(403);
      // A grant through the server counts at once, though carol's grants were remembered.
      String grant =
          "{\"username\": \"carol\", \"resource_type\": \"experiment\", \"resource_id\": \""
              + exp
              + "\", \"permission\": \"READ\"}";
      assertThat(sendRaw("admin", "POST", "/api/3.0/mlflow/users/permissions/grant", grant))
          .isEqualTo(200);
      assertThat(status("carol", "GET", get, null)).isEqualTo(200);
      // A change made elsewhere (SQL, another server) counts once the window has passed.
      direct.deleteGrant("carol", Grant.EXPERIMENT, exp);
      assertThat(status("carol", "GET", get, null)).isEqualTo(200);
      Thread.sleep(3_200);
      assertThat(status("carol", "GET", get, null)).isEqualTo(403);
    } finally {
      server = main;
    }
  }

  @Test
  void anEmptyUserStoreWithoutAnAdminPasswordStopsTheServer() {
    Path other = dir.resolve("other");
    ServerConfig config =
        config()
            .withAuth(
                new AuthConfig(
                    Permission.READ, "sqlite:///" + other.resolve("a.db"), "admin", null, 10, 0));
    other.toFile().mkdirs();
    assertThatThrownBy(() -> CairnServer.start(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MLFLOW_AUTH_ADMIN_PASSWORD");
    ServerConfig shortPassword =
        config()
            .withAuth(
                new AuthConfig(
                    Permission.READ,
                    "sqlite:///" + other.resolve("b.db"),
                    "admin",
                    "short",
                    10,
                    0));
    assertThatThrownBy(() -> CairnServer.start(shortPassword))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 12 characters");
  }

  private String experimentWithRun(String user, String name) throws Exception {
    String id =
        call(user, "POST", "/experiments/create", "{\"name\": \"" + name + "\"}")
            .path("experiment_id")
            .asText();
    call(user, "POST", "/runs/create", "{\"experiment_id\": \"" + id + "\"}");
    return id;
  }

  private static List<String> names(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("registered_models").forEach(m -> out.add(m.path("name").asText()));
    return out;
  }

  private ServerConfig config() {
    return LiveServer.sqliteProxyingConfig(dir);
  }

  private AuthConfig auth(Permission defaultPermission, String adminPassword) {
    return new AuthConfig(
        defaultPermission,
        "sqlite:///" + dir.resolve("basic_auth.db"),
        "admin",
        adminPassword,
        100,
        0);
  }

  private JsonNode call(String user, String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(user, password(user), method, path, body);
    assertThat(r.statusCode()).as("%s %s as %s: %s", method, path, user, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private int status(String user, String method, String path, String body) throws Exception {
    return send(user, password(user), method, path, body).statusCode();
  }

  private int status(String user, String password, String method, String path, String body)
      throws Exception {
    return send(user, password, method, path, body).statusCode();
  }

  private int sendRaw(String user, String method, String path, String body) throws Exception {
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + password(user)).getBytes(StandardCharsets.UTF_8));
    return http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Basic " + token)
                .header("Content-Type", body.startsWith("{") ? "application/json" : "text/plain")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private static String password(String user) {
    return user.equals("admin") ? ADMIN_PASSWORD : PASSWORD;
  }

  private HttpResponse<String> send(
      String user, String password, String method, String path, String body) throws Exception {
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + LiveServer.API + path))
            .header("Authorization", "Basic " + token);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
