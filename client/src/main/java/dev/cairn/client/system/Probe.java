package dev.cairn.client.system;

import java.util.Map;

/**
 * One source of system figures, sampled once per interval. Names are MLflow's, without the {@code
 * system/} prefix ({@code cpu_utilization_percentage}).
 */
interface Probe {

  /** How a metric's samples become the logged value, as MLflow's monitors do. */
  enum Aggregation {
    /** The mean of the samples, rounded to one decimal (CPU, memory, disk, GPU). */
    MEAN,
    /** The last sample as is (network counters, cumulative since the sampler started). */
    LAST
  }

  /** One sample: metric name to value; a figure the machine does not give is left out. */
  Map<String, Double> sample();

  Aggregation aggregation();
}
