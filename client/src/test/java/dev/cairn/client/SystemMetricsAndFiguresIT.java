package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.api.model.Metric;
import dev.cairn.client.figures.ConfusionMatrix;
import dev.cairn.client.figures.LineChart;
import dev.cairn.client.system.SystemMetricsSampler;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** System metrics and figures logged through a {@link RestTracker} to a real server. */
class SystemMetricsAndFiguresIT {
  @TempDir Path dir;

  @Test
  void systemMetricsAreLoggedAtConsecutiveStepsUntilTheRunEnds() throws Exception {
    try (TestServer server = TestServer.start(dir);
        CairnClient client = server.client();
        Tracker tracker = tracker(server)) {
      String runId;
      long steps;
      try (Run run = tracker.startRun("train")) {
        runId = run.id();
        SystemMetricsSampler sampler =
            SystemMetricsSampler.builder()
                .interval(Duration.ofMillis(100))
                .nvidiaSmi(List.of())
                .start(run);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sampler.nextStep() < 3 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        steps = sampler.nextStep();
      } // the run stops its sampler, then ends

      dev.cairn.api.model.Run stored = client.getRun(runId);
      assertThat(stored.info().status().name()).isEqualTo("FINISHED");
      Set<String> keys =
          stored.data().metrics().stream().map(Metric::key).collect(Collectors.toSet());
      assertThat(keys)
          .contains(
              "system/cpu_utilization_percentage",
              "system/system_memory_usage_megabytes",
              "system/system_memory_usage_percentage",
              "system/disk_usage_percentage",
              "system/disk_usage_megabytes",
              "system/disk_available_megabytes",
              "system/network_receive_megabytes",
              "system/network_transmit_megabytes");
      List<Long> cpuSteps = new ArrayList<>();
      client
          .getMetricHistory(runId, "system/cpu_utilization_percentage")
          .forEach(m -> cpuSteps.add(m.step()));
      assertThat(steps).isGreaterThanOrEqualTo(3);
      assertThat(cpuSteps).hasSizeGreaterThanOrEqualTo((int) steps);
      assertThat(cpuSteps.subList(0, 3)).containsExactly(0L, 1L, 2L);
    }
  }

  @Test
  void figuresLoggedThroughARunDownloadAsTheSamePngs() throws Exception {
    try (TestServer server = TestServer.start(dir);
        CairnClient client = server.client();
        Tracker tracker = tracker(server)) {
      String runId;
      byte[] curve;
      byte[] matrix;
      try (Run run = tracker.startRun("figures")) {
        runId = run.id();
        for (int epoch = 0; epoch < 10; epoch++) {
          run.logMetric("loss", 1.0 / (epoch + 1), epoch);
        }
        run.flush();
        List<Metric> history = new ArrayList<>();
        client.getMetricHistory(runId, "loss").forEach(history::add);
        curve = LineChart.ofMetrics("loss", history).toPng();
        ConfusionMatrix cm =
            ConfusionMatrix.of(
                "val", List.of("a", "b"), List.of("a", "b", "b"), List.of("a", "a", "b"));
        matrix = cm.toPng();
        run.logBytes(curve, "figures/loss.png");
        cm.logTo(run, "figures/confusion_matrix.png"); // rendered again: the same bytes
      }

      Path out = dir.resolve("out");
      client.artifacts().downloadUri("runs:/" + runId + "/figures", out);
      assertThat(Files.readAllBytes(find(out, "loss.png"))).isEqualTo(curve);
      BufferedImage image = ImageIO.read(find(out, "confusion_matrix.png").toFile());
      assertThat(image.getWidth()).isEqualTo(640);
      assertThat(image.getHeight()).isEqualTo(480);
      assertThat(Files.readAllBytes(find(out, "confusion_matrix.png"))).isEqualTo(matrix);
    }
  }

  private static Path find(Path root, String name) throws Exception {
    try (var files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
    }
  }

  private static Tracker tracker(TestServer server) {
    return Trackers.builder()
        .environment(Map.of("MLFLOW_TRACKING_URI", server.uri()))
        .experimentName("extras")
        .build();
  }
}
