package dev.cairn.client.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.client.tensorboard.RecordingTracker.Point;
import dev.cairn.client.tensorboard.RecordingTracker.Recorded;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports the committed log folder that compat/tensorboard_events.py wrote with tensorboardX and
 * TensorBoard's own writer (its values are the constants of that script).
 */
class TensorBoardImportTest {
  private static final long WALL_MS = 1_700_000_000_000L;

  @TempDir Path temp;

  @Test
  void importsOneRunPerFolderNestedUnderTheLogFolder() throws Exception {
    RecordingTracker tracker = new RecordingTracker();

    TensorBoardImport.Result result =
        new TensorBoardImport(fixture()).into(tracker, TensorBoardImport.Progress.NONE);

    assertThat(tracker.runs)
        .extracting(r -> r.name)
        .containsExactly("tensorboard", "eval", "trial-1");
    Recorded root = tracker.run("tensorboard");
    assertThat(root.parentId).isNull();
    assertThat(tracker.run("eval").parentId).isEqualTo(root.id);
    assertThat(tracker.run("trial-1").parentId).isEqualTo(root.id);
    assertThat(tracker.runs).allSatisfy(r -> assertThat(r.status).isEqualTo("FINISHED"));
    assertThat(tracker.run("eval").tags).containsEntry(TensorBoardImport.FOLDER_TAG, "eval");
    assertThat(root.tags).containsEntry(TensorBoardImport.FOLDER_TAG, ".");
    assertThat(result.runs()).isEqualTo(3);
    assertThat(result.scalars()).isEqualTo(5 + 5 + 5 + 3 + 1);
    assertThat(result.images()).isEqualTo(1);
    assertThat(result.params()).isEqualTo(5 + 3);
    assertThat(result.rootRunId()).isEqualTo(root.id);
  }

  @Test
  void simpleValueScalarsKeepTheirStepsWallTimesAndDecimalValues() throws Exception {
    RecordingTracker tracker = new RecordingTracker();
    new TensorBoardImport(fixture()).into(tracker, TensorBoardImport.Progress.NONE);

    Map<String, List<Point>> metrics = tracker.run("tensorboard").metrics;
    assertThat(metrics.get("train/loss"))
        .containsExactly(
            new Point(1.0, 0, WALL_MS),
            new Point(0.5, 1, WALL_MS + 1000),
            new Point(0.25, 2, WALL_MS + 2000),
            new Point(0.125, 3, WALL_MS + 3000),
            new Point(0.0625, 4, WALL_MS + 4000));
    // float32 on disk; imported as the decimal the script wrote
    assertThat(metrics.get("lr"))
        .extracting(Point::value)
        .containsExactly(0.1, 0.05, 0.025, 0.0125, 0.00625);
  }

  @Test
  void tensorScalarsAreReadWithTheirPluginNamedOnlyOnTheFirstValue() throws Exception {
    RecordingTracker tracker = new RecordingTracker();
    new TensorBoardImport(fixture()).into(tracker, TensorBoardImport.Progress.NONE);

    Map<String, List<Point>> metrics = tracker.run("eval").metrics;
    assertThat(metrics.get("accuracy"))
        .extracting(Point::value)
        .containsExactly(0.5, 0.7, 0.8, 0.85, 0.9);
    assertThat(metrics.get("accuracy"))
        .extracting(Point::timestamp)
        .first()
        .isEqualTo(WALL_MS + 10_000);
    // tensor_content: the value packed little-endian
    assertThat(metrics.get("precision"))
        .containsExactly(
            new Point(0.25, 0, WALL_MS + 20_000),
            new Point(0.5, 10, WALL_MS + 21_000),
            new Point(0.75, 20, WALL_MS + 22_000));
  }

