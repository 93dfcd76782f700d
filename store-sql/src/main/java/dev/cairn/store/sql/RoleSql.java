package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;

import dev.cairn.core.CairnException;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Permission;
import dev.cairn.core.auth.ResourceTypes;
import dev.cairn.core.auth.Role;
import dev.cairn.core.auth.RoleGrant;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL of {@code roles}, read with their grants: each read selects the roles by one condition and
 * their grants by the same condition in a subquery, so no list of ids travels to the database.
 */
final class RoleSql {
  private RoleSql() {}

  /** Roles matching a condition on {@code r}, with its arguments. */
  record Where(String condition, Object... args) {
    static Where id(long roleId) {
      return new Where("r.id = ?", roleId);
    }

    static Where all() {
      return new Where("1 = 1");
    }

    static Where heldBy(long userId) {
      return new Where(
          "r.id IN (SELECT a.role_id FROM user_role_assignments a WHERE a.user_id = ?)", userId);
    }

    static Where assigned() {
      return new Where("r.id IN (SELECT a.role_id FROM user_role_assignments a)");
    }

    static Where inWorkspaces(Collection<String> workspaces) {
      Set<String> distinct = new LinkedHashSet<>(workspaces);
      return new Where(
          "r.workspace IN (" + Jdbc.placeholders(distinct.size()) + ")", distinct.toArray());
    }
  }

  static CairnException notFound(long roleId) {
    return CairnException.notFound("Role with id=%d not found", roleId);
  }

  static Role require(Connection c, long roleId) throws SQLException {
    List<Role> found = select(c, Where.id(roleId));
    if (found.isEmpty()) {
      throw notFound(roleId);
    }
    return found.get(0);
  }

  /** The roles matching, by id, each with its grants by id. */
  static List<Role> select(Connection c, Where where) throws SQLException {
    Map<Long, List<RoleGrant>> grants = new LinkedHashMap<>();
    for (RoleGrant g :
        query(
            c,
            RoleGrantSql.SELECT
                + " WHERE rp.role_id IN (SELECT r.id FROM roles r WHERE "
                + where.condition()
                + ") ORDER BY rp.id",
            RoleGrantSql::roleGrant,
            where.args())) {
      grants.computeIfAbsent(g.roleId(), k -> new ArrayList<>()).add(g);
    }
    return query(
        c,
        "SELECT r.id, r.name, r.workspace, r.description FROM roles r WHERE "
            + where.condition()
            + " ORDER BY r.id",
        rs -> role(rs, grants),
        where.args());
  }

  static Role create(Connection c, String name, String workspace, String description)
      throws SQLException {
    if (idOf(c, workspace, name) != null) {
      // MLflow appends the database's error; Cairn ends the sentence here, as for users.
      throw CairnException.alreadyExists(
          "Role (name=%s, workspace=%s) already exists.", name, workspace);
    }
    Jdbc.update(
        c,
        "INSERT INTO roles (name, workspace, description) VALUES (?, ?, ?)",
        name,
        workspace,
        description);
    return require(c, idOf(c, workspace, name));
  }

  private static Long idOf(Connection c, String workspace, String name) throws SQLException {
    return queryOne(
        c,
        "SELECT id FROM roles WHERE workspace = ? AND name = ?",
        rs -> rs.getLong(1),
        workspace,
        name);
  }

  static Role update(Connection c, long roleId, String name, String description)
      throws SQLException {
    Role role = require(c, roleId);
    if (name != null) {
      Long other =
          queryOne(
              c,
              "SELECT id FROM roles WHERE workspace = ? AND name = ? AND id <> ?",
              rs -> rs.getLong(1),
              role.workspace(),
              name,
              roleId);
      if (other != null) {
        throw CairnException.alreadyExists(
            "Role with name=%s already exists in workspace=%s", name, role.workspace());
      }
      Jdbc.update(c, "UPDATE roles SET name = ? WHERE id = ?", name, roleId);
    }
    if (description != null) {
      Jdbc.update(c, "UPDATE roles SET description = ? WHERE id = ?", description, roleId);
    }
    return require(c, roleId);
  }

  /** Deletes the role after its grants and assignments: the schema's keys do not cascade. */
  static void delete(Connection c, long roleId) throws SQLException {
    require(c, roleId);
    Jdbc.update(c, "DELETE FROM role_permissions WHERE role_id = ?", roleId);
    Jdbc.update(c, "DELETE FROM user_role_assignments WHERE role_id = ?", roleId);
    Jdbc.update(c, "DELETE FROM roles WHERE id = ?", roleId);
  }

  /** The workspaces where the user holds a role with the workspace administrator's grant. */
  static Set<String> adminWorkspaces(Connection c, long userId) throws SQLException {
    return new LinkedHashSet<>(
        query(
            c,
            "SELECT DISTINCT r.workspace FROM roles r"
                + " JOIN role_permissions rp ON rp.role_id = r.id"
                + " JOIN user_role_assignments a ON a.role_id = r.id"
                + " WHERE a.user_id = ? AND rp.resource_type = ? AND rp.resource_pattern = ?"
                + " AND rp.permission = ?",
            rs -> rs.getString(1),
            userId,
            ResourceTypes.WORKSPACE,
            Grant.WILDCARD,
            Permission.MANAGE.name()));
  }

  static Set<String> presentWorkspaces(Connection c, long userId) throws SQLException {
    return new LinkedHashSet<>(
        query(
            c,
            "SELECT DISTINCT r.workspace FROM roles r"
                + " JOIN user_role_assignments a ON a.role_id = r.id WHERE a.user_id = ?",
            rs -> rs.getString(1),
            userId));
  }

  private static Role role(ResultSet rs, Map<Long, List<RoleGrant>> grants) throws SQLException {
    long id = rs.getLong("id");
    return new Role(
        id,
        rs.getString("name"),
        rs.getString("workspace"),
        rs.getString("description"),
        grants.getOrDefault(id, List.of()));
  }
}
