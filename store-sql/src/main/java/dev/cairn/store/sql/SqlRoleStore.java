package dev.cairn.store.sql;

import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Permission;
import dev.cairn.core.auth.Role;
import dev.cairn.core.auth.RoleAssignment;
import dev.cairn.core.auth.RoleGrant;
import dev.cairn.core.auth.RoleStore;
import dev.cairn.core.auth.UserRoles;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The {@link RoleStore} on MLflow 3.17.2's auth schema, writing the rows MLflow's role API writes.
 * A concurrent twin of a new role, grant or assignment fails on the table's unique key; the write
 * is then run again (see {@link dev.cairn.store.sql.server.ServerDatabase#write}) and finds it
 * taken.
 */
final class SqlRoleStore implements RoleStore {
  private final Database db;

  SqlRoleStore(Database db) {
    this.db = db;
  }

  @Override
  public Role createRole(String name, String workspace, String description) {
    return db.write(c -> RoleSql.create(c, name, workspace, description));
  }

  @Override
  public Role role(long roleId) {
    return db.read(c -> RoleSql.require(c, roleId));
  }

  @Override
  public List<Role> listRoles(Collection<String> workspaces) {
    if (workspaces != null && workspaces.isEmpty()) {
      return List.of();
    }
    RoleSql.Where where =
        workspaces == null ? RoleSql.Where.all() : RoleSql.Where.inWorkspaces(workspaces);
    return db.read(c -> RoleSql.select(c, where));
  }

  @Override
  public Role updateRole(long roleId, String name, String description) {
    return db.write(c -> RoleSql.update(c, roleId, name, description));
  }

  @Override
  public void deleteRole(long roleId) {
    db.write(
        c -> {
          RoleSql.delete(c, roleId);
          return null;
        });
  }

  @Override
  public RoleGrant addRoleGrant(long roleId, Grant grant) {
    return db.write(c -> RoleGrantSql.add(c, roleId, grant));
  }

  @Override
  public RoleGrant roleGrant(long roleGrantId) {
    return db.read(c -> RoleGrantSql.require(c, roleGrantId));
  }

  @Override
  public List<RoleGrant> roleGrants(long roleId) {
    return db.read(c -> RoleGrantSql.ofRole(c, roleId));
  }

  @Override
  public RoleGrant updateRoleGrant(long roleGrantId, Permission permission) {
    return db.write(c -> RoleGrantSql.update(c, roleGrantId, permission));
  }

  @Override
  public void removeRoleGrant(long roleGrantId) {
    db.write(
        c -> {
          RoleGrantSql.remove(c, roleGrantId);
          return null;
        });
  }

  @Override
  public RoleAssignment assignRole(long userId, long roleId) {
    return db.write(c -> AssignmentSql.assign(c, userId, roleId));
  }

  @Override
  public void unassignRole(long userId, long roleId) {
    db.write(
        c -> {
          AssignmentSql.unassign(c, userId, roleId);
          return null;
        });
  }

  @Override
  public List<Role> userRoles(long userId) {
    return db.read(c -> RoleSql.select(c, RoleSql.Where.heldBy(userId)));
  }

  @Override
  public List<UserRoles> usersWithRoles() {
    return db.read(AssignmentSql::usersWithRoles);
  }

  @Override
  public List<RoleAssignment> roleUsers(long roleId) {
    return db.read(c -> AssignmentSql.ofRole(c, roleId));
  }

  @Override
  public Set<String> adminWorkspaces(long userId) {
    return db.read(c -> RoleSql.adminWorkspaces(c, userId));
  }

  @Override
  public Set<String> presentWorkspaces(long userId) {
    return db.read(c -> RoleSql.presentWorkspaces(c, userId));
  }
}
