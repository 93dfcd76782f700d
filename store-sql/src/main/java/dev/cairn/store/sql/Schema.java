package dev.cairn.store.sql;

import dev.cairn.core.artifacts.Uris;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MLflow's schema: created on an empty database exactly as MLflow's migrations leave it (with the
 * {@code alembic_version} row and the Default experiment), and checked on an existing one.
 */
public final class Schema {
  /** The alembic head of the MLflow version Cairn's schema matches (mlflow 3.17.2). */
  public static final String ALEMBIC_HEAD = "dc11669786a5";

  private Schema() {}

  /** Creates the schema if the database is empty; fails if it holds another schema revision. */
  public static void initialise(Database db, String defaultArtifactRoot, long now) {
    try {
      createOrCheck(db, defaultArtifactRoot, now);
    } catch (dev.cairn.core.CairnException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("cannot use the database: " + cause.getMessage(), e);
    }
  }

  /** The database's alembic revision, or null when it holds no MLflow schema. */
  public static String revision(Database db) {
    return db.read(c -> SchemaLock.tableExists(c, "alembic_version") ? version(c) : null);
  }

  private static void createOrCheck(Database db, String defaultArtifactRoot, long now) {
    String found =
        db.write(
            c -> {
              // Servers starting together on one empty database: one creates, the others wait
              // for its transaction and then find the schema.
              SchemaLock.TRACKING.acquire(c, db.dialect());
              try {
                if (SchemaLock.tableExists(c, "alembic_version")) {
                  return version(c);
                }
                create(c, db.dialect());
                insertDefaults(c, db.dialect(), defaultArtifactRoot, now);
                return ALEMBIC_HEAD;
              } finally {
                SchemaLock.TRACKING.release(c, db.dialect());
              }
            });
    if (!ALEMBIC_HEAD.equals(found)) {
      throw new IllegalStateException(
          String.format(
              "Detected a database schema at revision '%s', but Cairn expects '%s' (mlflow 3.17.2)."
                  + " Back it up, then upgrade it with `cairn db upgrade <uri>` (or `mlflow db upgrade"
                  + " <uri>` using mlflow 3.17.2).",
              found, ALEMBIC_HEAD));
    }
  }

  private static String version(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version_num FROM alembic_version")) {
      return rs.next() ? rs.getString(1) : "";
    }
  }

  static void create(Connection c, Dialect dialect) throws SQLException {
    String script = resource("schema/" + dialect.name().toLowerCase() + ".sql");
    try (Statement s = c.createStatement()) {
      for (String statement : statements(script)) {
        s.execute(statement);
      }
      s.execute("INSERT INTO alembic_version (version_num) VALUES ('" + ALEMBIC_HEAD + "')");
    }
  }

  /**
   * Splits a DDL script into statements: a SQLite trigger body's inner semicolons end at its {@code
   * END;}, a PostgreSQL {@code $$}-quoted function body's at the closing {@code $$;}.
   */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean triggerBody = false;
    boolean dollarQuoted = false;
    for (String line : script.split("\n")) {
      if (current.isEmpty() && (line.isBlank() || line.startsWith("--"))) {
        continue;
      }
      current.append(line).append('\n');
      String end = line.strip();
      if (end.toUpperCase(Locale.ROOT).equals("BEGIN")
          && current.toString().toUpperCase(Locale.ROOT).startsWith("CREATE TRIGGER")) {
        triggerBody = true;
      }
      if ((line.split("\\$\\$", -1).length - 1) % 2 == 1) {
        dollarQuoted = !dollarQuoted;
      }
      boolean ends =
          end.endsWith(";") && !dollarQuoted && (!triggerBody || end.equalsIgnoreCase("END;"));
      if (ends) {
        out.add(current.toString());
        current.setLength(0);
        triggerBody = false;
      }
    }
    return out;
  }

  private static void insertDefaults(Connection c, Dialect dialect, String root, long now)
      throws SQLException {
    if (dialect == Dialect.MYSQL) {
      // MySQL reads an explicit 0 in an AUTO_INCREMENT column as "next id"; MLflow's Default
      // experiment is id 0 there too, written with this mode for the one statement.
      try (Statement s = c.createStatement()) {
        s.execute("SET @cairn_sql_mode = @@SESSION.sql_mode");
        s.execute("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage,"
                + " creation_time, last_update_time, workspace)"
                + " VALUES (0, 'Default', ?, 'active', ?, ?, 'default')")) {
      p.setString(1, Uris.append(root, "0"));
      p.setLong(2, now);
      p.setLong(3, now);
      p.executeUpdate();
    }
    if (dialect == Dialect.MYSQL) {
      try (Statement s = c.createStatement()) {
        s.execute("SET SESSION sql_mode = @cairn_sql_mode");
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO workspaces (name, description) VALUES"
                + " ('default', 'Default workspace for legacy resources')")) {
      p.executeUpdate();
    }
  }

  static String resource(String name) {
    try (InputStream in = Schema.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema resource " + name, e);
    }
  }
}
