package dev.cairn.core.auth;

import static dev.cairn.core.auth.AccountChecks.allowIf;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;

/**
 * Which workspace a role request concerns, for the check of who may make it (MLflow's {@code
 * _get_role_workspace_from_request}): the workspace of the role named, of the role holding the
 * grant named, or the workspace named. A role or grant that does not exist concerns no workspace,
 * so callers who are not administrators are denied rather than told it is missing.
 */
final class RoleScopes {
  private final RoleStore roles;
  private final AccountChecks checks;

  RoleScopes(RoleStore roles, AccountChecks checks) {
    this.roles = roles;
    this.checks = checks;
  }

  /** What a request names: one of a role, a role's grant, or a workspace. */
  record Scope(Long roleId, Long roleGrantId, String workspace) {
    static Scope ofRole(Long roleId) {
      return new Scope(roleId, null, null);
    }

    static Scope ofRoleGrant(Long roleGrantId) {
      return new Scope(null, roleGrantId, null);
    }

    static Scope ofWorkspace(String workspace) {
      return new Scope(null, null, workspace);
    }
  }

  /** Administrators, and administrators of the scope's workspace. */
  void requireManager(AuthUser caller, Scope scope) {
    if (!caller.admin()) {
      String workspace = workspace(scope);
      allowIf(workspace != null && checks.isWorkspaceAdmin(caller, workspace));
    }
  }

  /** Administrators, and whoever holds a role in the scope's workspace. */
  void requireViewer(AuthUser caller, Scope scope) {
    if (!caller.admin()) {
      String workspace = workspace(scope);
      allowIf(workspace != null && checks.isPresentIn(caller, workspace));
    }
  }

  private String workspace(Scope scope) {
    try {
      if (scope.roleId() != null) {
        return roles.role(scope.roleId()).workspace();
      }
      if (scope.roleGrantId() != null) {
        return roles.role(roles.roleGrant(scope.roleGrantId()).roleId()).workspace();
      }
    } catch (CairnException e) {
      if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        return null;
      }
      throw e;
    }
    if (scope.workspace() != null) {
      if (scope.workspace().isBlank()) {
        throw CairnException.invalid("Parameter 'workspace' must be a non-empty string.");
      }
      return scope.workspace();
    }
    throw CairnException.invalid(
        "Request must include one of: role_id, role_permission_id, workspace.");
  }
}
