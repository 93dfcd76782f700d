package dev.cairn.store.sql;

import dev.cairn.core.CairnException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The schema of MLflow's basic-auth app (users, roles and permissions), kept in its own "auth
 * database" ({@code database_uri} of {@code basic_auth.ini}, {@code sqlite:///basic_auth.db} by
 * default): created on a database without it exactly as MLflow 3.17.2's auth migrations leave it,
 * and checked on one that has it.
 *
 * <p>MLflow versions the auth schema in its own table, {@code alembic_version_auth}, so that it can
 * share a database with the tracking schema (whose table is {@code alembic_version}); Cairn does
 * the same, and the tracking tables of such a database are neither read nor touched here.
 *
 * <p>Example: {@code try (Database db = Databases.open("sqlite:///basic_auth.db")) {
 * AuthSchema.initialise(db); }}
 */
public final class AuthSchema {
  /** The table MLflow's auth migrations record their revision in. */
  public static final String VERSION_TABLE = "alembic_version_auth";

  /**
   * Cairn's audit log of user and permission changes: a table of its own beside MLflow's (which
   * MLflow ignores), created if missing whenever the schema is at the head, also on a database
   * MLflow made. Its objects' names all start with {@code cairn_}.
   */
  public static final String AUDIT_TABLE = "cairn_auth_audit";

  /** The auth alembic head of the MLflow version Cairn's auth schema matches (mlflow 3.17.2). */
  public static final String ALEMBIC_HEAD = "f1a2b3c4d5e6";

  /** MLflow's earlier auth revisions, oldest first: a database at one of them needs an upgrade. */
  static final List<String> OLDER_REVISIONS =
      List.of(
          "8606fa83a998", // initial: users, experiment and registered model permissions
          "0965eb92f5f0", // scorer permissions
          "a1b2c3d4e5f6", // gateway secret, endpoint and model definition permissions
          "2ed73881770d", // workspace permissions, registered model permissions per workspace
          "c3d4e5f6a7b8", // roles, role permissions, user role assignments
          "e5f6a7b8c9d0"); // per-user permissions copied into roles (data only)

  /** Where a database stands against MLflow's auth schema. */
  public enum State {
    /** No auth schema yet: {@link #initialise} creates it. */
    ABSENT,
    /**
     * Auth tables without {@code alembic_version_auth}: made by MLflow before 3.6, which did not
     * version the auth schema.
     */
    UNVERSIONED,
    /** One of MLflow's earlier auth revisions. */
    OLDER,
    /** The revision Cairn uses. */
    HEAD,
    /** A revision Cairn does not know (a newer MLflow's, or not MLflow's). */
    UNKNOWN
  }

  /**
   * What {@link #status} found.
   *
   * @param revision the recorded revision; null when there is none, empty when the version table
   *     holds no row
   */
  public record Status(State state, String revision) {}

  private AuthSchema() {}

  /**
   * Creates the auth schema (tables, indexes and the {@code alembic_version_auth} row at {@link
   * #ALEMBIC_HEAD}) if the database has none, and leaves MLflow's tables of a database already at
   * the head alone; either way adds Cairn's {@link #AUDIT_TABLE} if it is missing.
   *
   * @throws IllegalStateException with a one-line reason if the database holds an auth schema at
   *     another revision (older, unversioned or unknown), which Cairn neither upgrades nor writes,
   *     or if the database cannot be read or written
   */
  public static void initialise(Database db) {
    Status found;
    try {
      found = createOrRead(db);
    } catch (CairnException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("cannot use the auth database: " + cause.getMessage(), e);
    }
    if (found.state() != State.HEAD) {
      throw new IllegalStateException(refusal(found));
    }
  }

  private static Status createOrRead(Database db) {
    return db.write(
        c -> {
          // Servers starting together on one empty database: one creates, the others wait
          // for its transaction and then find the schema.
          SchemaLock.AUTH.acquire(c, db.dialect());
          try {
            Status status = status(c);
            if (status.state() == State.ABSENT) {
              create(c, db.dialect());
              status = new Status(State.HEAD, ALEMBIC_HEAD);
            }
            if (status.state() == State.HEAD) {
              runScript(c, "schema/" + AUDIT_TABLE.replace('_', '-') + "-", db.dialect());
            }
            return status;
          } finally {
            SchemaLock.AUTH.release(c, db.dialect());
          }
        });
  }

  /**
   * Where the database stands, without changing it.
   *
   * @throws CairnException if the database cannot be read
   */
  public static Status status(Database db) {
    return db.read(AuthSchema::status);
  }

  private static Status status(Connection c) throws SQLException {
    if (!SchemaLock.tableExists(c, VERSION_TABLE)) {
      // MLflow before 3.6 made the same first tables without a version table; "users" is the one
      // MLflow itself looks for to tell such a database from an empty one.
      return new Status(
          SchemaLock.tableExists(c, "users") ? State.UNVERSIONED : State.ABSENT, null);
    }
    String revision = revision(c);
    State state;
    if (ALEMBIC_HEAD.equals(revision)) {
      state = State.HEAD;
    } else if (OLDER_REVISIONS.contains(revision)) {
      state = State.OLDER;
    } else {
      state = State.UNKNOWN;
    }
    return new Status(state, revision);
  }

  private static String refusal(Status found) {
    String upgrade =
        " Back it up, then upgrade it with mlflow 3.17.2: `python -m mlflow.server.auth db upgrade"
            + " --url <auth database URI>`.";
    return switch (found.state()) {
      case UNVERSIONED ->
          "The auth database holds an MLflow auth schema from before mlflow 3.6 (no "
              + VERSION_TABLE
              + " table), but Cairn expects revision '"
              + ALEMBIC_HEAD
              + "' (mlflow 3.17.2)."
              + upgrade;
      case OLDER ->
          String.format(
              "The auth database is at MLflow auth schema revision '%s', but Cairn expects '%s'"
                  + " (mlflow 3.17.2).%s",
              found.revision(), ALEMBIC_HEAD, upgrade);
      default ->
          String.format(
              "The auth database is at an unknown auth schema revision '%s' (%s); Cairn expects"
                  + " '%s' (mlflow 3.17.2) and does not use a schema it does not know.",
              found.revision(), VERSION_TABLE, ALEMBIC_HEAD);
    };
  }

  private static void create(Connection c, Dialect dialect) throws SQLException {
    runScript(c, "schema/auth-", dialect);
    Jdbc.update(c, "INSERT INTO " + VERSION_TABLE + " (version_num) VALUES (?)", ALEMBIC_HEAD);
  }

  /** Runs the statements of {@code <prefix><dialect>.sql}. */
  private static void runScript(Connection c, String prefix, Dialect dialect) throws SQLException {
    String script = Schema.resource(prefix + dialect.name().toLowerCase(Locale.ROOT) + ".sql");
    try (Statement s = c.createStatement()) {
      for (String statement : Schema.statements(script)) {
        s.execute(statement);
      }
    }
  }

  private static String revision(Connection c) throws SQLException {
    List<String> rows =
        Jdbc.query(c, "SELECT version_num FROM " + VERSION_TABLE, rs -> rs.getString(1));
    return rows.isEmpty() ? "" : rows.get(0);
  }
}
