package dev.cairn.core.auth;

import java.util.List;
import java.util.Set;

/**
 * Users and permissions of MLflow's basic-auth app, in MLflow's own auth database (its tables and
 * alembic revision), so one database serves MLflow and Cairn alike.
 *
 * <p>MLflow 3 keeps a user's own grants on a hidden per-user role, {@code __user_<id>__} in the
 * {@code default} workspace, assigned to that user; grants of roles an administrator assigns fold
 * in beside them. Every method is atomic and thread-safe; lookups by user name throw
 * RESOURCE_DOES_NOT_EXIST {@code User with username=<name> not found} when there is no such user.
 */
public interface AuthStore extends AutoCloseable {
  /** The workspace every grant lives in while workspaces are off (MLflow's default). */
  String DEFAULT_WORKSPACE = "default";

  /**
   * @throws dev.cairn.core.CairnException RESOURCE_ALREADY_EXISTS {@code User (username=<name>)
   *     already exists.}
   */
  AuthUser createUser(String username, String passwordHash, boolean admin);

  /** The user, or null when there is none. */
  AuthUser findUser(String username);

  /** Every user, by id. */
  List<AuthUser> listUsers();

  /** Sets what is non-null: a new password hash, the administrator flag. */
  AuthUser updateUser(String username, String passwordHash, Boolean admin);

  /** Deletes the user with their own role, its grants and their rows in the legacy tables. */
  void deleteUser(String username);

  /**
   * Adds a grant to the user's own role (creating the role and its assignment on first use).
   *
   * @throws dev.cairn.core.CairnException RESOURCE_ALREADY_EXISTS when the user's own role already
   *     has a grant on that type and pattern (the caller words the message)
   */
  void createGrant(String username, Grant grant);

  /** The user's own grant on exactly that type and pattern, or null. */
  Grant findGrant(String username, String resourceType, String resourcePattern);

  /** Changes the permission of an existing own grant; false when there is none. */
  boolean updateGrant(String username, Grant grant);

  /** Removes an own grant; false when there is none. */
  boolean deleteGrant(String username, String resourceType, String resourcePattern);

  /** The user's own grants of a type. */
  List<Grant> ownGrants(String username, String resourceType);

  /**
   * Every grant of every role assigned to the user in the workspace whose type is one of {@code
   * types} or {@code workspace} (the input of {@link Grant#fold}).
   */
  List<Grant> grantsOf(long userId, String workspace, Set<String> types);

  /** Removes the grants on one resource from every user's own role (the resource was deleted). */
  void deleteGrantsFor(String resourceType, String resourcePattern);

  /** Moves the grants on one resource to its new id in every user's own role (a rename). */
  void renameGrantsFor(String resourceType, String oldPattern, String newPattern);

  /** The roles of the same database (MLflow's role API). */
  RoleStore roles();

  /** Cairn's audit log of user and permission changes, in the same database. */
  AuditStore audit();

  @Override
  void close();
}
