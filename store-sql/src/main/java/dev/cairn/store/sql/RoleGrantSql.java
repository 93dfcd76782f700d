package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;

import dev.cairn.core.CairnException;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Permission;
import dev.cairn.core.auth.RoleGrant;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** SQL of {@code role_permissions} rows by their id, as MLflow's role API reaches them. */
final class RoleGrantSql {
  static final String SELECT =
      "SELECT rp.id, rp.role_id, rp.resource_type, rp.resource_pattern, rp.permission"
          + " FROM role_permissions rp";

  private RoleGrantSql() {}

  static RoleGrant require(Connection c, long id) throws SQLException {
    RoleGrant g = queryOne(c, SELECT + " WHERE rp.id = ?", RoleGrantSql::roleGrant, id);
    if (g == null) {
      throw CairnException.notFound("Role permission with id=%d not found", id);
    }
    return g;
  }

  static List<RoleGrant> ofRole(Connection c, long roleId) throws SQLException {
    RoleSql.require(c, roleId);
    return query(
        c, SELECT + " WHERE rp.role_id = ? ORDER BY rp.id", RoleGrantSql::roleGrant, roleId);
  }

  static RoleGrant add(Connection c, long roleId, Grant grant) throws SQLException {
    RoleSql.require(c, roleId);
    if (GrantSql.find(c, roleId, grant.resourceType(), grant.resourcePattern()) != null) {
      throw CairnException.alreadyExists(
          "Role permission (role_id=%d, resource_type=%s, resource_pattern=%s) already exists.",
          roleId, grant.resourceType(), grant.resourcePattern());
    }
    GrantSql.insert(c, roleId, grant);
    return queryOne(
        c,
        SELECT + " WHERE rp.role_id = ? AND rp.resource_type = ? AND rp.resource_pattern = ?",
        RoleGrantSql::roleGrant,
        roleId,
        grant.resourceType(),
        grant.resourcePattern());
  }

  static RoleGrant update(Connection c, long id, Permission permission) throws SQLException {
    require(c, id);
    Jdbc.update(
        c, "UPDATE role_permissions SET permission = ? WHERE id = ?", permission.name(), id);
    return require(c, id);
  }

  static void remove(Connection c, long id) throws SQLException {
    require(c, id);
    Jdbc.update(c, "DELETE FROM role_permissions WHERE id = ?", id);
  }

  static RoleGrant roleGrant(ResultSet rs) throws SQLException {
    return new RoleGrant(
        rs.getLong("id"),
        rs.getLong("role_id"),
        rs.getString("resource_type"),
        rs.getString("resource_pattern"),
        Permission.of(rs.getString("permission")));
  }
}
