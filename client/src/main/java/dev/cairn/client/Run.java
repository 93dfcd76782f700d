package dev.cairn.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * One tracked run, opened by {@link Tracker#startRun}, {@link Tracker#resume} or {@link #child}.
 *
 * <p>A run is a resource: {@link #close()} ends it {@code FINISHED}, or {@code FAILED} when {@link
 * #fail(Throwable)} was called before. Java's try-with-resources does not tell {@code close()}
 * whether the block threw, so either use {@link Tracker#run(String, RunBody)}, which fails the run
 * and rethrows, or catch and call {@link #fail(Throwable)}:
 *
 * <pre>{@code
 * try (Run run = tracker.startRun("baseline")) {
 *   run.logParams(Map.of("optimizer", Map.of("lr", 0.01)));   // logged as optimizer.lr
 *   for (int epoch = 0; epoch < 10; epoch++) run.logMetric("loss", loss(epoch), epoch);
 * } // FINISHED
 * }</pre>
 *
 * <p>Logging methods may be asynchronous (see {@code RestTracker}): they return once the value is
 * queued; failures are reported by {@link #flush()} and {@link #close()} as a {@link
 * TrackingException}. Nothing is dropped silently. Implementations are safe to call from several
 * threads.
 */
public interface Run extends AutoCloseable {

  /** The run id (MLflow's {@code run_id}); for an offline run, the id it keeps when synced. */
  String id();

  /** The experiment id the run belongs to. */
  String experimentId();

  /**
   * Starts a nested run ({@code mlflow.parentRunId} set to this run), e.g. one trial of a sweep.
   * The child is ended by its own {@link #close()}.
   */
  Run child(String name);

  /** Logs one parameter; values are immutable once logged, as in MLflow. */
  void logParam(String key, String value);

  /**
   * Logs parameters; nested maps are flattened to dotted keys as Hydra configs are ({@code
   * {"model": {"depth": 4}}} becomes {@code model.depth=4}); values become {@code String.valueOf}.
   */
  default void logParams(Map<String, ?> params) {
    Params.flatten(params).forEach(this::logParam);
  }

  /** Logs one metric point at {@code step}, timestamped now. */
  default void logMetric(String key, double value, long step) {
    logMetric(key, value, step, System.currentTimeMillis());
  }

  /**
   * Logs one metric point with an explicit wall-clock time in epoch milliseconds (imports,
   * replays).
   */
  void logMetric(String key, double value, long step, long timestampMillis);

  /** Logs several metrics at the same step and time. */
  void logMetrics(Map<String, ? extends Number> metrics, long step);

  /** Sets a run tag (overwrites). */
  void setTag(String key, String value);

  /** Sets several run tags. */
  void setTags(Map<String, String> tags);

  /**
   * Uploads a file, or a folder recursively, under {@code artifactDir} ({@code null} or empty for
   * the run's artifact root). A file keeps its name: {@code logArtifact(Path.of("cm.png"),
   * "plots")} is {@code plots/cm.png}.
   */
  void logArtifact(Path fileOrFolder, String artifactDir);

  /** Writes {@code content} as the artifact {@code artifactFile} (a relative path). */
  void logBytes(byte[] content, String artifactFile);

  /** Writes UTF-8 text as the artifact {@code artifactFile}, e.g. {@code "notes/summary.txt"}. */
  void logText(String text, String artifactFile);

  /**
   * Writes {@code value} (maps, lists, records, scalars) as pretty JSON to {@code artifactFile}.
   */
  void logJson(Object value, String artifactFile);

  /**
   * Logs the folder as an MLflow 3 logged model named {@code name} linked to this run: a {@code
   * MLmodel} file is written when the folder has none; the files are uploaded to the model's
   * artifact location and the model marked READY.
   *
   * @return the logged model's id ({@code m-...})
   */
  String logModel(Path folder, String name);

  /**
   * Registers a logged model (an id from {@link #logModel}) as a new version of the registered
   * model {@code registeredName}, created when missing.
   *
   * @return the new version number, e.g. {@code "3"}
   */
  String registerModel(String modelId, String registeredName);

  /**
   * Closes {@code resource} just before this run ends (e.g. a system-metrics sampler started with
   * the run); exceptions it throws are reported by {@link #close()}.
   */
  void attach(AutoCloseable resource);

  /** Marks the run as failed: {@link #close()} then ends it {@code FAILED}. */
  void fail(Throwable cause);

  /** Waits until everything logged so far is stored; throws the failures seen so far. */
  void flush();

  /**
   * Flushes, closes attached resources and ends the run ({@code FINISHED}, or {@code FAILED} after
   * {@link #fail}). Idempotent.
   *
   * @throws TrackingException when anything logged could not be stored
   */
  @Override
  void close();
}
