package dev.cairn.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach a tracking server, as MLflow's client reads it from the environment.
 *
 * @param trackingUri {@code http(s)://host:port[/prefix]}
 * @param username with {@code password}: HTTP Basic ({@code MLFLOW_TRACKING_USERNAME})
 * @param password {@code MLFLOW_TRACKING_PASSWORD}
 * @param token a bearer token ({@code MLFLOW_TRACKING_TOKEN}); wins over username/password
 * @param insecureTls skip certificate and host checks ({@code MLFLOW_TRACKING_INSECURE_TLS})
 * @param serverCertPath a PEM file of CA certificates to trust ({@code
 *     MLFLOW_TRACKING_SERVER_CERT_PATH}); null trusts the JDK's defaults
 * @param maxRetries retries of an idempotent call on 429, 5xx or a lost connection ({@code
 *     MLFLOW_HTTP_REQUEST_MAX_RETRIES}, MLflow's default 7)
 * @param backoffFactor seconds; the n-th retry waits {@code backoffFactor * 2^(n-1)}, capped at 60
 *     s ({@code MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR}, MLflow's default 2)
 * @param timeout per request ({@code MLFLOW_HTTP_REQUEST_TIMEOUT}, MLflow's default 120 s)
 */
public record ClientSettings(
    URI trackingUri,
    String username,
    String password,
    String token,
    boolean insecureTls,
    Path serverCertPath,
    int maxRetries,
    double backoffFactor,
    Duration timeout) {

  public ClientSettings {
    if (trackingUri == null
        || !("http".equals(trackingUri.getScheme()) || "https".equals(trackingUri.getScheme()))) {
      throw new IllegalArgumentException(
          "Invalid tracking URI '" + trackingUri + "': expected http:// or https://");
    }
    if (maxRetries < 0 || backoffFactor < 0 || timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("Invalid retry or timeout settings");
    }
  }

  /** Settings for {@code uri} with MLflow's retry defaults and no credentials. */
  public static ClientSettings of(String uri) {
    return new ClientSettings(
        URI.create(uri), null, null, null, false, null, 7, 2.0, Duration.ofSeconds(120));
  }

  /** Settings for {@code uri} with credentials, TLS and retries read from {@code env}. */
  public static ClientSettings fromEnvironment(String uri, Map<String, String> env) {
    String cert = env.get("MLFLOW_TRACKING_SERVER_CERT_PATH");
    return new ClientSettings(
        URI.create(uri),
        env.get("MLFLOW_TRACKING_USERNAME"),
        env.get("MLFLOW_TRACKING_PASSWORD"),
        env.get("MLFLOW_TRACKING_TOKEN"),
        isTrue(env.get("MLFLOW_TRACKING_INSECURE_TLS")),
        cert == null || cert.isBlank() ? null : Path.of(cert),
        Integer.parseInt(env.getOrDefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "7")),
        Double.parseDouble(env.getOrDefault("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "2")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "120"))));
  }

  /** The same settings with another retry budget (tests, interactive commands). */
  public ClientSettings withRetries(int retries, double backoffSeconds) {
    return new ClientSettings(
        trackingUri,
        username,
        password,
        token,
        insecureTls,
        serverCertPath,
        retries,
        backoffSeconds,
        timeout);
  }

  static boolean isTrue(String value) {
    return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
  }
}
