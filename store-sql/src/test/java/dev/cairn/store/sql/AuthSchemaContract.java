package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.store.sql.AuthSchema.State;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AuthSchema} on one database, each test on a fresh one: the schema it creates is MLflow
 * 3.17.2's, as described in the reference checked in next to {@link AuthCatalog}.
 */
abstract class AuthSchemaContract {
  private Database db;

  /** The URI of a new, empty database. */
  abstract String newDatabase();

  private Database database() {
    db = Databases.open(newDatabase());
    return db;
  }

  @AfterEach
  void closeDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aFreshDatabaseGetsMlflowsAuthSchema() {
    Database db = database();

    AuthSchema.initialise(db);

    assertThat(AuthCatalog.describeMlflows(db))
        .containsExactlyElementsOf(AuthCatalog.reference(db.dialect()));
  }

  @Test
  void theVersionTableHoldsOneRowAtTheHeadRevision() {
    Database db = database();

    AuthSchema.initialise(db);

    assertThat(rows(db, "SELECT version_num FROM alembic_version_auth"))
        .containsExactly("f1a2b3c4d5e6");
    assertThat(AuthSchema.status(db)).isEqualTo(new AuthSchema.Status(State.HEAD, "f1a2b3c4d5e6"));
  }

  @Test
  void aDatabaseAtTheHeadIsAcceptedAndLeftAsItIs() {
    Database db = database();
    AuthSchema.initialise(db);
    update(
        db, "INSERT INTO users (username, password_hash, is_admin) VALUES ('ada', 'h', ?)", true);

    AuthSchema.initialise(db);

    assertThat(rows(db, "SELECT username FROM users")).containsExactly("ada");
    assertThat(AuthCatalog.describeMlflows(db))
        .containsExactlyElementsOf(AuthCatalog.reference(db.dialect()));
  }

  @Test
  void cairnsAuditTableIsAddedBesideMlflowsTables() {
    Database db = database();

    AuthSchema.initialise(db);

    assertThat(AuthCatalog.describe(db)).anyMatch(line -> line.contains(AuthSchema.AUDIT_TABLE));
    assertThat(rows(db, "SELECT COUNT(*) FROM cairn_auth_audit")).containsExactly("0");
  }

  @Test
  void aDatabaseAtTheHeadWithoutTheAuditTableGetsIt() {
    Database db = database();
    AuthSchema.initialise(db);
    update(db, "INSERT INTO cairn_auth_audit (timestamp, actor, action) VALUES (1, 'a', 'x')");
    AuthSchema.initialise(db);
    assertThat(rows(db, "SELECT COUNT(*) FROM cairn_auth_audit")).containsExactly("1");
    update(db, "DROP TABLE cairn_auth_audit");

    AuthSchema.initialise(db);

    assertThat(rows(db, "SELECT COUNT(*) FROM cairn_auth_audit")).containsExactly("0");
    assertThat(AuthCatalog.describeMlflows(db))
        .containsExactlyElementsOf(AuthCatalog.reference(db.dialect()));
  }

  @Test
  void idsComeFromTheDatabaseAsMlflowExpects() {
    Database db = database();
    AuthSchema.initialise(db);

    update(
        db, "INSERT INTO users (username, password_hash, is_admin) VALUES ('ada', 'h', ?)", true);
    update(db, "INSERT INTO roles (name, workspace) VALUES ('viewers', 'default')");
    update(db, "INSERT INTO roles (name, workspace) VALUES ('editors', 'default')");
    update(db, "INSERT INTO user_role_assignments (user_id, role_id) VALUES (1, 2)");

    assertThat(rows(db, "SELECT id FROM roles ORDER BY id")).containsExactly("1", "2");
    assertThat(rows(db, "SELECT id FROM user_role_assignments")).containsExactly("1");
  }

  @Test
  void anOlderAuthRevisionIsRefusedInOneLineNamingIt() {
    Database db = database();
    AuthSchema.initialise(db);
    update(db, "UPDATE alembic_version_auth SET version_num = '2ed73881770d'");

    assertThat(AuthSchema.status(db)).isEqualTo(new AuthSchema.Status(State.OLDER, "2ed73881770d"));
    assertThatThrownBy(() -> AuthSchema.initialise(db))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'2ed73881770d'")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void anUnknownAuthRevisionIsRefusedInOneLineNamingIt() {
    Database db = database();
    AuthSchema.initialise(db);
    update(db, "UPDATE alembic_version_auth SET version_num = '0123456789ab'");

    assertThat(AuthSchema.status(db))
        .isEqualTo(new AuthSchema.Status(State.UNKNOWN, "0123456789ab"));
    assertThatThrownBy(() -> AuthSchema.initialise(db))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'0123456789ab'")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void authTablesWithoutAVersionTableAreRefusedAndNotTouched() {
    Database db = database();
    // what MLflow before 3.6 left: its first tables and no alembic_version_auth
    update(db, "CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(255), PRIMARY KEY (id))");

    assertThat(AuthSchema.status(db)).isEqualTo(new AuthSchema.Status(State.UNVERSIONED, null));
    assertThatThrownBy(() -> AuthSchema.initialise(db)).isInstanceOf(IllegalStateException.class);
    assertThat(AuthCatalog.describe(db))
        .noneMatch(line -> line.contains("alembic_version_auth") || line.contains("cairn_"));
  }

  @Test
  void theAuthSchemaSharesADatabaseWithTheTrackingSchema() {
    Database db = database();
    Schema.initialise(db, "/tmp/artifacts", 0L);

    AuthSchema.initialise(db);
    AuthSchema.initialise(db);

    assertThat(AuthSchema.status(db).state()).isEqualTo(State.HEAD);
    assertThat(Schema.revision(db)).isEqualTo(Schema.ALEMBIC_HEAD);
  }

  private static List<String> rows(Database db, String sql) {
    return db.read(c -> Jdbc.query(c, sql, rs -> rs.getString(1)));
  }

  private static void update(Database db, String sql, Object... args) {
    db.write(c -> Jdbc.update(c, sql, args));
  }
}
