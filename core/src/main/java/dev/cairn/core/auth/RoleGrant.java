package dev.cairn.core.auth;

import java.util.Objects;

/**
 * One row of {@code role_permissions} with its id, as MLflow's role API names it ("role
 * permission"): a permission on every resource of a type ({@code "*"}) or on one resource.
 */
public record RoleGrant(
    long id, long roleId, String resourceType, String resourcePattern, Permission permission) {

  public RoleGrant {
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourcePattern, "resourcePattern");
    Objects.requireNonNull(permission, "permission");
  }

  /** The grant without its row: what the fold of a user's permissions reads. */
  public Grant grant() {
    return new Grant(resourceType, resourcePattern, permission);
  }
}
