package dev.cairn.store.sql.transfer;

import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Dialect;
import dev.cairn.store.sql.Jdbc;
import dev.cairn.store.sql.Schema;
import java.sql.Connection;
import java.sql.SQLException;

/** What every import does to its target database before and after the rows go in. */
final class ImportTarget {
  private ImportTarget() {}

  /**
   * Creates the schema if the target is empty; a target created now gives up its own Default
   * experiment (and, with {@code dropWorkspace}, its default workspace) to the source's.
   */
  static void prepare(Database target, String root, boolean dropWorkspace) {
    boolean fresh = Schema.revision(target) == null;
    Schema.initialise(target, root, System.currentTimeMillis());
    if (fresh) {
      target.write(
          c -> {
            Jdbc.update(c, "DELETE FROM experiments WHERE experiment_id = 0");
            if (dropWorkspace) {
              Jdbc.update(c, "DELETE FROM workspaces WHERE name = 'default'");
            }
            return null;
          });
    }
  }

  /** New experiments continue after the imported ids (PostgreSQL's sequence does not follow). */
  static void finish(Database target) {
    if (target.dialect() == Dialect.POSTGRESQL) {
      target.write(
          c -> {
            Jdbc.execute(
                c,
                "SELECT setval('experiments_experiment_id_seq',"
                    + " (SELECT COALESCE(MAX(experiment_id), 0) + 1 FROM experiments), false)");
            return null;
          });
    }
  }

  /** An INSERT that skips a row already there: what makes a rerun resume an import. */
  static void insertIgnore(
      Connection c, Dialect dialect, String table, String columns, Object... values)
      throws SQLException {
    Jdbc.update(
        c,
        dialect.insertIgnorePrefix()
            + table
            + " ("
            + columns
            + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(values.length, "?"))
            + ")"
            + dialect.insertIgnoreSuffix(),
        values);
  }
}
