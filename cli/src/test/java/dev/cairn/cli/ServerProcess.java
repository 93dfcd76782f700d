package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cairn server} running as its own process with the JVM flags {@code bin/cairn} uses, on a
 * free port, its output in {@code server.log} of the given directory. Started healthy or not at
 * all; {@link #close()} stops it.
 */
final class ServerProcess implements AutoCloseable {
  static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final int port;
  private final String prefix;

  private ServerProcess(Process process, int port, String prefix) {
    this.process = process;
    this.port = port;
    this.prefix = prefix;
  }

  /** A server on {@code dir/mlflow.db} proxying artifacts to {@code dir/mlartifacts}. */
  static ServerProcess onSqlite(Path dir, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(List.of("--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db")));
    if (!List.of(more).contains("--artifacts-destination")) {
      args.addAll(List.of("--artifacts-destination", dir.resolve("mlartifacts").toString()));
    }
    args.addAll(List.of(more));
    return start(dir, args.toArray(String[]::new));
  }

  /** Starts {@code cairn server --port <free> args...} and waits for its /health. */
  static ServerProcess start(Path dir, String... args) throws Exception {
    return start(dir, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, String...)}, with more environment variables. */
  static ServerProcess start(Path dir, java.util.Map<String, String> env, String... args)
      throws Exception {
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(Files.readString(REPO.resolve("bin/lib/java-opts")).strip().split("\\s+")));
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.cairn.cli.Main",
            "server",
            "--port",
            Integer.toString(port)));
    cmd.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(cmd);
    builder.environment().putAll(env);
    Process p =
        builder
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    int at = List.of(args).indexOf("--static-prefix");
    ServerProcess server = new ServerProcess(p, port, at < 0 ? "" : args[at + 1]);
    try {
      server.awaitHealthy(dir);
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The server's root URL, without its static prefix. */
  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** GET of a tracking API path ({@code runs/get?run_id=...}), its JSON whatever the status. */
  JsonNode get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(URI.create(api(pathAndQuery))).build(), pathAndQuery, false);
  }

  /** POST of a tracking API call; fails unless it answers 200. */
  JsonNode post(String rpc, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(api(rpc)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        rpc,
        true);
  }

  private String api(String path) {
    return baseUrl() + prefix + "/api/2.0/mlflow/" + path;
  }

  private static JsonNode send(HttpRequest request, String what, boolean mustSucceed) {
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (mustSucceed && r.statusCode() != 200) {
        throw new AssertionError(what + " answered " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  private void awaitHealthy(Path dir) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + prefix + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError(
        "the server did not become healthy: " + Files.readString(dir.resolve("server.log")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Sends SIGTERM and waits (at most a minute) for the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the server did not stop within a minute of SIGTERM");
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
