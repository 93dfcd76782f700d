package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.auth.AuthConfig;
import dev.cairn.core.auth.Permission;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow's auth API over HTTP with Basic credentials, on a deny-by-default server: users, per-user
 * grants, roles and workspace administrators, with MLflow's answers, and Cairn's audit log.
 */
class AuthApiIT {
  private static final String ADMIN_PASSWORD = "admin-password-123";
  private static final String USERS = "/api/2.0/mlflow/users";
  private static final String V3 = "/api/3.0/mlflow";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, String> passwords = new HashMap<>(Map.of("admin", ADMIN_PASSWORD));
  private LiveServer server;

  @BeforeEach
  void start() {
    AuthConfig auth =
        new AuthConfig(
            Permission.NO_PERMISSIONS,
            "sqlite:///" + dir.resolve("basic_auth.db"),
            "admin",
            ADMIN_PASSWORD,
            100,
            300);
    server = LiveServer.start(config().withAuth(auth));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anAdministratorCreatesAUserWhoSeesOnlyThemself() throws Exception {
    JsonNode created = createUser("alice");
    createUser("bob");

    assertThat(created.path("user").path("username").asText()).isEqualTo("alice");
    assertThat(created.path("user").path("is_admin").asBoolean()).isFalse();
    assertThat(created.path("user").has("password_hash")).isFalse();
    JsonNode current = ok("alice", "GET", USERS + "/current", null);
    assertThat(current.path("is_basic_auth").asBoolean()).isTrue();
    assertThat(current.path("user")).isEqualTo(created.path("user"));
    assertThat(ok("alice", "GET", USERS + "/get?username=alice", null).path("user"))
        .isEqualTo(created.path("user"));
    assertForbidden(send("alice", "GET", USERS + "/get?username=bob", null));
    assertForbidden(send("alice", "POST", USERS + "/create", user("carol")));
  }

  @Test
  void createUserAnswersMlflowsRefusals() throws Exception {
    createUser("alice");

    assertError(
        send("admin", "POST", USERS + "/create", "{\"username\": \"x\", \"password\": \"short\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        send("admin", "POST", USERS + "/create", user("alice")), 400, "RESOURCE_ALREADY_EXISTS");
    assertError(send("admin", "POST", USERS + "/create", "null"), 400, "INVALID_PARAMETER_VALUE");
    HttpResponse<String> form =
        send(
            "admin",
            "POST",
            USERS + "/create",
            "username=x&password=y",
            "application/x-www-form-urlencoded");
    assertThat(form.statusCode()).isEqualTo(400);
    assertThat(form.body()).isEqualTo("Invalid content type. Must be application/json");
  }

  @Test
  void changingOnesOwnPasswordNeedsTheCurrentOneAndTakesEffectAtOnce() throws Exception {
    createUser("alice");
    String old = passwords.get("alice");

    assertError(
        send(
            "alice",
            "PATCH",
            USERS + "/update-password",
            "{\"username\": \"alice\", \"password\": \"new-password-1234\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    ok(
        "alice",
        "PATCH",
        USERS + "/update-password",
        "{\"username\": \"alice\", \"password\": \"new-password-1234\", \"current_password\": \""
            + old
            + "\"}");

    assertThat(send("alice", old, "GET", USERS + "/current", null, null).statusCode())
        .isEqualTo(401);
    passwords.put("alice", "new-password-1234");
    ok("alice", "GET", USERS + "/current", null);
    // an administrator sets another user's password without the current one
    ok(
        "admin",
        "PATCH",
        USERS + "/update-password",
        "{\"username\": \"alice\", \"password\": \"third-password-123\"}");
    assertThat(send("alice", "GET", USERS + "/current", null).statusCode()).isEqualTo(401);
  }

  @Test
  void onlyAdministratorsPromoteAndDeleteUsersAndNotThemselves() throws Exception {
    createUser("alice");
    createUser("bob");

    assertForbidden(
        send(
            "alice",
            "PATCH",
            USERS + "/update-admin",
            "{\"username\": \"alice\", \"is_admin\": true}"));
    ok("admin", "PATCH", USERS + "/update-admin", "{\"username\": \"alice\", \"is_admin\": true}");
    assertThat(ok("alice", "GET", V3 + "/roles/list", null).path("roles").isArray()).isTrue();

    assertError(
        send("admin", "DELETE", USERS + "/delete", "{\"username\": \"admin\"}"),
        400,
        "BAD_REQUEST");
    ok("alice", "DELETE", USERS + "/delete", "{\"username\": \"bob\"}");
    assertThat(send("bob", "GET", USERS + "/current", null).statusCode()).isEqualTo(401);
    assertError(
        send("admin", "GET", USERS + "/get?username=bob", null), 404, "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void theManagerOfAnExperimentGrantsAndRevokesPermissionsOnIt() throws Exception {
    createUser("alice");
    createUser("bob");
    String exp =
        ok("alice", "POST", "/api/2.0/mlflow/experiments/create", "{\"name\": \"mine\"}")
            .path("experiment_id")
            .asText();
    String grant =
        "{\"username\": \"bob\", \"resource_type\": \"experiment\", \"resource_id\": \""
            + exp
            + "\"";

    assertForbidden(
        send(
            "bob",
            "POST",
            V3 + "/users/permissions/grant",
            grant + ", \"permission\": \"MANAGE\"}"));
    ok("alice", "POST", V3 + "/users/permissions/grant", grant + ", \"permission\": \"READ\"}");

    ok("bob", "GET", "/api/2.0/mlflow/experiments/get?experiment_id=" + exp, null);
    JsonNode check =
        ok(
            "bob",
            "GET",
            V3 + "/users/permissions/get?username=bob&resource_type=experiment&resource_id=" + exp,
            null);
    assertThat(check).isEqualTo(JSON.readTree("{\"allowed\": false, \"permission\": \"READ\"}"));
    JsonNode own = ok("bob", "GET", V3 + "/users/current/permissions", null);
    assertThat(own.path("permissions").get(0).path("resource_id").isMissingNode()).isTrue();
    assertThat(own.path("permissions").get(0).path("resource_pattern").asText()).isEqualTo(exp);
    assertThat(own.path("permissions").get(0).path("role_name").asText()).startsWith("__user_");

    ok("alice", "POST", V3 + "/users/permissions/revoke", grant + "}");
    assertForbidden(
        send("bob", "GET", "/api/2.0/mlflow/experiments/get?experiment_id=" + exp, null));
    assertError(
        send("alice", "POST", V3 + "/users/permissions/revoke", grant + "}"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(
        send(
            "admin",
            "POST",
            V3 + "/users/permissions/grant",
            "{\"username\": \"bob\", \"resource_type\": \"workspace\", \"resource_id\": \"*\", \"permission\": \"USE\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void aRoleGivesItsGrantsToTheUsersItIsAssignedTo() throws Exception {
    createUser("bob");
    String exp =
        ok("admin", "POST", "/api/2.0/mlflow/experiments/create", "{\"name\": \"shared\"}")
            .path("experiment_id")
            .asText();
    assertForbidden(
        send("bob", "GET", "/api/2.0/mlflow/experiments/get?experiment_id=" + exp, null));

    JsonNode role =
        ok(
                "admin",
                "POST",
                V3 + "/roles/create",
                "{\"workspace\": \"default\", \"name\": \"viewers\", \"description\": \"read all\"}")
            .path("role");
    long roleId = role.path("id").asLong();
    assertThat(role)
        .isEqualTo(
            JSON.readTree(
                "{\"description\": \"read all\", \"id\": "
                    + roleId
                    + ", \"name\": \"viewers\", \"permissions\": [], \"workspace\": \"default\"}"));
    JsonNode added =
        ok(
                "admin",
                "POST",
                V3 + "/roles/permissions/add",
                "{\"role_id\": "
                    + roleId
                    + ", \"resource_type\": \"experiment\", \"resource_pattern\": \"*\", \"permission\": \"READ\"}")
            .path("role_permission");
    assertThat(added.path("role_id").asLong()).isEqualTo(roleId);
    JsonNode assignment =
        ok(
                "admin",
                "POST",
                V3 + "/roles/assign",
                "{\"username\": \"bob\", \"role_id\": " + roleId + "}")
            .path("assignment");

    ok("bob", "GET", "/api/2.0/mlflow/experiments/get?experiment_id=" + exp, null);
    assertThat(
            ok("bob", "GET", V3 + "/users/roles/list?username=bob", null)
                .path("roles")
                .get(0)
                .path("name")
                .asText())
        .isEqualTo("viewers");
    assertThat(
            ok("admin", "GET", V3 + "/roles/users/list?role_id=" + roleId, null)
                .path("assignments")
                .get(0))
        .isEqualTo(assignment);
    assertThat(
            ok("bob", "GET", V3 + "/roles/get?role_id=" + roleId, null)
                .path("role")
                .path("permissions")
                .get(0))
        .isEqualTo(added);
    assertForbidden(
        send(
            "bob",
            "POST",
            V3 + "/roles/create",
            "{\"workspace\": \"default\", \"name\": \"mine\"}"));

    ok(
        "admin",
        "DELETE",
        V3 + "/roles/unassign",
        "{\"username\": \"bob\", \"role_id\": " + roleId + "}");
    assertForbidden(
        send("bob", "GET", "/api/2.0/mlflow/experiments/get?experiment_id=" + exp, null));
    ok("admin", "DELETE", V3 + "/roles/delete", "{\"role_id\": " + roleId + "}");
    assertError(
        send("admin", "GET", V3 + "/roles/get?role_id=" + roleId, null),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(
        send(
            "admin",
            "POST",
            V3 + "/roles/create",
            "{\"workspace\": \"default\", \"name\": \"__user_1__\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void aWorkspaceAdministratorManagesUsersAndRolesOfTheirWorkspaceOnly() throws Exception {
    createUser("carol");
    long admins =
        ok(
                "admin",
                "POST",
                V3 + "/roles/create",
                "{\"workspace\": \"default\", \"name\": \"admins\"}")
            .path("role")
            .path("id")
            .asLong();
    ok(
        "admin",
        "POST",
        V3 + "/roles/permissions/add",
        "{\"role_id\": "
            + admins
            + ", \"resource_type\": \"workspace\", \"resource_pattern\": \"*\", \"permission\": \"MANAGE\"}");
    ok(
        "admin",
        "POST",
        V3 + "/roles/assign",
        "{\"username\": \"carol\", \"role_id\": " + admins + "}");

    passwords.put("dave", "dave-password-123");
    ok("carol", "POST", USERS + "/create", user("dave"));
    ok(
        "carol",
        "POST",
        V3 + "/roles/create",
        "{\"workspace\": \"default\", \"name\": \"editors\"}");
    assertForbidden(
        send(
            "carol",
            "POST",
            V3 + "/roles/create",
            "{\"workspace\": \"ws2\", \"name\": \"editors\"}"));
    assertForbidden(send("carol", "DELETE", USERS + "/delete", "{\"username\": \"dave\"}"));
    assertThat(ok("carol", "GET", V3 + "/roles/list?workspace=default", null).path("roles"))
        .hasSize(2);
    assertForbidden(send("carol", "GET", V3 + "/roles/list", null));
  }

  @Test
  void theAuditLogRecordsEveryChangeNewestFirstForAdministratorsOnly() throws Exception {
    createUser("alice");
    ok("admin", "PATCH", USERS + "/update-admin", "{\"username\": \"alice\", \"is_admin\": true}");
    long role =
        ok("admin", "POST", V3 + "/roles/create", "{\"workspace\": \"default\", \"name\": \"r\"}")
            .path("role")
            .path("id")
            .asLong();
    ok(
        "admin",
        "POST",
        V3 + "/roles/assign",
        "{\"username\": \"alice\", \"role_id\": " + role + "}");
    ok(
        "admin",
        "PATCH",
        USERS + "/update-password",
        "{\"username\": \"alice\", \"password\": \"secret-password-99\"}");

    List<String> actions = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    String token = null;
    do {
      String path =
          "/api/2.0/cairn/auth/audit?max_results=2" + (token == null ? "" : "&page_token=" + token);
      HttpResponse<String> page = send("admin", "GET", path, null);
      bodies.add(page.body());
      JsonNode json = JSON.readTree(page.body());
      json.path("entries").forEach(e -> actions.add(e.path("action").asText()));
      token = json.path("next_page_token").asText(null);
    } while (token != null);

    assertThat(actions)
        .containsExactly(
            "update_password", "assign_role", "create_role", "update_admin", "create_user");
    assertThat(String.join("", bodies))
        .doesNotContain("secret-password-99")
        .doesNotContain("scrypt");
    JsonNode newest =
        ok("admin", "GET", "/ajax-api/2.0/cairn/auth/audit?max_results=1", null)
            .path("entries")
            .get(0);
    assertThat(newest.path("actor").asText()).isEqualTo("admin");
    assertThat(newest.path("target_user").asText()).isEqualTo("alice");
    passwords.put("alice", "secret-password-99");
    ok("alice", "GET", "/api/2.0/cairn/auth/audit", null);
    createUser("bob");
    assertForbidden(send("bob", "GET", "/api/2.0/cairn/auth/audit", null));
  }

  @Test
  void parametersAreReadAsMlflowReadsThem() throws Exception {
    createUser("bob");
    long id =
        ok("admin", "POST", V3 + "/roles/create", "{\"workspace\": \"default\", \"name\": \"r\"}")
            .path("role")
            .path("id")
            .asLong();

    // an id as text, as the client sends it in a query string, is an id in a body too
    ok("admin", "PATCH", V3 + "/roles/update", "{\"role_id\": \" " + id + " \", \"name\": \"r2\"}");
    assertError(
        send("admin", "PATCH", V3 + "/roles/update", "{\"role_id\": \"abc\", \"name\": \"x\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        send(
            "admin",
            "PATCH",
            V3 + "/roles/update",
            "{\"role_id\": " + id + ", \"description\": 5}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        send(
            "admin",
            "PATCH",
            USERS + "/update-admin",
            "{\"username\": \"bob\", \"is_admin\": \"yes\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(send("admin", "GET", V3 + "/roles/get", null), 400, "INVALID_PARAMETER_VALUE");
    // a DELETE without a JSON body reads its query string
    ok("admin", "DELETE", V3 + "/roles/delete?role_id=" + id, null);
    ok("admin", "DELETE", USERS + "/delete?username=bob", null);
    assertError(
        send("admin", "GET", USERS + "/get?username=bob", null), 404, "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void theRoleApiAnswersUnderBothPrefixesOfItsVersionOnly() throws Exception {
    assertThat(ok("admin", "GET", "/ajax-api/3.0/mlflow/roles/list", null).path("roles").isArray())
        .isTrue();
    assertThat(ok("admin", "GET", "/ajax-api/2.0/mlflow/users/list", null).path("users"))
        .hasSize(1);
    assertThat(send("admin", "GET", "/api/2.0/mlflow/roles/list", null).statusCode())
        .isEqualTo(404);
    assertThat(send("admin", "GET", "/api/3.0/mlflow/users/list", null).statusCode())
        .isEqualTo(404);
  }

  private JsonNode createUser(String name) throws Exception {
    passwords.put(name, name + "-password-123");
    return ok("admin", "POST", USERS + "/create", user(name));
  }

  private String user(String name) {
    return "{\"username\": \""
        + name
        + "\", \"password\": \""
        + passwords.getOrDefault(name, "some-password-123")
        + "\"}";
  }

  private JsonNode ok(String user, String method, String path, String body) throws Exception {
    HttpResponse<String> r = send(user, method, path, body);
    assertThat(r.statusCode()).as("%s %s as %s: %s", method, path, user, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static void assertForbidden(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("Permission denied");
  }

  private static void assertError(HttpResponse<String> r, int status, String code)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).path("error_code").asText()).isEqualTo(code);
  }

  private HttpResponse<String> send(String user, String method, String path, String body)
      throws Exception {
    return send(user, passwords.get(user), method, path, body, "application/json");
  }

  private HttpResponse<String> send(
      String user, String method, String path, String body, String type) throws Exception {
    return send(user, passwords.get(user), method, path, body, type);
  }

  private HttpResponse<String> send(
      String user, String password, String method, String path, String body, String type)
      throws Exception {
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Authorization", "Basic " + token);
    if (body != null && type != null) {
      b.header("Content-Type", type);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private ServerConfig config() {
    return LiveServer.sqliteProxyingConfig(dir);
  }
}
