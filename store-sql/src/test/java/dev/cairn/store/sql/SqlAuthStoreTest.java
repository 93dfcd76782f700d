package dev.cairn.store.sql;

import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.Grant;
import dev.cairn.testkit.AuthStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The auth store contract on one SQL database, each test on a fresh one; the hooks write and count
 * rows of MLflow's auth tables directly.
 */
abstract class SqlAuthStoreTest extends AuthStoreContract {
  /** MLflow's pre-role grant tables, each with an insert of one row for a user id. */
  private static final Map<String, String> LEGACY_INSERTS =
      Map.of(
          "experiment_permissions",
          "(experiment_id, user_id, permission) VALUES ('1', ?, 'READ')",
          "registered_model_permissions",
          "(name, user_id, permission, workspace) VALUES ('m', ?, 'READ', 'default')",
          "scorer_permissions",
          "(experiment_id, scorer_name, user_id, permission) VALUES ('1', 's', ?, 'READ')",
          "gateway_secret_permissions",
          "(secret_id, user_id, permission) VALUES ('s', ?, 'READ')",
          "gateway_endpoint_permissions",
          "(endpoint_id, user_id, permission) VALUES ('e', ?, 'READ')",
          "gateway_model_definition_permissions",
          "(model_definition_id, user_id, permission) VALUES ('d', ?, 'READ')",
          "workspace_permissions",
          "(workspace, user_id, permission) VALUES ('default', ?, 'READ')");

  private Database db;

  /** The URI of a new, empty database. */
  abstract String newDatabase();

  @Override
  protected AuthStore openStore() {
    db = Databases.open(newDatabase());
    AuthSchema.initialise(db);
    return new SqlAuthStore(db);
  }

  @Override
  protected void assignRole(
      String username, String workspace, String roleName, List<Grant> grants) {
    db.write(
        c -> {
          long role = role(c, workspace, roleName);
          for (Grant g : grants) {
            Jdbc.update(
                c,
                "INSERT INTO role_permissions (role_id, resource_type, resource_pattern,"
                    + " permission) VALUES (?, ?, ?, ?)",
                role,
                g.resourceType(),
                g.resourcePattern(),
                g.permission().name());
          }
          Jdbc.update(
              c,
              "INSERT INTO user_role_assignments (user_id, role_id)"
                  + " SELECT id, ? FROM users WHERE username = ?",
              role,
              username);
          return null;
        });
  }

  private static long role(Connection c, String workspace, String name) throws SQLException {
    String find = "SELECT id FROM roles WHERE workspace = ? AND name = ?";
    Long id = Jdbc.queryOne(c, find, rs -> rs.getLong(1), workspace, name);
    if (id == null) {
      Jdbc.update(c, "INSERT INTO roles (name, workspace) VALUES (?, ?)", name, workspace);
      id = Jdbc.queryOne(c, find, rs -> rs.getLong(1), workspace, name);
    }
    return id;
  }

  @Override
  protected void addLegacyGrants(long userId) {
    db.write(
        c -> {
          for (Map.Entry<String, String> e : LEGACY_INSERTS.entrySet()) {
            Jdbc.update(c, "INSERT INTO " + e.getKey() + " " + e.getValue(), userId);
          }
          return null;
        });
  }

  @Override
  protected Footprint footprint(long userId) {
    String own = "__user_" + userId + "__";
    return db.read(
        c ->
            new Footprint(
                count(c, "SELECT COUNT(*) FROM roles WHERE name = ?", own),
                count(c, "SELECT COUNT(*) FROM user_role_assignments WHERE user_id = ?", userId),
                count(
                    c,
                    "SELECT COUNT(*) FROM role_permissions"
                        + " WHERE role_id IN (SELECT id FROM roles WHERE name = ?)",
                    own),
                legacy(c, userId)));
  }

  private static int legacy(Connection c, long userId) throws SQLException {
    int rows = 0;
    for (String table : LEGACY_INSERTS.keySet()) {
      rows += count(c, "SELECT COUNT(*) FROM " + table + " WHERE user_id = ?", userId);
    }
    return rows;
  }

  private static int count(Connection c, String sql, Object arg) throws SQLException {
    return Jdbc.queryOne(c, sql, rs -> rs.getInt(1), arg);
  }
}
