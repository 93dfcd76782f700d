package dev.cairn.server.http;

/**
 * The answer to a request the HTTP library refuses before any handler sees it (a bad escape, an
 * ambiguous path, a request line or headers too large), so that those errors look like every other
 * error.
 */
@FunctionalInterface
public interface ErrorPage {
  HttpResponse render(int status, String message);
}
