package dev.cairn.cli;

import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.Schema;
import dev.cairn.store.sql.SchemaUpgrade;
import dev.cairn.store.sql.server.ServerUri;
import dev.cairn.store.sql.sqlite.SqliteBackup;
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
    subcommands = {DbCommand.Upgrade.class, DbCommand.Backup.class})
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
      try (Database db = Databases.openExisting(uri, ServerOptions.environment(System.getenv()))) {
        spec.commandLine().getErr().println("Upgrading " + ServerUri.redact(uri) + " ...");
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

  /** {@code cairn db backup <uri> <file>}: a consistent copy while servers run. */
  @Command(
      name = "backup",
      mixinStandardHelpOptions = true,
      description = {
        "Copy a SQLite database into a new file while servers keep using it: one consistent"
            + " snapshot, self-contained (no -wal file), compacted.",
        "PostgreSQL and MySQL/MariaDB have their own tools (pg_dump, mysqldump or mariadb-dump):"
            + " the command says which."
      })
  static class Backup implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "e.g. sqlite:///mlflow.db")
    String uri;

    @Parameters(index = "1", paramLabel = "FILE", description = "The new file, e.g. backup.db")
    java.nio.file.Path file;

    @Override
    public Integer call() {
      java.nio.file.Path source = Databases.sqlitePath(uri);
      if (source == null) {
        throw new IllegalArgumentException(nativeTool(uri));
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println("Backing up " + source + " into " + file + " ...");
      err.flush();
      long start = System.nanoTime();
      SqliteBackup.copy(source, file);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          java.util.Locale.ROOT,
          "Backed up %s into %s (%,d bytes) in %.1f s.%n",
          source,
          file,
          file.toFile().length(),
          (System.nanoTime() - start) / 1e9);
      out.flush();
      return 0;
    }

    private static String nativeTool(String uri) {
      String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
      if (scheme.startsWith("postgres")) {
        return "cairn db backup copies SQLite databases; back up PostgreSQL with its own tool, e.g."
            + " pg_dump --format=custom --file=mlflow.dump <database> (restore with pg_restore)";
      }
      if (scheme.startsWith("mysql") || scheme.startsWith("mariadb")) {
        return "cairn db backup copies SQLite databases; back up MySQL/MariaDB with its own tool,"
            + " e.g. mysqldump --single-transaction <database> > mlflow.sql (mariadb-dump on"
            + " MariaDB)";
      }
      return "cairn db backup copies SQLite databases (sqlite:///path); an MLflow file store is a"
          + " folder: copy it while no server writes it";
    }
  }
}
