package dev.cairn.core.auth;

import static dev.cairn.core.auth.AccountChecks.allowIf;
import static dev.cairn.core.auth.AccountChecks.required;

import dev.cairn.core.CairnException;
import java.util.List;
import java.util.Set;

/**
 * MLflow's role API ({@code /mlflow/roles/...}): roles, their grants, and who holds them. A role
 * belongs to a workspace and is managed by the administrators and that workspace's administrators;
 * anyone holding a role in a workspace may look at its roles.
 *
 * <p>Workspaces are off in Cairn, as in MLflow by default: a role may still name any workspace (as
 * MLflow lets it), but only the grants of roles in {@code default} take effect.
 */
public final class AccountRoles {
  private final AuthStore store;
  private final AccountChecks checks;
  private final RoleScopes scopes;
  private final AuditTrail audit;

  AccountRoles(AuthStore store, AccountChecks checks, AuditTrail audit) {
    this.store = store;
    this.checks = checks;
    this.scopes = new RoleScopes(store.roles(), checks);
    this.audit = audit;
  }

  private RoleStore roles() {
    return store.roles();
  }

  public Role create(AuthUser caller, String name, String workspace, String description) {
    scopes.requireManager(caller, RoleScopes.Scope.ofWorkspace(workspace));
    required("name", name);
    required("workspace", workspace);
    if (name.isBlank()) {
      throw CairnException.invalid("Role name cannot be empty.");
    }
    if (workspace.isBlank()) {
      throw CairnException.invalid("Workspace cannot be empty.");
    }
    refuseReserved(name);
    Role role = roles().createRole(name, workspace, description);
    audit.role(caller, "create_role", role, AuditTrail.describe(role));
    return role;
  }

  public Role get(AuthUser caller, Long roleId) {
    scopes.requireViewer(caller, RoleScopes.Scope.ofRole(roleId));
    return roles().role(required("role_id", roleId));
  }

  /**
   * The roles of the named workspaces; with none named, every role, for administrators only.
   * Someone else must hold a role in each workspace named.
   */
  public List<Role> list(AuthUser caller, List<String> workspaces) {
    if (!caller.admin()) {
      Set<String> present = store.roles().presentWorkspaces(caller.id());
      List<String> named =
          workspaces.stream().filter(w -> !w.isBlank()).map(String::strip).toList();
      allowIf(!named.isEmpty() && present.containsAll(named));
    }
    if (workspaces.stream().anyMatch(String::isBlank)) {
      throw CairnException.invalid(
          "Parameter 'workspace' must be a non-empty string when provided.");
    }
    return roles().listRoles(workspaces.isEmpty() ? null : workspaces);
  }

  /** Renames the role or sets its description (at least one of them). */
  public Role update(AuthUser caller, Long roleId, String name, String description) {
    scopes.requireManager(caller, RoleScopes.Scope.ofRole(roleId));
    long id = required("role_id", roleId);
    if (name == null && description == null) {
      throw CairnException.invalid(
          "At least one of 'name' or 'description' must be provided to update a role.");
    }
    if (name != null && name.isBlank()) {
      throw CairnException.invalid("Role name cannot be empty.");
    }
    if (name != null) {
      refuseReserved(name);
    }
    Role before = roles().role(id);
    Role after = roles().updateRole(id, name, description);
    String detail =
        name == null || name.equals(before.name())
            ? "description changed"
            : "renamed '" + before.name() + "' to '" + after.name() + "'";
    audit.role(caller, "update_role", after, detail);
    return after;
  }

  /** Deletes the role with its grants; its users lose them. */
  public void delete(AuthUser caller, Long roleId) {
    scopes.requireManager(caller, RoleScopes.Scope.ofRole(roleId));
    Role role = roles().role(required("role_id", roleId));
    roles().deleteRole(role.id());
    audit.role(caller, "delete_role", role, AuditTrail.describe(role));
  }

