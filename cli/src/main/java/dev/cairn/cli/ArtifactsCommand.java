package dev.cairn.cli;

import dev.cairn.client.CairnClient;
import dev.cairn.core.artifacts.ArtifactEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn artifacts list|upload|download}: a run's files, through the server's proxy. */
@Command(
    name = "artifacts",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = "List, upload and download run artifacts (and models:/ and runs:/ URIs).")
class ArtifactsCommand {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ClientOptions server;

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List a run's artifacts under a path.")
  int list(
      @Option(names = "--run-id", required = true, description = "The run.") String runId,
      @Option(
              names = "--path",
              defaultValue = "",
              description = "A folder of the run's artifacts (default: the root).")
          String path,
      @Option(
              names = "--output",
              defaultValue = "TABLE",
              description = "table, json or csv (default: ${DEFAULT-VALUE}).")
          OutputFormat output) {
    try (CairnClient client = server.client()) {
      List<ArtifactEntry> rows = client.artifacts().listRun(runId, path);
      Map<String, Function<ArtifactEntry, Object>> cols = OutputFormat.columns();
      cols.put("path", ArtifactEntry::path);
      cols.put("is_dir", ArtifactEntry::isDir);
      cols.put("file_size", ArtifactEntry::size);
      output.print(spec.commandLine().getOut(), rows, cols, rows);
    }
    return 0;
  }

  @Command(
      name = "upload",
      mixinStandardHelpOptions = true,
      description = "Upload a file or folder to a run.")
  int upload(
      @Option(names = "--run-id", required = true, description = "The run.") String runId,
      @Option(
              names = "--artifact-path",
              description = "Folder in the run's artifacts (default: the root).")
          String artifactPath,
      @Parameters(paramLabel = "LOCAL_PATH") Path local) {
    try (CairnClient client = server.client()) {
      client.artifacts().uploadToRun(runId, local, artifactPath);
    }
    return 0;
  }

  @Command(
      name = "download",
      mixinStandardHelpOptions = true,
      description =
          "Download runs:/<id>/<path>, models:/<name>/<version>, models:/<name>@<alias> or models:/<model-id>.")
  int download(
      @Parameters(paramLabel = "URI") String uri,
      @Option(
              names = "--dst",
              defaultValue = ".",
              description = "Local folder (default: ${DEFAULT-VALUE}).")
          Path dst) {
    try (CairnClient client = server.client()) {
      List<Path> files = client.artifacts().downloadUri(uri, dst);
      files.forEach(f -> spec.commandLine().getOut().println(f));
    }
    return 0;
  }
}
