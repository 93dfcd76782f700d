package dev.cairn.client;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cairn.api.Empty;
import dev.cairn.api.Endpoint;
import dev.cairn.api.WireJson;
import dev.cairn.api.model.Experiment;
import dev.cairn.api.model.LoggedModel;
import dev.cairn.api.model.LoggedModelStatus;
import dev.cairn.api.model.Metric;
import dev.cairn.api.model.Param;
import dev.cairn.api.model.Run;
import dev.cairn.api.model.RunInfo;
import dev.cairn.api.model.RunStatus;
import dev.cairn.api.model.Tag;
import dev.cairn.api.model.ViewType;
import dev.cairn.api.registry.ModelVersion;
import dev.cairn.api.registry.RegisteredModel;
import dev.cairn.api.registry.RegistryEndpoints;
import dev.cairn.api.registry.RegistryMessages.*;
import dev.cairn.api.tracking.ExperimentMessages.*;
import dev.cairn.api.tracking.LoggedModelEndpoints;
import dev.cairn.api.tracking.LoggedModelMessages.*;
import dev.cairn.api.tracking.MetricMessages.*;
import dev.cairn.api.tracking.RunMessages.*;
import dev.cairn.api.tracking.TrackingEndpoints;
import dev.cairn.client.http.HttpTransport;
import dev.cairn.client.http.HttpTransport.Retry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A typed client of MLflow's REST API on a Cairn (or MLflow) tracking server: experiments, runs,
 * metrics, logged models and the model registry; artifacts through {@link #artifacts()}.
 *
 * <p>Any route of the API tables ({@code TrackingEndpoints}, {@code LoggedModelEndpoints}, {@code
 * RegistryEndpoints}) can be called with {@link #call}; the common ones have methods. Searches
 * return lazy iterables that fetch the next page when the iteration reaches it. Errors are {@link
 * TrackingException}s carrying MLflow's error code. Safe for concurrent use.
 *
 * <pre>{@code
 * try (CairnClient client = CairnClient.fromEnvironment()) {
 *   String exp = client.createExperiment("demo");
 *   RunInfo run = client.createRun(exp, "first", List.of());
 *   client.logBatch(run.runId(), List.of(Metric.of("loss", 0.5, now, 0)), List.of(), List.of());
 *   client.endRun(run.runId(), RunStatus.FINISHED);
 * }
 * }</pre>
 */
public final class CairnClient implements AutoCloseable {
  static final int PAGE = 1000;
  private final HttpTransport http;
  private final JsonMapper json = WireJson.newMapper(-1);
  private final ArtifactCalls artifacts;
  private final ClientSettings settings;

  public CairnClient(ClientSettings settings, Map<String, String> storageSettings) {
    this.settings = settings;
    this.http = new HttpTransport(settings);
    this.artifacts = new ArtifactCalls(this, http, json, storageSettings);
  }

  /** A client for {@code uri} with credentials, TLS, retries and S3 settings from the process. */
  public static CairnClient forUri(String uri) {
    return new CairnClient(ClientSettings.fromEnvironment(uri, System.getenv()), System.getenv());
  }

  /** A client for {@code MLFLOW_TRACKING_URI}. */
  public static CairnClient fromEnvironment() {
    String uri = System.getenv("MLFLOW_TRACKING_URI");
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException("MLFLOW_TRACKING_URI is not set");
    }
    return forUri(uri);
  }

  public ClientSettings settings() {
    return settings;
  }

  /** Artifact uploads, listings and downloads, and {@code runs:/} and {@code models:/} URIs. */
  public ArtifactCalls artifacts() {
    return artifacts;
  }

  /**
   * Calls one route of the API tables. Sent again on 429/5xx/lost connections only when the route
   * is idempotent: reads, searches, updates, deletes and log calls (a re-sent metric point is the
   * same row); creates are sent once.
   */
  public <Q, R> R call(Endpoint<Q, R> endpoint, Q request) {
    EndpointCall c = EndpointCall.of(json, endpoint, request);
    Retry retry = creates(endpoint) ? Retry.ONCE : Retry.IDEMPOTENT;
    byte[] body = http.json(c.method(), c.pathAndQuery(), c.body(), retry).body();
    if (endpoint.responseType() == Empty.class || body.length == 0) {
      return null;
    }
    try {
      return json.readValue(body, endpoint.responseType());
    } catch (IOException e) {
      throw new TrackingException("Unreadable answer of " + endpoint.path() + ": " + e, e);
    }
  }

  private static boolean creates(Endpoint<?, ?> e) {
    return e.path().endsWith("/create")
        || e.path().endsWith("/create-promptlab-run")
        || e == LoggedModelEndpoints.CREATE;
  }

  // experiments

  /** Creates an experiment; RESOURCE_ALREADY_EXISTS when the name is taken. */
  public String createExperiment(String name) {
    return call(TrackingEndpoints.CREATE_EXPERIMENT, new CreateExperiment(name, null, List.of()))
        .experimentId();
  }

  public Experiment getExperiment(String experimentId) {
    return call(TrackingEndpoints.GET_EXPERIMENT, new GetExperiment(experimentId)).experiment();
  }

  /** The experiment of that name, active or deleted, or empty. */
  public Optional<Experiment> findExperimentByName(String name) {
    try {
      return Optional.of(
          call(TrackingEndpoints.GET_EXPERIMENT_BY_NAME, new GetExperimentByName(name))
              .experiment());
    } catch (TrackingException e) {
      if ("RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The id of the experiment named {@code name}, created when missing (a race is tolerated). */
  public String experimentIdFor(String name) {
    Optional<Experiment> found = findExperimentByName(name);
    if (found.isPresent()) {
      return found.get().experimentId();
    }
    try {
      return createExperiment(name);
    } catch (TrackingException e) {
      if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
        return findExperimentByName(name).orElseThrow().experimentId();
      }
      throw e;
    }
  }

  /** All experiments matching {@code filter} (null for all) in {@code order} (null for default). */
  public Iterable<Experiment> searchExperiments(
      String filter, List<String> orderBy, ViewType view) {
    return Page.lazily(
        token -> {
          SearchExperimentsResponse r =
              call(
                  TrackingEndpoints.SEARCH_EXPERIMENTS,
                  new SearchExperiments((long) PAGE, token, filter, orderBy, view));
          return new Page<>(r.experiments(), r.nextPageToken());
        });
  }

  public void renameExperiment(String experimentId, String newName) {
    call(TrackingEndpoints.UPDATE_EXPERIMENT, new UpdateExperiment(experimentId, newName));
  }

  public void deleteExperiment(String experimentId) {
    call(TrackingEndpoints.DELETE_EXPERIMENT, new DeleteExperiment(experimentId));
  }

  public void restoreExperiment(String experimentId) {
    call(TrackingEndpoints.RESTORE_EXPERIMENT, new RestoreExperiment(experimentId));
  }

  // runs

  /** Creates a run, started now, with {@code tags} (e.g. {@code mlflow.parentRunId}). */
  public RunInfo createRun(String experimentId, String name, List<Tag> tags) {
    return createRun(experimentId, name, tags, System.currentTimeMillis());
  }

  /** Creates a run with an explicit start time (imports, offline sync). */
  public RunInfo createRun(String experimentId, String name, List<Tag> tags, long startTime) {
    return call(
            TrackingEndpoints.CREATE_RUN, new CreateRun(experimentId, null, name, startTime, tags))
        .run()
        .info();
  }

  public Run getRun(String runId) {
    return call(TrackingEndpoints.GET_RUN, new GetRun(runId, null)).run();
  }

  /** Sets the status; a terminal status also sets the end time to now. */
  public void endRun(String runId, RunStatus status) {
    updateRun(runId, status, status.isTerminated() ? System.currentTimeMillis() : null);
  }

  public void updateRun(String runId, RunStatus status, Long endTime) {
    call(TrackingEndpoints.UPDATE_RUN, new UpdateRun(runId, null, status, endTime, null));
  }

  public void deleteRun(String runId) {
    call(TrackingEndpoints.DELETE_RUN, new DeleteRun(runId));
  }

  public void restoreRun(String runId) {
    call(TrackingEndpoints.RESTORE_RUN, new RestoreRun(runId));
  }

  /** Up to MLflow's limits per call: 1,000 metrics, 100 params, 100 tags, 1,000 in all. */
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    call(TrackingEndpoints.LOG_BATCH, new LogBatch(runId, metrics, params, tags));
  }

  public void setTag(String runId, String key, String value) {
    call(TrackingEndpoints.SET_TAG, new SetTag(runId, null, key, value));
  }

  /** Runs of the experiments matching the filter grammar, in {@code orderBy} order. */
  public Iterable<Run> searchRuns(
      List<String> experimentIds, String filter, ViewType view, List<String> orderBy) {
    return Page.lazily(token -> searchRunsPage(experimentIds, filter, view, orderBy, PAGE, token));
  }

  public Page<Run> searchRunsPage(
      List<String> experimentIds,
      String filter,
      ViewType view,
      List<String> orderBy,
      int maxResults,
      String pageToken) {
    SearchRunsResponse r =
        call(
            TrackingEndpoints.SEARCH_RUNS,
            new SearchRuns(experimentIds, filter, view, maxResults, orderBy, pageToken));
    return new Page<>(r.runs(), r.nextPageToken());
  }

  /** Every point of one metric of a run. */
  public Iterable<Metric> getMetricHistory(String runId, String key) {
    return Page.lazily(
        token -> {
          MetricsResponse r =
              call(
                  TrackingEndpoints.GET_METRIC_HISTORY,
                  new GetMetricHistory(runId, null, key, token, 25_000));
          return new Page<>(r.metrics(), r.nextPageToken());
        });
  }

  // logged models (MLflow 3)

  public LoggedModel createLoggedModel(
      String experimentId, String name, String sourceRunId, List<Param> params, List<Tag> tags) {
    return call(
            LoggedModelEndpoints.CREATE,
            new CreateLoggedModel(experimentId, name, null, sourceRunId, params, tags))
        .model();
  }

  public LoggedModel getLoggedModel(String modelId) {
    return call(LoggedModelEndpoints.GET, new GetLoggedModel(modelId, null)).model();
  }

  public LoggedModel finalizeLoggedModel(String modelId, LoggedModelStatus status) {
    return call(LoggedModelEndpoints.FINALIZE, new FinalizeLoggedModel(modelId, status)).model();
  }

  public Iterable<LoggedModel> searchLoggedModels(List<String> experimentIds, String filter) {
    return Page.lazily(
        token -> {
          SearchLoggedModelsResponse r =
              call(
                  LoggedModelEndpoints.SEARCH,
                  new SearchLoggedModels(experimentIds, filter, null, 100, null, token));
          return new Page<>(r.models(), r.nextPageToken());
        });
  }

  // model registry

  public RegisteredModel createRegisteredModel(String name) {
    return call(
            RegistryEndpoints.CREATE_MODEL, new CreateRegisteredModel(name, List.of(), null, null))
        .registeredModel();
  }

  public RegisteredModel getRegisteredModel(String name) {
    return call(RegistryEndpoints.GET_MODEL, new GetRegisteredModel(name)).registeredModel();
  }

  public Iterable<RegisteredModel> searchRegisteredModels(String filter) {
    return Page.lazily(
        token -> {
          SearchRegisteredModelsResponse r =
              call(
                  RegistryEndpoints.SEARCH_MODELS,
                  new SearchRegisteredModels(filter, 100L, null, token));
          return new Page<>(r.registeredModels(), r.nextPageToken());
        });
  }

  /** A new version of {@code name} from {@code source} (a {@code models:/m-...} URI or a path). */
  public ModelVersion createModelVersion(String name, String source, String runId, String modelId) {
    return call(
            RegistryEndpoints.CREATE_VERSION,
            new CreateModelVersion(name, source, runId, List.of(), null, null, modelId))
        .modelVersion();
  }

  public ModelVersion getModelVersion(String name, String version) {
    return call(RegistryEndpoints.GET_VERSION, new GetModelVersion(name, version)).modelVersion();
  }

  public Iterable<ModelVersion> searchModelVersions(String filter) {
    return Page.lazily(
        token -> {
          SearchModelVersionsResponse r =
              call(
                  RegistryEndpoints.SEARCH_VERSIONS,
                  new SearchModelVersions(filter, 1000L, null, token));
          return new Page<>(r.modelVersions(), r.nextPageToken());
        });
  }

  public void setModelAlias(String name, String alias, String version) {
    call(RegistryEndpoints.SET_ALIAS, new SetRegisteredModelAlias(name, alias, version));
  }

  public void deleteModelAlias(String name, String alias) {
    call(RegistryEndpoints.DELETE_ALIAS, new DeleteRegisteredModelAlias(name, alias));
  }

  public ModelVersion getModelVersionByAlias(String name, String alias) {
    return call(RegistryEndpoints.GET_BY_ALIAS, new GetModelVersionByAlias(name, alias))
        .modelVersion();
  }

  /** Where the version's files are ({@code models:/...}, {@code mlflow-artifacts:/...}, ...). */
  public String modelVersionDownloadUri(String name, String version) {
    return call(RegistryEndpoints.DOWNLOAD_URI, new GetModelVersionDownloadUri(name, version))
        .artifactUri();
  }

  JsonMapper json() {
    return json;
  }

  @Override
  public void close() {
    artifacts.close();
  }
}
