package dev.cairn.client.figures;

import java.awt.Color;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * One bar per category, e.g. feature importances or per-class accuracy, drawn in the order of
 * {@code bars}.
 *
 * <pre>{@code
 * new BarChart("Per-class F1", "class", "F1", Map.of("cat", 0.91, "dog", 0.87)).toPng();
 * }</pre>
 */
public record BarChart(
    String title, String categoryLabel, String valueLabel, Map<String, ? extends Number> bars)
    implements Figure {

  public BarChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(categoryLabel, "categoryLabel");
    Objects.requireNonNull(valueLabel, "valueLabel");
    if (bars.isEmpty()) {
      throw new IllegalArgumentException("A bar chart needs at least one bar");
    }
    bars = Collections.unmodifiableMap(new LinkedHashMap<>(bars));
  }

  @Override
  public byte[] toPng(int width, int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    bars.forEach((category, value) -> data.addValue(value, valueLabel, category));
    JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data);
    chart.removeLegend();
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter()); // flat bars, no gradient or shadow
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, Png.colour(0));
    return Png.render(chart, width, height);
  }
}
