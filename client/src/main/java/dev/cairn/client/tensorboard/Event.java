package dev.cairn.client.tensorboard;

import java.util.List;

/**
 * One TensorBoard {@code Event} as far as the import reads it: its time, step and the values of its
 * {@code Summary} (events without a summary, such as the file version or a graph, have none).
 *
 * @param wallTime seconds since the epoch, as TensorBoard writes it
 */
record Event(double wallTime, long step, List<SummaryValue> values) {

  /** The wall time in epoch milliseconds, as MLflow stores a metric's timestamp. */
  long timestampMillis() {
    return Math.round(wallTime * 1000);
  }
}
