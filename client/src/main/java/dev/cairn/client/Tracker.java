package dev.cairn.client;

/**
 * Where training code sends what it tracks: a server ({@code RestTracker}), a local folder ({@code
 * OfflineTracker}), several at once ({@code MultiTracker}) or nowhere ({@code NoopTracker}). Build
 * one with {@code Trackers.builder()} or from the environment with {@code
 * Trackers.fromEnvironment()}.
 *
 * <pre>{@code
 * try (Tracker tracker = Trackers.fromEnvironment()) {
 *   tracker.run("baseline", run -> {
 *     run.logParam("lr", "0.01");
 *     run.logMetric("loss", 0.4, 0);
 *   }); // FINISHED, or FAILED and rethrown when the body throws
 * }
 * }</pre>
 */
public interface Tracker extends AutoCloseable {

  /** Starts a run in the tracker's experiment, with the tracker's default tags. */
  Run startRun(String name);

  /**
   * Reopens an existing run by id (status back to RUNNING), e.g. after a crash ({@code
   * MLFLOW_RUN_ID}).
   *
   * @throws TrackingException when the run does not exist
   */
  Run resume(String runId);

  /**
   * Runs {@code body} in a new run: FINISHED when it returns, FAILED when it throws (the exception
   * is rethrown unchanged, or wrapped in a {@link TrackingException} when checked).
   */
  default void run(String name, RunBody body) {
    Run run = startRun(name);
    try {
      body.accept(run);
    } catch (Throwable e) {
      run.fail(e);
      try {
        run.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      if (e instanceof RuntimeException r) throw r;
      if (e instanceof Error err) throw err;
      throw new TrackingException("Run '" + run.id() + "' failed: " + e, e);
    }
    run.close();
  }

  /** Waits until everything logged through this tracker so far is stored. */
  void flush();

  /** Ends the runs still open ({@code FINISHED}) and releases the tracker's resources. */
  @Override
  void close();
}
