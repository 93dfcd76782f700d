package dev.cairn.core.auth;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The roles of MLflow's basic-auth app in its tables {@code roles}, {@code role_permissions} and
 * {@code user_role_assignments}, as MLflow's role API changes them.
 *
 * <p>The store keeps what it is given: names, workspaces, resource types, patterns and permissions
 * are validated by the caller ({@link AccountRoles}). Lists come oldest first (by id). Every method
 * is atomic and thread-safe. Lookups by id throw RESOURCE_DOES_NOT_EXIST with MLflow's messages:
 * {@code Role with id=<id> not found}, {@code Role permission with id=<id> not found}, {@code User
 * with id=<id> not found}.
 */
public interface RoleStore {
  /**
   * Example: {@code roles.createRole("viewers", "default", "Read every experiment")}.
   *
   * @throws dev.cairn.core.CairnException RESOURCE_ALREADY_EXISTS {@code Role (name=<name>,
   *     workspace=<workspace>) already exists.}
   */
  Role createRole(String name, String workspace, String description);

  /** The role with its grants. */
  Role role(long roleId);

  /** Every role with its grants; {@code workspaces} null for all, else those in them. */
  List<Role> listRoles(Collection<String> workspaces);

  /**
   * Renames the role and/or sets its description, whichever is non-null.
   *
   * @throws dev.cairn.core.CairnException RESOURCE_ALREADY_EXISTS {@code Role with name=<name>
   *     already exists in workspace=<workspace>} when another role of the workspace has the name
   */
  Role updateRole(long roleId, String name, String description);

  /** Deletes the role with its grants and assignments. */
  void deleteRole(long roleId);

  /**
   * Adds a grant to the role.
   *
   * @throws dev.cairn.core.CairnException RESOURCE_ALREADY_EXISTS {@code Role permission
   *     (role_id=<id>, resource_type=<type>, resource_pattern=<pattern>) already exists.}
   */
  RoleGrant addRoleGrant(long roleId, Grant grant);

  RoleGrant roleGrant(long roleGrantId);

  /** The role's grants (the role must exist). */
  List<RoleGrant> roleGrants(long roleId);

  RoleGrant updateRoleGrant(long roleGrantId, Permission permission);

  void removeRoleGrant(long roleGrantId);

  /**
   * Gives the user the role.
   *
   * @throws dev.cairn.core.CairnException RESOURCE_ALREADY_EXISTS {@code User role assignment
   *     (user_id=<id>, role_id=<id>) already exists}
   */
  RoleAssignment assignRole(long userId, long roleId);

  /**
   * @throws dev.cairn.core.CairnException RESOURCE_DOES_NOT_EXIST {@code User role assignment
   *     (user_id=<id>, role_id=<id>) not found}
   */
  void unassignRole(long userId, long roleId);

  /** Every role assigned to the user, with its grants, in any workspace. */
  List<Role> userRoles(long userId);

  /** Every user with the roles assigned to them, users by id. */
  List<UserRoles> usersWithRoles();

  /** The assignments of a role (the role must exist). */
  List<RoleAssignment> roleUsers(long roleId);

  /**
   * The workspaces where the user administers: they hold a role there with the grant ({@code
   * workspace}, {@code *}, MANAGE).
   */
  Set<String> adminWorkspaces(long userId);

  /** The workspaces where the user holds any role. */
  Set<String> presentWorkspaces(long userId);
}
