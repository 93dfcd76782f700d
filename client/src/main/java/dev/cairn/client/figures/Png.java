package dev.cairn.client.figures;

import java.awt.Color;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Renders a JFreeChart to PNG bytes, in the figures' shared look. */
final class Png {
  /**
   * Series colours: matplotlib's default cycle ("tab10"), so that a Java figure looks like the
   * Python ones beside it in the MLflow UI.
   */
  static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f),
    new Color(0xbcbd22),
    new Color(0x17becf)
  };

  private static final int MIN_SIDE = 16;
  private static final int MAX_SIDE = 8192;

  private Png() {}

  static Paint colour(int index) {
    return PALETTE[index % PALETTE.length];
  }

  static byte[] render(JFreeChart chart, int width, int height) {
    checkSide("width", width);
    checkSide("height", height);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    try {
      ChartUtils.writeChartAsPNG(out, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  private static void checkSide(String name, int pixels) {
    if (pixels < MIN_SIDE || pixels > MAX_SIDE) {
      throw new IllegalArgumentException(
          String.format(
              "Invalid %s %d: a figure is %d to %d pixels wide and high",
              name, pixels, MIN_SIDE, MAX_SIDE));
    }
  }
}
