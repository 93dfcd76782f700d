package dev.cairn.client;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** One run on each backend of a {@link MultiTracker}. */
final class MultiRun implements Run {
  private final MultiTracker tracker;
  private final Map<String, Run> runs;
  private final Run first;

  MultiRun(MultiTracker tracker, Map<String, Run> runs) {
    this.tracker = tracker;
    this.runs = runs;
    this.first = runs.values().iterator().next();
  }

  private void each(Consumer<Run> action) {
    tracker.each(runs, e -> action.accept((Run) e.getValue()));
  }

  @Override
  public String id() {
    return first.id();
  }

  @Override
  public String experimentId() {
    return first.experimentId();
  }

  @Override
  public Run child(String name) {
    Map<String, Run> children = new LinkedHashMap<>();
    tracker.each(runs, e -> children.put(e.getKey(), ((Run) e.getValue()).child(name)));
    if (children.isEmpty()) {
      throw tracker.report("No backend could start the child run");
    }
    return new MultiRun(tracker, children);
  }

  @Override
  public void logParam(String key, String value) {
    each(r -> r.logParam(key, value));
  }

  @Override
  public void logMetric(String key, double value, long step, long timestampMillis) {
    each(r -> r.logMetric(key, value, step, timestampMillis));
  }

  @Override
  public void logMetrics(Map<String, ? extends Number> metrics, long step) {
    each(r -> r.logMetrics(metrics, step));
  }

  @Override
  public void setTag(String key, String value) {
    each(r -> r.setTag(key, value));
  }

  @Override
  public void setTags(Map<String, String> tags) {
    each(r -> r.setTags(tags));
  }

  @Override
  public void logArtifact(Path fileOrFolder, String artifactDir) {
    each(r -> r.logArtifact(fileOrFolder, artifactDir));
  }

  @Override
  public void logBytes(byte[] content, String artifactFile) {
    each(r -> r.logBytes(content, artifactFile));
  }

  @Override
  public void logText(String text, String artifactFile) {
    each(r -> r.logText(text, artifactFile));
  }

  @Override
  public void logJson(Object value, String artifactFile) {
    each(r -> r.logJson(value, artifactFile));
  }

  /** The first backend's model id; every backend logs its own copy. */
  @Override
  public String logModel(Path folder, String name) {
    Map<String, String> ids = new LinkedHashMap<>();
    tracker.each(runs, e -> ids.put(e.getKey(), ((Run) e.getValue()).logModel(folder, name)));
    modelIds.putAll(ids);
    return ids.isEmpty() ? null : ids.values().iterator().next();
  }

  private final Map<String, String> modelIds = new LinkedHashMap<>();

  /** Registers each backend's own copy of the model last logged under that id on the first one. */
  @Override
  public String registerModel(String modelId, String registeredName) {
    Map<String, String> versions = new LinkedHashMap<>();
    tracker.each(
        runs,
        e -> {
          String own = modelIds.getOrDefault(e.getKey(), modelId);
          versions.put(e.getKey(), ((Run) e.getValue()).registerModel(own, registeredName));
        });
    return versions.isEmpty() ? null : versions.values().iterator().next();
  }

  /** Attached to the first backend's run only, so that it is closed once. */
  @Override
  public void attach(AutoCloseable resource) {
    first.attach(resource);
  }

  @Override
  public void fail(Throwable cause) {
    each(r -> r.fail(cause));
  }

  @Override
  public void flush() {
    each(Run::flush);
    tracker.throwIfFailed("Flushing run '" + id() + "' failed on some backends");
  }

  @Override
  public void close() {
    each(Run::close);
    tracker.throwIfFailed("Run '" + id() + "' failed on some backends");
  }
}
