package dev.cairn.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Tracking turned off: every call returns at once and nothing is kept (no queue, no thread). Runs
 * have the id {@code "noop"}.
 */
public final class NoopTracker implements Tracker {
  private static final Run RUN = new NoopRun();

  @Override
  public Run startRun(String name) {
    return RUN;
  }

  @Override
  public Run resume(String runId) {
    return RUN;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  private static final class NoopRun implements Run {
    @Override
    public String id() {
      return "noop";
    }

    @Override
    public String experimentId() {
      return "noop";
    }

    @Override
    public Run child(String name) {
      return this;
    }

    @Override
    public void logParam(String key, String value) {}

    @Override
    public void logParams(Map<String, ?> params) {}

    @Override
    public void logMetric(String key, double value, long step) {}

    @Override
    public void logMetric(String key, double value, long step, long timestampMillis) {}

    @Override
    public void logMetrics(Map<String, ? extends Number> metrics, long step) {}

    @Override
    public void setTag(String key, String value) {}

    @Override
    public void setTags(Map<String, String> tags) {}

    @Override
    public void logArtifact(Path fileOrFolder, String artifactDir) {}

    @Override
    public void logBytes(byte[] content, String artifactFile) {}

    @Override
    public void logText(String text, String artifactFile) {}

    @Override
    public void logJson(Object value, String artifactFile) {}

    @Override
    public String logModel(Path folder, String name) {
      return "noop";
    }

    @Override
    public String registerModel(String modelId, String registeredName) {
      return "0";
    }

    @Override
    public void attach(AutoCloseable resource) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new TrackingException("Closing " + resource + " failed: " + e, e);
      }
    }

    @Override
    public void fail(Throwable cause) {}

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
