package dev.cairn.core.auth;

import java.util.List;
import java.util.Objects;

/**
 * A role of MLflow's basic-auth app ({@code roles}): a named set of grants in a workspace, given to
 * users by assignment. A user's own grants live on the hidden role {@code __user_<id>__}, which is
 * a role like any other to the store.
 *
 * @param description null when none was given
 * @param permissions the role's grants, oldest first
 */
public record Role(
    long id, String name, String workspace, String description, List<RoleGrant> permissions) {

  /** The prefix MLflow reserves for users' own roles: the role API refuses names with it. */
  public static final String RESERVED_PREFIX = "__user_";

  public Role {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workspace, "workspace");
    permissions = List.copyOf(permissions);
  }
}
