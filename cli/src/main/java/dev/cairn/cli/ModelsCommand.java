package dev.cairn.cli;

import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
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

/** {@code cairn models list|get|versions|alias}: the model registry. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "Registered models, their versions and aliases.")
class ModelsCommand {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClientOptions server;

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models.")
  int list(
      @Option(names = "--filter", description = "e.g. \"name LIKE 'clf%%'\".") String filter,
      @Option(
              names = "--output",
              defaultValue = "TABLE",
              description = "table, json or csv (default: ${DEFAULT-VALUE}).")
          OutputFormat output) {
    try (CairnClient client = server.client()) {
      List<RegisteredModel> rows =
          StreamSupport.stream(client.searchRegisteredModels(filter).spliterator(), false).toList();
      Map<String, Function<RegisteredModel, Object>> cols = OutputFormat.columns();
      cols.put("name", RegisteredModel::name);
      cols.put(
          "latest_versions",
          m ->
              m.latestVersions() == null
                  ? ""
                  : String.join(
                      " ", m.latestVersions().stream().map(ModelVersion::version).toList()));
      cols.put(
          "aliases",
          m ->
              m.aliases() == null
                  ? ""
                  : String.join(
                      " ", m.aliases().stream().map(a -> a.alias() + "=" + a.version()).toList()));
      output.print(spec.commandLine().getOut(), rows, cols, rows);
    }
    return 0;
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a registered model.")
  int get(@Parameters(paramLabel = "NAME") String name) {
    try (CairnClient client = server.client()) {
      OutputFormat.printJson(spec.commandLine().getOut(), client.getRegisteredModel(name));
    }
    return 0;
  }

  @Command(
      name = "versions",
      mixinStandardHelpOptions = true,
      description = "List the versions of a registered model.")
  int versions(
      @Parameters(paramLabel = "NAME") String name,
      @Option(
              names = "--output",
              defaultValue = "TABLE",
              description = "table, json or csv (default: ${DEFAULT-VALUE}).")
          OutputFormat output) {
    try (CairnClient client = server.client()) {
      String quoted = name.replace("'", "\\'");
      List<ModelVersion> rows =
          StreamSupport.stream(
                  client.searchModelVersions("name = '" + quoted + "'").spliterator(), false)
              .toList();
      Map<String, Function<ModelVersion, Object>> cols = OutputFormat.columns();
      cols.put("version", ModelVersion::version);
      cols.put("status", ModelVersion::status);
      cols.put("run_id", ModelVersion::runId);
      cols.put("aliases", v -> v.aliases() == null ? "" : String.join(" ", v.aliases()));
      cols.put("source", ModelVersion::source);
      output.print(spec.commandLine().getOut(), rows, cols, rows);
    }
    return 0;
  }

  @Command(
      name = "alias",
      mixinStandardHelpOptions = true,
      description = "Point an alias at a version, or remove it with --delete.")
  int alias(
      @Parameters(paramLabel = "NAME") String name,
      @Parameters(paramLabel = "ALIAS") String alias,
      @Parameters(paramLabel = "VERSION", arity = "0..1") String version,
      @Option(names = "--delete", description = "Remove the alias.") boolean delete) {
    try (CairnClient client = server.client()) {
      if (delete) {
        client.deleteModelAlias(name, alias);
      } else if (version == null) {
        throw new IllegalArgumentException("give the VERSION the alias points to, or --delete");
      } else {
        client.setModelAlias(name, alias, version);
      }
    }
    return 0;
  }
}
