package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.auth.AuthConfig;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.PasswordHashes;
import dev.cairn.core.auth.Permission;
import dev.cairn.server.routing.Route;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.SqlAuthStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The authorization matrix: every route of the table, asked by no user, a wrong password, and users
 * holding each permission level on the experiment and registered model the request names (and an
 * administrator), gets what MLflow's basic-auth rules give: 401 without valid credentials (except
 * the open routes), 403 "Permission denied" below the route's least permission, and past the checks
 * at or above it. The rules are written out in {@code auth/matrix.txt}, independently of the route
 * table; a route without a line there fails, so does a line without a route.
 *
 * <p>Runs in the default mode (READ for users without a grant) and deny-by-default
 * (NO_PERMISSIONS), where a user without a grant may do nothing but what any signed-in user may.
 */
class AuthMatrixIT {
  private static final String ADMIN_PASSWORD = "admin-password-123";
  private static final String USER_PASSWORD = "user-password-1234";

  /** Who asks, weakest first. */
  private enum Caller {
    NOBODY(null),
    WRONG_PASSWORD(null),
    DENIED(Permission.DENY),
    UNGRANTED(null),
    READ(Permission.READ),
    USE(Permission.USE),
    EDIT(Permission.EDIT),
    MANAGE(Permission.MANAGE),
    ADMIN(null);

    final Permission grant;

    Caller(Permission grant) {
      this.grant = grant;
    }

