package dev.cairn.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A run of an {@link OfflineTracker}: one folder of MLflow's file store. */
final class OfflineRun implements Run {
  /** Models logged offline, one {@code <name>} per line, for {@link OfflineSync}. */
  static final String MODELS_FILE = "cairn-models";

  /** Registrations asked for offline, {@code <model name>\t<registered name>} per line. */
  static final String REGISTRATIONS_FILE = "cairn-registrations";

  private final OfflineTracker tracker;
  private final Path dir;
  private final String experimentId;
  private final String id;
  private final String name;
  private final long start;
  private final List<AutoCloseable> attached = new ArrayList<>();
  private volatile Throwable failure;
  private boolean closed;

  OfflineRun(OfflineTracker tracker, Path dir, String expId, String id, String name, long start) {
    this.tracker = tracker;
    this.dir = dir;
    this.experimentId = expId;
    this.id = id;
    this.name = name;
    this.start = start;
  }

  void writeMeta(int status, Long end) {
    FileStoreLayout.writeRunMeta(dir, experimentId, id, name, status, start, end);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String experimentId() {
    return experimentId;
  }

  @Override
  public Run child(String childName) {
    return tracker.start(childName, id);
  }

  @Override
  public synchronized void logParam(String key, String value) {
    FileStoreLayout.write(dir.resolve("params").resolve(key), value);
  }

  @Override
  public synchronized void logMetric(String key, double value, long step, long timestampMillis) {
    FileStoreLayout.appendMetric(dir, key, value, timestampMillis, step);
  }

  @Override
  public void logMetrics(Map<String, ? extends Number> metrics, long step) {
    long now = System.currentTimeMillis();
    metrics.forEach((k, v) -> logMetric(k, v.doubleValue(), step, now));
  }

  @Override
  public synchronized void setTag(String key, String value) {
    FileStoreLayout.write(dir.resolve("tags").resolve(key), value);
  }

  @Override
  public void setTags(Map<String, String> tags) {
    tags.forEach(this::setTag);
  }

  @Override
  public void logArtifact(Path fileOrFolder, String artifactDir) {
    Path target = dir.resolve("artifacts");
    if (artifactDir != null && !artifactDir.isEmpty()) {
      target = target.resolve(artifactDir);
    }
    copy(
        fileOrFolder,
        Files.isDirectory(fileOrFolder)
            ? target
            : target.resolve(fileOrFolder.getFileName().toString()));
  }

  static void copy(Path from, Path to) {
    try {
      if (Files.isDirectory(from)) {
        try (Stream<Path> files = Files.walk(from)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            Path t = to.resolve(from.relativize(f).toString());
            Files.createDirectories(t.getParent());
            Files.copy(f, t, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      } else {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void logBytes(byte[] content, String artifactFile) {
    Path target = dir.resolve("artifacts").resolve(artifactFile);
    try {
      Files.createDirectories(target.getParent());
      Files.write(target, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void logText(String text, String artifactFile) {
    logBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), artifactFile);
  }

  @Override
  public void logJson(Object value, String artifactFile) {
    logBytes(RestRun.json(value), artifactFile);
  }

  /** Kept as the run artifacts {@code <name>/}; the sync logs it as an MLflow 3 model. */
  @Override
  public synchronized String logModel(Path folder, String modelName) {
    logArtifact(folder, modelName);
    append(MODELS_FILE, modelName);
    return modelName;
  }

  /** Recorded for the sync, which registers the synced model; answers {@code "pending"}. */
  @Override
  public synchronized String registerModel(String modelId, String registeredName) {
    append(REGISTRATIONS_FILE, modelId + "\t" + registeredName);
    return "pending";
  }

  private void append(String file, String line) {
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve(file), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void attach(AutoCloseable resource) {
    attached.add(resource);
  }

  @Override
  public void fail(Throwable cause) {
    failure = cause;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    List<AutoCloseable> resources;
    synchronized (this) {
      if (closed) return;
      closed = true;
      resources = List.copyOf(attached);
    }
    List<TrackingException> errors = new ArrayList<>();
    for (AutoCloseable r : resources.reversed()) {
      try {
        r.close();
      } catch (Exception e) {
        errors.add(new TrackingException("Closing " + r + " failed: " + e, e));
      }
    }
    writeMeta(failure == null ? 3 : 4, System.currentTimeMillis());
    tracker.closed(this);
    RestTracker.throwAll(errors);
  }
}
