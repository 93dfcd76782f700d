package dev.cairn.client.system;

import dev.cairn.client.Run;
import dev.cairn.client.system.Probe.Aggregation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Logs a run's system metrics under MLflow's names ({@code system/cpu_utilization_percentage},
 * {@code system/system_memory_usage_megabytes}, {@code system/disk_usage_percentage}, {@code
 * system/network_receive_megabytes}, {@code system/gpu_0_utilization_percentage}, ...) as MLflow's
 * {@code SystemMetricsMonitor} does: a sample every interval (10 s by default), the mean of {@code
 * samplesBeforeLogging} samples (1 by default) logged at steps 0, 1, 2, ... from a background
 * thread, until the sampler is closed. GPU figures are logged when {@code nvidia-smi} answers.
 *
 * <pre>{@code
 * try (Run run = tracker.startRun("train")) {
 *   SystemMetricsSampler.builder().start(run); // stopped when the run closes
 *   train(run);
 * }
 * }</pre>
 */
public final class SystemMetricsSampler implements AutoCloseable {
  /** MLflow's default sampling interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** The metric names' prefix, as MLflow's. */
  public static final String PREFIX = "system/";

  /** Where the aggregated figures go: {@code run::logMetrics} for a run. */
  @FunctionalInterface
  public interface Sink {
    void log(Map<String, Double> metrics, long step);
  }

  private final Settings settings;
  private final List<Probe> probes;
  private final Sink sink;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile long nextStep;
  private volatile RuntimeException failure;

  private SystemMetricsSampler(Settings settings, List<Probe> probes, Sink sink) {
    this.settings = settings;
    this.probes = List.copyOf(probes);
    this.sink = sink;
    this.nextStep = settings.firstStep();
    this.thread = new Thread(this::loop, "cairn-system-metrics");
    thread.setDaemon(true);
  }

  /** A sampler with MLflow's defaults; see {@link SystemMetricsSettings}. */
  public static SystemMetricsSettings builder() {
    return new SystemMetricsSettings();
  }

  static SystemMetricsSampler start(Settings settings, List<Probe> probes, Sink sink) {
    SystemMetricsSampler sampler = new SystemMetricsSampler(settings, probes, sink);
    sampler.thread.start();
    return sampler;
  }

  /** The settings a sampler runs with (validated by {@link SystemMetricsSettings}). */
  record Settings(Duration interval, int samplesBeforeLogging, long firstStep, String nodeId) {}

  /** The step the next logged figures get. */
  public long nextStep() {
    return nextStep;
  }

  private void loop() {
    try {
      while (true) {
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        Map<String, Aggregation> how = new LinkedHashMap<>();
        for (int i = 0; i < settings.samplesBeforeLogging(); i++) {
          // as MLflow: stopping drops the samples not yet logged
          if (stop.await(settings.interval().toNanos(), TimeUnit.NANOSECONDS)) {
            return;
          }
          // sampled at the end of the interval, so that the CPU figure covers the interval
          for (Probe probe : probes) {
            probe
                .sample()
                .forEach(
                    (k, v) -> {
                      samples.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
                      how.put(k, probe.aggregation());
                    });
          }
        }
        sink.log(aggregate(samples, how), nextStep);
        nextStep++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e; // reported by close()
    }
  }

  private Map<String, Double> aggregate(
      Map<String, List<Double>> samples, Map<String, Aggregation> how) {
    String prefix = PREFIX + (settings.nodeId() == null ? "" : settings.nodeId() + "/");
    Map<String, Double> out = new LinkedHashMap<>();
    samples.forEach(
        (name, values) -> {
          double v =
              how.get(name) == Aggregation.LAST
                  ? values.get(values.size() - 1)
                  : Math.round(10 * values.stream().mapToDouble(d -> d).average().orElse(0)) / 10.0;
          out.put(prefix + name, v);
        });
    return out;
  }

  /**
   * Stops sampling and waits for the thread to end.
   *
   * @throws IllegalStateException when logging failed (sampling stopped then)
   */
  @Override
  public void close() {
    stop.countDown();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    RuntimeException f = failure;
    if (f != null) {
      failure = null;
      throw new IllegalStateException(
          "System metrics stopped at step " + nextStep + ": " + f.getMessage(), f);
    }
  }

  /** For {@link SystemMetricsSettings#start(Run)}. */
  static SystemMetricsSampler attach(SystemMetricsSampler sampler, Run run) {
    run.attach(sampler);
    return sampler;
  }
}
