package dev.cairn.core.auth;

import static dev.cairn.core.auth.AccountChecks.allowIf;
import static dev.cairn.core.auth.AccountChecks.required;

import dev.cairn.core.CairnException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A user's own grants through MLflow's per-user API ({@code /mlflow/users/permissions/...}): grant,
 * revoke and check one permission, and list what a user holds. Grants go to the user's own role in
 * workspace {@code default} (workspaces are off).
 *
 * <p>Whoever manages a resource (MANAGE on it) may grant and revoke permissions on it, as in
 * MLflow; a grant on every resource of a type ({@code "*"}) needs an administrator of the
 * workspace.
 */
public final class AccountGrants {
  private final AuthStore store;
  private final Authorizer authorizer;
  private final AccountChecks checks;
  private final AuditTrail audit;

  AccountGrants(AuthStore store, Authorizer authorizer, AccountChecks checks, AuditTrail audit) {
    this.store = store;
    this.authorizer = authorizer;
    this.checks = checks;
    this.audit = audit;
  }

  /**
   * Grants {@code permission} on the resource to the user.
   *
   * @throws CairnException RESOURCE_ALREADY_EXISTS when the user already holds a grant of their own
   *     on it (change it by revoking first, as in MLflow)
   */
  public void grant(
      AuthUser caller, String username, String type, String resourceId, String permission) {
    requireManager(caller, type, resourceId);
    required("username", username);
    required("resource_type", type);
    required("resource_id", resourceId);
    required("permission", permission);
    checks.existing(username);
    ResourceTypes.refuseWorkspace(type);
    ResourceTypes.requirePattern(type, resourceId);
    Grant grant = new Grant(type, resourceId, ResourceTypes.grantable(permission, type));
    store.createGrant(username, grant);
    audit.grant(caller, "grant_permission", username, grant);
  }

  /** Removes the user's own grant on the resource. */
  public void revoke(AuthUser caller, String username, String type, String resourceId) {
    requireManager(caller, type, resourceId);
    required("username", username);
    required("resource_type", type);
    required("resource_id", resourceId);
    checks.existing(username);
    ResourceTypes.refuseWorkspace(type);
    ResourceTypes.requireKnown(type);
    Grant held = store.findGrant(username, type, resourceId);
    if (held == null || !store.deleteGrant(username, type, resourceId)) {
      throw CairnException.notFound(
          "Permission for user=%s on resource_type=%s, resource_id=%s not found.",
          username, type, resourceId);
    }
    audit.grant(caller, "revoke_permission", username, held);
  }

  /**
   * The user's effective permission on the resource, as a request of theirs would be judged: for an
   * administrator too, from their grants alone, as MLflow answers it. An unknown resource is judged
   * like any other (MLflow: "deny by default" through the default permission).
   */
  public PermissionCheck get(AuthUser caller, String username, String type, String resourceId) {
    required("resource_type", type);
    ResourceTypes.refuseWorkspace(type);
    if (!caller.admin()) {
      allowIf(mayCheck(caller, required("username", username), type, resourceId));
    }
    required("username", username);
    required("resource_id", resourceId);
    AuthUser user = checks.existing(username);
    return PermissionCheck.of(effective(user, type, resourceId));
  }

  private boolean mayCheck(AuthUser caller, String username, String type, String resourceId) {
    if (caller.username().equals(username)) {
      return true;
    }
    if (store.findUser(username) == null) {
      return false;
    }
    required("resource_id", resourceId);
    boolean locatable =
        resourceId.equals(Grant.WILDCARD)
            || (ResourceTypes.delegable(type)
                && !(type.equals(ResourceTypes.SCORER) && !resourceId.contains("/")));
    // With workspaces off every resource MLflow can locate lives in "default".
    return locatable && checks.isWorkspaceAdmin(caller, AuthStore.DEFAULT_WORKSPACE);
  }

  /** Everything the user holds through their roles; see {@link UserPermissions}. */
  public UserPermissions list(AuthUser caller, String username) {
    required("username", username);
    allowIf(
        AccountChecks.seesAll(caller, username)
            || checks.administersAnyWorkspaceOf(caller, username));
    AuthUser user = checks.existing(username);
    List<UserPermissions.Row> rows = rows(user);
    if (!AccountChecks.seesAll(caller, username)) {
      Set<String> administered = checks.adminWorkspaces(caller);
      rows = rows.stream().filter(r -> administered.contains(r.workspace())).toList();
    }
    return new UserPermissions(user.admin(), rows);
  }

  /** What the caller holds. */
  public UserPermissions listOwn(AuthUser caller) {
    AuthUser user = checks.existing(caller.username());
    return new UserPermissions(user.admin(), rows(user));
  }

  private List<UserPermissions.Row> rows(AuthUser user) {
    List<UserPermissions.Row> rows = new ArrayList<>();
    for (Role role : store.roles().userRoles(user.id())) {
      for (RoleGrant g : role.permissions()) {
        rows.add(
            new UserPermissions.Row(
                role.id(),
                role.name(),
                role.workspace(),
                g.resourceType(),
                g.resourcePattern(),
                g.permission()));
      }
    }
    return rows;
  }

  /**
   * MLflow's {@code validate_can_manage_resource}: a grant on a whole type needs an administrator
   * of the workspace; a grant on one resource needs MANAGE on it.
   */
  private void requireManager(AuthUser caller, String type, String resourceId) {
    if (caller.admin()) {
      return;
    }
    required("resource_type", type);
    required("resource_id", resourceId);
    ResourceTypes.refuseWorkspace(type);
    ResourceTypes.requireKnown(type);
    if (resourceId.equals(Grant.WILDCARD)) {
      allowIf(checks.isWorkspaceAdmin(caller, AuthStore.DEFAULT_WORKSPACE));
      return;
    }
    requireLocatable(type, resourceId);
    allowIf(authorizer.permission(caller, type, resourceId).canManage());
  }

  private Permission effective(AuthUser user, String type, String resourceId) {
    ResourceTypes.requireKnown(type);
    if (!resourceId.equals(Grant.WILDCARD)) {
      requireLocatable(type, resourceId);
    }
    // MLflow resolves this from the user's grants without looking at their admin flag.
    AuthUser byGrants = new AuthUser(user.id(), user.username(), user.passwordHash(), false);
    return authorizer.permission(byGrants, type, resourceId);
  }

  private static void requireLocatable(String type, String resourceId) {
    if (type.equals(ResourceTypes.SCORER) && !resourceId.contains("/")) {
      throw CairnException.invalid(
          "Invalid scorer resource_id. Expected '<experiment_id>/<scorer_name>'.");
    }
    if (!ResourceTypes.delegable(type)) {
      throw CairnException.invalid(
          "resource_type '%s' is not supported by the per-user permission convenience APIs.", type);
    }
  }
}
