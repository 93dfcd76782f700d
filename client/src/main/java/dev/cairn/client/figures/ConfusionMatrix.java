package dev.cairn.client.figures;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion matrix as scikit-learn draws it: one row per true label (top to bottom), one column
 * per predicted label, each cell shaded from white to blue by its count and labelled with it.
 *
 * <pre>{@code
 * ConfusionMatrix.of("Validation", List.of("cat", "dog"), actual, predicted).toPng();
 * }</pre>
 *
 * @param labels the classes, in row and column order
 * @param counts {@code counts[actual][predicted]}, square, non-negative
 */
public record ConfusionMatrix(String title, List<String> labels, long[][] counts)
    implements Figure {

  /** The colour of the largest count (scikit-learn's "Blues" at its darkest). */
  static final Color FULL = new Color(0x08306b);

  public ConfusionMatrix {
    Objects.requireNonNull(title, "title");
    labels = List.copyOf(labels);
    if (labels.isEmpty() || counts.length != labels.size()) {
      throw new IllegalArgumentException(
          String.format(
              "A confusion matrix needs one row per label: %d labels, %d rows",
              labels.size(), counts.length));
    }
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i].length != labels.size()) {
        throw new IllegalArgumentException(
            String.format(
                "Row %d has %d cells, not %d (one per label)", i, counts[i].length, labels.size()));
      }
      for (long c : counts[i]) {
        if (c < 0) {
          throw new IllegalArgumentException(String.format("Invalid count %d in row %d", c, i));
        }
      }
      copy[i] = counts[i].clone();
    }
    counts = copy;
  }

  /**
   * Counts the pairs {@code (actual.get(i), predicted.get(i))}.
   *
   * @throws IllegalArgumentException when the lists differ in length or name a label not in {@code
   *     labels}
   */
  public static ConfusionMatrix of(
      String title, List<String> labels, List<String> actual, List<String> predicted) {
    if (actual.size() != predicted.size()) {
      throw new IllegalArgumentException(
          String.format("%d actual labels but %d predictions", actual.size(), predicted.size()));
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    long[][] counts = new long[labels.size()][labels.size()];
    for (int i = 0; i < actual.size(); i++) {
      counts[indexOf(index, actual.get(i))][indexOf(index, predicted.get(i))]++;
    }
    return new ConfusionMatrix(title, labels, counts);
  }

  private static int indexOf(Map<String, Integer> index, String label) {
    Integer i = index.get(label);
    if (i == null) {
      throw new IllegalArgumentException(String.format("Unknown label '%s'", label));
    }
    return i;
  }

  /** The count in row {@code actual}, column {@code predicted}. */
  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  @Override
  public byte[] toPng(int width, int height) {
    int n = labels.size();
    long max = 1;
    for (long[] row : counts) {
      for (long c : row) {
        max = Math.max(max, c);
      }
    }
    double[][] cells = new double[3][n * n];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        int i = row * n + col;
        cells[0][i] = col;
        cells[1][i] = row;
        cells[2][i] = counts[row][col];
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("counts", cells);
    String[] names = labels.toArray(String[]::new);
    SymbolAxis predictedAxis = new SymbolAxis("predicted", names);
    SymbolAxis actualAxis = new SymbolAxis("actual", names);
    actualAxis.setInverted(true); // the first label's row on top, as scikit-learn draws it
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setBlockAnchor(RectangleAnchor.CENTER);
    renderer.setPaintScale(new Blues(max));
    XYPlot plot = new XYPlot(data, predictedAxis, actualAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    for (XYTextAnnotation label : cellLabels(max, Math.min(width, height) / n)) {
      plot.addAnnotation(label);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    return Png.render(chart, width, height);
  }

  private List<XYTextAnnotation> cellLabels(long max, int cellPixels) {
    int size = Math.max(8, Math.min(18, cellPixels / 5));
    List<XYTextAnnotation> out = new ArrayList<>();
    for (int row = 0; row < counts.length; row++) {
      for (int col = 0; col < counts.length; col++) {
        XYTextAnnotation text = new XYTextAnnotation(Long.toString(counts[row][col]), col, row);
        text.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        // white on the darker half of the scale, as scikit-learn's ConfusionMatrixDisplay
        text.setPaint(counts[row][col] * 2 > max ? Color.WHITE : Color.BLACK);
        out.add(text);
      }
    }
    return out;
  }

  /** White for 0 to {@link #FULL} for the largest count, linearly. */
  private record Blues(long max) implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return max;
    }

    @Override
    public java.awt.Paint getPaint(double value) {
      double t = Math.max(0, Math.min(1, value / max));
      return new Color(
          mix(255, FULL.getRed(), t), mix(255, FULL.getGreen(), t), mix(255, FULL.getBlue(), t));
    }

    private static int mix(int from, int to, double t) {
      return (int) Math.round(from + (to - from) * t);
    }
  }
}
