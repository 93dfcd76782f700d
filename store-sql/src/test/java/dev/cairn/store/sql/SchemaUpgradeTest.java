package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testkit.TestMariaDb;
import dev.cairn.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edges of {@code cairn db upgrade}; the upgrade of a real MLflow 2.x database, compared with
 * MLflow's own, is in compat/test_upgrade.py.
 */
class SchemaUpgradeTest {
  @TempDir Path dir;

  private Database sqlite(String name) {
    return Databases.open("sqlite:///" + dir.resolve(name));
  }

  @Test
  void aDatabaseWithoutMlflowSchemaIsRefused() {
    try (Database db = sqlite("empty.db")) {
      assertThatThrownBy(() -> SchemaUpgrade.upgrade(db))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("holds no MLflow schema");
    }
  }

  @Test
  void aDatabaseAtTheHeadIsLeftAlone() {
    try (Database db = sqlite("head.db")) {
      Schema.initialise(db, "/tmp/a", 0L);
      SchemaUpgrade.Report r = SchemaUpgrade.upgrade(db);
      assertThat(r.from()).isEqualTo(Schema.ALEMBIC_HEAD);
      assertThat(r.created()).isEmpty();
      assertThat(r.rebuilt()).isEmpty();
    }
  }

  @Test
  void missingTablesAndIndexesComeBackAndRowsStay() {
    try (Database db = sqlite("old.db")) {
      Schema.initialise(db, "/tmp/a", 0L);
      db.write(
          c -> {
            Jdbc.update(c, "UPDATE alembic_version SET version_num = 'older'");
            Jdbc.execute(c, "DROP TABLE webhooks");
            Jdbc.execute(c, "DROP INDEX index_params_run_uuid");
            // experiment_tags as it was before its value limit grew: a different definition
            Jdbc.execute(c, "DROP TABLE experiment_tags");
            Jdbc.execute(
                c,
                "CREATE TABLE experiment_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000),"
                    + " experiment_id INTEGER NOT NULL, PRIMARY KEY (key, experiment_id))");
            Jdbc.update(c, "INSERT INTO experiment_tags VALUES ('team', 'vision', 0)");
            return null;
          });
      SchemaUpgrade.Report r = SchemaUpgrade.upgrade(db);
      assertThat(r.from()).isEqualTo("older");
      assertThat(r.created()).containsExactly("webhooks");
      assertThat(r.rebuilt()).containsExactly("experiment_tags");
      assertThat(Schema.revision(db)).isEqualTo(Schema.ALEMBIC_HEAD);
      java.util.List<String> back =
          db.read(
              c ->
                  Jdbc.query(
                      c,
                      "SELECT name FROM sqlite_master WHERE name IN"
                          + " ('index_params_run_uuid', 'webhooks')",
                      rs -> rs.getString(1)));
      assertThat(back).containsExactlyInAnyOrder("index_params_run_uuid", "webhooks");
      String kept =
          db.read(
              c ->
                  Jdbc.queryOne(
                      c,
                      "SELECT value FROM experiment_tags WHERE key = 'team'",
                      rs -> rs.getString(1)));
      assertThat(kept).isEqualTo("vision");
    }
  }