  public RoleGrant addPermission(
      AuthUser caller, Long roleId, String type, String pattern, String permission) {
    scopes.requireManager(caller, RoleScopes.Scope.ofRole(roleId));
    long id = required("role_id", roleId);
    required("resource_type", type);
    required("resource_pattern", pattern);
    required("permission", permission);
    Permission p = ResourceTypes.grantable(permission, type);
    ResourceTypes.requirePattern(type, pattern);
    RoleGrant added = roles().addRoleGrant(id, new Grant(type, pattern, p));
    audit.roleGrant(caller, "add_role_permission", added, null);
    return added;
  }

  public void removePermission(AuthUser caller, Long roleGrantId) {
    scopes.requireManager(caller, RoleScopes.Scope.ofRoleGrant(roleGrantId));
    RoleGrant held = roles().roleGrant(required("role_permission_id", roleGrantId));
    roles().removeRoleGrant(held.id());
    audit.roleGrant(caller, "remove_role_permission", held, null);
  }

  public List<RoleGrant> listPermissions(AuthUser caller, Long roleId) {
    scopes.requireViewer(caller, RoleScopes.Scope.ofRole(roleId));
    return roles().roleGrants(required("role_id", roleId));
  }

  public RoleGrant updatePermission(AuthUser caller, Long roleGrantId, String permission) {
    scopes.requireManager(caller, RoleScopes.Scope.ofRoleGrant(roleGrantId));
    long id = required("role_permission_id", roleGrantId);
    required("permission", permission);
    RoleGrant before = roles().roleGrant(id);
    Permission p = ResourceTypes.grantable(permission, before.resourceType());
    RoleGrant after = roles().updateRoleGrant(id, p);
    audit.roleGrant(caller, "update_role_permission", after, "was " + before.permission());
    return after;
  }

  public RoleAssignment assign(AuthUser caller, String username, Long roleId) {
    scopes.requireManager(caller, RoleScopes.Scope.ofRole(roleId));
    required("username", username);
    long id = required("role_id", roleId);
    AuthUser user = checks.existing(username);
    RoleAssignment assignment = roles().assignRole(user.id(), id);
    audit.assignment(caller, "assign_role", username, roles().role(id));
    return assignment;
  }

  public void unassign(AuthUser caller, String username, Long roleId) {
    scopes.requireManager(caller, RoleScopes.Scope.ofRole(roleId));
    required("username", username);
    long id = required("role_id", roleId);
    AuthUser user = checks.existing(username);
    roles().unassignRole(user.id(), id);
    audit.assignment(caller, "unassign_role", username, roles().role(id));
  }

  /**
   * The roles a user holds, own role included: everything for an administrator or the user
   * themself, else the roles in the workspaces the caller administers.
   */
  public List<Role> userRoles(AuthUser caller, String username) {
    required("username", username);
    allowIf(
        AccountChecks.seesAll(caller, username)
            || checks.administersAnyWorkspaceOf(caller, username));
    List<Role> held = roles().userRoles(checks.existing(username).id());
    if (AccountChecks.seesAll(caller, username)) {
      return held;
    }
    Set<String> administered = checks.adminWorkspaces(caller);
    return held.stream().filter(r -> administered.contains(r.workspace())).toList();
  }

  public List<RoleAssignment> roleUsers(AuthUser caller, Long roleId) {
    scopes.requireManager(caller, RoleScopes.Scope.ofRole(roleId));
    return roles().roleUsers(required("role_id", roleId));
  }

  /** MLflow reserves the prefix of users' own roles, so no role can receive another's grants. */
  private static void refuseReserved(String name) {
    if (name.startsWith(Role.RESERVED_PREFIX)) {
      throw CairnException.invalid(
          "Role name %s uses the reserved '__user_' prefix, which is held for the per-user"
              + " permission representation. Choose a different name.",
          pythonRepr(name));
    }
  }

  /** A string as Python's {@code repr} prints it in MLflow's message (quotes, no escapes). */
  private static String pythonRepr(String s) {
    return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s + "'";
  }
}
