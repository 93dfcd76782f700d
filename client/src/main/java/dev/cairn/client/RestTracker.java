package dev.cairn.client;

import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tracker on a tracking server. Metric points, params and tags go through a bounded queue per run
 * and are sent asynchronously in {@code log-batch} requests (see {@link Run} for when failures
 * surface); run creation, artifacts and models are sent synchronously.
 *
 * <pre>{@code
 * try (Tracker tracker = new RestTracker(CairnClient.forUri("http://localhost:5000"),
 *     Trackers.builder().experimentName("mnist").config(), true)) {
 *   try (Run run = tracker.startRun("baseline")) {
 *     run.logMetric("loss", 0.3, 1);
 *   }
 * }
 * }</pre>
 */
public final class RestTracker implements Tracker {
  private final CairnClient client;
  private final TrackerConfig config;
  private final boolean ownsClient;
  private final Set<RestRun> open = ConcurrentHashMap.newKeySet();
  private volatile String experimentId;
  private volatile String pendingResume;

  /**
   * @param ownsClient whether {@link #close()} closes {@code client}
   */
  public RestTracker(CairnClient client, TrackerConfig config, boolean ownsClient) {
    this.client = client;
    this.config = config;
    this.ownsClient = ownsClient;
    this.pendingResume = config.resumeRunId();
  }

  public CairnClient client() {
    return client;
  }

  /** The experiment runs start in (resolved, or created by name, on first use). */
  public String experimentId() {
    String id = experimentId;
    if (id == null) {
      synchronized (this) {
        if (experimentId == null) {
          experimentId =
              config.experimentId() != null
                  ? config.experimentId()
                  : config.experimentName() != null
                      ? client.experimentIdFor(config.experimentName())
                      : "0";
        }
        id = experimentId;
      }
    }
    return id;
  }

  @Override
  public Run startRun(String name) {
    String resume = pendingResume;
    if (resume != null) {
      pendingResume = null;
      return resume(resume);
    }
    return start(name, null);
  }

  Run start(String name, String parentRunId) {
    List<Tag> tags = new ArrayList<>();
    config.tags().forEach((k, v) -> tags.add(new Tag(k, v)));
    tags.add(new Tag("mlflow.user", System.getProperty("user.name", "unknown")));
    tags.add(new Tag("mlflow.source.type", "LOCAL"));
    tags.add(new Tag("mlflow.source.name", "cairn-java-client"));
    if (parentRunId != null) {
      tags.add(new Tag("mlflow.parentRunId", parentRunId));
    }
    RunInfo info = client.createRun(experimentId(), name, tags);
    return opened(info, 0);
  }

  @Override
  public Run resume(String runId) {
    dev.cairn.api.model.Run existing = client.getRun(runId);
    client.updateRun(runId, RunStatus.RUNNING, null);
    return opened(existing.info(), nextSystemStep(existing));
  }

  /** As MLflow's resumed system metrics: after the last {@code system/} step the run has. */
  private static long nextSystemStep(dev.cairn.api.model.Run run) {
    if (run.data() == null || run.data().metrics() == null) {
      return 0;
    }
    return run.data().metrics().stream()
        .filter(m -> m.key().startsWith(dev.cairn.client.system.SystemMetricsSampler.PREFIX))
        .mapToLong(m -> m.step() + 1)
        .max()
        .orElse(0);
  }

  private Run opened(RunInfo info, long firstSystemStep) {
    RestRun run = new RestRun(this, info, config.queueCapacity(), config.metricSenders());
    open.add(run);
    try {
      config.startSystemMetrics(run, firstSystemStep);
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
    return run;
  }

  void closed(RestRun run) {
    open.remove(run);
  }

  @Override
  public void flush() {
    List<TrackingException> errors = new ArrayList<>();
    for (RestRun run : open) {
      try {
        run.flush();
      } catch (TrackingException e) {
        errors.add(e);
      }
    }
    throwAll(errors);
  }

  @Override
  public void close() {
    List<TrackingException> errors = new ArrayList<>();
    for (RestRun run : List.copyOf(open)) {
      try {
        run.close();
      } catch (TrackingException e) {
        errors.add(e);
      }
    }
    if (ownsClient) {
      client.close();
    }
    throwAll(errors);
  }

  static void throwAll(List<TrackingException> errors) {
    if (!errors.isEmpty()) {
      TrackingException first = errors.getFirst();
      errors.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  Map<String, String> defaultTags() {
    return config.tags();
  }
}
