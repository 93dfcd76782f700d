package dev.cairn.core.auth;

/**
 * A user's effective permission on one resource, as {@code users/permissions/get} answers it.
 *
 * @param allowed whether the permission allows regular use (MLflow's {@code can_use})
 */
public record PermissionCheck(boolean allowed, Permission permission) {
  static PermissionCheck of(Permission p) {
    return new PermissionCheck(p.canUse(), p);
  }
}
