package dev.cairn.client.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * NVIDIA GPUs' figures from {@code nvidia-smi}, under MLflow's GPU monitor's names: per GPU {@code
 * i}, {@code gpu_i_utilization_percentage}, {@code gpu_i_memory_usage_megabytes} (10^6 bytes),
 * {@code gpu_i_memory_usage_percentage}, {@code gpu_i_power_usage_watts} and {@code
 * gpu_i_power_usage_percentage} (of the enforced power limit). A figure the GPU does not report
 * ({@code [N/A]}) is left out.
 */
final class NvidiaSmi implements Probe {
  static final List<String> COMMAND =
      List.of(
          "nvidia-smi",
          "--query-gpu=index,utilization.gpu,memory.used,memory.total,power.draw,enforced.power.limit",
          "--format=csv,noheader,nounits");

  private static final long TIMEOUT_SECONDS = 5;

  /** nvidia-smi reports memory in MiB; MLflow logs bytes / 10^6. */
  private static final double MIB_IN_MB = 1.048576;

  private final List<String> command;

  NvidiaSmi(List<String> command) {
    this.command = List.copyOf(command);
  }

  /**
   * The probe when {@code nvidia-smi} answers with at least one GPU; null otherwise (no driver, no
   * GPU, not on the PATH).
   */
  static NvidiaSmi ifAnswers(List<String> command) {
    NvidiaSmi probe = new NvidiaSmi(command);
    try {
      return probe.query().isEmpty() ? null : probe;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public Map<String, Double> sample() {
    try {
      return query();
    } catch (IOException e) {
      return Map.of(); // a GPU that stops answering leaves this sample without GPU figures
    }
  }

  @Override
  public Aggregation aggregation() {
    return Aggregation.MEAN;
  }

  private Map<String, Double> query() throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (InputStream out = p.getInputStream()) {
      String text = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException("nvidia-smi did not answer within " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new IOException("nvidia-smi exited with " + p.exitValue());
      }
      return parse(text);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      p.destroyForcibly();
    }
  }

  /** {@code index, utilization %, memory used MiB, memory total MiB, power W, power limit W}. */
  static Map<String, Double> parse(String csv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (String line : csv.split("\\R")) {
      String[] f = line.split(",");
      if (f.length < 6 || number(f[0]) == null) {
        continue;
      }
      String gpu = "gpu_" + f[0].trim() + "_";
      Double util = number(f[1]);
      Double used = number(f[2]);
      Double total = number(f[3]);
      Double watts = number(f[4]);
      Double limit = number(f[5]);
      if (used != null && total != null && total > 0) {
        m.put(gpu + "memory_usage_percentage", Math.round(used / total * 1000) / 10.0);
        m.put(gpu + "memory_usage_megabytes", used * MIB_IN_MB);
      }
      if (util != null) {
        m.put(gpu + "utilization_percentage", util);
      }
      if (watts != null && limit != null && limit > 0) {
        m.put(gpu + "power_usage_watts", watts);
        m.put(gpu + "power_usage_percentage", watts / limit * 100);
      }
    }
    return m;
  }

  private static Double number(String field) {
    try {
      return Double.parseDouble(field.trim());
    } catch (NumberFormatException e) {
      return null; // [N/A], [Not Supported]
    }
  }
}
