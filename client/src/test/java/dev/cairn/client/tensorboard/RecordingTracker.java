package dev.cairn.client.tensorboard;

import dev.cairn.client.Run;
import dev.cairn.client.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tracker that keeps what it is given in memory, for tests of code that logs through one. */
final class RecordingTracker implements Tracker {
  final List<Recorded> runs = new ArrayList<>();

  /** One point of a metric. */
  record Point(double value, long step, long timestamp) {}

  @Override
  public Run startRun(String name) {
    Recorded run = new Recorded(this, "run-" + runs.size(), name, null);
    runs.add(run);
    return run;
  }

  @Override
  public Run resume(String runId) {
    throw new UnsupportedOperationException();
  }

  Recorded run(String name) {
    return runs.stream().filter(r -> r.name.equals(name)).findFirst().orElseThrow();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  static final class Recorded implements Run {
    final RecordingTracker tracker;
    final String id;
    final String name;
    final String parentId;
    final Map<String, String> params = new LinkedHashMap<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    final Map<String, List<Point>> metrics = new LinkedHashMap<>();
    final Map<String, byte[]> artifacts = new LinkedHashMap<>();
    String status = "RUNNING";
    Throwable failure;

    Recorded(RecordingTracker tracker, String id, String name, String parentId) {
      this.tracker = tracker;
      this.id = id;
      this.name = name;
      this.parentId = parentId;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String experimentId() {
      return "0";
    }

    @Override
    public Run child(String childName) {
      Recorded child = new Recorded(tracker, "run-" + tracker.runs.size(), childName, id);
      tracker.runs.add(child);
      return child;
    }

    @Override
    public void logParam(String key, String value) {
      params.put(key, value);
    }

    @Override
    public void logParams(Map<String, ?> values) {
      values.forEach((k, v) -> params.put(k, String.valueOf(v)));
    }

    @Override
    public void logMetric(String key, double value, long step) {
      logMetric(key, value, step, System.currentTimeMillis());
    }

    @Override
    public void logMetric(String key, double value, long step, long timestampMillis) {
      metrics
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Point(value, step, timestampMillis));
    }

    @Override
    public void logMetrics(Map<String, ? extends Number> values, long step) {
      long now = System.currentTimeMillis();
      values.forEach((k, v) -> logMetric(k, v.doubleValue(), step, now));
    }

    @Override
    public void setTag(String key, String value) {
      tags.put(key, value);
    }

    @Override
    public void setTags(Map<String, String> values) {
      tags.putAll(values);
    }

    @Override
    public void logArtifact(Path fileOrFolder, String artifactDir) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void logBytes(byte[] content, String artifactFile) {
      artifacts.put(artifactFile, content.clone());
    }

    @Override
    public void logText(String text, String artifactFile) {
      logBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), artifactFile);
    }

    @Override
    public void logJson(Object value, String artifactFile) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String logModel(Path folder, String modelName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String registerModel(String modelId, String registeredName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void attach(AutoCloseable resource) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void fail(Throwable cause) {
      failure = cause;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      if (status.equals("RUNNING")) {
        status = failure == null ? "FINISHED" : "FAILED";
      }
    }
  }
}
