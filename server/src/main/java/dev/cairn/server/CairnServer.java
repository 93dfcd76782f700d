package dev.cairn.server;

import dev.cairn.api.ErrorCode;
import dev.cairn.api.WireJson;
import dev.cairn.core.artifacts.ArtifactLocations;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.artifacts.ArtifactStore;
import dev.cairn.core.artifacts.ArtifactStores;
import dev.cairn.core.auth.Accounts;
import dev.cairn.core.auth.AdminBootstrap;
import dev.cairn.core.auth.AuthConfig;
import dev.cairn.core.auth.AuthStore;
import dev.cairn.core.auth.Authorizer;
import dev.cairn.core.auth.Credentials;
import dev.cairn.core.models.LoggedModelService;
import dev.cairn.core.models.LoggedModelStore;
import dev.cairn.core.models.ModelHistory;
import dev.cairn.core.models.PromptLabRuns;
import dev.cairn.core.net.IpAddresses;
import dev.cairn.core.registry.RegistryService;
import dev.cairn.core.tracing.SpanIngest;
import dev.cairn.core.tracing.TraceService;
import dev.cairn.core.tracking.ExperimentService;
import dev.cairn.core.tracking.RunNames;
import dev.cairn.core.tracking.TrackingService;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.tracking.UiReads;
import dev.cairn.core.webhooks.WebhookService;
import dev.cairn.server.auth.AuthApiRoutes;
import dev.cairn.server.auth.Permissions;
import dev.cairn.server.auth.SignIn;
import dev.cairn.server.filters.AccessLog;
import dev.cairn.server.filters.ArtifactsOnly;
import dev.cairn.server.filters.BodyBudget;
import dev.cairn.server.filters.BodyReader;
import dev.cairn.server.filters.Cors;
import dev.cairn.server.filters.HostCheck;
import dev.cairn.server.filters.SecurityHeaders;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.http.HttpSettings;
import dev.cairn.server.http.JettyHttpServer;
import dev.cairn.server.metrics.ArtifactTraffic;
import dev.cairn.server.metrics.RequestMetrics;
import dev.cairn.server.metrics.ServerMetrics;
import dev.cairn.server.routing.ApiError;
import dev.cairn.server.routing.Dispatcher;
import dev.cairn.server.routing.Filter;
import dev.cairn.server.routing.Route;
import dev.cairn.server.routing.RouteTable;
import dev.cairn.server.webhooks.HttpWebhookSender;
import dev.cairn.server.webhooks.WebhookSettings;
import dev.cairn.store.sql.AuthSchema;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.SqlAuthStore;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: config → database → store → services → HTTP. Owns all of them and closes
 * them in reverse.
 */
