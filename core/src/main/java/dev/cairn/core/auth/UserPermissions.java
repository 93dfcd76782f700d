package dev.cairn.core.auth;

import java.util.List;

/**
 * The grants of every role a user holds, one row per grant, as {@code users/permissions/list}
 * answers them; rows of the user's own role {@code __user_<id>__} are their direct grants.
 *
 * @param admin whether the user is an administrator
 */
public record UserPermissions(boolean admin, List<Row> permissions) {
  public UserPermissions {
    permissions = List.copyOf(permissions);
  }

  /** One grant, with the role that holds it. */
  public record Row(
      long roleId,
      String roleName,
      String workspace,
      String resourceType,
      String resourcePattern,
      Permission permission) {}
}
