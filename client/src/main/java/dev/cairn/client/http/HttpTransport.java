package dev.cairn.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.client.ClientSettings;
import dev.cairn.client.TrackingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Set;

/**
 * The one place that speaks HTTP (the JDK's {@code java.net.http}): authentication headers, TLS,
 * retries with exponential backoff, and MLflow's error bodies turned into {@link
 * TrackingException}s.
 *
 * <p>Retries happen only for calls the caller marks {@link Retry#IDEMPOTENT}: on 429 and 5xx
 * answers MLflow's client retries (500, 502, 503, 504) and on a lost connection. A call that is not
 * idempotent (creating a run) is sent once, since a lost answer does not say whether it was
 * applied.
 */
public final class HttpTransport {
  /** Whether a call may be sent again when its answer is lost or the server is overloaded. */
  public enum Retry {
    IDEMPOTENT,
    ONCE
  }

  private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClientSettings settings;
  private final HttpClient http;
  private final String base;
  private final String authorization;

  public HttpTransport(ClientSettings settings) {
    this.settings = settings;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (settings.trackingUri().getScheme().equals("https")) {
      builder.sslContext(TlsContexts.of(settings.insecureTls(), settings.serverCertPath()));
    }
    this.http = builder.build();
    String uri = settings.trackingUri().toString();
    this.base = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    this.authorization = authorization(settings);
  }

  /** The answer to a call: status and body bytes (2xx only; errors are thrown). */
  public record Answer(int status, byte[] body) {}

  /**
   * Sends {@code method pathAndQuery} (relative to the tracking URI) with a JSON body (or none).
   *
   * @throws TrackingException with MLflow's error code for a non-2xx answer, or without one when
   *     the server could not be reached after the retries
   */
  public Answer json(String method, String pathAndQuery, byte[] body, Retry retry) {
    BodyPublisher publisher =
        body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body);
    HttpRequest request =
        request(pathAndQuery)
            .method(method, publisher)
            .header("Content-Type", "application/json")
            .build();
    HttpResponse<byte[]> answer = send(request, BodyHandlers.ofByteArray(), retry);
    return new Answer(answer.statusCode(), answer.body());
  }

  /** Streams {@code file} as the body of a {@code PUT} (proxied artifact upload). */
  public void upload(String pathAndQuery, Path file) {
    HttpRequest request;
    try {
      request =
          request(pathAndQuery)
              .PUT(BodyPublishers.ofFile(file))
              .header("Content-Type", "application/octet-stream")
              .build();
    } catch (IOException e) {
      throw new TrackingException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    send(request, BodyHandlers.ofByteArray(), Retry.IDEMPOTENT);
  }

  /** Streams the body of a {@code GET} into {@code target} (written whole or not at all). */
  public void download(String pathAndQuery, Path target) {
    HttpRequest request = request(pathAndQuery).GET().build();
    HttpResponse<InputStream> answer =
        send(request, BodyHandlers.ofInputStream(), Retry.IDEMPOTENT);
    try (InputStream in = answer.body()) {
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path part = Files.createTempFile(parent, ".download-", ".part");
      try {
        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(part);
      }
    } catch (IOException e) {
      throw new TrackingException("Download to " + target + " failed: " + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(settings.timeout());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b.header("User-Agent", "cairn-java-client");
  }

  private <T> HttpResponse<T> send(
      HttpRequest request, HttpResponse.BodyHandler<T> handler, Retry retry) {
    int attempts = retry == Retry.IDEMPOTENT ? settings.maxRetries() + 1 : 1;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<T> answer;
      try {
        answer = http.send(request, handler);
      } catch (IOException e) {
        if (attempt >= attempts || !retryable(e)) {
          throw new TrackingException(
              "%s %s failed: %s".formatted(request.method(), request.uri(), e), e);
        }
        pause(attempt);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrackingException("Interrupted: " + request.uri(), e);
      }
      int status = answer.statusCode();
      if (status / 100 == 2) {
        return answer;
      }
      byte[] body = bytes(answer.body());
      if (attempt < attempts && RETRIED.contains(status)) {
        pause(attempt);
        continue;
      }
      throw failure(request, status, body);
    }
  }

  /** A lost connection is retried; a refused TLS handshake or bad request is not. */
  private static boolean retryable(IOException e) {
    return !(e instanceof javax.net.ssl.SSLHandshakeException);
  }

  private void pause(int attempt) {
    double seconds = Math.min(60, settings.backoffFactor() * Math.pow(2, attempt - 1));
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrackingException("Interrupted while waiting to retry", e);
    }
  }

  private static byte[] bytes(Object body) {
    if (body instanceof byte[] b) {
      return b;
    }
    if (body instanceof InputStream in) {
      try (in) {
        return in.readNBytes(64 * 1024);
      } catch (IOException e) {
        return new byte[0];
      }
    }
    return new byte[0];
  }

  private static TrackingException failure(HttpRequest request, int status, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.hasNonNull("error_code")) {
        return new TrackingException(
            error.get("error_code").asText(), status, error.path("message").asText());
      }
    } catch (IOException notJson) {
      // a proxy's or the auth app's plain-text answer: reported as it is
    }
    return new TrackingException(
        null,
        status,
        "%s %s answered %d: %s"
            .formatted(request.method(), request.uri().getPath(), status, abbreviate(text)));
  }

  private static String abbreviate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }

  private static String authorization(ClientSettings s) {
    if (s.token() != null && !s.token().isEmpty()) {
      return "Bearer " + s.token();
    }
    if (s.username() != null && s.password() != null) {
      String pair = s.username() + ":" + s.password();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }
}
