package dev.cairn.cli;

import dev.cairn.server.EdgeSettings;
import dev.cairn.server.ServerConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code mlflow server}'s options, with the environment variables MLflow reads for them. */
final class ServerOptions {
  @Option(
      names = "--backend-store-uri",
      defaultValue = "${env:MLFLOW_BACKEND_STORE_URI:-sqlite:///mlflow.db}",
      description =
          "Database URI (sqlite:///mlflow.db, postgresql://..., mysql://...) or MLflow file store"
              + " folder (file:./mlruns) (default: ${DEFAULT-VALUE}). [env: MLFLOW_BACKEND_STORE_URI]")
  String backendStoreUri;

  @Option(
      names = "--registry-store-uri",
      defaultValue = "${env:MLFLOW_REGISTRY_STORE_URI}",
      description =
          "Accepted for compatibility; the registry uses the backend store. [env: MLFLOW_REGISTRY_STORE_URI]")
  String registryStoreUri;

  @Option(
      names = "--default-artifact-root",
      defaultValue = "${env:MLFLOW_DEFAULT_ARTIFACT_ROOT}",
      description =
          "Root of new experiments' artifact locations. [env: MLFLOW_DEFAULT_ARTIFACT_ROOT]")
  String defaultArtifactRoot;

  @Option(
      names = "--serve-artifacts",
      negatable = true,
      defaultValue = "${env:MLFLOW_SERVE_ARTIFACTS:-true}",
      fallbackValue = "true",
      description =
          "Proxy artifact uploads and downloads (default: ${DEFAULT-VALUE}). [env: MLFLOW_SERVE_ARTIFACTS]")
  boolean serveArtifacts;

  @Option(
      names = "--artifacts-destination",
      defaultValue = "${env:MLFLOW_ARTIFACTS_DESTINATION:-./mlartifacts}",
      description =
          "Where proxied artifacts are stored (default: ${DEFAULT-VALUE}). [env: MLFLOW_ARTIFACTS_DESTINATION]")
  String artifactsDestination;

  @Option(
      names = "--artifacts-only",
      defaultValue = "${env:MLFLOW_ARTIFACTS_ONLY:-false}",
      fallbackValue = "true",
      description =
          "Serve only the proxied artifact API, no tracking or registry. [env: MLFLOW_ARTIFACTS_ONLY]")
  boolean artifactsOnly;

  @Option(
      names = {"-h", "--host"},
      defaultValue = "${env:MLFLOW_HOST:-127.0.0.1}",
      description = "Address to listen on (default: ${DEFAULT-VALUE}). [env: MLFLOW_HOST]")
  String host;

  @Option(
      names = {"-p", "--port"},
      defaultValue = "${env:MLFLOW_PORT:-5000}",
      description = "Port to listen on (default: ${DEFAULT-VALUE}). [env: MLFLOW_PORT]")
  int port;

  @Option(
      names = "--static-prefix",
      defaultValue = "${env:MLFLOW_STATIC_PREFIX:-}",
      description = "Path prefix of every route, e.g. /mlflow. [env: MLFLOW_STATIC_PREFIX]")
  String staticPrefix;

  @Option(
      names = {"-w", "--workers"},
      defaultValue = "${env:MLFLOW_WORKERS}",
      description =
          "Accepted for compatibility: Cairn serves every request on virtual threads. [env: MLFLOW_WORKERS]")
  String workers;

  @Option(
      names = "--allowed-hosts",
      defaultValue = "${env:MLFLOW_SERVER_ALLOWED_HOSTS}",
      description =
          "Host headers answered, comma-separated, '*' wildcards; '*' alone allows any (default:"
              + " localhost and private addresses). [env: MLFLOW_SERVER_ALLOWED_HOSTS]")
  String allowedHosts;

  @Option(
      names = "--cors-allowed-origins",
      defaultValue = "${env:MLFLOW_SERVER_CORS_ALLOWED_ORIGINS}",
      description =
          "Web origins allowed to call the API from a browser, comma-separated, '*' wildcards"
              + " (default: localhost origins only). [env: MLFLOW_SERVER_CORS_ALLOWED_ORIGINS]")
  String corsAllowedOrigins;

  @Option(
      names = "--x-frame-options",
      defaultValue = "${env:MLFLOW_SERVER_X_FRAME_OPTIONS:-SAMEORIGIN}",
      description =
          "X-Frame-Options header: SAMEORIGIN, DENY or NONE (default: ${DEFAULT-VALUE}). [env: MLFLOW_SERVER_X_FRAME_OPTIONS]")
  String xFrameOptions;

  @Option(
      names = "--disable-security-middleware",
      defaultValue = "${env:MLFLOW_SERVER_DISABLE_SECURITY_MIDDLEWARE:-false}",
      fallbackValue = "true",
      description =
          "Turn off the Host, Origin and header protections (not recommended). [env: MLFLOW_SERVER_DISABLE_SECURITY_MIDDLEWARE]")
  boolean disableSecurityMiddleware;

