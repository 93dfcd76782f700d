package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;

import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Permission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** SQL of {@code role_permissions}: the grants of roles, a user's own role among them. */
final class GrantSql {
  private static final String COLUMNS = "rp.resource_type, rp.resource_pattern, rp.permission";

  private GrantSql() {}

  static Grant find(Connection c, long roleId, String type, String pattern) throws SQLException {
    return queryOne(
        c,
        "SELECT "
            + COLUMNS
            + " FROM role_permissions rp"
            + " WHERE rp.role_id = ? AND rp.resource_type = ? AND rp.resource_pattern = ?",
        GrantSql::grant,
        roleId,
        type,
        pattern);
  }

  /** Inserts a grant the caller found missing; a concurrent twin fails on the unique key. */
  static void insert(Connection c, long roleId, Grant g) throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO role_permissions (role_id, resource_type, resource_pattern, permission)"
            + " VALUES (?, ?, ?, ?)",
        roleId,
        g.resourceType(),
        g.resourcePattern(),
        g.permission().name());
  }

  static boolean update(Connection c, long roleId, Grant g) throws SQLException {
    return Jdbc.update(
            c,
            "UPDATE role_permissions SET permission = ?"
                + " WHERE role_id = ? AND resource_type = ? AND resource_pattern = ?",
            g.permission().name(),
            roleId,
            g.resourceType(),
            g.resourcePattern())
        > 0;
  }

  static boolean delete(Connection c, long roleId, String type, String pattern)
      throws SQLException {
    return Jdbc.update(
            c,
            "DELETE FROM role_permissions"
                + " WHERE role_id = ? AND resource_type = ? AND resource_pattern = ?",
            roleId,
            type,
            pattern)
        > 0;
  }

  /** A role's grants of one type, oldest first. */
  static List<Grant> ofRole(Connection c, long roleId, String type) throws SQLException {
    return query(
        c,
        "SELECT "
            + COLUMNS
            + " FROM role_permissions rp WHERE rp.role_id = ? AND rp.resource_type = ?"
            + " ORDER BY rp.id",
        GrantSql::grant,
        roleId,
        type);
  }

  /**
   * The grants of every role assigned to the user in the workspace whose type is one of {@code
   * types} or {@code workspace}, as MLflow's {@code list_grants} selects them.
   */
  static List<Grant> ofUser(Connection c, long userId, String workspace, Set<String> types)
      throws SQLException {
    Set<String> wanted = new LinkedHashSet<>(types);
    wanted.add(Grant.WORKSPACE);
    List<Object> args = new ArrayList<>(List.of(userId, workspace));
    args.addAll(wanted);
    return query(
        c,
        "SELECT "
            + COLUMNS
            + " FROM role_permissions rp"
            + " JOIN roles r ON r.id = rp.role_id"
            + " JOIN user_role_assignments a ON a.role_id = r.id"
            + " WHERE a.user_id = ? AND r.workspace = ? AND rp.resource_type IN ("
            + Jdbc.placeholders(wanted.size())
            + ") ORDER BY rp.id",
        GrantSql::grant,
        args.toArray());
  }

  /**
   * Deletes the grants on one resource held by users' own roles; other roles keep theirs, as in
   * MLflow's {@code delete_grants_for_resource}.
   */
  static void deleteFromOwnRoles(Connection c, String type, String pattern) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (Held held : heldByOwnRoles(c, type, pattern)) {
      rows.add(new Object[] {held.grantId()});
    }
    batch(c, "DELETE FROM role_permissions WHERE id = ?", rows);
  }

  /**
   * Moves the grants on one resource held by users' own roles to its new pattern. A grant an own
   * role already holds on the new pattern can only be a leftover of a deleted resource of that name
   * (the rename was allowed), so the moved grant replaces it: MLflow fails there on the unique key
   * after the resource itself was renamed.
   */
  static void renameInOwnRoles(Connection c, String type, String oldPattern, String newPattern)
      throws SQLException {
    List<Object[]> stale = new ArrayList<>();
    List<Object[]> moved = new ArrayList<>();
    for (Held held : heldByOwnRoles(c, type, oldPattern)) {
      // "id <> ?": under a case-insensitive MySQL collation the moved row is its own twin
      stale.add(new Object[] {held.roleId(), type, newPattern, held.grantId()});
      moved.add(new Object[] {newPattern, held.grantId()});
    }
    batch(
        c,
        "DELETE FROM role_permissions"
            + " WHERE role_id = ? AND resource_type = ? AND resource_pattern = ? AND id <> ?",
        stale);
    batch(c, "UPDATE role_permissions SET resource_pattern = ? WHERE id = ?", moved);
  }

  /** One grant on a resource and the role that holds it. */
  private record Held(long grantId, long roleId, String roleName) {}

  /**
   * The grants on the resource held by own roles in the default workspace. The role name is tested
   * here rather than with LIKE, where {@code _} is a wildcard.
   */
  private static List<Held> heldByOwnRoles(Connection c, String type, String pattern)
      throws SQLException {
    return query(
            c,
            "SELECT rp.id, rp.role_id, r.name FROM role_permissions rp"
                + " JOIN roles r ON r.id = rp.role_id"
                + " WHERE r.workspace = ? AND rp.resource_type = ? AND rp.resource_pattern = ?",
            rs -> new Held(rs.getLong(1), rs.getLong(2), rs.getString(3)),
            AuthStore.DEFAULT_WORKSPACE,
            type,
            pattern)
        .stream()
        .filter(held -> OwnRoleSql.isOwnRole(held.roleName()))
        .toList();
  }

  private static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (Object[] row : rows) {
        Jdbc.bind(p, row);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private static Grant grant(ResultSet rs) throws SQLException {
    return new Grant(
        rs.getString("resource_type"),
        rs.getString("resource_pattern"),
        Permission.of(rs.getString("permission")));
  }
}
