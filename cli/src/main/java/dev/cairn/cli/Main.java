package dev.cairn.cli;

import dev.cairn.server.CairnServer;
import dev.cairn.store.sql.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code cairn} command. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    versionProvider = Main.Version.class,
    description = "Cairn: an MLflow-compatible experiment tracking server.",
    subcommands = {
      ServerCommand.class,
      UiCommand.class,
      GcCommand.class,
      ImportCommand.class,
      DbCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    LogFormat.apply(System.getenv("CAIRN_LOG_FORMAT"));
    System.exit(run(args));
  }

  static int run(String... args) {
    return run(new PrintWriter(System.err, true), args);
  }

  /**
   * Runs the command line; errors are one line on {@code err} (with the closest command or option
   * when one was mistyped): 2 for bad usage, 1 for a failure.
   */
  static int run(PrintWriter err, String... args) {
    return run(new PrintWriter(System.out, true), err, args);
  }

  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter e = ex.getCommandLine().getErr();
          e.println("cairn: " + ex.getMessage());
          if (ex instanceof UnmatchedArgumentException u) {
            UnmatchedArgumentException.printSuggestions(u, e);
          }
          e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (ex, c, p) -> {
          c.getErr().println("cairn: error: " + ex.getMessage());
          return 1;
        });
    return cli.execute(args);
  }

  /** The build's version, and the MLflow API and schema it serves. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        // a build without the file: "unknown" below
      }
      return new String[] {
        "cairn "
            + p.getProperty("version", "unknown")
            + " (built "
            + p.getProperty("built", "unknown")
            + ")",
        "serves the MLflow "
            + CairnServer.MLFLOW_VERSION
            + " REST API and database schema (alembic head "
            + Schema.ALEMBIC_HEAD
            + ")"
      };
    }
  }
}
