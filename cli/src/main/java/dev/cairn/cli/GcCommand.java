package dev.cairn.cli;

import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.artifacts.ArtifactStore;
import dev.cairn.core.artifacts.ArtifactStores;
import dev.cairn.core.gc.GarbageCollector;
import dev.cairn.server.BackendStores;
import dev.cairn.server.CairnServer;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cairn gc}: permanently deletes runs, experiments and logged models in the deleted stage,
 * with their artifacts, as {@code mlflow gc} (see {@link GarbageCollector} for where it differs).
 */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Permanently delete runs, experiments and logged models in the deleted lifecycle stage,"
          + " with their artifacts (local, S3 and proxied).",
      "Flags as mlflow gc; no tracking server is needed for proxied artifacts."
    })
class GcCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--backend-store-uri",
      defaultValue = "${env:MLFLOW_BACKEND_STORE_URI:-sqlite:///mlflow.db}",
      description =
          "Database URI or file store folder (file:./mlruns) (default: ${DEFAULT-VALUE}). [env: MLFLOW_BACKEND_STORE_URI]")
  String backendStoreUri;

  @Option(
      names = "--artifacts-destination",
      defaultValue = "${env:MLFLOW_ARTIFACTS_DESTINATION:-./mlartifacts}",
      description =
          "Where the server stores proxied artifacts (mlflow-artifacts:/ locations)"
              + " (default: ${DEFAULT-VALUE}). [env: MLFLOW_ARTIFACTS_DESTINATION]")
  String artifactsDestination;

  @Option(
      names = "--older-than",
      description =
          "Only what was deleted longer ago than this, e.g. 30d, 2d8h5m20s, 1.5h (default: any"
              + " age).")
  String olderThan;

  @Option(
      names = "--run-ids",
      description = "Comma-separated runs to delete (default: every deleted run).")
  String runIds;

  @Option(
      names = "--experiment-ids",
      description =
          "Comma-separated experiments to delete with all their runs (default: every deleted"
              + " experiment).")
  String experimentIds;

  @Option(
      names = "--logged-model-ids",
      description = "Comma-separated logged models to delete (default: every deleted one).")
  String loggedModelIds;

  @Option(
      names = "--tracking-uri",
      description = "Accepted for compatibility: Cairn reads proxied artifacts directly.")
  String trackingUri;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, String> env = ServerOptions.environment(System.getenv());
    try (BackendStores backend =
            BackendStores.open(
                backendStoreUri,
                env,
                CairnServer.localAbsolute("./mlruns"),
                System.currentTimeMillis());
        ArtifactStores stores = new ArtifactStores(env)) {
      ArtifactStore destination = stores.open(CairnServer.localAbsolute(artifactsDestination));
      Progress progress = Progress.onStderr(err);
      GarbageCollector gc =
          new GarbageCollector(
              backend.gc(),
              new ArtifactService(backend.tracking(), stores, destination),
              InstantSource.system());
      GarbageCollector.Summary done =
          gc.collect(
              new GarbageCollector.Request(
                  olderThan,
                  GarbageCollector.ids(runIds),
                  GarbageCollector.ids(experimentIds),
                  GarbageCollector.ids(loggedModelIds)),
              new GarbageCollector.Listener() {
                private Progress.Step step;
                private long done;

                @Override
                public void planned(int runs, int loggedModels, int experiments) {
                  step = progress.step("permanent deletions", runs + loggedModels + experiments);
                }

                @Override
                public void deleted(String kind, String id) {
                  out.println(kind + " with ID " + id + " has been permanently deleted.");
                  out.flush();
                  step.done(++done);
                }

                @Override
                public void warning(String message) {
                  err.println("cairn: warning: " + message);
                }
              });
      progress.end();
      out.printf(
          "Deleted %d runs, %d logged models and %d experiments.%n",
          done.runs(), done.loggedModels(), done.experiments());
      out.flush();
      return 0;
    }
  }
}