public final class CairnServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);

  /** The MLflow version whose API and schema Cairn serves; answered by {@code /version}. */
  public static final String MLFLOW_VERSION = "3.17.2";

  private final BackendStores stores;
  private final AuthStore authStore;
  private final ArtifactStores artifactStores;
  private final HttpWebhookSender webhookSender;
  private final JettyHttpServer http;
  private final Dispatcher dispatcher;

  private CairnServer(
      BackendStores stores,
      AuthStore authStore,
      ArtifactStores artifactStores,
      HttpWebhookSender webhookSender,
      JettyHttpServer http,
      Dispatcher dispatcher) {
    this.stores = stores;
    this.authStore = authStore;
    this.artifactStores = artifactStores;
    this.webhookSender = webhookSender;
    this.http = http;
    this.dispatcher = dispatcher;
  }

  /** Every route this server answers. */
  public RouteTable routes() {
    return dispatcher.table();
  }

  /** How many requests each route has taken since the start. */
  public Map<Route, Long> requestCounts() {
    return dispatcher.requestCounts();
  }

  public static CairnServer start(ServerConfig config) {
    InstantSource clock = InstantSource.system();
    String root = artifactRoot(config);
    BackendStores stores =
        BackendStores.open(config.backendStoreUri(), config.environment(), root, clock.millis());
    TrackingStore store = stores.tracking();
    ArtifactStores artifactStores = new ArtifactStores(config.environment());
    HttpWebhookSender sender = null;
    AuthStore authStore = null;
    try {
      authStore = config.auth() == null ? null : openAuth(config.auth(), config.environment());
      ExperimentService experiments =
          new ExperimentService(
              store,
              clock,
              new ArtifactLocations(
                  root,
                  config.serveArtifacts() ? localAbsolute(config.artifactsDestination()) : null));
      TrackingService tracking =
          new TrackingService(store, clock, new RunNames(new SecureRandom()));
      ArtifactStore destination =
          config.serveArtifacts()
              ? artifactStores.open(localAbsolute(config.artifactsDestination()))
              : null;
      ArtifactService artifacts = new ArtifactService(store, artifactStores, destination);
      LoggedModelStore loggedModels = stores.loggedModels();
      LoggedModelService models =
          new LoggedModelService(loggedModels, artifacts, clock, new RunNames(new SecureRandom()));
      WebhookSettings hooks = WebhookSettings.from(config.environment());
      sender =
          new HttpWebhookSender(
              hooks.urls(), hooks.maxRetries(), hooks.timeout(), Duration.ofSeconds(1));
      WebhookService webhooks =
          new WebhookService(stores.webhooks(), sender, hooks.urls(), hooks.cipher(), clock);
      RegistryService registry =
          new RegistryService(stores.registry(), store, loggedModels, webhooks, clock);

      EdgeSettings edge = config.edge();
      JsonRoutes json = new JsonRoutes(WireJson.newMapper(edge.maxRequestBytes()));
      ArtifactTraffic traffic = new ArtifactTraffic();
      RequestMetrics requestMetrics = edge.metrics() ? new RequestMetrics(MLFLOW_VERSION) : null;
      ServerMetrics metrics =
          requestMetrics == null
              ? null
              : new ServerMetrics(requestMetrics, traffic, stores::stats, MLFLOW_VERSION);
      List<Route> routes = new ArrayList<>(UiRoutes.of(MLFLOW_VERSION, stores, metrics));
      ModelHistory history = new ModelHistory(store);
      PromptLabRuns promptLab = new PromptLabRuns(tracking, history, artifacts, clock);
      routes.addAll(
          TrackingRoutes.of(json, experiments, tracking, artifacts, new UiReads(store), promptLab));
      routes.addAll(LoggedModelRoutes.of(json, models, history));
      routes.addAll(RegistryRoutes.of(json, registry));
      routes.addAll(WebhookRoutes.of(json, webhooks));
      if (stores.traces() != null) {
        TraceService traces = new TraceService(stores.traces(), json.mapper(), clock);
        routes.addAll(TraceRoutes.of(json, traces));
        SpanIngest ingest = new SpanIngest(stores.traces(), traces.spanContent());
        routes.addAll(
            new OtlpRoutes(json.mapper(), ingest, traces, edge.maxRequestBytes()).routes());
      }
      routes.addAll(
          new ArtifactRoutes(artifacts, models::artifactUri, registry::downloadUri, json, traffic)
              .routes());
      AuthFilters auth = null;
      if (authStore != null) {
        Credentials credentials =
            new Credentials(
                authStore,
                config.auth().authCacheTtlSeconds(),
                config.auth().authCacheMaxSize(),
                clock);
        Authorizer authorizer =
            new Authorizer(
                authStore,
                config.auth().defaultPermission(),
                config.auth().authCacheTtlSeconds(),
                clock);
        routes.addAll(
            AuthApiRoutes.of(
                json.mapper(), new Accounts(authStore, authorizer, credentials, clock)));
        auth =
            new AuthFilters(
                new SignIn(credentials),
                new Permissions(
                    authorizer,
                    new StoreLookup(store, loggedModels, stores.registry(), stores.traces()),
                    authStore));
      }
      Dispatcher dispatcher =
          new Dispatcher(
              config.staticPrefix(), new RouteTable(routes), filters(config, requestMetrics, auth));
      JettyHttpServer http =
          JettyHttpServer.start(
              new HttpSettings(
                  config.host(),
                  config.port(),
                  MAX_HEADER_BYTES,
                  edge.headerTimeout(),
                  edge.idleTimeout()),
              dispatcher,
              (status, message) -> jettyError(status, message));
      sayWhoIsServed(config);
      return new CairnServer(stores, authStore, artifactStores, sender, http, dispatcher);
    } catch (RuntimeException e) {
      if (sender != null) {
        sender.close();
      }
      if (authStore != null) {
        authStore.close();
      }
      artifactStores.close();
      stores.close();
      throw e;
    }
  }

  /**
   * The request line and headers may take 128 KiB: MLflow's server takes long query strings (a bulk
   * metric read names many runs), and its own limit message is the better answer.
   */
  static final int MAX_HEADER_BYTES = 128 * 1024;

  /** MLflow's basic-auth app: who is asking (before the body is read), and may they. */
  private record AuthFilters(SignIn signIn, Permissions permissions) {}

  /**
   * The auth database the settings name, in MLflow's auth schema (created or checked), with the
   * configured administrator in it.
   */
  private static AuthStore openAuth(AuthConfig auth, Map<String, String> env) {
    Database db = Databases.open(auth.databaseUri(), env);
    SqlAuthStore store;
    try {
      AuthSchema.initialise(db);
      store = new SqlAuthStore(db);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    try {
      AdminBootstrap.ensureAdmin(store, auth);
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Every request passes these, outermost first. */
  private static List<Filter> filters(
      ServerConfig config, RequestMetrics metrics, AuthFilters auth) {
    EdgeSettings edge = config.edge();
    List<Filter> filters = new ArrayList<>();
    if (edge.accessLog()) {
      filters.add(new AccessLog());
    }
    if (metrics != null) {
      filters.add(metrics);
    }
    if (edge.securityMiddleware()) {
      filters.add(new SecurityHeaders(edge.xFrameOptions()));
      filters.add(new HostCheck(edge.hosts()));
      filters.add(new Cors(edge.origins()));
    }
    if (config.artifactsOnly()) {
      filters.add(new ArtifactsOnly());
    }
    if (auth != null) {
      filters.add(auth.signIn());
    }
    filters.add(
        new BodyReader(
            edge.maxRequestBytes(),
            new BodyBudget(edge.bodyBudgetBytes()),
            edge.bodyTimeout(),
            BODY_QUEUE_WAIT));
    if (auth != null) {
      filters.add(auth.permissions());
    }
    return filters;
  }

  /** How long a request may wait for room to buffer its body before it gets 503. */
  private static final Duration BODY_QUEUE_WAIT = Duration.ofSeconds(30);

  private static HttpResponse jettyError(int status, String message) {
    ErrorCode code =
        status == 404
            ? ErrorCode.ENDPOINT_NOT_FOUND
            : status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
    return new ApiError(status, code.name(), message).toResponse();
  }

  /**
   * On an address other hosts can reach, says which Host names are answered: requests by any other
   * name get 403, which surprises whoever put the server behind a DNS name.
   */
  private static void sayWhoIsServed(ServerConfig config) {
    EdgeSettings edge = config.edge();
    if (!edge.securityMiddleware()) {
      LOG.warn(
          "Security middleware is DISABLED (--disable-security-middleware): any Host and any"
              + " web origin is served.");
      return;
    }
    InetAddress bound = IpAddresses.literal(config.host());
    boolean loopback =
        bound != null && bound.isLoopbackAddress() || "localhost".equals(config.host());
    if (!loopback && edge.hosts().isDefault()) {
      LOG.warn(
          "Listening on {} but answering only requests addressed to {}. Clients that use a DNS"
              + " name or a public address get 403: list them with --allowed-hosts"
              + " (MLFLOW_SERVER_ALLOWED_HOSTS).",
          config.host(),
          edge.hosts().describe());
    }
  }

  /**
   * MLflow's rule: an explicit root as given (local paths made absolute), else the proxied or local
   * default.
   */
  static String artifactRoot(ServerConfig config) {
    String root = config.defaultArtifactRoot();
    if (root == null || root.isBlank()) {
      return config.serveArtifacts() ? "mlflow-artifacts:/" : absolute("./mlruns");
    }
    return localAbsolute(root);
  }

  /** A local path made absolute; URIs with a scheme as given. */
  public static String localAbsolute(String root) {
    URI uri = parseOrNull(root);
    boolean local = uri == null || uri.getScheme() == null || uri.getScheme().length() == 1;
    return local ? absolute(root) : root;
  }

  private static URI parseOrNull(String s) {
    try {
      return URI.create(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize().toString();
  }

  public int port() {
    return http.port();
  }

  public void join() throws InterruptedException {
    http.join();
  }

  private boolean closed;

  /**
   * Stops in order: no new requests, the ones in flight finished (bounded), webhook deliveries,
   * artifact stores, then the database (SQLite: its writes flushed and its log folded into the
   * file). Closing again does nothing; a second caller waits until the first one finished.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    http.close();
    webhookSender.close();
    artifactStores.close();
    if (authStore != null) {
      authStore.close();
    }
    stores.close();
  }
}
