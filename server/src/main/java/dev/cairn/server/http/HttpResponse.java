package dev.cairn.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer: status and headers first, then a body written by {@code body} straight to the
 * client, so a large file streams through a fixed buffer. Headers are kept in order; {@link
 * #withHeader} returns a copy, so filters can add to an answer without touching the original.
 */
public record HttpResponse(int status, Map<String, String> headers, BodyWriter body) {

  /** Writes a response body to the client. */
  @FunctionalInterface
  public interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private static final BodyWriter NO_BODY = out -> {};

  public HttpResponse {
    headers =
        headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A complete body known in advance; its length is declared. */
  public static HttpResponse bytes(int status, String contentType, byte[] body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType);
    h.put("Content-Length", Integer.toString(body.length));
    return new HttpResponse(status, h, body.length == 0 ? NO_BODY : out -> out.write(body));
  }

  public static HttpResponse text(int status, String text) {
    return bytes(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  public static HttpResponse json(int status, byte[] json) {
    return bytes(status, "application/json", json);
  }

  /** An answer without a body. */
  public static HttpResponse empty(int status) {
    return new HttpResponse(status, Map.of("Content-Length", "0"), NO_BODY);
  }

  /** This answer with one more header (replacing one of the same name). */
  public HttpResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new HttpResponse(status, h, body);
  }

  /** This answer with the headers of {@code more} added (replacing those of the same name). */
  public HttpResponse withHeaders(Map<String, String> more) {
    if (more.isEmpty()) {
      return this;
    }
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.putAll(more);
    return new HttpResponse(status, h, body);
  }

  /** A header of this answer, or null. Names are compared without regard to case. */
  public String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
