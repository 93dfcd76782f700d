package dev.cairn.server.auth;

import static dev.cairn.server.auth.AccountJson.array;
import static dev.cairn.server.auth.AccountJson.wrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.core.auth.AccountGrants;
import dev.cairn.core.auth.AccountUsers;
import dev.cairn.core.auth.Accounts;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Route;
import java.util.List;

/**
 * MLflow 3.17.2's auth API at its paths and methods (the users API under {@code 2.0}, the per-user
 * grants and roles under {@code 3.0}, each under {@code /api} and the UI's {@code /ajax-api}), and
 * Cairn's audit log ({@code /api/2.0/cairn/auth/audit}). Every route reaches its handler for any
 * signed-in user; {@link Accounts} decides who may call, and a refusal is MLflow's plain-text 403.
 */
public final class AuthApiRoutes {
  private AuthApiRoutes() {}

  /** Every route of the auth API, answered by {@code accounts}. */
  public static List<Route> of(ObjectMapper mapper, Accounts accounts) {
    AccountRoutes r = new AccountRoutes(mapper);
    users(r, accounts.users());
    grants(r, accounts.grants());
    RoleRoutes.addTo(r, accounts.roles());
    r.add(
        HttpMethod.GET,
        List.of("/api/2.0/cairn/auth/audit", "/ajax-api/2.0/cairn/auth/audit"),
        Access.READ,
        (caller, p) ->
            AccountJson.audit(
                accounts.audit(caller, toInt(p.integer("max_results")), p.text("page_token"))));
    return r.routes();
  }

  private static void users(AccountRoutes r, AccountUsers users) {
    createUser(r, users);
    r.v2(
        HttpMethod.GET,
        "/users/get",
        Access.READ,
        (c, p) -> wrap("user", AccountJson.user(users.get(c, p.text("username")))));
    r.v2(
        HttpMethod.GET,
        "/users/current",
        Access.READ,
        (c, p) -> AccountJson.current(users.current(c)));
    r.v2(
        HttpMethod.GET,
        "/users/list",
        Access.READ,
        (c, p) -> wrap("users", array(users.list(c), AccountJson::userWithRoles)));
    r.v2(
        HttpMethod.PATCH,
        "/users/update-password",
        Access.UPDATE,
        (c, p) -> {
          users.updatePassword(
              c, p.text("username"), p.text("password"), p.text("current_password"));
          return AccountJson.empty();
        });
    r.v2(
        HttpMethod.PATCH,
        "/users/update-admin",
        Access.UPDATE,
        (c, p) -> {
          users.updateAdmin(c, p.text("username"), p.flag("is_admin"));
          return AccountJson.empty();
        });
    r.v2(
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
  private static void createUser(AccountRoutes r, AccountUsers users) {
    AccountRoutes.Operation create =
        (c, p) ->
            wrap("user", AccountJson.user(users.create(c, p.text("username"), p.text("password"))));
    r.addHandler(
        HttpMethod.POST,
        AccountRoutes.paths(2, "/users/create"),
        Access.CREATE,
        call -> {
          AuthUser caller = call.user();
          if (caller != null && !AccountParams.isJson(call)) {
            return users.mayCreate(caller)
                ? HttpResponse.text(400, "Invalid content type. Must be application/json")
                : AuthAnswers.forbidden();
          }
          return r.answer(call, create);
        });
  }

  private static void grants(AccountRoutes r, AccountGrants grants) {
    r.v3(
        HttpMethod.GET,
        "/users/current/permissions",
        Access.READ,
        (c, p) -> AccountJson.permissions(grants.listOwn(c)));
    r.v3(
        HttpMethod.GET,
        "/users/permissions/list",
        Access.READ,
        (c, p) -> AccountJson.permissions(grants.list(c, p.text("username"))));
    r.v3(
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
    r.v3(
        HttpMethod.POST,
        "/users/permissions/revoke",
        Access.DELETE,
        (c, p) -> {
          grants.revoke(c, p.text("username"), p.text("resource_type"), p.text("resource_id"));
          return AccountJson.empty();
        });
    r.v3(
        HttpMethod.GET,
        "/users/permissions/get",
        Access.READ,
        (c, p) ->
            AccountJson.check(
                grants.get(c, p.text("username"), p.text("resource_type"), p.text("resource_id"))));
  }

  private static Integer toInt(Long value) {
    if (value == null) {
      return null;
    }
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
