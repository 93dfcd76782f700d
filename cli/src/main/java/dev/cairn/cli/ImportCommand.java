package dev.cairn.cli;

import dev.cairn.server.CairnServer;
import dev.cairn.store.file.FileStoreRoot;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.server.ServerUri;
import dev.cairn.store.sql.transfer.DatabaseCopy;
import dev.cairn.store.sql.transfer.FileStoreImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn import --from <uri> --to <uri>}: copies an MLflow database into another, e.g. SQLite
 * into PostgreSQL, with a progress bar; run again after an interruption, it goes on where it
 * stopped; it ends with a row count per table of both sides.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Copy an MLflow database into another (SQLite, PostgreSQL, MySQL in any direction), or an"
          + " MLflow file store (--from file:./mlruns) into a database.",
      "With --from tensorboard:DIR, import TensorBoard logs into a tracking server (--to"
          + " http://host:port): one run per folder of event files, nested by folder; scalars as"
          + " metrics, hparams as params, images as artifacts.",
      "Resumable: run it again after an interruption. Ends with a row count check of every table."
    })
class ImportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--from",
      required = true,
      description =
          "The source: a database URI (sqlite:///mlflow.db), a file store (file:./mlruns) or"
              + " TensorBoard logs (tensorboard:./runs).")
  String from;

  @Option(
      names = "--to",
      required = true,
      description =
          "The target database URI, e.g. postgresql://user:pw@host/mlflow; for TensorBoard logs,"
              + " the tracking server, e.g. http://localhost:5000.")
  String to;

  @Option(
      names = "--experiment-name",
      description =
          "TensorBoard logs only: the experiment the runs go to, created if missing (default: the"
              + " log folder's name).")
  String experimentName;

  @Option(
      names = "--default-artifact-root",
      defaultValue = "./mlruns",
      description =
          "Only for a target created now, until the source's Default experiment replaces its own"
              + " (default: ${DEFAULT-VALUE}).")
  String defaultArtifactRoot;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (from.startsWith(TensorBoardImportCommand.SCHEME)) {
      return new TensorBoardImportCommand(from, to, experimentName).run(out, err);
    }
    if (experimentName != null) {
      throw new IllegalArgumentException("--experiment-name is for --from tensorboard:DIR only");
    }
    if (FileStoreRoot.isFileStore(to)) {
      throw new IllegalArgumentException(
          "--to must be a database (sqlite, postgresql, mysql): cairn import does not write file"
              + " stores");
    }
    if (FileStoreRoot.isFileStore(from)) {
      return importFileStore(out, err);
    }
    if (from.startsWith("sqlite:///")) {
      // Opening a missing SQLite file would create an empty one where the user mistyped a path.
      Path file = Path.of(from.substring("sqlite:///".length()).split("\\?")[0]);
      if (!java.nio.file.Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no SQLite database at " + file.toAbsolutePath());
      }
    }
    Map<String, String> env = ServerOptions.environment(System.getenv());
    try (Database source = Databases.open(from, env);
        Database target = Databases.open(to, env)) {
      ProgressBar bar = new ProgressBar(Progress.onStderr(err));
      List<DatabaseCopy.Count> counts =
          new DatabaseCopy(source, target).run(CairnServer.localAbsolute(defaultArtifactRoot), bar);
      bar.finish();
      long rows = counts.stream().mapToLong(DatabaseCopy.Count::target).sum();
      Map<String, String> differ = DatabaseCopy.mismatches(counts);
      differ.forEach((table, what) -> err.println("cairn: error: " + table + ": " + what));
      if (!differ.isEmpty()) {
        return 1;
      }
      out.printf(
          Locale.ROOT,
          "Imported %s into %s: %d tables, %,d rows; every table's row count matches.%n",
          ServerUri.redact(from),
          ServerUri.redact(to),
          counts.size(),
          rows);
      out.flush();
      return 0;
    }
  }

  private int importFileStore(PrintWriter out, PrintWriter err) {
    Path mlruns = FileStoreRoot.pathOf(from);
    Map<String, String> env = ServerOptions.environment(System.getenv());
    try (Database target = Databases.open(to, env)) {
      FileStoreImport.Stats stats =
          new FileStoreImport(mlruns, target)
              .run(
                  CairnServer.localAbsolute(defaultArtifactRoot),
                  (name, index, total) ->
                      err.printf(Locale.ROOT, "[%d/%d] experiment %s%n", index, total, name));
      err.flush();
      out.printf(
          Locale.ROOT,
          "Imported %s into %s: %s.%n",
          mlruns,
          ServerUri.redact(to),
          stats.rows.entrySet().stream()
              .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
              .reduce((a, b) -> a + ", " + b)
              .orElse("nothing"));
      out.flush();
      return 0;
    }
  }

  /** A table's rows as one step of the progress; empty tables show nothing. */
  static final class ProgressBar implements DatabaseCopy.Progress {
    private final Progress progress;
    private Progress.Step step;

    ProgressBar(Progress progress) {
      this.progress = progress;
    }

    @Override
    public void table(String table, long total) {
      step = progress.step(table, total);
    }

    @Override
    public void copied(String table, long done, long total) {
      step.done(done);
    }

    void finish() {
      progress.end();
    }
  }
}
