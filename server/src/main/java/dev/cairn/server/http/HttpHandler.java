package dev.cairn.server.http;

/** Answers every request the HTTP server receives; it never throws. */
@FunctionalInterface
public interface HttpHandler {
  HttpResponse handle(HttpExchange exchange);
}
