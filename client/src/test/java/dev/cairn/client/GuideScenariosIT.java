package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflows of the user guides (training scripts with flags and env config, Hydra configs,
 * per-epoch metrics, sweeps, resumed runs, the registry, a tracker turned off by a flag) replayed
 * through the SDK against a real server.
 */
class GuideScenariosIT {
  @TempDir static Path dir;
  static TestServer server;
  static CairnClient client;

  @BeforeAll
  static void start() {
    server = TestServer.start(dir);
    client = server.client();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static Tracker tracker(String experiment) {
    return Trackers.builder()
        .environment(
            Map.of(
                "MLFLOW_TRACKING_URI",
                server.uri(),
                "MLFLOW_TAGS",
                "team=vision,approach=baseline"))
        .experimentName(experiment)
        .build();
  }

  private static List<Double> history(String runId, String key) {
    return StreamSupport.stream(client.getMetricHistory(runId, key).spliterator(), false)
        .sorted(java.util.Comparator.comparing(Metric::step))
        .map(Metric::value)
        .toList();
  }

  @Test
  void hydraConfigIsFlattenedAndEpochMetricsAreLogged() {
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("approach", "signalsavants");
    cfg.put("model", Map.of("encoder", Map.of("name", "resnet34", "depth", 4)));
    cfg.put("training", Map.of("lr", 0.001, "batch_size", 16));
    String runId;
    try (Tracker tracker = tracker("ecg-digitization");
        Run run = tracker.startRun("signalsavants")) {
      runId = run.id();
      run.logParams(cfg);
      for (int epoch = 0; epoch < 5; epoch++) {
        run.logMetrics(
            Map.of("train_loss", 1.0 / (epoch + 1), "val_loss", 2.0 / (epoch + 1)), epoch);
      }
      run.logMetric("best_val_loss", 0.4, 4);
      run.logText("epoch,loss\n0,1.0\n", "logs/training.csv");
      run.logJson(Map.of("snr", List.of(1.5, 2.5)), "metrics/snr.json");
    }
    var read = client.getRun(runId);
    assertThat(read.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(read.data().params())
        .containsExactlyInAnyOrder(
            new Param("approach", "signalsavants"),
            new Param("model.encoder.name", "resnet34"),
            new Param("model.encoder.depth", "4"),
            new Param("training.lr", "0.001"),
            new Param("training.batch_size", "16"));
    assertThat(read.data().tags())
        .contains(new Tag("team", "vision"), new Tag("approach", "baseline"));
    assertThat(history(runId, "train_loss")).containsExactly(1.0, 0.5, 1.0 / 3, 0.25, 0.2);
    assertThat(history(runId, "val_loss")).hasSize(5);
    assertThat(client.artifacts().listRun(runId, ""))
        .extracting(e -> e.path())
        .containsExactlyInAnyOrder("logs", "metrics");
  }

  @Test
  void failingTrainingEndsTheRunFailedAndRethrows() {
    String[] id = new String[1];
    try (Tracker tracker = tracker("failures")) {
      assertThatThrownBy(
              () ->
                  tracker.run(
                      "crashes",
                      run -> {
                        id[0] = run.id();
                        run.logMetric("loss", 1.0, 0);
                        throw new IllegalStateException("CUDA out of memory");
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("CUDA out of memory");
    }
    var read = client.getRun(id[0]);
    assertThat(read.info().status()).isEqualTo(RunStatus.FAILED);
    assertThat(history(id[0], "loss")).containsExactly(1.0);
  }

  @Test
  void sweepLogsOneParentWithAChildPerTrial() {
    String parentId;
    try (Tracker tracker = tracker("sweep");
        Run parent = tracker.startRun("lr-sweep")) {
      parentId = parent.id();
      for (double lr : new double[] {0.1, 0.01, 0.001}) {
        try (Run trial = parent.child("lr=" + lr)) {
          trial.logParam("lr", String.valueOf(lr));
          trial.logMetric("val_acc", 1 - lr, 0);
        }
      }
      parent.logMetric("best_val_acc", 0.999, 0);
    }
    var exp = client.findExperimentByName("sweep").orElseThrow().experimentId();
    var children =
        StreamSupport.stream(
                client
                    .searchRuns(
                        List.of(exp),
                        "tags.mlflow.parentRunId = '" + parentId + "'",
                        ViewType.ACTIVE_ONLY,
                        List.of("metrics.val_acc DESC"))
                    .spliterator(),
                false)
            .toList();
    assertThat(children).hasSize(3);
    assertThat(children.getFirst().data().params()).containsExactly(new Param("lr", "0.001"));
    assertThat(children)
        .allSatisfy(r -> assertThat(r.info().status()).isEqualTo(RunStatus.FINISHED));
  }

  @Test
  void runIsResumedByIdFromTheEnvironment() {
    String runId;
    try (Tracker tracker = tracker("resume");
        Run run = tracker.startRun("first-attempt")) {
      runId = run.id();
      run.logMetric("loss", 0.9, 0);
      run.logMetric("loss", 0.8, 1);
    }
    try (Tracker again =
            Trackers.builder()
                .environment(
                    Map.of(
                        "MLFLOW_TRACKING_URI",
                        server.uri(),
                        "MLFLOW_EXPERIMENT_NAME",
                        "resume",
                        "MLFLOW_RUN_ID",
                        runId))
                .build();
        Run run = again.startRun("ignored-when-resuming")) {
      assertThat(run.id()).isEqualTo(runId);
      assertThat(client.getRun(runId).info().status()).isEqualTo(RunStatus.RUNNING);
      run.logMetric("loss", 0.7, 2);
    }
    assertThat(history(runId, "loss")).containsExactly(0.9, 0.8, 0.7);
    assertThat(client.getRun(runId).info().status()).isEqualTo(RunStatus.FINISHED);
  }

  @Test
  void bestModelIsLoggedRegisteredAndAliased(@TempDir Path tmp) throws Exception {
    Path model = Files.createDirectories(tmp.resolve("best_model"));
    Files.writeString(model.resolve("best_model.pt"), "weights");
    String modelId;
    try (Tracker tracker = tracker("registry-scenario");
        Run run = tracker.startRun("train")) {
      modelId = run.logModel(model, "best_model");
      String version = run.registerModel(modelId, "ecg-digitizer");
      assertThat(version).isEqualTo("1");
      client.setModelAlias("ecg-digitizer", "champion", version);
    }
    assertThat(modelId).startsWith("m-");
    assertThat(client.getLoggedModel(modelId).info().status())
        .isEqualTo(dev.cairn.api.model.LoggedModelStatus.LOGGED_MODEL_READY);
    client.artifacts().downloadUri("models:/ecg-digitizer@champion", tmp.resolve("served"));
    assertThat(tmp.resolve("served/best_model.pt")).hasContent("weights");
    assertThat(tmp.resolve("served/MLmodel")).content().contains("model_id: " + modelId);
  }

  @Test
  void loggingToAClosedRunFailsInsteadOfBeingDropped() {
    Run closed;
    try (Tracker tracker = tracker("closed")) {
      closed = tracker.startRun("short");
      closed.close();
      assertThatThrownBy(() -> closed.logMetric("late", 1, 0))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void disabledTrackingWritesNothing() {
    try (Tracker off =
        Trackers.builder()
            .environment(Map.of("MLFLOW_TRACKING_URI", server.uri(), "CAIRN_TRACKING", "off"))
            .experimentName("never-created")
            .build()) {
      assertThat(off).isInstanceOf(NoopTracker.class);
      try (Run run = off.startRun("x")) {
        run.logMetric("loss", 1, 0);
      }
    }
    assertThat(client.findExperimentByName("never-created")).isEmpty();
  }

  @Test
  void largeBatchesAreCutAtMlflowsLimitsAndNothingIsLost() {
    String runId;
    try (Tracker tracker = tracker("limits");
        Run run = tracker.startRun("many")) {
      runId = run.id();
      for (int i = 0; i < 250; i++) {
        run.logParam("p" + i, "v" + i);
        run.setTag("t" + i, "v" + i);
      }
      for (int s = 0; s < 5_000; s++) {
        run.logMetric("m", s, s);
      }
    }
    var read = client.getRun(runId);
    assertThat(read.data().params()).hasSize(250);
    assertThat(read.data().tags()).filteredOn(t -> t.key().matches("t[0-9]+")).hasSize(250);
    assertThat(history(runId, "m")).hasSize(5_000);
  }
}