  @Test
  void postgresTablesAreRebuiltFromTheHeadKeepingRowsAndSequences() {
    List<String> head;
    try (Database fresh = Databases.open(TestPostgres.newDatabase())) {
      Schema.initialise(fresh, "/tmp/a", 0L);
      head = catalog(fresh);
    }
    try (Database db = Databases.open(TestPostgres.newDatabase())) {
      Schema.initialise(db, "/tmp/a", 0L);
      db.write(
          c -> {
            Jdbc.update(
                c,
                "INSERT INTO experiments (name, artifact_location, lifecycle_stage,"
                    + " creation_time, last_update_time, workspace) VALUES ('kept', '/tmp/k',"
                    + " 'active', 1, 1, 'default')");
            Jdbc.update(c, "UPDATE alembic_version SET version_num = 'older'");
            Jdbc.execute(c, "DROP TABLE webhook_events CASCADE");
            Jdbc.execute(c, "DROP TABLE webhooks CASCADE");
            Jdbc.execute(c, "DROP INDEX index_params_run_uuid");
            Jdbc.execute(c, "ALTER TABLE experiment_tags ALTER COLUMN value TYPE varchar(5000)");
            Jdbc.execute(c, "ALTER TABLE experiments DROP COLUMN workspace");
            Jdbc.execute(c, "DELETE FROM workspaces");
            Jdbc.execute(c, "CREATE TABLE not_mlflows (id int)");
            return null;
          });
      long kept =
          db.read(
              c ->
                  Jdbc.queryOne(
                      c,
                      "SELECT experiment_id FROM experiments WHERE name = 'kept'",
                      rs -> rs.getLong(1)));
      db.write(
          c -> {
            Jdbc.update(c, "INSERT INTO experiment_tags VALUES ('team', 'vision', ?)", kept);
            Jdbc.update(c, "INSERT INTO not_mlflows VALUES (7)");
            return null;
          });

      SchemaUpgrade.Report r = SchemaUpgrade.upgrade(db);

      assertThat(r.from()).isEqualTo("older");
      assertThat(r.created()).contains("webhooks", "webhook_events");
      assertThat(Schema.revision(db)).isEqualTo(Schema.ALEMBIC_HEAD);
      List<String> after = catalog(db);
      after.removeIf(line -> line.contains("not_mlflows"));
      assertThat(after).containsExactlyElementsOf(head);
      String tag =
          db.read(
              c ->
                  Jdbc.queryOne(
                      c,
                      "SELECT e.workspace || '/' || t.value FROM experiments e JOIN"
                          + " experiment_tags t USING (experiment_id) WHERE e.name = 'kept'",
                      rs -> rs.getString(1)));
      assertThat(tag).isEqualTo("default/vision");
      Integer theirs =
          db.read(c -> Jdbc.queryOne(c, "SELECT id FROM not_mlflows", rs -> rs.getInt(1)));
      assertThat(theirs).isEqualTo(7);
      long next =
          db.write(
              c ->
                  Jdbc.queryOne(
                      c,
                      "INSERT INTO experiments (name, artifact_location, lifecycle_stage,"
                          + " creation_time, last_update_time) VALUES ('new', '/tmp/n', 'active',"
                          + " 1, 1) RETURNING experiment_id",
                      rs -> rs.getLong(1)));
      assertThat(next).isEqualTo(kept + 1);
      Integer workspaces =
          db.read(
              c ->
                  Jdbc.queryOne(
                      c,
                      "SELECT count(*) FROM workspaces WHERE name = 'default'",
                      rs -> rs.getInt(1)));
      assertThat(workspaces).isEqualTo(1);
      assertThat(SchemaUpgrade.upgrade(db).created()).isEmpty();
    }
  }

  /** The public schema's columns, constraints, indexes, sequences, functions and triggers. */
  private static List<String> catalog(Database db) {
    List<String> out = new ArrayList<>();
    for (String q :
        List.of(
            "SELECT concat_ws(' ', 'column', table_name, column_name, data_type,"
                + " character_maximum_length, is_nullable, column_default) FROM"
                + " information_schema.columns WHERE table_schema = 'public'",
            "SELECT concat_ws(' ', 'constraint', conrelid::regclass::text, conname,"
                + " pg_get_constraintdef(oid)) FROM pg_constraint WHERE connamespace ="
                + " 'public'::regnamespace AND contype <> 'n'",
            "SELECT concat_ws(' ', 'index', tablename, indexname, indexdef) FROM pg_indexes WHERE"
                + " schemaname = 'public'",
            "SELECT concat_ws(' ', 'sequence', sequence_name, data_type) FROM"
                + " information_schema.sequences WHERE sequence_schema = 'public'",
            "SELECT concat_ws(' ', 'function', proname, pg_get_functiondef(oid)) FROM pg_proc WHERE"
                + " pronamespace = 'public'::regnamespace",
            "SELECT concat_ws(' ', 'trigger', tgrelid::regclass::text, tgname,"
                + " pg_get_triggerdef(oid)) FROM pg_trigger WHERE NOT tgisinternal")) {
      out.addAll(db.read(c -> Jdbc.query(c, q, rs -> rs.getString(1))));
    }
    out.sort(null);
    return out;
  }

