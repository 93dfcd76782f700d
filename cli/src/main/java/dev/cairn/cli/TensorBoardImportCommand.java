package dev.cairn.cli;

import dev.cairn.client.Tracker;
import dev.cairn.client.Trackers;
import dev.cairn.client.tensorboard.TensorBoardImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cairn import --from tensorboard:DIR --to http://host:port}: TensorBoard logs into a
 * tracking server through the client's {@code RestTracker}, with a progress bar per run.
 */
final class TensorBoardImportCommand {
  static final String SCHEME = "tensorboard:";

  private final Path logdir;
  private final String to;
  private final String experimentName;

  TensorBoardImportCommand(String from, String to, String experimentName) {
    this.logdir = Path.of(from.substring(SCHEME.length()));
    this.to = to;
    this.experimentName = experimentName;
  }

  int run(PrintWriter out, PrintWriter err) {
    if (!to.startsWith("http://") && !to.startsWith("https://")) {
      throw new IllegalArgumentException(
          "--to must be a tracking server (http://host:port) for --from tensorboard:DIR");
    }
    String experiment =
        experimentName != null
            ? experimentName
            : logdir.toAbsolutePath().normalize().getFileName().toString();
    Progress progress = Progress.onStderr(err);
    TensorBoardImport.Result result;
    try (Tracker tracker =
        Trackers.builder()
            .environment(clientEnvironment())
            .trackingUri(to)
            .experimentName(experiment)
            .build()) {
      result = new TensorBoardImport(logdir).into(tracker, new Bar(progress));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } finally {
      progress.end();
    }
    out.printf(
        Locale.ROOT,
        "Imported %s into experiment '%s' at %s: %d runs (root run %s), %,d metric points, %d"
            + " params, %d images.%n",
        logdir,
        experiment,
        to,
        result.runs(),
        result.rootRunId(),
        result.scalars(),
        result.params(),
        result.images());
    out.flush();
    return 0;
  }

  /**
   * The client's settings from the environment (credentials, TLS) without what would redirect the
   * import: the experiment and run to resume come from the command line.
   */
  private static Map<String, String> clientEnvironment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("MLFLOW_RUN_ID");
    env.remove("MLFLOW_EXPERIMENT_ID");
    env.remove("MLFLOW_EXPERIMENT_NAME");
    env.remove("CAIRN_TRACKING");
    return env;
  }

  /** One progress step per run, its event files' bytes as units. */
  private static final class Bar implements TensorBoardImport.Progress {
    private final Progress progress;
    private Progress.Step step;
    private long done;

    Bar(Progress progress) {
      this.progress = progress;
    }

    @Override
    public void run(String name, int index, int total, long bytes) {
      step = progress.step(String.format(Locale.ROOT, "[%d/%d] %s", index, total, name), bytes);
      done = 0;
    }

    @Override
    public void read(long bytes) {
      done += bytes;
      step.done(done);
    }
  }
}
