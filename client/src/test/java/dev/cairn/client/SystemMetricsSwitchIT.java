package dev.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.model.Metric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * System metrics switched on for every run, as MLflow's {@code
 * MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING=true} does, or by the builder; against a real server.
 */
class SystemMetricsSwitchIT {
  private static final String CPU = "system/cpu_utilization_percentage";

  @TempDir Path dir;

  @Test
  void theEnvironmentSwitchSamplesEveryRunUntilItClosesAndAResumedRunGoesOnAfterItsLastStep()
      throws Exception {
    try (TestServer server = TestServer.start(dir);
        CairnClient client = server.client()) {
      Map<String, String> env =
          Map.of(
              "MLFLOW_TRACKING_URI", server.uri(),
              "MLFLOW_EXPERIMENT_NAME", "sampled",
              "MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "true",
              "MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL", "0.1");
      String parentId;
      String childId;
      try (Tracker tracker = Trackers.builder().environment(env).build()) {
        assertThat(tracker).isInstanceOf(RestTracker.class);
        try (Run parent = tracker.startRun("sweep")) {
          parentId = parent.id();
          try (Run child = parent.child("trial-1")) {
            childId = child.id();
            Thread.sleep(700);
          }
        }
      }
      List<Long> parentSteps = steps(client, parentId);
      assertThat(parentSteps).hasSizeGreaterThanOrEqualTo(3);
      assertThat(parentSteps.subList(0, 3)).containsExactly(0L, 1L, 2L);
      assertThat(steps(client, childId)).hasSizeGreaterThanOrEqualTo(3);
      assertThat(client.getRun(parentId).data().metrics().stream().map(Metric::key))
          .contains("system/system_memory_usage_megabytes", "system/disk_usage_percentage");

      // the samplers stopped with their runs: nothing more arrives
      Thread.sleep(400);
      assertThat(steps(client, parentId)).isEqualTo(parentSteps);

      // resumed by id: the steps go on after the last one
      Map<String, String> resume = new java.util.HashMap<>(env);
      resume.put("MLFLOW_RUN_ID", parentId);
      try (Tracker tracker = Trackers.builder().environment(resume).build();
          Run again = tracker.startRun("ignored")) {
        assertThat(again.id()).isEqualTo(parentId);
        Thread.sleep(500);
      }
      List<Long> resumed = steps(client, parentId);
      assertThat(resumed.size()).isGreaterThan(parentSteps.size());
      assertThat(resumed).doesNotHaveDuplicates();
      assertThat(resumed.get(parentSteps.size())).isEqualTo(parentSteps.getLast() + 1);
    }
  }

  @Test
  void theBuilderOptionSwitchesSamplingOnAndItIsOffByDefault() throws Exception {
    try (TestServer server = TestServer.start(dir);
        CairnClient client = server.client()) {
      Map<String, String> interval = Map.of("MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL", "0.1");
      String on;
      String off;
      try (Tracker tracker =
              Trackers.builder()
                  .environment(interval)
                  .trackingUri(server.uri())
                  .systemMetrics(true)
                  .build();
          Run run = tracker.startRun("on")) {
        on = run.id();
        Thread.sleep(500);
      }
      try (Tracker tracker =
              Trackers.builder().environment(interval).trackingUri(server.uri()).build();
          Run run = tracker.startRun("off")) {
        off = run.id();
        run.logMetric("loss", 1.0, 0);
        Thread.sleep(500);
      }
      assertThat(steps(client, on)).isNotEmpty();
      assertThat(client.getRun(off).data().metrics().stream().map(Metric::key))
          .containsExactly("loss");
    }
  }

  @Test
  void anOfflineTrackerSamplesIntoItsFolder() throws Exception {
    Path folder = dir.resolve("offline");
    String runId;
    try (Tracker tracker =
            Trackers.builder()
                .environment(Map.of("MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL", "0.1"))
                .offline(folder)
                .systemMetrics(true)
                .build();
        Run run = tracker.startRun("offline")) {
      runId = run.id();
      Thread.sleep(500);
    }
    try (var files = Files.walk(folder)) {
      Path cpu =
          files
              .filter(
                  p ->
                      p.endsWith(Path.of(runId, "metrics", "system", "cpu_utilization_percentage")))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readAllLines(cpu)).hasSizeGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aValueOtherThanMlflowsBooleansIsRefused() {
    assertThat(Trackers.parseBoolean("X", "TRUE")).isTrue();
    assertThat(Trackers.parseBoolean("X", "0")).isFalse();
    assertThatThrownBy(
            () ->
                Trackers.builder()
                    .environment(Map.of("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", "yes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING");
  }

  private static List<Long> steps(CairnClient client, String runId) {
    List<Long> steps = new ArrayList<>();
    client.getMetricHistory(runId, CPU).forEach(m -> steps.add(m.step()));
    return steps.stream().sorted().collect(Collectors.toList());
  }
}
