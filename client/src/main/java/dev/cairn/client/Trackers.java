package dev.cairn.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds trackers from code or from MLflow's environment variables.
 *
 * <pre>{@code
 * Tracker tracker = Trackers.builder()
 *     .trackingUri("http://localhost:5000")
 *     .experimentName("mnist")
 *     .tag("team", "vision")
 *     .build();
 * }</pre>
 */
public final class Trackers {
  private Trackers() {}

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A tracker configured as MLflow's client is: {@code MLFLOW_TRACKING_URI} (an {@code http(s)}
   * server; a {@code file:} path or plain folder writes offline), {@code MLFLOW_EXPERIMENT_ID} or
   * {@code MLFLOW_EXPERIMENT_NAME}, {@code MLFLOW_RUN_ID} (resume), {@code MLFLOW_TAGS} ({@code
   * k=v,k2=v2}); {@code MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING=true} samples system metrics for every
   * run (every {@code MLFLOW_SYSTEM_METRICS_SAMPLING_INTERVAL} seconds, 10 by default); {@code
   * CAIRN_TRACKING=off} returns a {@link NoopTracker}.
   */
  public static Tracker fromEnvironment() {
    return builder().environment(System.getenv()).build();
  }

  /** MLflow's boolean variables: {@code true}/{@code 1} or {@code false}/{@code 0}, any case. */
  static boolean parseBoolean(String name, String value) {
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default ->
          throw new IllegalArgumentException(
              "%s value must be one of ['true', 'false', '1', '0'] (case-insensitive), but got %s"
                  .formatted(name, value));
    };
  }

  /** A builder; every setter overrides what {@link #environment} read. */
  public static final class Builder {
    private String trackingUri;
    private String experimentName;
    private String experimentId;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String resumeRunId;
    private Path offlineFolder;
    private int queueCapacity = TrackerConfig.DEFAULT_QUEUE_CAPACITY;
    private int metricSenders = TrackerConfig.DEFAULT_METRIC_SENDERS;
    private boolean enabled = true;
    private boolean systemMetrics;
    private Map<String, String> env = Map.of();
    private final List<Tracker> alsoTo = new ArrayList<>();

    /** Reads MLflow's variables from {@code env} (see {@link Trackers#fromEnvironment()}). */
    public Builder environment(Map<String, String> env) {
      this.env = Map.copyOf(env);
      String uri = env.get("MLFLOW_TRACKING_URI");
      if (uri != null && !uri.isBlank()) {
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
          trackingUri = uri;
        } else {
          offlineFolder = Path.of(uri.startsWith("file:") ? uri.substring(5) : uri);
        }
      }
      experimentName = env.getOrDefault("MLFLOW_EXPERIMENT_NAME", experimentName);
      experimentId = env.getOrDefault("MLFLOW_EXPERIMENT_ID", experimentId);
      resumeRunId = env.getOrDefault("MLFLOW_RUN_ID", resumeRunId);
      tags.putAll(Params.parsePairs(env.get("MLFLOW_TAGS")));
      enabled = !"off".equalsIgnoreCase(env.get("CAIRN_TRACKING"));
      String logSystem = env.get("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING");
      if (logSystem != null && !logSystem.isBlank()) {
        systemMetrics = parseBoolean("MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING", logSystem);
      }
      return this;
    }

    public Builder trackingUri(String uri) {
      this.trackingUri = uri;
      return this;
    }

    public Builder experimentName(String name) {
      this.experimentName = name;
      return this;
    }

    public Builder experimentId(String id) {
      this.experimentId = id;
      return this;
    }

    public Builder tag(String key, String value) {
      tags.put(key, value);
      return this;
    }

    public Builder resume(String runId) {
      this.resumeRunId = runId;
      return this;
    }

    /** Writes runs to {@code folder} in MLflow's file-store layout instead of a server. */
    public Builder offline(Path folder) {
      this.offlineFolder = folder;
      this.trackingUri = null;
      return this;
    }

    public Builder queueCapacity(int items) {
      this.queueCapacity = items;
      return this;
    }

    /** Metric log-batch requests one run keeps in flight (default 4). */
    public Builder metricSenders(int requests) {
      this.metricSenders = requests;
      return this;
    }

    /**
     * Samples system metrics ({@code system/...}) for every run the tracker starts or resumes,
     * stopped when the run closes; the sampler reads {@code MLFLOW_SYSTEM_METRICS_*} from the
     * {@link #environment} given.
     */
    public Builder systemMetrics(boolean on) {
      this.systemMetrics = on;
      return this;
    }

    /** {@code false} builds a {@link NoopTracker}: tracking off at no cost. */
    public Builder enabled(boolean on) {
      this.enabled = on;
      return this;
    }

    /** Also sends everything to {@code other}: the result is a {@link MultiTracker}. */
    public Builder alsoTo(Tracker other) {
      alsoTo.add(other);
      return this;
    }

    public TrackerConfig config() {
      return new TrackerConfig(
          trackingUri,
          experimentName,
          experimentId,
          tags,
          resumeRunId,
          offlineFolder,
          queueCapacity,
          enabled,
          metricSenders,
          systemMetrics ? env : null);
    }

    public Tracker build() {
      TrackerConfig config = config();
      if (!config.enabled()) {
        return new NoopTracker();
      }
      Tracker main;
      if (config.trackingUri() != null) {
        CairnClient client =
            new CairnClient(ClientSettings.fromEnvironment(config.trackingUri(), env), env);
        main = new RestTracker(client, config, true);
      } else if (config.offlineFolder() != null) {
        main = new OfflineTracker(config);
      } else {
        throw new IllegalStateException(
            "No tracking URI (MLFLOW_TRACKING_URI) and no offline folder configured");
      }
      if (alsoTo.isEmpty()) {
        return main;
      }
      List<Tracker> all = new ArrayList<>();
      all.add(main);
      all.addAll(alsoTo);
      return new MultiTracker(all);
    }
  }
}
