package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import dev.cairn.client.OfflineSync;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn sync FOLDER --to URI}: uploads runs written offline. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Upload runs written offline (MLflow's file-store layout, e.g. by the Java SDK's"
          + " OfflineTracker) to a tracking server.",
      "Idempotent and resumable: run it again after an interruption; synced runs are skipped."
    })
class SyncCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FOLDER", description = "The offline folder (mlruns).")
  Path folder;

  @Option(
      names = "--to",
      defaultValue = "${env:MLFLOW_TRACKING_URI}",
      description = "The tracking server, e.g. http://localhost:5000. [env: MLFLOW_TRACKING_URI]")
  String to;

  @Override
  public Integer call() {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("no such folder: " + folder);
    }
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException(
          "no tracking server: pass --to or set MLFLOW_TRACKING_URI");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (CairnClient client = CairnClient.forUri(to)) {
      OfflineSync.Report r =
          new OfflineSync(
                  client,
                  line -> {
                    err.println(line);
                    err.flush();
                  })
              .sync(folder);
      out.printf(
          "Synced %d run(s) (%d already synced): %d metric point(s), %d param(s), %d tag(s), %d file(s)%n",
          r.runs(), r.skippedRuns(), r.metrics(), r.params(), r.tags(), r.files());
    }
    return 0;
  }
}
