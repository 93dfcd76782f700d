package dev.cairn.client.tensorboard;

import dev.cairn.client.Run;
import dev.cairn.client.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Imports a TensorBoard log folder through a {@link Tracker}: one run per folder of event files,
 * nested by folder ({@link LogFolder}); scalars become metrics with their steps and wall times, the
 * hparams plugin's hyperparameters become params, images become PNG artifacts under {@code
 * images/<tag>/step_<step>.png}. Histograms, text, audio and graphs are not imported.
 *
 * <pre>{@code
 * try (Tracker tracker = ...) {
 *   TensorBoardImport.Result r = new TensorBoardImport(Path.of("runs")).into(tracker, progress);
 * }
 * }</pre>
 *
 * <p>Each run is tagged {@code tensorboard.folder} with its folder relative to the log folder
 * ({@code .} for the root). Tags and hyperparameter names are kept, except that characters MLflow
 * refuses in a key become {@code _}.
 */
public final class TensorBoardImport {
  /** MLflow's key rule: word characters, {@code / . - :} and space. */
  private static final Pattern NOT_KEY =
      Pattern.compile("[^/\\w.\\- :]", Pattern.UNICODE_CHARACTER_CLASS);

  /** The tag naming a run's folder. */
  public static final String FOLDER_TAG = "tensorboard.folder";

  private final Path logdir;

  public TensorBoardImport(Path logdir) {
    this.logdir = logdir;
  }

  /** How far the import is. */
  public interface Progress {
    /** Run {@code name} ({@code index} of {@code total}) starts; its files have {@code bytes}. */
    void run(String name, int index, int total, long bytes);

    /** {@code bytes} more of the current run's files were read. */
    void read(long bytes);

    Progress NONE =
        new Progress() {
          @Override
          public void run(String name, int index, int total, long bytes) {}

          @Override
          public void read(long bytes) {}
        };
  }

  /** What was imported. */
  public record Result(int runs, long scalars, long images, long params, String rootRunId) {}

  /**
   * Imports every run, each ended when its folder and its children are imported (FAILED when
   * reading fails, and the failure rethrown).
   *
   * @throws IOException when the folder cannot be read or an event file is corrupt
   */
  public Result into(Tracker tracker, Progress progress) throws IOException {
    LogFolder root = LogFolder.scan(logdir);
    Counter counter = new Counter(root.runs(), progress);
    Run run = tracker.startRun(root.name());
    String rootId = run.id();
    importTree(root, run, counter);
    return new Result(counter.runs, counter.scalars, counter.images, counter.params, rootId);
  }

  private void importTree(LogFolder folder, Run run, Counter counter) throws IOException {
    try {
      run.setTag(FOLDER_TAG, relative(folder.path()));
      counter.progress.run(folder.name(), ++counter.runs, counter.total, ownBytes(folder));
      new EventFolder(folder.files()).read(new RunWriter(run, counter));
      for (LogFolder child : folder.children()) {
        importTree(child, run.child(child.name()), counter);
      }
    } catch (IOException | RuntimeException e) {
      run.fail(e);
      try {
        run.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    run.close();
  }

  private static long ownBytes(LogFolder folder) throws IOException {
    long own = 0;
    for (Path f : folder.files()) {
      own += java.nio.file.Files.size(f);
    }
    return own;
  }

  private String relative(Path folder) {
    String rel = logdir.relativize(folder).toString().replace('\\', '/');
    return rel.isEmpty() ? "." : rel;
  }

  static String key(String tag) {
    String k = NOT_KEY.matcher(tag).replaceAll("_");
    return k.isEmpty() ? "_" : k;
  }

  /** An image's artifact path: {@code images/<tag>/step_<step>[_<index>].png}, tag made safe. */
  static String imagePath(String tag, long step, int index) {
    StringBuilder path = new StringBuilder("images");
    for (String segment : tag.split("/")) {
      String s = segment.replaceAll("[^\\w.\\- ]", "_");
      if (!s.isEmpty() && !s.equals(".") && !s.equals("..")) {
        path.append('/').append(s);
      }
    }
    path.append("/step_").append(step);
    if (index > 0) {
      path.append('_').append(index);
    }
    return path.append(".png").toString();
  }

  private static final class Counter {
    final int total;
    final Progress progress;
    int runs;
    long scalars;
    long images;
    long params;

    Counter(int total, Progress progress) {
      this.total = total;
      this.progress = progress;
    }
  }

  /** One folder's values into one run. */
  private record RunWriter(Run run, Counter counter) implements EventFolder.Listener {
    @Override
    public void scalar(String tag, double value, long step, long timestampMillis) {
      run.logMetric(key(tag), value, step, timestampMillis);
      counter.scalars++;
    }

    @Override
    public void image(String tag, long step, int index, byte[] encoded) {
      run.logBytes(encoded, imagePath(tag, step, index));
      counter.images++;
    }

    @Override
    public void hparams(Map<String, String> hparams) {
      Map<String, String> params = new LinkedHashMap<>();
      hparams.forEach((k, v) -> params.put(key(k), v));
      run.logParams(params);
      counter.params += params.size();
    }

    @Override
    public void read(long bytes) {
      counter.progress.read(bytes);
    }
  }
}
