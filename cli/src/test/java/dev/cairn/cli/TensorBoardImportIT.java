package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.client.CairnClient;
import dev.cairn.server.CairnServer;
import dev.cairn.server.EdgeSettings;
import dev.cairn.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn import --from tensorboard:DIR} against a real server in this JVM, with the client
 * module's log folder written by tensorboardX and TensorBoard (compat/tensorboard_events.py).
 */
class TensorBoardImportIT {
  /** The client module's test fixture; tests run in the module's folder. */
  private static final Path LOGS = Path.of("../client/src/test/resources/tensorboard");

  @TempDir Path dir;

  @Test
  void importsEachFolderAsANestedRunWithItsScalarsParamsAndImages() throws Exception {
    assertThat(LOGS.resolve("eval")).isDirectory();
    try (CairnServer server = CairnServer.start(config(dir));
        CairnClient client = CairnClient.forUri("http://127.0.0.1:" + server.port())) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.run(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "import",
              "--from",
              "tensorboard:" + LOGS,
              "--to",
              "http://127.0.0.1:" + server.port(),
              "--experiment-name",
              "tb");

      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).contains("3 runs", "19 metric points", "8 params", "1 images");
      assertThat(err.toString()).contains("[1/3] tensorboard", "[2/3] eval", "[3/3] trial-1");

      String experimentId = client.experimentIdFor("tb");
      List<Run> runs = new ArrayList<>();
      client
          .searchRuns(List.of(experimentId), "", ViewType.ACTIVE_ONLY, List.of())
          .forEach(runs::add);
      Map<String, Run> byName =
          runs.stream().collect(Collectors.toMap(r -> r.info().runName(), r -> r));
      assertThat(byName).containsOnlyKeys("tensorboard", "eval", "trial-1");
      String rootId = byName.get("tensorboard").info().runId();
      assertThat(tags(byName.get("eval"))).containsEntry("mlflow.parentRunId", rootId);
      assertThat(tags(byName.get("trial-1"))).containsEntry("mlflow.parentRunId", rootId);
      assertThat(runs).allSatisfy(r -> assertThat(r.info().status().name()).isEqualTo("FINISHED"));

      assertThat(history(client, rootId, "train/loss"))
          .containsExactly(
              Metric.of("train/loss", 1.0, 1_700_000_000_000L, 0),
              Metric.of("train/loss", 0.5, 1_700_000_001_000L, 1),
              Metric.of("train/loss", 0.25, 1_700_000_002_000L, 2),
              Metric.of("train/loss", 0.125, 1_700_000_003_000L, 3),
              Metric.of("train/loss", 0.0625, 1_700_000_004_000L, 4));
      assertThat(history(client, byName.get("eval").info().runId(), "precision"))
          .extracting(Metric::step, Metric::value)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(0L, 0.25),
              org.assertj.core.groups.Tuple.tuple(10L, 0.5),
              org.assertj.core.groups.Tuple.tuple(20L, 0.75));
      assertThat(
              byName.get("trial-1").data().params().stream()
                  .collect(Collectors.toMap(Param::key, Param::value)))
          .isEqualTo(
              Map.of(
                  "lr",
                  "0.001",
                  "layers",
                  "3",
                  "optimizer",
                  "adam",
                  "augment",
                  "True",
                  "dropout",
                  "1e-05"));

      Path downloaded = dir.resolve("download");
      client.artifacts().downloadUri("runs:/" + rootId + "/images", downloaded);
      assertThat(
              Files.walk(downloaded)
                  .filter(Files::isRegularFile)
                  .map(p -> p.getFileName().toString()))
          .containsExactly("step_2.png");
    }
  }

  @Test
  void aTargetThatIsNotATrackingServerIsRefused() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "import",
            "--from",
            "tensorboard:" + LOGS,
            "--to",
            "sqlite:///" + dir.resolve("x.db"));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--to must be a tracking server");
  }

  private static Map<String, String> tags(Run run) {
    return run.data().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static List<Metric> history(CairnClient client, String runId, String key) {
    List<Metric> out = new ArrayList<>();
    client.getMetricHistory(runId, key).forEach(out::add);
    return out;
  }

  private static ServerConfig config(Path dir) {
    return new ServerConfig(
        "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
        null,
        "127.0.0.1",
        0,
        "",
        true,
        dir.resolve("mlartifacts").toString(),
        false,
        Map.of(),
        EdgeSettings.defaults());
  }
}
