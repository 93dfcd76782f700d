package dev.cairn.cli;

import dev.cairn.api.model.Run;
import dev.cairn.api.model.ViewType;
import dev.cairn.client.CairnClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn runs search|get|delete|restore} on a tracking server. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Search, show, delete and restore runs on a tracking server.")
class RunsCommand {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClientOptions server;

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = "Search runs with MLflow's filter and order-by grammar.")
  int search(
      @Option(
              names = "--experiment-ids",
              required = true,
              split = ",",
              description = "Experiment ids, comma-separated.")
          List<String> experimentIds,
      @Option(
              names = "--filter",
              description = "e.g. \"metrics.val_acc > 0.9 and params.lr = '0.01'\".")
          String filter,
      @Option(names = "--order-by", split = ",", description = "e.g. \"metrics.val_acc DESC\".")
          List<String> orderBy,
      @Option(
              names = "--view",
              defaultValue = "ACTIVE_ONLY",
              description = "ACTIVE_ONLY, DELETED_ONLY or ALL (default: ${DEFAULT-VALUE}).")
          ViewType view,
      @Option(
              names = "--max-results",
              defaultValue = "1000",
              description = "At most this many runs (default: ${DEFAULT-VALUE}).")
          int maxResults,
      @Option(
              names = "--output",
              defaultValue = "TABLE",
              description = "table, json or csv (default: ${DEFAULT-VALUE}).")
          OutputFormat output) {
    try (CairnClient client = server.client()) {
      List<Run> rows = new ArrayList<>();
      for (Run r : client.searchRuns(experimentIds, filter, view, orderBy)) {
        if (rows.size() >= maxResults) break;
        rows.add(r);
      }
      Map<String, Function<Run, Object>> cols = OutputFormat.columns();
      cols.put("run_id", r -> r.info().runId());
      cols.put("run_name", r -> r.info().runName());
      cols.put("status", r -> r.info().status());
      cols.put("start_time", r -> r.info().startTime());
      cols.put("metrics", r -> pairs(r.data().metrics(), m -> m.key() + "=" + m.value()));
      cols.put("params", r -> pairs(r.data().params(), p -> p.key() + "=" + p.value()));
      output.print(spec.commandLine().getOut(), rows, cols, rows);
    }
    return 0;
  }

  private static <T> String pairs(List<T> items, Function<T, String> f) {
    return items == null ? "" : String.join(" ", items.stream().map(f).toList());
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one run.")
  int get(
      @Parameters(paramLabel = "RUN_ID") String runId,
      @Option(
              names = "--output",
              defaultValue = "JSON",
              description = "table, json or csv (default: ${DEFAULT-VALUE}).")
          OutputFormat output) {
    try (CairnClient client = server.client()) {
      Run run = client.getRun(runId);
      Map<String, Function<Run, Object>> cols = OutputFormat.columns();
      cols.put("run_id", r -> r.info().runId());
      cols.put("experiment_id", r -> r.info().experimentId());
      cols.put("run_name", r -> r.info().runName());
      cols.put("status", r -> r.info().status());
      cols.put("artifact_uri", r -> r.info().artifactUri());
      output.print(spec.commandLine().getOut(), List.of(run), cols, run);
    }
    return 0;
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a run (restorable).")
  int delete(@Parameters(paramLabel = "RUN_ID") String runId) {
    try (CairnClient client = server.client()) {
      client.deleteRun(runId);
    }
    return 0;
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = "Restore a deleted run.")
  int restore(@Parameters(paramLabel = "RUN_ID") String runId) {
    try (CairnClient client = server.client()) {
      client.restoreRun(runId);
    }
    return 0;
  }
}