  @Test
  void mysqlTablesAreSwappedForTheHeadsKeepingRows() {
    List<String> head;
    try (Database fresh = Databases.open(TestMariaDb.newDatabase())) {
      Schema.initialise(fresh, "/tmp/a", 0L);
      head = mysqlCatalog(fresh);
    }
    try (Database db = Databases.open(TestMariaDb.newDatabase())) {
      Schema.initialise(db, "/tmp/a", 0L);
      db.write(
          c -> {
            Jdbc.update(c, "UPDATE alembic_version SET version_num = 'older'");
            Jdbc.execute(c, "DROP TABLE webhook_events");
            Jdbc.execute(c, "DROP TABLE webhooks");
            Jdbc.execute(c, "ALTER TABLE experiment_tags MODIFY value varchar(5000)");
            // a column a migration dropped
            Jdbc.execute(c, "ALTER TABLE experiments ADD COLUMN legacy int");
            Jdbc.execute(c, "DELETE FROM workspaces");
            Jdbc.execute(c, "CREATE TABLE not_mlflows (id int)");
            Jdbc.update(c, "INSERT INTO experiment_tags VALUES ('team', 'vision', 0)");
            return null;
          });

      SchemaUpgrade.Report r = SchemaUpgrade.upgrade(db);

      assertThat(r.created()).contains("webhooks", "webhook_events");
      assertThat(Schema.revision(db)).isEqualTo(Schema.ALEMBIC_HEAD);
      List<String> after = mysqlCatalog(db);
      after.removeIf(line -> line.contains("not_mlflows"));
      assertThat(after).containsExactlyElementsOf(head);
      String tag =
          db.read(
              c ->
                  Jdbc.queryOne(
                      c,
                      "SELECT CONCAT(e.workspace, '/', e.experiment_id, '/', t.value) FROM"
                          + " experiments e JOIN experiment_tags t USING (experiment_id)",
                      rs -> rs.getString(1)));
      assertThat(tag).isEqualTo("default/0/vision");
      List<String> databases =
          db.read(
              c ->
                  Jdbc.query(
                      c,
                      "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE"
                          + " LOCATE('__cairn', SCHEMA_NAME) > 0",
                      rs -> rs.getString(1)));
      assertThat(databases).as("staging databases are gone").isEmpty();
    }
  }

  /** The current database's columns, indexes, constraints and triggers. */
  private static List<String> mysqlCatalog(Database db) {
    List<String> out = new ArrayList<>();
    for (String q :
        List.of(
            "SELECT CONCAT_WS(' ', 'column', TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,"
                + " COLUMN_DEFAULT, EXTRA) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ="
                + " DATABASE()",
            "SELECT CONCAT_WS(' ', 'index', TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX,"
                + " COLUMN_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA ="
                + " DATABASE()",
            "SELECT CONCAT_WS(' ', 'constraint', TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE)"
                + " FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()",
            "SELECT CONCAT_WS(' ', 'fk', TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,"
                + " REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME) FROM"
                + " information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND"
                + " REFERENCED_TABLE_NAME IS NOT NULL",
            "SELECT CONCAT_WS(' ', 'trigger', TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_STATEMENT)"
                + " FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()")) {
      out.addAll(db.read(c -> Jdbc.query(c, q, rs -> rs.getString(1))));
    }
    out.sort(null);
    return out;
  }
}
