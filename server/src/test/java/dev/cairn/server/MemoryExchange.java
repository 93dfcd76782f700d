package dev.cairn.server;

import dev.cairn.server.http.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request held in memory, for tests of routing and decoding without a socket. */
record MemoryExchange(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    byte[] bytes)
    implements HttpExchange {

  static MemoryExchange of(String method, String path, String body, String... headerPairs) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      h.put(headerPairs[i].toLowerCase(), headerPairs[i + 1]);
    }
    return new MemoryExchange(
        method,
        path,
        Map.of(),
        h,
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  MemoryExchange withQuery(Map<String, List<String>> q) {
    return new MemoryExchange(method, path, q, headers, bytes);
  }

  @Override
  public boolean hasQueryString() {
    return !query.isEmpty();
  }

  @Override
  public String remoteAddress() {
    return "127.0.0.1";
  }

  @Override
  public String header(String name) {
    return headers.get(name.toLowerCase());
  }

  @Override
  public InputStream body() {
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public long contentLength() {
    return bytes.length;
  }

  @Override
  public void deadline(Duration timeout) {}

  @Override
  public void abort() {}
}
