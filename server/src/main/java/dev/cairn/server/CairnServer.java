package dev.cairn.server;

import dev.cairn.api.WireJson;
import dev.cairn.core.tracking.ExperimentService;
import dev.cairn.core.tracking.RunNames;
import dev.cairn.core.tracking.TrackingService;
import dev.cairn.server.http.JettyHttpServer;
import dev.cairn.store.sql.Database;
import dev.cairn.store.sql.Databases;
import dev.cairn.store.sql.Schema;
import dev.cairn.store.sql.SqlTrackingStore;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * The composition root: config → database → store → services → HTTP. Owns all of them and closes
 * them in reverse.
 */
public final class CairnServer implements AutoCloseable {
  /** The MLflow version whose API and schema Cairn serves; answered by {@code /version}. */
  public static final String MLFLOW_VERSION = "3.17.2";

  private final SqlTrackingStore store;
  private final JettyHttpServer http;

  private CairnServer(SqlTrackingStore store, JettyHttpServer http) {
    this.store = store;
    this.http = http;
  }

  public static CairnServer start(ServerConfig config) {
    InstantSource clock = InstantSource.system();
    String root = artifactRoot(config);
    Database db = Databases.open(config.backendStoreUri());
    SqlTrackingStore store;
    try {
      Schema.initialise(db, root, clock.millis());
      store = new SqlTrackingStore(db, root);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    try {
      ExperimentService experiments = new ExperimentService(store, clock);
      TrackingService tracking =
          new TrackingService(store, clock, new RunNames(new SecureRandom()));
      ApiHandler api =
          new ApiHandler(
              TrackingRoutes.of(experiments, tracking), WireJson.newMapper(), MLFLOW_VERSION);
      JettyHttpServer http =
          JettyHttpServer.start(
              config.host(), config.port(), config.staticPrefix(), config.maxRequestBytes(), api);
      return new CairnServer(store, http);
    } catch (RuntimeException e) {
      store.close();
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
    store.close();
  }
}
