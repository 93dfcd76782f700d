package dev.cairn.client.figures;

import dev.cairn.api.model.Metric;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Lines of (x, y) points, one per named series, e.g. a loss curve per metric key against the step.
 *
 * <pre>{@code
 * LineChart chart = LineChart.ofMetrics("Training", client.getMetricHistory(runId, "loss"));
 * }</pre>
 *
 * @param title the chart's title (may be empty)
 * @param xLabel the horizontal axis' label
 * @param yLabel the vertical axis' label
 * @param series the lines in legend order; each line's points in the order they are drawn
 */
public record LineChart(String title, String xLabel, String yLabel, Map<String, List<Point>> series)
    implements Figure {

  /** One point of a line. */
  public record Point(double x, double y) {}

  public LineChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(xLabel, "xLabel");
    Objects.requireNonNull(yLabel, "yLabel");
    if (series.isEmpty()) {
      throw new IllegalArgumentException("A line chart needs at least one series");
    }
    Map<String, List<Point>> copy = new LinkedHashMap<>();
    series.forEach((name, points) -> copy.put(name, List.copyOf(points)));
    series = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * Metric histories as lines against the step, one line per metric key (in the order keys first
   * appear), each line sorted by step then timestamp, as MLflow's UI draws them.
   */
  public static LineChart ofMetrics(String title, Collection<Metric> points) {
    Map<String, List<Metric>> byKey = new LinkedHashMap<>();
    for (Metric m : points) {
      byKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);
    }
    Map<String, List<Point>> series = new LinkedHashMap<>();
    Comparator<Metric> order =
        Comparator.comparing((Metric m) -> m.step() == null ? 0L : m.step())
            .thenComparing(m -> m.timestamp() == null ? 0L : m.timestamp());
    byKey.forEach(
        (key, list) ->
            series.put(
                key,
                list.stream()
                    .sorted(order)
                    .map(m -> new Point(m.step() == null ? 0 : m.step(), m.value()))
                    .toList()));
    return new LineChart(title, "step", "value", series);
  }

  @Override
  public byte[] toPng(int width, int height) {
    XYSeriesCollection data = new XYSeriesCollection();
    series.forEach(
        (name, points) -> {
          // autoSort off, duplicates allowed: a history may log one step twice
          XYSeries line = new XYSeries(name, false, true);
          points.forEach(p -> line.add(p.x(), p.y()));
          data.addSeries(line);
        });
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, series.size() > 1, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < series.size(); i++) {
      renderer.setSeriesPaint(i, Png.colour(i));
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    return Png.render(chart, width, height);
  }
}
