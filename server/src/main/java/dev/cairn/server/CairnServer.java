package dev.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.WireJson;
import dev.cairn.api.artifacts.ArtifactEndpoints;
import dev.cairn.core.artifacts.ArtifactLocations;
import dev.cairn.core.artifacts.ArtifactService;
import dev.cairn.core.artifacts.ArtifactStore;
import dev.cairn.core.artifacts.ArtifactStores;
import dev.cairn.core.models.LoggedModelService;
import dev.cairn.core.models.LoggedModelStore;
import dev.cairn.core.models.ModelHistory;
import dev.cairn.core.registry.RegistryService;
import dev.cairn.core.tracking.ExperimentService;
import dev.cairn.core.tracking.RunNames;
import dev.cairn.core.tracking.TrackingService;
import dev.cairn.core.tracking.TrackingStore;
import dev.cairn.core.webhooks.WebhookService;
import dev.cairn.server.http.JettyHttpServer;
import dev.cairn.server.webhooks.HttpWebhookSender;
import dev.cairn.server.webhooks.WebhookSettings;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The composition root: config → database → store → services → HTTP. Owns all of them and closes
 * them in reverse.
 */
public final class CairnServer implements AutoCloseable {
  /** The MLflow version whose API and schema Cairn serves; answered by {@code /version}. */
  public static final String MLFLOW_VERSION = "3.17.2";

  private final BackendStores stores;
  private final ArtifactStores artifactStores;
  private final HttpWebhookSender webhookSender;
  private final JettyHttpServer http;

  private CairnServer(
      BackendStores stores,
      ArtifactStores artifactStores,
      HttpWebhookSender webhookSender,
      JettyHttpServer http) {
    this.stores = stores;
    this.artifactStores = artifactStores;
    this.webhookSender = webhookSender;
    this.http = http;
  }

  public static CairnServer start(ServerConfig config) {
    InstantSource clock = InstantSource.system();
    String root = artifactRoot(config);
    BackendStores stores =
        BackendStores.open(config.backendStoreUri(), config.environment(), root, clock.millis());
    TrackingStore store = stores.tracking();
    ArtifactStores artifactStores = new ArtifactStores(config.environment());
    HttpWebhookSender sender = null;
    try {
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
      List<Route<?, ?>> routes = new ArrayList<>(TrackingRoutes.of(experiments, tracking));
      routes.add(Route.bind(ArtifactEndpoints.LIST_ARTIFACTS, artifacts::listArtifacts));
      LoggedModelStore loggedModels = stores.loggedModels();
      LoggedModelService models =
          new LoggedModelService(loggedModels, artifacts, clock, new RunNames(new SecureRandom()));
      routes.addAll(LoggedModelRoutes.of(models, new ModelHistory(store)));
      WebhookSettings hooks = WebhookSettings.from(config.environment());
      sender =
          new HttpWebhookSender(
              hooks.urls(), hooks.maxRetries(), hooks.timeout(), Duration.ofSeconds(1));
      WebhookService webhooks =
          new WebhookService(stores.webhooks(), sender, hooks.urls(), hooks.cipher(), clock);
      RegistryService registry =
          new RegistryService(stores.registry(), store, loggedModels, webhooks, clock);
      routes.addAll(RegistryRoutes.of(registry));
      routes.addAll(WebhookRoutes.of(webhooks));
      ObjectMapper mapper = WireJson.newMapper();
      ApiHandler api = new ApiHandler(routes, mapper, MLFLOW_VERSION, config.artifactsOnly());
      JettyHttpServer http =
          JettyHttpServer.start(
              config.host(),
              config.port(),
              config.staticPrefix(),
              config.maxRequestBytes(),
              api,
              new ArtifactHttp(artifacts, models::artifactUri, registry::downloadUri, api, mapper));
      return new CairnServer(stores, artifactStores, sender, http);
    } catch (RuntimeException e) {
      if (sender != null) {
        sender.close();
      }
      artifactStores.close();
      stores.close();
      throw e;
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

  @Override
  public void close() {
    http.close();
    webhookSender.close();
    artifactStores.close();
    stores.close();
  }
}
