package dev.cairn.client.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.model.Metric;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FiguresTest {

  @Test
  void lineChartOfMetricHistoriesIsAPngOfTheAskedSizeWithOneColourPerKey() throws IOException {
    List<Metric> history = new ArrayList<>();
    for (int step = 0; step < 50; step++) {
      history.add(Metric.of("loss", 1.0 / (step + 1), 1_700_000_000_000L + step, step));
      history.add(Metric.of("accuracy", step / 50.0, 1_700_000_000_000L + step, step));
    }

    BufferedImage image = decode(LineChart.ofMetrics("Training", history).toPng(800, 600));

    assertThat(image.getWidth()).isEqualTo(800);
    assertThat(image.getHeight()).isEqualTo(600);
    assertThat(countNear(image, Png.PALETTE[0])).as("loss line").isGreaterThan(200);
    assertThat(countNear(image, Png.PALETTE[1])).as("accuracy line").isGreaterThan(200);
    assertThat(countNear(image, Png.PALETTE[2])).as("no third series").isZero();
  }

  @Test
  void lineChartSortsEachHistoryByStep() {
    LineChart chart =
        LineChart.ofMetrics(
            "",
            List.of(Metric.of("m", 3, 30, 2), Metric.of("m", 1, 10, 0), Metric.of("m", 2, 20, 1)));

    assertThat(chart.series().get("m"))
        .containsExactly(
            new LineChart.Point(0, 1), new LineChart.Point(1, 2), new LineChart.Point(2, 3));
  }

  @Test
  void barChartDrawsItsBarsInTheFirstPaletteColour() throws IOException {
    Map<String, Double> bars = new LinkedHashMap<>();
    bars.put("cat", 0.9);
    bars.put("dog", 0.5);
    bars.put("bird", 0.7);

    BufferedImage image = decode(new BarChart("F1 per class", "class", "F1", bars).toPng());

    assertThat(image.getWidth()).isEqualTo(Figure.DEFAULT_WIDTH);
    assertThat(image.getHeight()).isEqualTo(Figure.DEFAULT_HEIGHT);
    // three solid bars cover a good share of the plot
    assertThat(countNear(image, Png.PALETTE[0])).isGreaterThan(20_000);
    assertThat(image.getRGB(1, 1) & 0xffffff).as("white background").isEqualTo(0xffffff);
  }

  @Test
  void confusionMatrixCountsPairsAndShadesTheLargestCellDarkest() throws IOException {
    List<String> labels = List.of("cat", "dog");
    ConfusionMatrix matrix =
        ConfusionMatrix.of(
            "Validation",
            labels,
            List.of("cat", "cat", "cat", "dog", "dog"),
            List.of("cat", "cat", "dog", "dog", "cat"));

    assertThat(matrix.count(0, 0)).isEqualTo(2);
    assertThat(matrix.count(0, 1)).isEqualTo(1);
    assertThat(matrix.count(1, 0)).isEqualTo(1);
    assertThat(matrix.count(1, 1)).isEqualTo(1);

    BufferedImage image = decode(matrix.toPng(400, 400));
    assertThat(image.getWidth()).isEqualTo(400);
    assertThat(countNear(image, ConfusionMatrix.FULL))
        .as("the cat/cat cell, the largest count, is the darkest blue")
        .isGreaterThan(2_000);
    Color half = new Color(0x83, 0x98, 0xb5); // the scale at 1/2: white mixed half with FULL
    assertThat(countNear(image, half)).as("the three cells of count 1").isGreaterThan(3 * 2_000);
  }

  @Test
  void invalidFiguresAreRefused() {
    assertThatThrownBy(() -> new LineChart("", "x", "y", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ConfusionMatrix("", List.of("a", "b"), new long[][] {{1, 2}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfusionMatrix.of("", List.of("a"), List.of("a"), List.of("b")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BarChart("", "c", "v", Map.of("a", 1)).toPng(4, 400))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static BufferedImage decode(byte[] png) throws IOException {
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    return image;
  }

  /** Pixels within a small distance of {@code colour} (antialiasing blends the edges). */
  private static int countNear(BufferedImage image, Color colour) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int dr = ((rgb >> 16) & 0xff) - colour.getRed();
        int dg = ((rgb >> 8) & 0xff) - colour.getGreen();
        int db = (rgb & 0xff) - colour.getBlue();
        if (dr * dr + dg * dg + db * db <= 12) {
          n++;
        }
      }
    }
    return n;
  }
}
