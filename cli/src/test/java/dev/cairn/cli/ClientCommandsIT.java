package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.client.CairnClient;
import dev.cairn.client.ClientSettings;
import dev.cairn.client.Run;
import dev.cairn.client.Tracker;
import dev.cairn.client.Trackers;
import dev.cairn.server.CairnServer;
import dev.cairn.server.EdgeSettings;
import dev.cairn.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands against a real server in this JVM; their JSON output is the API's shape. */
class ClientCommandsIT {
  @TempDir static Path dir;
  static CairnServer server;
  static String uri;
  static final ObjectMapper JSON = new ObjectMapper();

  record Outcome(int code, String out, String err) {}

  @BeforeAll
  static void start() {
    server =
        CairnServer.start(
            new ServerConfig(
                "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
                null,
                "127.0.0.1",
                0,
                "",
                true,
                dir.resolve("mlartifacts").toString(),
                false,
                Map.of(),
                EdgeSettings.defaults()));
    uri = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Outcome cairn(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    boolean sync = args[0].equals("sync");
    all[args.length] = sync ? "--to" : "--tracking-uri";
    all[args.length + 1] = uri;
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Outcome(code, out.toString(), err.toString());
  }

  static JsonNode json(Outcome o) throws Exception {
    assertThat(o.code()).as(o.err()).isZero();
    return JSON.readTree(o.out());
  }

  @Test
  void experimentsAreManagedAndListedAsJsonAndCsv() throws Exception {
    Outcome created = cairn("experiments", "create", "cli-exp");
    assertThat(created.code()).as(created.err()).isZero();
    String id = created.out().strip();
    assertThat(cairn("experiments", "rename", id, "cli-exp-2").code()).isZero();
    JsonNode list =
        json(cairn("experiments", "list", "--output", "json", "--filter", "name = 'cli-exp-2'"));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("experiment_id").asText()).isEqualTo(id);
    assertThat(cairn("experiments", "delete", id).code()).isZero();
    JsonNode deleted =
        json(cairn("experiments", "list", "--output", "json", "--view", "deleted_only"));
    assertThat(deleted.findValuesAsText("name")).contains("cli-exp-2");
    assertThat(cairn("experiments", "restore", id).code()).isZero();
    Outcome csv = cairn("experiments", "list", "--output", "csv");
    assertThat(csv.out().lines().findFirst())
        .contains("experiment_id,name,lifecycle_stage,artifact_location");
    assertThat(csv.out()).contains(id + ",cli-exp-2,active,");
  }

  @Test
  void runsAreSearchedWithFilterAndOrderAndShownDeletedAndRestored(@TempDir Path tmp)
      throws Exception {
    String exp;
    try (Tracker t = Trackers.builder().trackingUri(uri).experimentName("cli-runs").build()) {
      for (int i = 0; i < 3; i++) {
        try (Run r = t.startRun("r" + i)) {
          r.logParam("lr", "0.0" + (i + 1));
          r.logMetric("acc", i / 10.0, 0);
        }
      }
    }
    try (CairnClient c = new CairnClient(ClientSettings.of(uri), Map.of())) {
      exp = c.findExperimentByName("cli-runs").orElseThrow().experimentId();
    }
    JsonNode runs =
        json(
            cairn(
                "runs",
                "search",
                "--experiment-ids",
                exp,
                "--filter",
                "metrics.acc > 0.05",
                "--order-by",
                "metrics.acc DESC",
                "--output",
                "json"));
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).at("/info/run_name").asText()).isEqualTo("r2");
    assertThat(runs.get(0).at("/data/params/0/value").asText()).isEqualTo("0.03");
    String runId = runs.get(0).at("/info/run_id").asText();

    Outcome table = cairn("runs", "search", "--experiment-ids", exp);
    assertThat(table.out().lines().findFirst().orElseThrow())
        .startsWith("run_id")
        .contains("status");
    assertThat(table.out().lines()).hasSize(4);

    assertThat(json(cairn("runs", "get", runId)).at("/info/status").asText()).isEqualTo("FINISHED");
    assertThat(cairn("runs", "delete", runId).code()).isZero();
    assertThat(json(cairn("runs", "get", runId)).at("/info/lifecycle_stage").asText())
        .isEqualTo("deleted");
    assertThat(cairn("runs", "restore", runId).code()).isZero();

    Path file = Files.writeString(tmp.resolve("report.txt"), "ok");
    assertThat(
            cairn(
                    "artifacts",
                    "upload",
                    "--run-id",
                    runId,
                    "--artifact-path",
                    "reports",
                    file.toString())
                .code())
        .isZero();
    JsonNode listed =
        json(
            cairn("artifacts", "list", "--run-id", runId, "--path", "reports", "--output", "json"));
    assertThat(listed.get(0).get("path").asText()).isEqualTo("reports/report.txt");
    Outcome down =
        cairn(
            "artifacts",
            "download",
            "runs:/" + runId + "/reports",
            "--dst",
            tmp.resolve("d").toString());
    assertThat(down.code()).as(down.err()).isZero();
    assertThat(tmp.resolve("d/report.txt")).hasContent("ok");
  }

  @Test
  void modelsVersionsAndAliasesAreShown(@TempDir Path tmp) throws Exception {
    Path model = Files.createDirectories(tmp.resolve("m"));
    Files.writeString(model.resolve("w.bin"), "w");
    try (Tracker t = Trackers.builder().trackingUri(uri).experimentName("cli-models").build();
        Run r = t.startRun("train")) {
      r.registerModel(r.logModel(model, "model"), "cli-model");
    }
    assertThat(cairn("models", "alias", "cli-model", "prod", "1").code()).isZero();
    JsonNode versions = json(cairn("models", "versions", "cli-model", "--output", "json"));
    assertThat(versions.get(0).get("aliases").get(0).asText()).isEqualTo("prod");
    JsonNode got = json(cairn("models", "get", "cli-model"));
    assertThat(got.at("/aliases/0/alias").asText()).isEqualTo("prod");
    JsonNode list = json(cairn("models", "list", "--output", "json"));
    assertThat(list.findValuesAsText("name")).contains("cli-model");
    Outcome down =
        cairn(
            "artifacts",
            "download",
            "models:/cli-model@prod",
            "--dst",
            tmp.resolve("d").toString());
    assertThat(down.code()).as(down.err()).isZero();
    assertThat(tmp.resolve("d/w.bin")).hasContent("w");
    assertThat(cairn("models", "alias", "cli-model", "prod", "--delete").code()).isZero();
  }

  @Test
  void offlineFolderIsSyncedOnceWithProgress(@TempDir Path tmp) {
    Path folder = tmp.resolve("mlruns");
    try (Tracker t = Trackers.builder().offline(folder).experimentName("cli-offline").build();
        Run r = t.startRun("offline")) {
      r.logMetric("loss", 0.5, 0);
    }
    Outcome first = cairn("sync", folder.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("Synced 1 run(s) (0 already synced): 1 metric point(s)");
    assertThat(first.err()).contains("synced as");
    Outcome second = cairn("sync", folder.toString());
    assertThat(second.out()).startsWith("Synced 0 run(s) (1 already synced)");
  }

  @Test
  void aMissingTrackingUriIsAUsageError() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "runs",
            "get",
            "abc",
            "--tracking-uri",
            "");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("no tracking server");
  }
}