  @Test
  void hparamsBecomeParamsAsPythonWritesTheValues() throws Exception {
    RecordingTracker tracker = new RecordingTracker();
    new TensorBoardImport(fixture()).into(tracker, TensorBoardImport.Progress.NONE);

    Recorded trial = tracker.run("trial-1");
    assertThat(trial.params)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "lr",
                "0.001",
                "layers",
                "3",
                "optimizer",
                "adam",
                "augment",
                "True",
                "dropout",
                "1e-05"));
    // TensorBoard 2.x's own hparams_pb, beside TF2 scalars
    assertThat(tracker.run("eval").params)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("units", "64", "activation", "relu", "batch_norm", "False"));
    assertThat(tracker.run("tensorboard").params).isEmpty();
    assertThat(trial.metrics.get("hparam/accuracy"))
        .extracting(Point::value, Point::step)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0.875, 4L));
  }

  @Test
  void imagesBecomePngArtifactsUnderTheirTag() throws Exception {
    RecordingTracker tracker = new RecordingTracker();
    new TensorBoardImport(fixture()).into(tracker, TensorBoardImport.Progress.NONE);

    byte[] png = tracker.run("tensorboard").artifacts.get("images/samples/red/step_2.png");
    assertThat(png).isNotNull();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(8);
    assertThat(image.getHeight()).isEqualTo(8);
    assertThat(image.getRGB(3, 3) & 0xffffff).isEqualTo(0xff0000);
  }

  @Test
  void progressCoversEveryByteOfEveryRun() throws Exception {
    List<String> started = new ArrayList<>();
    long[] read = {0};
    new TensorBoardImport(fixture())
        .into(
            new RecordingTracker(),
            new TensorBoardImport.Progress() {
              @Override
              public void run(String name, int index, int total, long bytes) {
                started.add(index + "/" + total + " " + name);
              }

              @Override
              public void read(long bytes) {
                read[0] += bytes;
              }
            });

    assertThat(started).containsExactly("1/3 tensorboard", "2/3 eval", "3/3 trial-1");
    assertThat(read[0]).isEqualTo(LogFolder.scan(fixture()).bytes());
  }

  @Test
  void aCorruptRecordFailsTheRunAndTheImport() throws Exception {
    Path logdir = temp.resolve("logs");
    Files.createDirectories(logdir);
    byte[] events = Files.readAllBytes(fixture().resolve("events.out.tfevents.1700000001.writer"));
    events[events.length - 10] ^= 0x55; // inside the last record's data
    Files.write(logdir.resolve("events.out.tfevents.1.x"), events);
    RecordingTracker tracker = new RecordingTracker();

    assertThatThrownBy(
            () -> new TensorBoardImport(logdir).into(tracker, TensorBoardImport.Progress.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum");
    assertThat(tracker.runs.get(0).status).isEqualTo("FAILED");
  }

  @Test
  void aRecordCutShortEndsTheFileQuietly() throws Exception {
    Path logdir = temp.resolve("cut");
    Files.createDirectories(logdir);
    byte[] events = Files.readAllBytes(fixture().resolve("events.out.tfevents.1700000001.writer"));
    Files.write(
        logdir.resolve("events.out.tfevents.1.x"),
        java.util.Arrays.copyOf(events, events.length - 3));
    RecordingTracker tracker = new RecordingTracker();

    new TensorBoardImport(logdir).into(tracker, TensorBoardImport.Progress.NONE);

    assertThat(tracker.runs.get(0).status).isEqualTo("FINISHED");
    assertThat(tracker.runs.get(0).metrics.get("train/loss")).hasSize(5);
  }

  @Test
  void foldersWithoutEventsNestTheirRunsUnderTheClosestRunAbove() throws Exception {
    Path logdir = temp.resolve("sweep");
    byte[] events =
        Files.readAllBytes(fixture().resolve("eval/events.out.tfevents.1700000000.writer"));
    for (String run : List.of("a/trial-1", "a/trial-2", "a/trial-2/eval")) {
      Files.createDirectories(logdir.resolve(run));
      Files.write(logdir.resolve(run).resolve("events.out.tfevents.1.x"), events);
    }

    LogFolder root = LogFolder.scan(logdir);

    assertThat(root.files()).isEmpty();
    assertThat(root.children())
        .extracting(LogFolder::name)
        .containsExactly("a/trial-1", "a/trial-2");
    assertThat(root.children().get(1).children())
        .extracting(LogFolder::name)
        .containsExactly("eval");
  }

  @Test
  void numbersAreWrittenAsPythonsStr() {
    assertThat(HParams.number(3.0)).isEqualTo("3");
    assertThat(HParams.number(0.001)).isEqualTo("0.001");
    assertThat(HParams.number(0.0001)).isEqualTo("0.0001");
    assertThat(HParams.number(1e-5)).isEqualTo("1e-05");
    assertThat(HParams.number(-2.5e-7)).isEqualTo("-2.5e-07");
    assertThat(HParams.number(123456789.0)).isEqualTo("123456789");
    assertThat(HParams.number(1.5e16)).isEqualTo("1.5e+16");
    assertThat(HParams.number(1.2345e20)).isEqualTo("1.2345e+20");
    assertThat(HParams.number(123456.789)).isEqualTo("123456.789");
    assertThat(HParams.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
  }

  @Test
  void keysAndImagePathsAreMadeSafe() {
    assertThat(TensorBoardImport.key("acc (%)")).isEqualTo("acc ___");
    assertThat(TensorBoardImport.key("train/loss: top-1.x")).isEqualTo("train/loss: top-1.x");
    assertThat(TensorBoardImport.imagePath("../x/./y", 7, 1)).isEqualTo("images/x/y/step_7_1.png");
  }

  private static Path fixture() throws URISyntaxException {
    return Path.of(TensorBoardImportTest.class.getResource("/tensorboard").toURI());
  }
}
