package dev.cairn.core.auth;

import java.util.Objects;

/**
 * One row of {@code role_permissions}: a permission on every resource of a type ({@code "*"}) or on
 * one resource (its id: an experiment id, a registered model's name).
 */
public record Grant(String resourceType, String resourcePattern, Permission permission) {
  public static final String WILDCARD = "*";
  public static final String EXPERIMENT = "experiment";
  public static final String REGISTERED_MODEL = "registered_model";
  public static final String WORKSPACE = "workspace";

  public Grant {
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourcePattern, "resourcePattern");
    Objects.requireNonNull(permission, "permission");
  }

  /** Whether this grant applies to the resource {@code id} of {@code type}. */
  public boolean appliesTo(String type, String id) {
    return resourceType.equals(type)
        && (resourcePattern.equals(WILDCARD) || resourcePattern.equals(id));
  }

  /**
   * A workspace administrator's grant ({@code workspace}, {@code *}, MANAGE): it manages every
   * resource of the workspace and cannot be restricted by a DENY.
   */
  public boolean isWorkspaceAdmin() {
    return resourceType.equals(WORKSPACE)
        && resourcePattern.equals(WILDCARD)
        && permission == Permission.MANAGE;
  }

  /**
   * The permission that the grants of a user's roles give on one resource, as MLflow folds them:
   * null when none applies (the caller then uses the default permission), MANAGE for a workspace
   * administrator, DENY when any applying grant denies, else the strongest applying grant.
   */
  public static Permission fold(Iterable<Grant> grants, String type, String id) {
    Permission best = null;
    boolean denied = false;
    for (Grant g : grants) {
      if (g.isWorkspaceAdmin()) {
        return Permission.MANAGE;
      }
      if (!g.appliesTo(type, id)) {
        continue;
      }
      if (g.permission() == Permission.DENY) {
        denied = true;
      } else {
        best = best == null ? g.permission() : Permission.strongest(best, g.permission());
      }
    }
    return denied ? Permission.DENY : best;
  }
}
