package dev.cairn.client.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemMetricsSamplerTest {
  private static final List<String> HOST_METRICS =
      List.of(
          "system/cpu_utilization_percentage",
          "system/system_memory_usage_megabytes",
          "system/system_memory_usage_percentage",
          "system/disk_usage_percentage",
          "system/disk_usage_megabytes",
          "system/disk_available_megabytes",
          "system/network_receive_megabytes",
          "system/network_transmit_megabytes");

  @TempDir Path temp;

  record Logged(Map<String, Double> metrics, long step) {}

  @Test
  void logsMlflowsSystemMetricNamesAtConsecutiveStepsUntilClosed() throws Exception {
    List<Logged> logged = new CopyOnWriteArrayList<>();
    SystemMetricsSampler sampler =
        SystemMetricsSampler.builder()
            .interval(Duration.ofMillis(50))
            .nvidiaSmi(List.of())
            .start((metrics, step) -> logged.add(new Logged(metrics, step)));
    waitFor(() -> logged.size() >= 3);
    sampler.close();
    int atClose = logged.size();
    Thread.sleep(200);

    assertThat(logged).hasSize(atClose);
    assertThat(logged).extracting(Logged::step).startsWith(0L, 1L, 2L);
    Map<String, Double> first = logged.get(0).metrics();
    assertThat(first.keySet()).containsExactlyInAnyOrderElementsOf(HOST_METRICS);
    assertThat(first.get("system/cpu_utilization_percentage")).isBetween(0.0, 100.0);
    assertThat(first.get("system/system_memory_usage_percentage")).isBetween(0.1, 100.0);
    assertThat(first.get("system/system_memory_usage_megabytes")).isPositive();
    assertThat(first.get("system/disk_usage_megabytes")).isPositive();
    assertThat(first.get("system/disk_available_megabytes")).isPositive();
    assertThat(first.get("system/network_receive_megabytes")).isGreaterThanOrEqualTo(0.0);
    // means are rounded to one decimal, as MLflow's monitors
    double memory = first.get("system/system_memory_usage_percentage");
    assertThat(Math.round(memory * 10) / 10.0).isEqualTo(memory);
  }

  @Test
  void averagesSamplesBeforeLoggingAndNamesTheNode() throws Exception {
    List<Logged> logged = new CopyOnWriteArrayList<>();
    long started = System.nanoTime();
    try (SystemMetricsSampler sampler =
        SystemMetricsSampler.builder()
            .fromEnvironment(
                Map.of(
                    "MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL", "0.05",
                    "MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING", "3",
                    "MLFLOW_SYSTEM_METRICS_NODE_ID", "node-1"))
            .firstStep(7)
            .nvidiaSmi(List.of())
            .start((metrics, step) -> logged.add(new Logged(metrics, step)))) {
      waitFor(() -> !logged.isEmpty());
      assertThat(sampler.nextStep()).isEqualTo(8);
    }

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("three samples of 50 ms")
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(logged.get(0).step()).isEqualTo(7);
    assertThat(logged.get(0).metrics()).containsKey("system/node-1/cpu_utilization_percentage");
  }

  @Test
  void gpuFiguresComeFromNvidiaSmiWhenItAnswers() throws Exception {
    Path smi = temp.resolve("nvidia-smi");
    Files.writeString(
        smi,
        "#!/bin/sh\necho '0, 35, 1000, 4000, 70.5, 300.00'\necho '1, [N/A], 500, 4000, [N/A], [N/A]'\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwx------"));
    List<Logged> logged = new CopyOnWriteArrayList<>();

    SystemMetricsSampler sampler =
        SystemMetricsSampler.builder()
            .interval(Duration.ofMillis(50))
            .nvidiaSmi(List.of(smi.toString()))
            .start((metrics, step) -> logged.add(new Logged(metrics, step)));
    try {
      waitFor(() -> !logged.isEmpty());
    } finally {
      sampler.close();
    }

    Map<String, Double> m = logged.get(0).metrics();
    assertThat(m)
        .containsEntry("system/gpu_0_utilization_percentage", 35.0)
        .containsEntry("system/gpu_0_memory_usage_percentage", 25.0)
        .containsEntry("system/gpu_0_memory_usage_megabytes", 1048.6) // 1000 MiB in 10^6 bytes
        .containsEntry("system/gpu_0_power_usage_watts", 70.5)
        .containsEntry("system/gpu_0_power_usage_percentage", 23.5)
        .containsEntry("system/gpu_1_memory_usage_percentage", 12.5)
        .doesNotContainKeys(
            "system/gpu_1_utilization_percentage", "system/gpu_1_power_usage_watts");
  }

  @Test
  void noGpuFiguresWhenNvidiaSmiIsMissingOrFails() {
    assertThat(NvidiaSmi.ifAnswers(List.of(temp.resolve("missing").toString()))).isNull();
    assertThat(NvidiaSmi.ifAnswers(List.of("false"))).isNull();
  }

  @Test
  void aFailingSinkStopsSamplingAndIsReportedByClose() throws Exception {
    List<Long> attempts = new CopyOnWriteArrayList<>();
    SystemMetricsSampler sampler =
        SystemMetricsSampler.builder()
            .interval(Duration.ofMillis(20))
            .nvidiaSmi(List.of())
            .start(
                (metrics, step) -> {
                  attempts.add(step);
                  throw new IllegalStateException("server gone");
                });
    waitFor(() -> !attempts.isEmpty());
    Thread.sleep(100);

    assertThatThrownBy(sampler::close)
        .isInstanceOf(IllegalStateException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(attempts).containsExactly(0L);
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> SystemMetricsSampler.builder().interval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SystemMetricsSampler.builder().samplesBeforeLogging(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void waitFor(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
