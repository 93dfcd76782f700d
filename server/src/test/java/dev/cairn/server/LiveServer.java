package dev.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * A Cairn server on a free loopback port and a fresh SQLite file (or a given database), with a raw
 * HTTP client for tests.
 */
final class LiveServer implements AutoCloseable {
  static final String API = "/api/2.0/mlflow";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CairnServer server;
  private final String prefix;
  private final HttpClient http = HttpClient.newHttpClient();

  private LiveServer(CairnServer server, String prefix) {
    this.server = server;
    this.prefix = prefix;
  }

  static LiveServer start(Path dir) {
    return start(dir, "", EdgeSettings.DEFAULT_MAX_REQUEST_BYTES);
  }

  /** A server whose default artifact root is the proxy ({@code mlflow-artifacts:/}). */
  static LiveServer proxying(Path dir, boolean serveArtifacts, boolean artifactsOnly) {
    return proxying(
        dir,
        "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
        serveArtifacts,
        artifactsOnly);
  }

  /** A proxying server on the given backend store. */
  static LiveServer proxying(
      Path dir, String backendStoreUri, boolean serveArtifacts, boolean artifactsOnly) {
    return start(
        new ServerConfig(
            backendStoreUri,
            null,
            "127.0.0.1",
            0,
            "",
            serveArtifacts,
            dir.resolve("mlartifacts").toString(),
            artifactsOnly,
            java.util.Map.of(),
            EdgeSettings.defaults()));
  }

  /**
   * The settings of a server on a fresh SQLite file in {@code dir} proxying artifacts into {@code
   * dir/mlartifacts} (MLflow's default deployment), for tests that add to them (authentication).
   */
  static ServerConfig sqliteProxyingConfig(Path dir) {
    return new ServerConfig(
        "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
        null,
        "127.0.0.1",
        0,
        "",
        true,
        dir.resolve("mlartifacts").toString(),
        false,
        java.util.Map.of(),
        EdgeSettings.defaults());
  }

  /** A server on the given backend store (e.g. a PostgreSQL URI), artifacts under {@code dir}. */
  static LiveServer onDatabase(
      Path dir, String backendStoreUri, java.util.Map<String, String> env) {
    return start(
        new ServerConfig(
            backendStoreUri,
            dir.resolve("artifacts").toAbsolutePath().toString(),
            "127.0.0.1",
            0,
            "",
            true,
            dir.resolve("mlartifacts").toString(),
            false,
            env,
            EdgeSettings.defaults()));
  }

  /**
   * A server on an MLflow file store folder, {@code file:<dir>/mlruns}; artifacts as {@link
   * #onDatabase}.
   */
  static LiveServer onFileStore(Path dir) {
    return onDatabase(dir, "file:" + dir.resolve("mlruns"), java.util.Map.of());
  }

  /** Checks that a server of {@link #onFileStore} wrote the folder, not a database. */
  static void assertStoredInFolder(Path dir) {
    assertThat(dir.resolve("mlruns/0/meta.yaml")).isRegularFile();
    assertThat(dir.resolve("mlflow.db")).doesNotExist();
  }

  static LiveServer start(ServerConfig config) {
    return new LiveServer(CairnServer.start(config), config.staticPrefix());
  }

  HttpClient client() {
    return http;
  }

  /**
   * A server on a fresh SQLite file whose webhooks may deliver to loopback over http (the tests'
   * receivers), with a fixed secret key.
   */
  static LiveServer withLoopbackWebhooks(Path dir) {
    return start(
        new ServerConfig(
            "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
            dir.resolve("artifacts").toAbsolutePath().toString(),
            "127.0.0.1",
            0,
            "",
            true,
            dir.resolve("mlartifacts").toString(),
            false,
            java.util.Map.of(
                "MLFLOW_WEBHOOK_ALLOWED_SCHEMES", "http,https",
                "MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS", "true",
                "MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY",
                    dev.cairn.core.webhooks.SecretCipher.newKey()),
            EdgeSettings.defaults()));
  }

  /** A server on a fresh SQLite file with the given HTTP edge settings. */
  static LiveServer start(Path dir, EdgeSettings edge) {
    return start(
        new ServerConfig(
            "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
            dir.resolve("artifacts").toAbsolutePath().toString(),
            "127.0.0.1",
            0,
            "",
            true,
            dir.resolve("mlartifacts").toString(),
            false,
            java.util.Map.of(),
            edge));
  }

  int port() {
    return server.port();
  }

  CairnServer server() {
    return server;
  }

  static LiveServer start(Path dir, String staticPrefix, long maxRequestBytes) {
    ServerConfig config =
        new ServerConfig(
            "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath(),
            dir.resolve("artifacts").toAbsolutePath().toString(),
            "127.0.0.1",
            0,
            staticPrefix,
            true,
            dir.resolve("mlartifacts").toString(),
            false,
            java.util.Map.of(),
            EdgeSettings.defaults().withMaxRequestBytes(maxRequestBytes));
    return new LiveServer(CairnServer.start(config), staticPrefix);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port() + prefix;
  }

  /** The answer to a request; {@code contentType} null sends none. */
  Answer send(String method, String path, String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Any request, bytes in and out, with optional header name/value pairs. */
  HttpResponse<byte[]> raw(String method, String path, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  Answer post(String rpc, String json) {
    return send("POST", API + rpc, json, "application/json");
  }

  Answer get(String rpcWithQuery) {
    return send("GET", API + rpcWithQuery, null, null);
  }

  /** POSTs and expects 200, returning the JSON body. */
  JsonNode ok(String rpc, String json) {
    Answer a = post(rpc, json);
    if (a.status() != 200) {
      throw new AssertionError("POST " + rpc + " answered " + a.status() + ": " + a.body());
    }
    return a.json();
  }

  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String errorCode() {
      return json().path("error_code").asText();
    }
  }

  @Override
  public void close() {
    RouteHits.add(server.requestCounts());
    server.close();
  }
}