    String username() {
      return this == ADMIN ? "admin" : "u-" + name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private record Case(String route, String least, String method, String target, String body) {}

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger fixtures = new AtomicInteger();

  @ParameterizedTest
  @EnumSource(
      value = Permission.class,
      names = {"READ", "NO_PERMISSIONS"})
  void everyRouteAnswersEachCallerAsMlflowsRulesSay(Permission defaultPermission) throws Exception {
    Path authDb = dir.resolve("basic_auth.db");
    AuthConfig auth =
        new AuthConfig(
            defaultPermission, "sqlite:///" + authDb, "admin", ADMIN_PASSWORD, 1000, 300);
    try (LiveServer server = LiveServer.start(config().withAuth(auth));
        AuthStore store = new SqlAuthStore(Databases.open("sqlite:///" + authDb))) {
      for (Caller c : Caller.values()) {
        if (c != Caller.ADMIN && c != Caller.NOBODY && c != Caller.WRONG_PASSWORD) {
          store.createUser(c.username(), PasswordHashes.hash(USER_PASSWORD), false);
        }
      }
      List<Case> cases = cases();
      assertThat(routesWithoutALine(server, cases))
          .as("routes without a line in matrix.txt")
          .isEmpty();
      assertThat(linesWithoutARoute(server, cases))
          .as("lines of matrix.txt without a route")
          .isEmpty();

      List<String> wrong = new ArrayList<>();
      for (Case c : cases) {
        Map<String, String> fixture = fixture(server, store);
        for (Caller caller : Caller.values()) {
          boolean passes = passes(c.least(), caller, defaultPermission);
          if (passes && writes(c.method())) {
            fixture = fixture(server, store); // a write that passes may delete what the next needs
          }
          Reply reply = send(server, c, fixture, caller);
          String expected = expected(c.least(), caller, passes);
          if (!matches(expected, reply)) {
            wrong.add(
                "%s as %s: expected %s, got %d %s"
                    .formatted(
                        c.route(), caller, expected, reply.status(), abbreviate(reply.body())));
          }
        }
      }
      assertThat(wrong).as("default permission %s", defaultPermission).isEmpty();
    }
  }

  private ServerConfig config() {
    return LiveServer.sqliteProxyingConfig(dir);
  }

  /** Whether the caller gets past the checks of a route needing {@code least}. */
  private static boolean passes(String least, Caller caller, Permission defaultPermission) {
    if (least.equals("PUBLIC")) {
      return true;
    }
    if (caller == Caller.NOBODY || caller == Caller.WRONG_PASSWORD) {
      return false;
    }
    if (caller == Caller.ADMIN || least.equals("ANY")) {
      return true;
    }
    if (least.equals("ADMIN")) {
      return false;
    }
    Permission held = caller.grant == null ? defaultPermission : caller.grant;
    if (held != Permission.DENY && held != Permission.NO_PERMISSIONS) {
      // A grant is never weaker than the default (MLflow's floor).
      held = Permission.strongest(held, defaultPermission);
    }
    return switch (least) {
      case "READ" -> held.canRead();
      case "EDIT" -> held.canUpdate();
      case "MANAGE" -> held.canDelete();
      default -> throw new IllegalArgumentException("unknown level " + least);
    };
  }

  private static String expected(String least, Caller caller, boolean passes) {
    if (passes) {
      return "past the checks";
    }
    return !least.equals("PUBLIC") && (caller == Caller.NOBODY || caller == Caller.WRONG_PASSWORD)
        ? "401"
        : "403";
  }

  private static boolean matches(String expected, Reply reply) {
    return switch (expected) {
      case "401" -> reply.status() == 401 && reply.challenge() != null;
      case "403" -> reply.status() == 403 && reply.body().equals("Permission denied");
      // The handler's own answer: anything but a refusal or a failure (501: a feature the local
      // artifact store lacks, such as multipart uploads).
      default ->
          reply.status() != 401
              && reply.status() != 403
              && (reply.status() < 500 || reply.status() == 501);
    };
  }

  private static boolean writes(String method) {
    return !method.equals("GET");
  }

  /**
   * A fresh experiment with a run, a logged model, an artifact, a registered model with version 1
   * and alias "champion"; each graded caller holds its level on the experiment and the model.
   */
  private Map<String, String> fixture(LiveServer server, AuthStore store) throws Exception {
    int n = fixtures.incrementAndGet();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("EXP_NAME", "exp-" + n);
    f.put("RM", "model-" + n);
    String exp =
        admin(server, "POST", "/api/2.0/mlflow/experiments/create", "{\"name\": \"exp-" + n + "\"}")
            .json("experiment_id");
    f.put("EXP", exp);
    String run =
        admin(server, "POST", "/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + exp + "\"}")
            .node()
            .path("run")
            .path("info")
            .path("run_id")
            .asText();
    f.put("RUN", run);
    String model =
        admin(
                server,
                "POST",
                "/api/2.0/mlflow/logged-models",
                "{\"experiment_id\": \"" + exp + "\", \"name\": \"m\"}")
            .node()
            .path("model")
            .path("info")
            .path("model_id")
            .asText();
    f.put("MODEL", model);
    admin(
        server,
        "PUT",
        "/api/2.0/mlflow-artifacts/artifacts/" + exp + "/" + run + "/artifacts/a.txt",
        "a");
    admin(
        server,
        "POST",
        "/api/2.0/mlflow/registered-models/create",
        "{\"name\": \"model-" + n + "\"}");
    admin(
        server,
        "POST",
        "/api/2.0/mlflow/model-versions/create",
        "{\"name\": \"model-"
            + n
            + "\", \"source\": \"runs:/"
            + run
            + "/model\", \"run_id\": \""
            + run
            + "\"}");
    admin(
        server,
        "POST",
        "/api/2.0/mlflow/registered-models/alias",
        "{\"name\": \"model-" + n + "\", \"alias\": \"champion\", \"version\": \"1\"}");
    String trace = String.format("tr-%032x", n);
    Reply otlp =
        request(
            server,
            "POST",
            "/v1/traces [x-mlflow-experiment-id: " + exp + "]",
            "{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{\"traceId\": \""
                + trace.substring(3)
                + "\", \"spanId\": \"0000000000000001\", \"name\": \"root\","
                + " \"startTimeUnixNano\": \"1000000\", \"endTimeUnixNano\": \"2000000\"}]}]}]}",
            "admin",
            ADMIN_PASSWORD);
    assertThat(otlp.status()).as("OTLP: %s", otlp.body()).isEqualTo(200);
    f.put("TRACE", trace);
    f.put(
        "ASSESSMENT",
        admin(
                server,
                "POST",
                "/api/3.0/mlflow/traces/" + trace + "/assessments",
                "{\"assessment\": {\"assessment_name\": \"a\", \"trace_id\": \""
                    + trace
                    + "\", \"source\": {\"source_type\": \"HUMAN\", \"source_id\": \"u\"},"
                    + " \"feedback\": {\"value\": 1}}}")
            .node()
            .path("assessment")
            .path("assessment_id")
            .asText());
    for (Caller c : Caller.values()) {
      if (c.grant != null) {
        store.createGrant(c.username(), new Grant(Grant.EXPERIMENT, exp, c.grant));
        store.createGrant(c.username(), new Grant(Grant.REGISTERED_MODEL, "model-" + n, c.grant));
      }
    }
    return f;
  }

  private Reply admin(LiveServer server, String method, String path, String body) throws Exception {
    Reply r = request(server, method, path, body, "admin", ADMIN_PASSWORD);
    assertThat(r.status()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
    return r;
  }

  private Reply send(LiveServer server, Case c, Map<String, String> fixture, Caller caller)
      throws Exception {
    String target = fill(c.target(), fixture);
    String body = c.body().equals("-") ? null : fill(c.body(), fixture);
    return switch (caller) {
      case NOBODY -> request(server, c.method(), target, body, null, null);
      case WRONG_PASSWORD ->
          request(server, c.method(), target, body, "u-read", "not-the-password");
      case ADMIN -> request(server, c.method(), target, body, "admin", ADMIN_PASSWORD);
      default -> request(server, c.method(), target, body, caller.username(), USER_PASSWORD);
    };
  }

  private static String fill(String template, Map<String, String> fixture) {
    String out = template;
    for (Map.Entry<String, String> e : fixture.entrySet()) {
      out = out.replace("${" + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  private Reply request(
      LiveServer server, String method, String path, String body, String user, String password)
      throws Exception {
    // A request may name one header: "<path> [<name>: <value>]" (OTLP's experiment header).
    String header = null;
    int bracket = path.indexOf(" [");
    if (bracket > 0) {
      header = path.substring(bracket + 2, path.length() - 1);
      path = path.substring(0, bracket);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (header != null) {
      String[] nameValue = header.split(": ", 2);
      b.header(nameValue[0], nameValue[1]);
    }
    if (user != null) {
      String token = user + ":" + password;
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
    }
    boolean json = body != null && (body.startsWith("{") || body.startsWith("["));
    if (json) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(
        r.statusCode(), r.body(), r.headers().firstValue("WWW-Authenticate").orElse(null));
  }

  private record Reply(int status, String body, String challenge) {
    com.fasterxml.jackson.databind.JsonNode node() throws IOException {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
    }

    String json(String field) throws IOException {
      return node().path(field).asText();
    }
  }

  private static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in = AuthMatrixIT.class.getResourceAsStream("/auth/matrix.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] parts = line.split(" \\| ", 4);
        assertThat(parts).as(line).hasSize(4);
        String route = parts[0].strip();
        out.add(
            new Case(
                route,
                parts[1].strip(),
                route.substring(0, route.indexOf(' ')),
                parts[2].strip(),
                parts[3].strip()));
      }
    }
    return out;
  }

  private static Set<String> routesWithoutALine(LiveServer server, List<Case> cases) {
    Set<String> lines = cases.stream().map(Case::route).collect(Collectors.toSet());
    return server.server().routes().routes().stream()
        .map(Route::name)
        .filter(n -> !lines.contains(n))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> linesWithoutARoute(LiveServer server, List<Case> cases) {
    Set<String> routes =
        server.server().routes().routes().stream().map(Route::name).collect(Collectors.toSet());
    return cases.stream()
        .map(Case::route)
        .filter(n -> !routes.contains(n))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }
}
