package dev.cairn.client;

import dev.cairn.server.CairnServer;
import dev.cairn.server.EdgeSettings;
import dev.cairn.server.ServerConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Cairn server in this JVM on a loopback port, with a SQLite file and proxied artifacts
 * under {@code dir} (MLflow's default deployment); it can be stopped and started again on the same
 * port and database.
 */
final class TestServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private CairnServer server;

  private TestServer(Path dir, int port) {
    this.dir = dir;
    this.server = CairnServer.start(config(dir, port));
    this.port = server.port();
  }

  static TestServer start(Path dir) {
    return new TestServer(dir, 0);
  }

  /**
   * A server that does not proxy artifacts: runs get a local artifact root under {@code dir}, which
   * the client writes directly (as it would an {@code s3://} root).
   */
  static TestServer withLocalArtifactRoot(Path dir) {
    return new TestServer(
        dir,
        new ServerConfig(
            "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
            dir.resolve("direct").toAbsolutePath().toString(),
            "127.0.0.1",
            0,
            "",
            false,
            dir.resolve("mlartifacts").toString(),
            false,
            Map.of(),
            EdgeSettings.defaults()));
  }

  private TestServer(Path dir, ServerConfig config) {
    this.dir = dir;
    this.server = CairnServer.start(config);
    this.port = server.port();
  }

  /** A server with MLflow's basic-auth app: everyone signs in, {@code admin} may do anything. */
  static TestServer withBasicAuth(Path dir, String adminPassword) {
    return new TestServer(dir, 0, adminPassword);
  }

  private TestServer(Path dir, int port, String adminPassword) {
    this.dir = dir;
    this.server =
        CairnServer.start(
            config(dir, port)
                .withAuth(
                    new dev.cairn.core.auth.AuthConfig(
                        dev.cairn.core.auth.Permission.NO_PERMISSIONS,
                        "sqlite:///" + dir.resolve("basic_auth.db"),
                        "admin",
                        adminPassword,
                        100,
                        300)));
    this.port = server.port();
  }

  private static ServerConfig config(Path dir, int port) {
    return new ServerConfig(
        "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
        null,
        "127.0.0.1",
        port,
        "",
        true,
        dir.resolve("mlartifacts").toString(),
        false,
        Map.of(),
        EdgeSettings.defaults());
  }

  String uri() {
    return "http://127.0.0.1:" + port;
  }

  /** A client with a short retry budget, so a refused call fails the test quickly. */
  CairnClient client() {
    return new CairnClient(ClientSettings.of(uri()).withRetries(2, 0.1), Map.of());
  }

  /** A client that rides out a server restart of a few seconds. */
  CairnClient patientClient() {
    return new CairnClient(ClientSettings.of(uri()).withRetries(12, 0.1), Map.of());
  }

  void stop() {
    server.close();
    server = null;
  }

  void restart() {
    server = CairnServer.start(config(dir, port));
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
