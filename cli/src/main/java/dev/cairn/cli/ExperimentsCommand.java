package dev.cairn.cli;

import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.ViewType;
import dev.cairn.client.CairnClient;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn experiments list|create|rename|delete|restore} on a tracking server. */
@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "List, create, rename, delete and restore experiments on a tracking server.")
class ExperimentsCommand {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClientOptions server;

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List experiments.")
  int list(
      @Option(names = "--filter", description = "MLflow's filter, e.g. \"name LIKE 'mnist%%'\".")
          String filter,
      @Option(
              names = "--view",
              defaultValue = "ACTIVE_ONLY",
              description = "ACTIVE_ONLY, DELETED_ONLY or ALL (default: ${DEFAULT-VALUE}).")
          ViewType view,
      @Option(
              names = "--output",
              defaultValue = "TABLE",
              description = "table, json or csv (default: ${DEFAULT-VALUE}).")
          OutputFormat output) {
    try (CairnClient client = server.client()) {
      List<Experiment> rows =
          StreamSupport.stream(client.searchExperiments(filter, null, view).spliterator(), false)
              .toList();
      Map<String, Function<Experiment, Object>> cols = OutputFormat.columns();
      cols.put("experiment_id", Experiment::experimentId);
      cols.put("name", Experiment::name);
      cols.put("lifecycle_stage", Experiment::lifecycleStage);
      cols.put("artifact_location", Experiment::artifactLocation);
      output.print(spec.commandLine().getOut(), rows, cols, rows);
    }
    return 0;
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create an experiment; prints its id.")
  int create(@Parameters(paramLabel = "NAME") String name) {
    try (CairnClient client = server.client()) {
      spec.commandLine().getOut().println(client.createExperiment(name));
    }
    return 0;
  }

  @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename an experiment.")
  int rename(
      @Parameters(paramLabel = "EXPERIMENT_ID") String id,
      @Parameters(paramLabel = "NEW_NAME") String newName) {
    try (CairnClient client = server.client()) {
      client.renameExperiment(id, newName);
    }
    return 0;
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete an experiment (restorable).")
  int delete(@Parameters(paramLabel = "EXPERIMENT_ID") String id) {
    try (CairnClient client = server.client()) {
      client.deleteExperiment(id);
    }
    return 0;
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = "Restore a deleted experiment.")
  int restore(@Parameters(paramLabel = "EXPERIMENT_ID") String id) {
    try (CairnClient client = server.client()) {
      client.restoreExperiment(id);
    }
    return 0;
  }
}
