package dev.cairn.server.http;

import java.time.Duration;

/**
 * How the HTTP server listens and how long it waits for clients.
 *
 * @param maxHeaderBytes the largest request line plus headers; beyond it the answer is 414 or 431
 * @param headerTimeout the longest a client may take to send a request's line and headers, counted
 *     from the connection's start or the previous answer (a slow-header client is cut off; an idle
 *     kept-alive connection is closed)
 * @param idleTimeout the longest a connection may make no progress at all, in either direction; a
 *     slow but progressing upload or download is never cut off by it
 */
public record HttpSettings(
    String host, int port, int maxHeaderBytes, Duration headerTimeout, Duration idleTimeout) {

  public HttpSettings {
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("the header timeout must be positive");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("the idle timeout must be positive");
    }
  }
}
