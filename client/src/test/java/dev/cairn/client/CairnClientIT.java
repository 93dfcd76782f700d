package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.LoggedModelStatus;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.core.artifacts.ArtifactEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CairnClientIT {
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

  @Test
  void experimentsAreCreatedRenamedDeletedAndRestored() {
    String id = client.createExperiment("client-exp");
    client.renameExperiment(id, "client-exp-renamed");
    assertThat(client.getExperiment(id).name()).isEqualTo("client-exp-renamed");
    client.deleteExperiment(id);
    assertThat(client.getExperiment(id).lifecycleStage()).isEqualTo("deleted");
    client.restoreExperiment(id);
    assertThat(client.findExperimentByName("client-exp-renamed"))
        .map(Experiment::experimentId)
        .contains(id);
    assertThat(client.findExperimentByName("no-such-experiment")).isEmpty();
    assertThatThrownBy(() -> client.createExperiment("client-exp-renamed"))
        .isInstanceOfSatisfying(
            TrackingException.class,
            e -> assertThat(e.errorCode()).isEqualTo("RESOURCE_ALREADY_EXISTS"));
  }

  @Test
  void missingRunIsReportedWithMlflowsErrorCode() {
    assertThatThrownBy(() -> client.getRun("0123456789abcdef0123456789abcdef"))
        .isInstanceOfSatisfying(
            TrackingException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
              assertThat(e.httpStatus()).isEqualTo(404);
            });
  }

  @Test
  void searchRunsIteratesLazilyOverEveryPage() {
    String exp = client.createExperiment("paging");
    for (int i = 0; i < 25; i++) {
      RunInfo run = client.createRun(exp, "r" + i, List.of());
      client.logBatch(
          run.runId(), List.of(Metric.of("acc", i, 1000L + i, 0)), List.of(), List.of());
    }
    Page<Run> first =
        client.searchRunsPage(List.of(exp), null, ViewType.ACTIVE_ONLY, null, 10, null);
    assertThat(first.items()).hasSize(10);
    assertThat(first.nextPageToken()).isNotNull();

    List<Double> accs = new ArrayList<>();
    for (Run r :
        client.searchRuns(List.of(exp), "metrics.acc >= 5", null, List.of("metrics.acc DESC"))) {
      accs.add(r.data().metrics().getFirst().value());
    }
    assertThat(accs).hasSize(20).first().isEqualTo(24.0);
    assertThat(accs).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void logBatchIsReadBackAsMetricHistoryParamsAndTags() {
    String exp = client.createExperiment("batch");
    String run = client.createRun(exp, "b", List.of(new Tag("team", "vision"))).runId();
    List<Metric> points = new ArrayList<>();
    for (int s = 0; s < 998; s++) {
      points.add(Metric.of("loss", 1.0 / (s + 1), 5000L + s, s));
    }
    client.logBatch(run, points, List.of(new Param("lr", "0.01")), List.of(new Tag("k", "v")));
    client.endRun(run, RunStatus.FINISHED);

    List<Metric> history =
        StreamSupport.stream(client.getMetricHistory(run, "loss").spliterator(), false).toList();
    assertThat(history).hasSize(998);
    Run read = client.getRun(run);
    assertThat(read.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(read.data().params()).containsExactly(new Param("lr", "0.01"));
    assertThat(read.data().tags()).contains(new Tag("k", "v"), new Tag("team", "vision"));
  }

  @Test
  void artifactsAreUploadedListedAndDownloadedThroughTheProxy(@TempDir Path tmp) throws Exception {
    String exp = client.createExperiment("artifacts");
    RunInfo run = client.createRun(exp, "a", List.of());
    assertThat(run.artifactUri()).startsWith("mlflow-artifacts:");
    Path folder = Files.createDirectories(tmp.resolve("out/nested"));
    Files.writeString(tmp.resolve("out/a.txt"), "alpha");
    Files.writeString(folder.resolve("b.txt"), "beta");
    Path big = tmp.resolve("big.bin");
    byte[] bytes = new byte[3 * 1024 * 1024 + 7];
    new java.util.Random(1).nextBytes(bytes);
    Files.write(big, bytes);

    client.artifacts().uploadToRun(run.runId(), tmp.resolve("out"), "results");
    client.artifacts().uploadToRun(run.runId(), big, null);

    assertThat(client.artifacts().listRun(run.runId(), ""))
        .extracting(ArtifactEntry::path)
        .containsExactlyInAnyOrder("results", "big.bin");
    assertThat(client.artifacts().listRun(run.runId(), "results"))
        .containsExactlyInAnyOrder(
            ArtifactEntry.file("results/a.txt", 5), ArtifactEntry.dir("results/nested"));

    Path down = tmp.resolve("down");
    client.artifacts().downloadUri("runs:/" + run.runId() + "/results", down);
    assertThat(down.resolve("a.txt")).hasContent("alpha");
    assertThat(down.resolve("nested/b.txt")).hasContent("beta");
    client.artifacts().downloadUri("runs:/" + run.runId() + "/big.bin", tmp.resolve("one"));
    assertThat(Files.readAllBytes(tmp.resolve("one/big.bin"))).isEqualTo(bytes);
  }

  @Test
  void registeredModelIsDownloadedByAliasAndByVersion(@TempDir Path tmp) throws Exception {
    String exp = client.createExperiment("registry");
    String runId = client.createRun(exp, "train", List.of()).runId();
    var model = client.createLoggedModel(exp, "classifier", runId, List.of(), List.of());
    Path weights = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(weights.resolve("weights.txt"), "w=1");
    client.artifacts().upload(model.info().artifactUri(), weights, null);
    client.finalizeLoggedModel(model.info().modelId(), LoggedModelStatus.LOGGED_MODEL_READY);

    client.createRegisteredModel("clf");
    ModelVersion v =
        client.createModelVersion(
            "clf", "models:/" + model.info().modelId(), runId, model.info().modelId());
    client.setModelAlias("clf", "champion", v.version());

    assertThat(client.getModelVersionByAlias("clf", "champion").version()).isEqualTo("1");
    client.artifacts().downloadUri("models:/clf@champion", tmp.resolve("byAlias"));
    client.artifacts().downloadUri("models:/clf/1", tmp.resolve("byVersion"));
    client.artifacts().downloadUri("models:/" + model.info().modelId(), tmp.resolve("byId"));
    assertThat(tmp.resolve("byAlias/weights.txt")).hasContent("w=1");
    assertThat(tmp.resolve("byVersion/weights.txt")).hasContent("w=1");
    assertThat(tmp.resolve("byId/weights.txt")).hasContent("w=1");
    assertThat(client.searchModelVersions("name = 'clf'")).hasSize(1);
    assertThat(client.searchRegisteredModels(null)).extracting(m -> m.name()).contains("clf");
  }

  @Test
  void unreachableServerFailsAfterTheRetriesWithoutAnErrorCode() {
    try (CairnClient dead =
        new CairnClient(
            ClientSettings.of("http://127.0.0.1:1").withRetries(1, 0.01), java.util.Map.of())) {
      assertThatThrownBy(() -> dead.getExperiment("0"))
          .isInstanceOfSatisfying(TrackingException.class, e -> assertThat(e.errorCode()).isNull());
    }
  }
}
