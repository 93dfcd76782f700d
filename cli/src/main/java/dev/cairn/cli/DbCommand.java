package dev.cairn.cli;

import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.Schema;
import dev.cairn.store.sql.SchemaUpgrade;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn db}: the database's schema, as {@code mlflow db}. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Manage the database's schema (as mlflow db).",
    subcommands = {DbCommand.Upgrade.class})
class DbCommand {

  /** {@code cairn db upgrade <uri>}: brings an older MLflow database to Cairn's schema. */
  @Command(
      name = "upgrade",
      mixinStandardHelpOptions = true,
      description = {
        "Upgrade a database written by an older MLflow to the schema of mlflow "
            + "3.17.2 (alembic head "
            + Schema.ALEMBIC_HEAD
            + "), keeping its data: SQLite, PostgreSQL, MySQL and MariaDB.",
        "Back the database up first: MLflow's servers older than 3.17.2 cannot open it afterwards."
      })
  static class Upgrade implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "e.g. sqlite:///mlflow.db")
    String uri;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = Databases.open(uri, ServerOptions.environment(System.getenv()))) {
        SchemaUpgrade.Report r = SchemaUpgrade.upgrade(db);
        if (r.from().equals(Schema.ALEMBIC_HEAD)) {
          out.println("The database is already at revision " + Schema.ALEMBIC_HEAD + ".");
        } else {
          out.printf(
              "Upgraded from revision %s to %s: %d tables created, %d rebuilt (%s), %d indexes"
                  + " and %d triggers changed.%n",
              r.from(),
              Schema.ALEMBIC_HEAD,
              r.created().size(),
              r.rebuilt().size(),
              String.join(", ", r.rebuilt()),
              r.indexes(),
              r.triggers());
        }
        out.flush();
        return 0;
      }
    }
  }
}
