package dev.cairn.core.auth;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.util.Set;

/**
 * Who may call what in the auth API, as MLflow's validators decide it for callers who are not
 * administrators (administrators may call everything: MLflow skips its validators for them), and
 * the lookups the operations share.
 *
 * <p>A workspace administrator holds a role with the grant ({@code workspace}, {@code *}, MANAGE)
 * in that workspace. With workspaces off every resource lives in {@code default}, so only an
 * administrator of {@code default} has a say over resources; roles in other workspaces are still
 * managed by their own workspace's administrators, as in MLflow.
 */
final class AccountChecks {
  private final AuthStore store;

  AccountChecks(AuthStore store) {
    this.store = store;
  }

  /** MLflow's auth app answers 403 with the text {@code Permission denied}. */
  static CairnException denied() {
    return new CairnException(ErrorCode.PERMISSION_DENIED, "Permission denied");
  }

  static void allowIf(boolean allowed) {
    if (!allowed) {
      throw denied();
    }
  }

  static void requireAdmin(AuthUser caller) {
    allowIf(caller.admin());
  }

  /**
   * A request parameter MLflow reads with {@code _get_request_param}, which refuses a missing one.
   */
  static String required(String name, String value) {
    if (value == null) {
      throw CairnException.invalid(
          "Missing value for required parameter '%s'. See the API docs for more information about"
              + " request parameters.",
          name);
    }
    return value;
  }

  static long required(String name, Long value) {
    if (value == null) {
      required(name, (String) null);
    }
    return value;
  }

  /** The user by name, or RESOURCE_DOES_NOT_EXIST as MLflow words it. */
  AuthUser existing(String username) {
    AuthUser user = store.findUser(username);
    if (user == null) {
      throw CairnException.notFound("User with username=%s not found", username);
    }
    return user;
  }

  Set<String> adminWorkspaces(AuthUser user) {
    return store.roles().adminWorkspaces(user.id());
  }

  boolean isWorkspaceAdmin(AuthUser user, String workspace) {
    return adminWorkspaces(user).contains(workspace);
  }

  boolean isPresentIn(AuthUser user, String workspace) {
    return store.roles().presentWorkspaces(user.id()).contains(workspace);
  }

  /**
   * Whether {@code caller} may look at another user's roles and grants: they administer a workspace
   * where that user holds a role. An unknown user is never visible.
   */
  boolean administersAnyWorkspaceOf(AuthUser caller, String username) {
    AuthUser target = store.findUser(username);
    if (target == null) {
      return false;
    }
    Set<String> theirs = store.roles().presentWorkspaces(target.id());
    return adminWorkspaces(caller).stream().anyMatch(theirs::contains);
  }

  /**
   * Whether the caller sees everything of {@code username}'s: an administrator, or the user
   * themself; anyone else sees only what lies in the workspaces they administer.
   */
  static boolean seesAll(AuthUser caller, String username) {
    return caller.admin() || caller.username().equals(username);
  }
}
