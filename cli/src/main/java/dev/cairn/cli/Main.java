package dev.cairn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cairn} command. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Cairn: an MLflow-compatible experiment tracking server.",
    subcommands = {
      ServerCommand.class,
      UiCommand.class,
      GcCommand.class,
      ImportCommand.class,
      DbCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return run(new java.io.PrintWriter(System.err, true), args);
  }

  /**
   * Runs the command line; errors are one line on {@code err}: 2 for bad usage, 1 for a failure.
   */
  static int run(java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          ex.getCommandLine().getErr().println("cairn: " + ex.getMessage());
          ex.getCommandLine()
              .getErr()
              .println(
                  "Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (ex, c, p) -> {
          c.getErr().println("cairn: error: " + ex.getMessage());
          return 1;
        });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"cairn " + (v == null ? "dev" : v) + " (MLflow API 3.17.2)"};
    }
  }
}
