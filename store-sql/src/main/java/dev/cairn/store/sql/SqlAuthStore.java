package dev.cairn.store.sql;

import dev.cairn.core.CairnException;
import dev.cairn.core.auth.AuditStore;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.RoleStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * The {@link AuthStore} on MLflow 3.17.2's auth schema, writing the rows MLflow's own {@code
 * SqlAlchemyStore} writes: a user's own grants are {@code role_permissions} of the role {@code
 * __user_<id>__} in workspace {@code default}, assigned to the user, so that MLflow and Cairn can
 * take turns on one auth database.
 *
 * <p>Workspaces are off in Cairn, so the own role and the bulk changes ({@link #deleteGrantsFor},
 * {@link #renameGrantsFor}) stay in the {@code default} workspace, where MLflow without workspaces
 * keeps them too; an own role in another workspace (left by an MLflow that had workspaces on) is
 * only ever removed, with its user.
 */
public final class SqlAuthStore implements AuthStore {
  private final Database db;
  private final SqlRoleStore roles;
  private final SqlAuditStore audit;

  /**
   * Uses (and closes) {@code db}, whose auth schema must already be at MLflow's head: the caller
   * runs {@link AuthSchema#initialise} first, which refuses a schema at another revision with a
   * one-line reason. The constructor leaves that out so that opening a store never changes a
   * database (as for {@link SqlTrackingStore} and {@link Schema}).
   */
  public SqlAuthStore(Database db) {
    this.db = db;
    this.roles = new SqlRoleStore(db);
    this.audit = new SqlAuditStore(db);
  }

  @Override
  public RoleStore roles() {
    return roles;
  }

  @Override
  public AuditStore audit() {
    return audit;
  }

  @Override
  public AuthUser createUser(String username, String passwordHash, boolean admin) {
    return db.write(c -> AuthUserSql.create(c, username, passwordHash, admin));
  }

  @Override
  public AuthUser findUser(String username) {
    return db.read(c -> AuthUserSql.find(c, username));
  }

  @Override
  public List<AuthUser> listUsers() {
    return db.read(AuthUserSql::list);
  }

  @Override
  public AuthUser updateUser(String username, String passwordHash, Boolean admin) {
    return db.write(
        c -> {
          AuthUser user = AuthUserSql.require(c, username);
          AuthUserSql.update(c, user.id(), passwordHash, admin);
          return AuthUserSql.require(c, username);
        });
  }

  @Override
  public void deleteUser(String username) {
    db.write(
        c -> {
          AuthUserSql.delete(c, AuthUserSql.require(c, username).id());
          return null;
        });
  }

  @Override
  public void createGrant(String username, Grant grant) {
    db.write(
        c -> {
          AuthUser user = AuthUserSql.require(c, username);
          long role = OwnRoleSql.findOrCreate(c, user.id());
          if (GrantSql.find(c, role, grant.resourceType(), grant.resourcePattern()) != null) {
            throw CairnException.alreadyExists(
                "Permission for user=%s on resource_type=%s, resource_id=%s already exists.",
                username, grant.resourceType(), grant.resourcePattern());
          }
          GrantSql.insert(c, role, grant);
          return null;
        });
  }

  @Override
  public Grant findGrant(String username, String resourceType, String resourcePattern) {
    return db.read(
        c -> {
          Long role = ownRole(c, username);
          return role == null ? null : GrantSql.find(c, role, resourceType, resourcePattern);
        });
  }

  @Override
  public boolean updateGrant(String username, Grant grant) {
    return db.write(
        c -> {
          Long role = ownRole(c, username);
          return role != null && GrantSql.update(c, role, grant);
        });
  }

  @Override
  public boolean deleteGrant(String username, String resourceType, String resourcePattern) {
    return db.write(
        c -> {
          Long role = ownRole(c, username);
          return role != null && GrantSql.delete(c, role, resourceType, resourcePattern);
        });
  }

  @Override
  public List<Grant> ownGrants(String username, String resourceType) {
    return db.read(
        c -> {
          Long role = ownRole(c, username);
          return role == null ? List.of() : GrantSql.ofRole(c, role, resourceType);
        });
  }

  /** The user's own role, null before their first grant; throws for an unknown user. */
  private static Long ownRole(Connection c, String username) throws SQLException {
    return OwnRoleSql.find(c, AuthUserSql.require(c, username).id());
  }

  @Override
  public List<Grant> grantsOf(long userId, String workspace, Set<String> types) {
    return db.read(c -> GrantSql.ofUser(c, userId, workspace, types));
  }

  @Override
  public void deleteGrantsFor(String resourceType, String resourcePattern) {
    db.write(
        c -> {
          GrantSql.deleteFromOwnRoles(c, resourceType, resourcePattern);
          return null;
        });
  }

  @Override
  public void renameGrantsFor(String resourceType, String oldPattern, String newPattern) {
    db.write(
        c -> {
          GrantSql.renameInOwnRoles(c, resourceType, oldPattern, newPattern);
          return null;
        });
  }

  @Override
  public void close() {
    db.close();
  }
}
