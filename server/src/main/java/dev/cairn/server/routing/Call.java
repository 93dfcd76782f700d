package dev.cairn.server.routing;

import dev.cairn.core.auth.AuthUser;
import dev.cairn.server.http.HttpExchange;
import java.util.List;
import java.util.Map;

/**
 * One request on its way through the filters to its route: the exchange, the route it matched and
 * its path parameters, when it started, and what filters learned about it (the buffered body).
 */
public final class Call {
  private final HttpExchange exchange;
  private final String path;
  private final Route route;
  private final boolean matched;
  private final Map<String, String> pathParams;
  private final long startNanos;
  private Map<String, List<String>> query;
  private byte[] body;
  private AuthUser user;

  Call(
      HttpExchange exchange,
      String path,
      Route route,
      boolean matched,
      Map<String, String> pathParams,
      long startNanos) {
    this.exchange = exchange;
    this.path = path;
    this.route = route;
    this.matched = matched;
    this.pathParams = pathParams;
    this.startNanos = startNanos;
  }

  public HttpExchange exchange() {
    return exchange;
  }

  /** The request path without the static prefix. */
  public String path() {
    return path;
  }

  public String method() {
    return exchange.method();
  }

  /**
   * The route that answers: one of the table's, or (when {@link #matched()} is false) the server's
   * answer for an unknown path, a method the path does not take, or OPTIONS.
   */
  public Route route() {
    return route;
  }

  /** Whether the request matched a route of the table. */
  public boolean matched() {
    return matched;
  }

  public Map<String, String> pathParams() {
    return pathParams;
  }

  /** The query parameters (parsed once). */
  public Map<String, List<String>> query() {
    if (query == null) {
      query = exchange.query();
    }
    return query;
  }

  /** The first value of a query parameter, or null. */
  public String queryParam(String name) {
    return HttpExchange.first(query(), name);
  }

  public String header(String name) {
    return exchange.header(name);
  }

  public long startNanos() {
    return startNanos;
  }

  /** The buffered body of a {@link Route.Body#JSON} route; empty when none was sent. */
  public byte[] body() {
    return body == null ? new byte[0] : body;
  }

  /** Set by the body filter once the body is read within the limits. */
  public void body(byte[] bytes) {
    this.body = bytes;
  }

  /** Replaces the query parameters a route reads (a filter narrowing a request). */
  public void query(Map<String, List<String>> params) {
    this.query = params;
  }

  /** The signed-in user, or null when authentication is off (or the route is open). */
  public AuthUser user() {
    return user;
  }

  /** Set by the authentication filter once the credentials are verified. */
  public void user(AuthUser signedIn) {
    this.user = signedIn;
  }
}
