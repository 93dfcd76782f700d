package dev.cairn.server;

/**
 * Every setting of a Cairn server, validated once. Mirrors {@code mlflow server}'s options.
 *
 * @param defaultArtifactRoot null means MLflow's default: {@code mlflow-artifacts:/} when serving
 *     artifacts, else {@code ./mlruns}
 * @param artifactsOnly serve only the proxied artifact API ({@code --artifacts-only})
 * @param environment MLflow's environment variables read once at start: artifact stores ({@code
 *     MLFLOW_S3_ENDPOINT_URL}, {@code AWS_*}), webhooks ({@code MLFLOW_WEBHOOK_*}) and the database
 *     pool ({@code MLFLOW_SQLALCHEMYSTORE_*}, {@code CAIRN_DB_*})
 * @param edge the HTTP edge: allowed hosts and origins, frame options, body and time bounds
 * @param auth MLflow's basic-auth app ({@code --app-name basic-auth}), or null when every client
 *     may do everything
 */
public record ServerConfig(
    String backendStoreUri,
    String defaultArtifactRoot,
    String host,
    int port,
    String staticPrefix,
    boolean serveArtifacts,
    String artifactsDestination,
    boolean artifactsOnly,
    java.util.Map<String, String> environment,
    EdgeSettings edge,
    dev.cairn.core.auth.AuthConfig auth) {

  /** A server without authentication. */
  public ServerConfig(
      String backendStoreUri,
      String defaultArtifactRoot,
      String host,
      int port,
      String staticPrefix,
      boolean serveArtifacts,
      String artifactsDestination,
      boolean artifactsOnly,
      java.util.Map<String, String> environment,
      EdgeSettings edge) {
    this(
        backendStoreUri,
        defaultArtifactRoot,
        host,
        port,
        staticPrefix,
        serveArtifacts,
        artifactsDestination,
        artifactsOnly,
        environment,
        edge,
        null);
  }

  /** The same settings with authentication as given (null: off). */
  public ServerConfig withAuth(dev.cairn.core.auth.AuthConfig authConfig) {
    return new ServerConfig(
        backendStoreUri,
        defaultArtifactRoot,
        host,
        port,
        staticPrefix,
        serveArtifacts,
        artifactsDestination,
        artifactsOnly,
        environment,
        edge,
        authConfig);
  }

  public ServerConfig {
    if (backendStoreUri == null || backendStoreUri.isBlank()) {
      throw new IllegalArgumentException("--backend-store-uri must not be empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    if (staticPrefix == null) {
      staticPrefix = "";
    }
    if (!staticPrefix.isEmpty() && (!staticPrefix.startsWith("/") || staticPrefix.endsWith("/"))) {
      throw new IllegalArgumentException(
          "--static-prefix must begin with a '/' and not end with a '/', got '"
              + staticPrefix
              + "'");
    }
    environment = environment == null ? java.util.Map.of() : java.util.Map.copyOf(environment);
    if (artifactsOnly && !serveArtifacts) {
      throw new IllegalArgumentException(
          "--artifacts-only and --no-serve-artifacts cannot be used together");
    }
    if (artifactsDestination == null || artifactsDestination.isBlank()) {
      artifactsDestination = "./mlartifacts";
    }
    if (edge == null) {
      edge = EdgeSettings.defaults();
    }
  }
}
