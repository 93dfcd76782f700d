package dev.cairn.store.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.testkit.TestPostgres;
import java.nio.file.Path;
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
  void otherDatabasesAreSentToMlflowsUpgradeForNow() {
    try (Database db = Databases.open(TestPostgres.newDatabase())) {
      Schema.initialise(db, "/tmp/a", 0L);
      db.write(c -> Jdbc.update(c, "UPDATE alembic_version SET version_num = 'older'"));
      assertThatThrownBy(() -> SchemaUpgrade.upgrade(db))
          .hasMessageContaining("SQLite so far")
          .hasMessageContaining("mlflow db upgrade");
    }
  }
}
