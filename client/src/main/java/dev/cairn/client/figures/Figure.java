package dev.cairn.client.figures;

import dev.cairn.client.Run;

/**
 * A chart that renders itself to PNG: a {@link LineChart} of metric histories, a {@link BarChart}
 * or a {@link ConfusionMatrix}. Rendering draws into an in-memory image and never opens a window,
 * so it works on a machine without a display (the JDK runs headless there on its own).
 *
 * <pre>{@code
 * LineChart.ofMetrics("loss", history).logTo(run, "figures/loss.png");
 * }</pre>
 */
public sealed interface Figure permits LineChart, BarChart, ConfusionMatrix {

  /** The default size, MLflow's figures' usual 640 by 480 pixels. */
  int DEFAULT_WIDTH = 640;

  int DEFAULT_HEIGHT = 480;

  /**
   * The figure as a PNG image of {@code width} by {@code height} pixels.
   *
   * @throws IllegalArgumentException when a side is not between 16 and 8192 pixels
   */
  byte[] toPng(int width, int height);

  /** The figure as a PNG image of the default size. */
  default byte[] toPng() {
    return toPng(DEFAULT_WIDTH, DEFAULT_HEIGHT);
  }

  /**
   * Logs the figure as a PNG of the default size to {@code run} as {@code artifactFile}, e.g.
   * {@code "figures/confusion_matrix.png"}.
   */
  default void logTo(Run run, String artifactFile) {
    run.logBytes(toPng(), artifactFile);
  }
}
