package dev.cairn.cli;

import dev.cairn.server.CairnServer;
import dev.cairn.store.sql.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
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
    description = "Cairn: an MLflow-compatible experiment tracking server, and a client of one.",
    subcommands = {
      ServerCommand.class,
      UiCommand.class,
      GcCommand.class,
      ImportCommand.class,
      DbCommand.class,
      ExperimentsCommand.class,
      RunsCommand.class,
      ArtifactsCommand.class,
      ModelsCommand.class,
      SyncCommand.class,
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
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          PrintWriter e = ex.getCommandLine().getErr();
          e.println("cairn: " + ex.getMessage());
          if (ex instanceof UnmatchedArgumentException u) {
            printClosest(u, e);
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

  /**
   * Picocli's suggestions, narrowed to the closest by edit distance: with the client commands
   * beside {@code server}, "serve" would otherwise also suggest "experiments".
   */
  private static void printClosest(UnmatchedArgumentException u, PrintWriter err) {
    List<String> all = u.getSuggestions();
    List<String> unmatched = u.getUnmatched();
    if (all.isEmpty() || unmatched.isEmpty() || u.isUnknownOption()) {
      UnmatchedArgumentException.printSuggestions(u, err);
      return;
    }
    String typed = unmatched.getFirst();
    int best = all.stream().mapToInt(s -> distance(typed, s)).min().orElseThrow();
    String prefix = u.getCommandLine().getCommandSpec().qualifiedName() + " ";
    List<String> closest =
        all.stream().filter(s -> distance(typed, s) == best).map(s -> prefix + s).toList();
    err.println("Did you mean: " + String.join(" or ", closest) + "?");
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
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
