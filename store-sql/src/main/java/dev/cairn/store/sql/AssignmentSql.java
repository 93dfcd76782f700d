package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;

import dev.cairn.core.CairnException;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Role;
import dev.cairn.core.auth.RoleAssignment;
import dev.cairn.core.auth.UserRoles;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL of {@code user_role_assignments}: which user holds which role. */
final class AssignmentSql {
  private static final String SELECT = "SELECT id, user_id, role_id FROM user_role_assignments";

  private AssignmentSql() {}

  static RoleAssignment assign(Connection c, long userId, long roleId) throws SQLException {
    if (queryOne(c, "SELECT id FROM users WHERE id = ?", rs -> 1, userId) == null) {
      throw CairnException.notFound("User with id=%d not found", userId);
    }
    RoleSql.require(c, roleId);
    if (find(c, userId, roleId) != null) {
      throw CairnException.alreadyExists(
          "User role assignment (user_id=%d, role_id=%d) already exists", userId, roleId);
    }
    Jdbc.update(
        c, "INSERT INTO user_role_assignments (user_id, role_id) VALUES (?, ?)", userId, roleId);
    return find(c, userId, roleId);
  }

  static void unassign(Connection c, long userId, long roleId) throws SQLException {
    RoleAssignment held = find(c, userId, roleId);
    if (held == null) {
      throw CairnException.notFound(
          "User role assignment (user_id=%d, role_id=%d) not found", userId, roleId);
    }
    Jdbc.update(c, "DELETE FROM user_role_assignments WHERE id = ?", held.id());
  }

  static List<RoleAssignment> ofRole(Connection c, long roleId) throws SQLException {
    RoleSql.require(c, roleId);
    return query(c, SELECT + " WHERE role_id = ? ORDER BY id", AssignmentSql::assignment, roleId);
  }

  /** Every user with their roles: three queries, whatever the number of users. */
  static List<UserRoles> usersWithRoles(Connection c) throws SQLException {
    Map<Long, Role> roles = new HashMap<>();
    for (Role r : RoleSql.select(c, RoleSql.Where.assigned())) {
      roles.put(r.id(), r);
    }
    Map<Long, List<Role>> held = new HashMap<>();
    for (RoleAssignment a : query(c, SELECT + " ORDER BY role_id", AssignmentSql::assignment)) {
      held.computeIfAbsent(a.userId(), k -> new ArrayList<>()).add(roles.get(a.roleId()));
    }
    List<UserRoles> out = new ArrayList<>();
    for (AuthUser user : AuthUserSql.list(c)) {
      out.add(new UserRoles(user, held.getOrDefault(user.id(), List.of())));
    }
    return out;
  }

  private static RoleAssignment find(Connection c, long userId, long roleId) throws SQLException {
    return queryOne(
        c,
        SELECT + " WHERE user_id = ? AND role_id = ?",
        AssignmentSql::assignment,
        userId,
        roleId);
  }

  private static RoleAssignment assignment(ResultSet rs) throws SQLException {
    return new RoleAssignment(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("role_id"));
  }
}
