package dev.cairn.server.http;

/** A request the HTTP layer cannot read as asked (e.g. a query string with a bad escape): 400. */
public final class MalformedRequestException extends RuntimeException {
  public MalformedRequestException(String message) {
    super(message);
  }
}
