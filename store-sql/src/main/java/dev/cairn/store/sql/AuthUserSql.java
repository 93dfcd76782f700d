package dev.cairn.store.sql;

import static dev.cairn.store.sql.Jdbc.query;
import static dev.cairn.store.sql.Jdbc.queryOne;

import dev.cairn.core.CairnException;
import dev.cairn.core.auth.AuthUser;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** SQL of the {@code users} table of MLflow's auth schema. */
final class AuthUserSql {
  private static final String SELECT = "SELECT id, username, password_hash, is_admin FROM users";

  /**
   * MLflow 3.17.2 drops its rows from these pre-role tables when it deletes a user: it no longer
   * reads them (they stay for a rollback of its role migration), but their foreign keys to {@code
   * users} do not cascade.
   */
  private static final List<String> LEGACY_TABLES =
      List.of(
          "experiment_permissions",
          "registered_model_permissions",
          "scorer_permissions",
          "gateway_secret_permissions",
          "gateway_endpoint_permissions",
          "gateway_model_definition_permissions",
          "workspace_permissions");

  private AuthUserSql() {}

  static CairnException notFound(String username) {
    return CairnException.notFound("User with username=%s not found", username);
  }

  static AuthUser find(Connection c, String username) throws SQLException {
    return queryOne(c, SELECT + " WHERE username = ?", AuthUserSql::user, username);
  }

  static AuthUser require(Connection c, String username) throws SQLException {
    AuthUser user = find(c, username);
    if (user == null) {
      throw notFound(username);
    }
    return user;
  }

  static List<AuthUser> list(Connection c) throws SQLException {
    return query(c, SELECT + " ORDER BY id", AuthUserSql::user);
  }

  /**
   * Inserts a user; the database picks the id. A concurrent insert of the same name fails on the
   * unique key and the retried work then finds the name taken.
   */
  static AuthUser create(Connection c, String username, String passwordHash, boolean admin)
      throws SQLException {
    if (find(c, username) != null) {
      // MLflow appends the database's error text ("Error: (sqlite3.IntegrityError) ..."); Cairn
      // ends the sentence here, so no SQL, table or driver detail reaches the caller.
      throw CairnException.alreadyExists("User (username=%s) already exists.", username);
    }
    Jdbc.update(
        c,
        "INSERT INTO users (username, password_hash, is_admin) VALUES (?, ?, ?)",
        username,
        passwordHash,
        admin);
    return require(c, username);
  }

  static void update(Connection c, long id, String passwordHash, Boolean admin)
      throws SQLException {
    if (passwordHash != null) {
      Jdbc.update(c, "UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, id);
    }
    if (admin != null) {
      Jdbc.update(c, "UPDATE users SET is_admin = ? WHERE id = ?", admin, id);
    }
  }

  /** Deletes the user row after everything that refers to it. */
  static void delete(Connection c, long id) throws SQLException {
    OwnRoleSql.deleteAll(c, id);
    for (String table : LEGACY_TABLES) {
      Jdbc.update(c, "DELETE FROM " + table + " WHERE user_id = ?", id);
    }
    Jdbc.update(c, "DELETE FROM users WHERE id = ?", id);
  }

  private static AuthUser user(ResultSet rs) throws SQLException {
    // is_admin is nullable in MLflow's schema; MLflow's model defaults it to false.
    return new AuthUser(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getString("password_hash"),
        rs.getBoolean("is_admin"));
  }
}