  @Option(
      names = "--max-request-bytes",
      defaultValue = "${env:CAIRN_MAX_REQUEST_BYTES:-67108864}",
      description =
          "Largest JSON request body; larger ones get 413 (default: ${DEFAULT-VALUE}). [env: CAIRN_MAX_REQUEST_BYTES]")
  long maxRequestBytes;

  @Option(
      names = "--body-budget-bytes",
      defaultValue = "${env:CAIRN_BODY_BUDGET_BYTES:-100663296}",
      description =
          "Memory all JSON bodies being read or handled may take at once; beyond it requests wait,"
              + " then get 503 (default: ${DEFAULT-VALUE}). [env: CAIRN_BODY_BUDGET_BYTES]")
  long bodyBudgetBytes;

  @Option(
      names = "--header-timeout",
      defaultValue = "${env:CAIRN_HEADER_TIMEOUT:-30}",
      description =
          "Seconds a client may take to send a request's headers (default: ${DEFAULT-VALUE}). [env: CAIRN_HEADER_TIMEOUT]")
  long headerTimeout;

  @Option(
      names = "--body-timeout",
      defaultValue = "${env:CAIRN_BODY_TIMEOUT:-120}",
      description =
          "Seconds a client may take to send a JSON body (default: ${DEFAULT-VALUE}). [env: CAIRN_BODY_TIMEOUT]")
  long bodyTimeout;

  @Option(
      names = "--idle-timeout",
      defaultValue = "${env:CAIRN_IDLE_TIMEOUT:-120}",
      description =
          "Seconds a connection may make no progress at all; uploads and downloads that progress"
              + " are never cut off (default: ${DEFAULT-VALUE}). [env: CAIRN_IDLE_TIMEOUT]")
  long idleTimeout;

  @Option(
      names = "--access-log",
      negatable = true,
      defaultValue = "${env:CAIRN_ACCESS_LOG:-true}",
      fallbackValue = "true",
      description = "Log one line per request (default: ${DEFAULT-VALUE}). [env: CAIRN_ACCESS_LOG]")
  boolean accessLog;

  @Option(
      names = "--expose-prometheus",
      arity = "0..1",
      defaultValue = "${env:MLFLOW_EXPOSE_PROMETHEUS}",
      fallbackValue = "",
      paramLabel = "DIR",
      description =
          "Serve Prometheus metrics at /metrics (MLflow's flag; the directory MLflow needs for its"
              + " worker processes is accepted and not used). [env: MLFLOW_EXPOSE_PROMETHEUS]")
  String exposePrometheus;

  @Option(
      names = "--app-name",
      paramLabel = "NAME",
      description =
          "basic-auth: MLflow's basic-auth app (users and permissions; settings in the ini file"
              + " MLFLOW_AUTH_CONFIG_PATH names, admin password MLFLOW_AUTH_ADMIN_PASSWORD).")
  String appName;

  ServerConfig toConfig() {
    return baseConfig().withAuth(auth(appName, System.getenv()));
  }

  /**
   * The auth settings {@code --app-name} asks for: null without it; any app but MLflow's basic-auth
   * stops the server, as serving it unprotected would be wrong.
   */
  static dev.cairn.core.auth.AuthConfig auth(String appName, java.util.Map<String, String> env) {
    if (appName == null) {
      return null;
    }
    if (!appName.equals("basic-auth")) {
      throw new IllegalArgumentException(
          "Unknown --app-name '" + appName + "': Cairn serves MLflow's 'basic-auth' app only.");
    }
    return dev.cairn.core.auth.AuthConfig.from(env);
  }

  private ServerConfig baseConfig() {
    return new ServerConfig(
        backendStoreUri,
        defaultArtifactRoot,
        host,
        port,
        staticPrefix,
        serveArtifacts,
        artifactsDestination,
        artifactsOnly,
        environment(System.getenv()),
        new EdgeSettings(
            allowedHosts,
            corsAllowedOrigins,
            xFrameOptions,
            !disableSecurityMiddleware,
            maxRequestBytes,
            bodyBudgetBytes,
            Duration.ofSeconds(headerTimeout),
            Duration.ofSeconds(bodyTimeout),
            Duration.ofSeconds(idleTimeout),
            accessLog,
            exposePrometheus != null));
  }

  /**
   * The environment variables artifact stores, webhooks and the database pool read, as MLflow's
   * server does (plus Cairn's own {@code CAIRN_DB_*}).
   */
  static java.util.Map<String, String> environment(java.util.Map<String, String> env) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("AWS_")
              || k.startsWith("MLFLOW_S3_")
              || k.startsWith("MLFLOW_GCS_")
              || k.startsWith("MLFLOW_WEBHOOK_")
              || k.startsWith("MLFLOW_SQLALCHEMYSTORE_")
              || k.startsWith("CAIRN_DB_")) {
            out.put(k, v);
          }
        });
    return out;
  }
}
