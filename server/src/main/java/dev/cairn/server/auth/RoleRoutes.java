package dev.cairn.server.auth;

import static dev.cairn.server.auth.AccountJson.array;
import static dev.cairn.server.auth.AccountJson.wrap;

import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.core.auth.AccountRoles;
import dev.cairn.server.routing.Access;

/** MLflow's role API ({@code /api/3.0/mlflow/roles/...}, {@code users/roles/list}). */
final class RoleRoutes {
  private RoleRoutes() {}

  static void addTo(AccountRoutes r, AccountRoles roles) {
    r.v3(
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
    r.v3(
        HttpMethod.GET,
        "/roles/get",
        Access.READ,
        (c, p) -> wrap("role", AccountJson.role(roles.get(c, p.integer("role_id")))));
    r.v3(
        HttpMethod.GET,
        "/roles/list",
        Access.READ,
        (c, p) -> wrap("roles", array(roles.list(c, p.all("workspace")), AccountJson::role)));
    r.v3(
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
    r.v3(
        HttpMethod.DELETE,
        "/roles/delete",
        Access.DELETE,
        (c, p) -> {
          roles.delete(c, p.integer("role_id"));
          return AccountJson.empty();
        });
    r.v3(
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
    r.v3(
        HttpMethod.DELETE,
        "/roles/permissions/remove",
        Access.DELETE,
        (c, p) -> {
          roles.removePermission(c, p.integer("role_permission_id"));
          return AccountJson.empty();
        });
    r.v3(
        HttpMethod.GET,
        "/roles/permissions/list",
        Access.READ,
        (c, p) ->
            wrap(
                "role_permissions",
                array(roles.listPermissions(c, p.integer("role_id")), AccountJson::roleGrant)));
    r.v3(
        HttpMethod.PATCH,
        "/roles/permissions/update",
        Access.UPDATE,
        (c, p) ->
            wrap(
                "role_permission",
                AccountJson.roleGrant(
                    roles.updatePermission(
                        c, p.integer("role_permission_id"), p.text("permission")))));
    r.v3(
        HttpMethod.POST,
        "/roles/assign",
        Access.CREATE,
        (c, p) ->
            wrap(
                "assignment",
                AccountJson.assignment(roles.assign(c, p.text("username"), p.integer("role_id")))));
    r.v3(
        HttpMethod.DELETE,
        "/roles/unassign",
        Access.DELETE,
        (c, p) -> {
          roles.unassign(c, p.text("username"), p.integer("role_id"));
          return AccountJson.empty();
        });
    r.v3(
        HttpMethod.GET,
        "/users/roles/list",
        Access.READ,
        (c, p) -> wrap("roles", array(roles.userRoles(c, p.text("username")), AccountJson::role)));
    r.v3(
        HttpMethod.GET,
        "/roles/users/list",
        Access.READ,
        (c, p) ->
            wrap(
                "assignments",
                array(roles.roleUsers(c, p.integer("role_id")), AccountJson::assignment)));
  }
}
