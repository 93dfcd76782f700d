package dev.cairn.client.system;

import dev.cairn.client.Run;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import oshi.SystemInfo;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * How a {@link SystemMetricsSampler} samples: MLflow's defaults, its environment variables, or set
 * here; then {@link #start(Run)}.
 */
public final class SystemMetricsSettings {
  private Duration interval = SystemMetricsSampler.DEFAULT_INTERVAL;
  private int samplesBeforeLogging = 1;
  private long firstStep;
  private String nodeId;
  private List<String> nvidiaSmi = NvidiaSmi.COMMAND;

  SystemMetricsSettings() {}

  /** Seconds between samples (MLflow's default 10); at least 10 ms. */
  public SystemMetricsSettings interval(Duration value) {
    if (value.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("Invalid sampling interval " + value + ": at least 10 ms");
    }
    interval = value;
    return this;
  }

  /** Samples averaged into one logged value (MLflow's default 1). */
  public SystemMetricsSettings samplesBeforeLogging(int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "Invalid samples before logging " + value + ": at least 1");
    }
    samplesBeforeLogging = value;
    return this;
  }

  /**
   * The first step to log (0 by default); a resumed run goes on after its last {@code system/}
   * step, as MLflow's {@code resume_logging}.
   */
  public SystemMetricsSettings firstStep(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("Invalid first step " + value);
    }
    firstStep = value;
    return this;
  }

  /** Names this node in the metric names ({@code system/<node>/cpu_utilization_percentage}). */
  public SystemMetricsSettings nodeId(String value) {
    nodeId = value == null || value.isEmpty() ? null : value;
    return this;
  }

  /** The GPU query command ({@code nvidia-smi ...}); an empty list turns GPU figures off. */
  public SystemMetricsSettings nvidiaSmi(List<String> command) {
    nvidiaSmi = List.copyOf(command);
    return this;
  }

  /**
   * MLflow's variables, where set: {@code MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL} (seconds),
   * {@code MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING}, {@code MLFLOW_SYSTEM_METRICS_NODE_ID}.
   */
  public SystemMetricsSettings fromEnvironment(Map<String, String> env) {
    String seconds = env.get("MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL");
    if (seconds != null && !seconds.isBlank()) {
      interval(Duration.ofMillis(Math.round(Double.parseDouble(seconds.trim()) * 1000)));
    }
    String samples = env.get("MLFLOW_SYSTEM_METRICS_SAMPLES_BEFORE_LOGGING");
    if (samples != null && !samples.isBlank()) {
      samplesBeforeLogging(Integer.parseInt(samples.trim()));
    }
    String node = env.get("MLFLOW_SYSTEM_METRICS_NODE_ID");
    if (node != null) {
      nodeId(node);
    }
    return this;
  }

  /** Starts sampling for {@code run}; the run stops the sampler when it closes. */
  public SystemMetricsSampler start(Run run) {
    return SystemMetricsSampler.attach(start(run::logMetrics), run);
  }

  /** Starts sampling into {@code sink}; stop it with {@link SystemMetricsSampler#close()}. */
  public SystemMetricsSampler start(SystemMetricsSampler.Sink sink) {
    List<Probe> probes = new ArrayList<>();
    HardwareAbstractionLayer hardware = new SystemInfo().getHardware();
    probes.add(new HostProbe(hardware, Path.of("/").toAbsolutePath().getRoot()));
    probes.add(new HostProbe.Network(hardware));
    if (!nvidiaSmi.isEmpty()) {
      NvidiaSmi gpu = NvidiaSmi.ifAnswers(nvidiaSmi);
      if (gpu != null) {
        probes.add(gpu);
      }
    }
    return SystemMetricsSampler.start(
        new SystemMetricsSampler.Settings(interval, samplesBeforeLogging, firstStep, nodeId),
        probes,
        sink);
  }
}
