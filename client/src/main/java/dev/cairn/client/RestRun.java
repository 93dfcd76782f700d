package dev.cairn.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.LoggedModelStatus;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.ModelOutput;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.tracking.LoggedModelEndpoints;
import dev.cairn.api.tracking.LoggedModelMessages.LogOutputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A run of a {@link RestTracker}. */
final class RestRun implements Run {
  static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules();

  private final RestTracker tracker;
  private final CairnClient client;
  private final RunInfo info;
  private final BatchSender sender;
  private final List<AutoCloseable> attached = new ArrayList<>();
  private volatile Throwable failure;
  private boolean closed;

  RestRun(RestTracker tracker, RunInfo info, int capacity, int metricSenders) {
    this.tracker = tracker;
    this.client = tracker.client();
    this.info = info;
    this.sender = new BatchSender(client, info.runId(), capacity, metricSenders);
  }

  @Override
  public String id() {
    return info.runId();
  }

  @Override
  public String experimentId() {
    return info.experimentId();
  }

  @Override
  public Run child(String name) {
    return tracker.start(name, id());
  }

  @Override
  public void logParam(String key, String value) {
    sender.add(new Param(key, value));
  }

  @Override
  public void logMetric(String key, double value, long step, long timestampMillis) {
    sender.add(Metric.of(key, value, timestampMillis, step));
  }

  @Override
  public void logMetrics(Map<String, ? extends Number> metrics, long step) {
    long now = System.currentTimeMillis();
    metrics.forEach((k, v) -> logMetric(k, v.doubleValue(), step, now));
  }

  @Override
  public void setTag(String key, String value) {
    sender.add(new Tag(key, value));
  }

  @Override
  public void setTags(Map<String, String> tags) {
    tags.forEach(this::setTag);
  }

  @Override
  public void logArtifact(Path fileOrFolder, String artifactDir) {
    client.artifacts().uploadToRun(id(), fileOrFolder, artifactDir);
  }

  @Override
  public void logBytes(byte[] content, String artifactFile) {
    withTempFile(content, artifactFile, (file, dir) -> logArtifact(file, dir));
  }

  @Override
  public void logText(String text, String artifactFile) {
    logBytes(text.getBytes(StandardCharsets.UTF_8), artifactFile);
  }

  @Override
  public void logJson(Object value, String artifactFile) {
    logBytes(json(value), artifactFile);
  }

  static byte[] json(Object value) {
    try {
      return PRETTY.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not serialisable as JSON: " + value, e);
    }
  }

  /** Writes {@code content} to a temporary file named as the artifact, then hands it over. */
  static void withTempFile(byte[] content, String artifactFile, FileUpload upload) {
    String file = artifactFile.substring(artifactFile.lastIndexOf('/') + 1);
    String dir =
        artifactFile.contains("/")
            ? artifactFile.substring(0, artifactFile.lastIndexOf('/'))
            : null;
    try {
      Path tmp = Files.createTempDirectory("cairn-artifact");
      Path path = tmp.resolve(file);
      try {
        Files.write(path, content);
        upload.accept(path, dir);
      } finally {
        Files.deleteIfExists(path);
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  interface FileUpload {
    void accept(Path file, String dir);
  }

  @Override
  public String logModel(Path folder, String name) {
    LoggedModel model = client.createLoggedModel(experimentId(), name, id(), List.of(), List.of());
    String modelId = model.info().modelId();
    String root = model.info().artifactUri();
    try {
      client.artifacts().upload(root, folder, null);
      if (!Files.exists(folder.resolve("MLmodel"))) {
        withTempFile(
            ModelFiles.mlmodel(modelId, id(), root).getBytes(StandardCharsets.UTF_8),
            "MLmodel",
            (file, dir) -> client.artifacts().upload(root, file, dir));
      }
      client.call(
          LoggedModelEndpoints.LOG_OUTPUTS,
          new LogOutputs(id(), List.of(new ModelOutput(modelId, 0L))));
      client.finalizeLoggedModel(modelId, LoggedModelStatus.LOGGED_MODEL_READY);
    } catch (RuntimeException e) {
      client.finalizeLoggedModel(modelId, LoggedModelStatus.LOGGED_MODEL_UPLOAD_FAILED);
      throw e;
    }
    return modelId;
  }

  @Override
  public String registerModel(String modelId, String registeredName) {
    try {
      client.createRegisteredModel(registeredName);
    } catch (TrackingException e) {
      if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
        throw e;
      }
    }
    ModelVersion v = client.createModelVersion(registeredName, "models:/" + modelId, id(), modelId);
    return v.version();
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
  public void flush() {
    sender.flush();
  }

  @Override
  public void close() {
    List<AutoCloseable> resources;
    synchronized (this) {
      if (closed) {
        return;
      }
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
    try {
      sender.close();
    } catch (TrackingException e) {
      errors.add(e);
    }
    try {
      client.endRun(id(), failure == null ? RunStatus.FINISHED : RunStatus.FAILED);
    } catch (TrackingException e) {
      errors.add(e);
    } finally {
      tracker.closed(this);
    }
    RestTracker.throwAll(errors);
  }
}
