package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training offline into MLflow's file-store layout, then {@code cairn sync} to a server. */
class OfflineSyncIT {

  @Test
  void offlineRunsAreSyncedOnceWithChildrenMetricsArtifactsAndModels(
      @TempDir Path serverDir, @TempDir Path work) throws Exception {
    Path folder = work.resolve("mlruns");
    String parentId;
    try (Tracker offline =
            Trackers.builder().offline(folder).experimentName("field-trials").build();
        dev.cairn.client.Run parent = offline.startRun("sweep")) {
      parentId = parent.id();
      parent.logParams(Map.of("data", Map.of("path", "/mnt/data", "split", 0.8)));
      for (int s = 0; s < 2_500; s++) {
        parent.logMetric("loss", 1.0 / (s + 1), s);
      }
      try (dev.cairn.client.Run child = parent.child("trial-1")) {
        child.logMetric("acc", 0.9, 0);
      }
      Path model = Files.createDirectories(work.resolve("model"));
      Files.writeString(model.resolve("weights.bin"), "w");
      String modelRef = parent.logModel(model, "model");
      parent.registerModel(modelRef, "field-model");
      parent.logText("hello", "notes/readme.txt");
    }
    assertThat(folder.resolve("0").resolve("meta.yaml")).doesNotExist();

    try (TestServer server = TestServer.start(serverDir);
        CairnClient client = server.client()) {
      List<String> progress = new ArrayList<>();
      OfflineSync.Report first = new OfflineSync(client, progress::add).sync(folder);
      assertThat(first.runs()).isEqualTo(2);
      assertThat(first.metrics()).isEqualTo(2_501);
      assertThat(progress).anyMatch(l -> l.contains("synced as"));

      String exp = client.findExperimentByName("field-trials").orElseThrow().experimentId();
      List<Run> runs =
          StreamSupport.stream(
                  client.searchRuns(List.of(exp), null, ViewType.ALL, null).spliterator(), false)
              .toList();
      assertThat(runs).hasSize(2);
      Run parent =
          runs.stream().filter(r -> r.info().runName().equals("sweep")).findFirst().orElseThrow();
      Run child =
          runs.stream().filter(r -> r.info().runName().equals("trial-1")).findFirst().orElseThrow();
      assertThat(parent.info().status()).isEqualTo(RunStatus.FINISHED);
      assertThat(parent.data().params())
          .containsExactlyInAnyOrder(
              new Param("data.path", "/mnt/data"), new Param("data.split", "0.8"));
      assertThat(parent.data().tags()).contains(new Tag(OfflineSync.OFFLINE_ID_TAG, parentId));
      assertThat(child.data().tags())
          .contains(new Tag("mlflow.parentRunId", parent.info().runId()));
      assertThat(count(client.getMetricHistory(parent.info().runId(), "loss"))).isEqualTo(2_500);
      assertThat(client.getModelVersion("field-model", "1").source()).startsWith("models:/m-");
      Path down = work.resolve("down");
      client.artifacts().downloadUri("models:/field-model/1", down);
      assertThat(down.resolve("weights.bin")).hasContent("w");
      client
          .artifacts()
          .downloadUri("runs:/" + parent.info().runId() + "/notes", work.resolve("notes"));
      assertThat(work.resolve("notes/readme.txt")).hasContent("hello");

      OfflineSync.Report again = new OfflineSync(client, line -> {}).sync(folder);
      assertThat(again.runs()).isZero();
      assertThat(again.skippedRuns()).isEqualTo(2);
      assertThat(count(client.getMetricHistory(parent.info().runId(), "loss"))).isEqualTo(2_500);
    }
  }

  @Test
  void interruptedSyncResumesFromItsSavedProgress(@TempDir Path serverDir, @TempDir Path work)
      throws Exception {
    Path folder = work.resolve("mlruns");
    String offlineId;
    try (Tracker offline = Trackers.builder().offline(folder).build();
        dev.cairn.client.Run run = offline.startRun("long")) {
      offlineId = run.id();
      for (int s = 0; s < 3_000; s++) {
        run.logMetric("loss", s, s);
      }
    }
    try (TestServer server = TestServer.start(serverDir);
        CairnClient client = server.client()) {
      new OfflineSync(client, l -> {}).sync(folder);
      Path runDir = folder.resolve("0").resolve(offlineId);
      Path state;
      try (Stream<Path> files = Files.list(runDir)) {
        state =
            files
                .filter(f -> f.getFileName().toString().startsWith("cairn-sync-"))
                .findFirst()
                .orElseThrow();
      }
      // As if the first sync had stopped after its second batch of points.
      Properties p = new Properties();
      try (var in = Files.newInputStream(state)) {
        p.load(in);
      }
      String remote = p.getProperty("remote");
      p.remove("done");
      p.setProperty("metric.loss", "2000");
      try (var out = Files.newOutputStream(state)) {
        p.store(out, null);
      }
      OfflineSync.Report resumed = new OfflineSync(client, l -> {}).sync(folder);
      assertThat(resumed.metrics()).isEqualTo(1_000);
      List<Metric> history =
          StreamSupport.stream(client.getMetricHistory(remote, "loss").spliterator(), false)
              .toList();
      assertThat(history).hasSize(3_000);
      assertThat(history.stream().map(Metric::step).distinct().count()).isEqualTo(3_000);
    }
  }

  private static long count(Iterable<?> items) {
    return StreamSupport.stream(items.spliterator(), false).count();
  }
}
