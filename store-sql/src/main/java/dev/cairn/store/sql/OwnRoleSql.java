package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.queryOne;
import static dev.cairn.store.sql.Jdbc.update;

import dev.cairn.core.CairnException;
import dev.cairn.core.auth.AuthStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * SQL of a user's own role: the role {@code __user_<user id>__} that MLflow 3 keeps in {@code
 * roles} for each user with grants of their own, assigned to that user in {@code
 * user_role_assignments}, its grants being rows of {@code role_permissions}.
 */
final class OwnRoleSql {
  /**
   * MLflow's test for a per-user role name, {@code re.match(r"^__user_\d+__$", name)}: Python's
   * {@code \d} takes any Unicode digit and its {@code $} also matches before a final newline. Such
   * a name can only come from MLflow itself or from SQL typed by hand (MLflow's role API refuses
   * the prefix), but bulk changes must spare exactly the roles MLflow spares.
   */
  private static final Pattern NAME =
      Pattern.compile("__user_\\d+__\\n?", Pattern.UNICODE_CHARACTER_CLASS);

  private OwnRoleSql() {}

  static String name(long userId) {
    return "__user_" + userId + "__";
  }

  /** Whether a role is some user's own role, as MLflow decides it by the name alone. */
  static boolean isOwnRole(String roleName) {
    return roleName != null && NAME.matcher(roleName).matches();
  }

  /** The id of the user's own role, or null before their first grant. */
  static Long find(Connection c, long userId) throws SQLException {
    return queryOne(
        c,
        "SELECT id FROM roles WHERE workspace = ? AND name = ?",
        rs -> rs.getLong(1),
        AuthStore.DEFAULT_WORKSPACE,
        name(userId));
  }

  /**
   * The id of the user's own role, creating the role and assigning it to the user when either is
   * missing.
   *
   * <p>Two first grants of one user may race here on PostgreSQL and MySQL: the loser's INSERT meets
   * the unique key ({@code unique_workspace_role_name} or {@code unique_user_role}) that the
   * winner's committed row holds. MLflow recovers from that inside the transaction with a
   * savepoint; here the unique violation leaves the work, and {@link
   * dev.cairn.store.sql.server.ServerDatabase#write} runs it again in a fresh transaction, which
   * finds the winner's role and assignment. On SQLite the one writer runs grants one after the
   * other.
   *
   * @throws CairnException INVALID_PARAMETER_VALUE if a role by that name is assigned to another
   *     user (made by hand, or before MLflow reserved the name): its grants would leak to them
   */
  static long findOrCreate(Connection c, long userId) throws SQLException {
    Long id = find(c, userId);
    if (id == null) {
      update(
          c,
          "INSERT INTO roles (name, workspace, description) VALUES (?, ?, NULL)",
          name(userId),
          AuthStore.DEFAULT_WORKSPACE);
      id = find(c, userId);
    } else {
      refuseIfShared(c, id, userId);
    }
    assign(c, userId, id);
    return id;
  }

  private static void assign(Connection c, long userId, long roleId) throws SQLException {
    String sql = "SELECT 1 FROM user_role_assignments WHERE user_id = ? AND role_id = ?";
    if (queryOne(c, sql, rs -> 1, userId, roleId) == null) {
      update(
          c, "INSERT INTO user_role_assignments (user_id, role_id) VALUES (?, ?)", userId, roleId);
    }
  }

  private static void refuseIfShared(Connection c, long roleId, long userId) throws SQLException {
    Long other =
        queryOne(
            c,
            "SELECT user_id FROM user_role_assignments WHERE role_id = ? AND user_id <> ?",
            rs -> rs.getLong(1),
            roleId,
            userId);
    if (other != null) {
      throw CairnException.invalid(
          "Role '%s' in workspace '%s' collides with the reserved '__user_<id>__' synthetic"
              + " namespace but is already assigned to user_id=%d. Rename or delete the"
              + " conflicting role before granting per-user permissions.",
          name(userId), AuthStore.DEFAULT_WORKSPACE, other);
    }
  }

  /**
   * Deletes the user's own roles in every workspace, as MLflow's {@code delete_user} does, with
   * their grants and every assignment of them; then the user's other assignments. The schema has no
   * cascading keys, so children go first.
   */
  static void deleteAll(Connection c, long userId) throws SQLException {
    String ownRoles = "SELECT id FROM roles WHERE name = ?";
    String name = name(userId);
    update(c, "DELETE FROM role_permissions WHERE role_id IN (" + ownRoles + ")", name);
    update(
        c,
        "DELETE FROM user_role_assignments WHERE user_id = ? OR role_id IN (" + ownRoles + ")",
        userId,
        name);
    update(c, "DELETE FROM roles WHERE name = ?", name);
  }
}
