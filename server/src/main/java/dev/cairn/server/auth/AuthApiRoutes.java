package dev.cairn.server.auth;

import static dev.cairn.server.auth.AccountJson.array;
import static dev.cairn.server.auth.AccountJson.wrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import dev.cairn.core.auth.AccountGrants;
import dev.cairn.core.auth.AccountRoles;
import dev.cairn.core.auth.AccountUsers;
import dev.cairn.core.auth.Accounts;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * MLflow 3.17.2's auth API at its paths and methods (the users API under {@code 2.0}, the per-user
 * grants and roles under {@code 3.0}, each under {@code /api} and the UI's {@code /ajax-api}), and
 * Cairn's audit log ({@code /api/2.0/cairn/auth/audit}). Every route reaches its handler for any
 * signed-in user; {@link Accounts} decides who may call, and a refusal is MLflow's plain-text 403.
 */
public final class AuthApiRoutes {
  /** What one route does with the caller and the request's parameters: a JSON answer. */
  @FunctionalInterface
  private interface Operation {
    JsonNode apply(AuthUser caller, AccountParams params);
  }

  private final ObjectMapper mapper;
  private final List<Route> routes = new ArrayList<>();

  private AuthApiRoutes(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Every route of the auth API, answered by {@code accounts}. */
  public static List<Route> of(ObjectMapper mapper, Accounts accounts) {
    AuthApiRoutes r = new AuthApiRoutes(mapper);
    r.users(accounts.users());
    r.grants(accounts.grants());
    r.roles(accounts.roles());
    r.route(
        HttpMethod.GET,
        List.of("/api/2.0/cairn/auth/audit", "/ajax-api/2.0/cairn/auth/audit"),
        Access.READ,
        (caller, p) ->
            AccountJson.audit(
                accounts.audit(caller, toInt(p.integer("max_results")), p.text("page_token"))));
    return List.copyOf(r.routes);
  }

  private void users(AccountUsers users) {
    routes.add(createUser(users));
    v2(
        HttpMethod.GET,
        "/users/get",
        Access.READ,
        (c, p) -> wrap("user", AccountJson.user(users.get(c, p.text("username")))));
    v2(
        HttpMethod.GET,
        "/users/current",
        Access.READ,
        (c, p) -> AccountJson.current(users.current(c)));
    v2(
        HttpMethod.GET,
        "/users/list",
        Access.READ,
        (c, p) -> wrap("users", array(users.list(c), AccountJson::userWithRoles)));
    v2(
        HttpMethod.PATCH,
        "/users/update-password",
        Access.UPDATE,
        (c, p) -> {
          users.updatePassword(
              c, p.text("username"), p.text("password"), p.text("current_password"));
          return AccountJson.empty();
        });
    v2(
        HttpMethod.PATCH,
        "/users/update-admin",
        Access.UPDATE,
        (c, p) -> {
          users.updateAdmin(c, p.text("username"), p.flag("is_admin"));
          return AccountJson.empty();
        });
    v2(
        HttpMethod.DELETE,
        "/users/delete",
        Access.DELETE,
        (c, p) -> {
          users.delete(c, p.text("username"));
          return AccountJson.empty();
        });
  }

  /**
   * MLflow takes only JSON here and answers anything else with a plain-text 400, once the caller is
   * known to be allowed (its check of who may call runs first).
   */
  private Route createUser(AccountUsers users) {
    Operation create =
        (c, p) ->
            wrap("user", AccountJson.user(users.create(c, p.text("username"), p.text("password"))));
    return new Route(
        HttpMethod.POST,
        paths(2, "/users/create"),
        Resource.ACCOUNT,
        Access.CREATE,
        Route.Body.JSON,
        call -> {
          AuthUser caller = call.user();
          if (caller != null && !AccountParams.isJson(call)) {
            return users.mayCreate(caller)
                ? HttpResponse.text(400, "Invalid content type. Must be application/json")
                : AuthAnswers.forbidden();
          }
          return answer(caller, new AccountParams(call, mapper), create);
        });
  }

  private void grants(AccountGrants grants) {
    v3(
        HttpMethod.GET,
        "/users/current/permissions",
        Access.READ,
        (c, p) -> AccountJson.permissions(grants.listOwn(c)));
    v3(
        HttpMethod.GET,
        "/users/permissions/list",
        Access.READ,
        (c, p) -> AccountJson.permissions(grants.list(c, p.text("username"))));
    v3(
        HttpMethod.POST,
        "/users/permissions/grant",
        Access.CREATE,
        (c, p) -> {
          grants.grant(
              c,
              p.text("username"),
              p.text("resource_type"),
              p.text("resource_id"),
              p.text("permission"));
          return AccountJson.empty();
        });
    v3(
        HttpMethod.POST,
        "/users/permissions/revoke",
        Access.DELETE,
        (c, p) -> {
          grants.revoke(c, p.text("username"), p.text("resource_type"), p.text("resource_id"));
          return AccountJson.empty();
        });
    v3(
        HttpMethod.GET,
        "/users/permissions/get",
        Access.READ,
        (c, p) ->
            AccountJson.check(
                grants.get(c, p.text("username"), p.text("resource_type"), p.text("resource_id"))));
  }

  private void roles(AccountRoles roles) {
    v3(
        HttpMethod.POST,
        "/roles/create",
        Access.CREATE,
        (c, p) ->
            wrap(
                "role",
                AccountJson.role(
                    roles.create(
                        c,
                        p.string("name"),
                        p.string("workspace"),
                        p.stringOrRefuse(
                            "description", "Role description must be a string or null.")))));
    v3(
        HttpMethod.GET,
        "/roles/get",
        Access.READ,
        (c, p) -> wrap("role", AccountJson.role(roles.get(c, p.integer("role_id")))));
    v3(
        HttpMethod.GET,
        "/roles/list",
        Access.READ,
        (c, p) -> wrap("roles", array(roles.list(c, p.all("workspace")), AccountJson::role)));
    v3(
        HttpMethod.PATCH,
        "/roles/update",
        Access.UPDATE,
        (c, p) ->
            wrap(
                "role",
                AccountJson.role(
                    roles.update(
                        c,
                        p.integer("role_id"),
                        p.string("name"),
                        p.stringOrRefuse("description", "Role description must be a string.")))));
    v3(
        HttpMethod.DELETE,
        "/roles/delete",
        Access.DELETE,
        (c, p) -> {
          roles.delete(c, p.integer("role_id"));
          return AccountJson.empty();
        });
    v3(
        HttpMethod.POST,
        "/roles/permissions/add",
        Access.CREATE,
        (c, p) ->
            wrap(
                "role_permission",
                AccountJson.roleGrant(
                    roles.addPermission(
                        c,
                        p.integer("role_id"),
                        p.text("resource_type"),
                        p.text("resource_pattern"),
                        p.text("permission")))));
    v3(
        HttpMethod.DELETE,
        "/roles/permissions/remove",
        Access.DELETE,
        (c, p) -> {
          roles.removePermission(c, p.integer("role_permission_id"));
          return AccountJson.empty();
        });
    v3(
        HttpMethod.GET,
        "/roles/permissions/list",
        Access.READ,
        (c, p) ->
            wrap(
                "role_permissions",
                array(roles.listPermissions(c, p.integer("role_id")), AccountJson::roleGrant)));
    v3(
        HttpMethod.PATCH,
        "/roles/permissions/update",
        Access.UPDATE,
        (c, p) ->
            wrap(
                "role_permission",
                AccountJson.roleGrant(
                    roles.updatePermission(
                        c, p.integer("role_permission_id"), p.text("permission")))));
    v3(
        HttpMethod.POST,
        "/roles/assign",
        Access.CREATE,
        (c, p) ->
            wrap(
                "assignment",
                AccountJson.assignment(roles.assign(c, p.text("username"), p.integer("role_id")))));
    v3(
        HttpMethod.DELETE,
        "/roles/unassign",
        Access.DELETE,
        (c, p) -> {
          roles.unassign(c, p.text("username"), p.integer("role_id"));
          return AccountJson.empty();
        });
    v3(
        HttpMethod.GET,
        "/users/roles/list",
        Access.READ,
        (c, p) -> wrap("roles", array(roles.userRoles(c, p.text("username")), AccountJson::role)));
    v3(
        HttpMethod.GET,
        "/roles/users/list",
        Access.READ,
        (c, p) ->
            wrap(
                "assignments",
                array(roles.roleUsers(c, p.integer("role_id")), AccountJson::assignment)));
  }

  private void v2(HttpMethod method, String path, Access access, Operation op) {
    route(method, paths(2, path), access, op);
  }

  private void v3(HttpMethod method, String path, Access access, Operation op) {
    route(method, paths(3, path), access, op);
  }

  /** MLflow serves each auth route under one version, for its client and for its UI. */
  private static List<String> paths(int version, String path) {
    return List.of(
        "/api/" + version + ".0/mlflow" + path, "/ajax-api/" + version + ".0/mlflow" + path);
  }

  private void route(HttpMethod method, List<String> paths, Access access, Operation op) {
    routes.add(
        new Route(
            method,
            paths,
            Resource.ACCOUNT,
            access,
            Route.Body.JSON,
            call -> answer(call.user(), new AccountParams(call, mapper), op)));
  }

  private HttpResponse answer(AuthUser caller, AccountParams params, Operation op)
      throws Exception {
    if (caller == null) {
      // Only served with authentication on, where the sign-in filter lets no one through unknown.
      return AuthAnswers.unauthenticated();
    }
    try {
      return HttpResponse.json(200, mapper.writeValueAsBytes(op.apply(caller, params)));
    } catch (CairnException e) {
      if (e.code() == ErrorCode.PERMISSION_DENIED) {
        return AuthAnswers.forbidden();
      }
      throw e;
    }
  }

  private static Integer toInt(Long value) {
    if (value == null) {
      return null;
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
