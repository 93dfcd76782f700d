package dev.cairn.api;

/**
 * One REST route: HTTP method, path below the API prefix (e.g. {@code /mlflow/runs/get}), and the
 * wire types. A path segment {@code {name}} is a path parameter: it fills the request field {@code
 * name} (e.g. {@code /mlflow/logged-models/{model_id}}). The server binds each endpoint to a
 * service function; a client can use the same table to send requests.
 */
public record Endpoint<Q, R>(
    HttpMethod method, String path, Class<Q> requestType, Class<R> responseType) {

  public enum HttpMethod {
    GET,
    POST,
    PATCH,
    DELETE,
    PUT
  }

  public static <Q, R> Endpoint<Q, R> get(String path, Class<Q> request, Class<R> response) {
    return new Endpoint<>(HttpMethod.GET, path, request, response);
  }

  public static <Q, R> Endpoint<Q, R> post(String path, Class<Q> request, Class<R> response) {
    return new Endpoint<>(HttpMethod.POST, path, request, response);
  }

  public static <Q, R> Endpoint<Q, R> patch(String path, Class<Q> request, Class<R> response) {
    return new Endpoint<>(HttpMethod.PATCH, path, request, response);
  }

  public static <Q, R> Endpoint<Q, R> delete(String path, Class<Q> request, Class<R> response) {
    return new Endpoint<>(HttpMethod.DELETE, path, request, response);
  }

  public static <Q, R> Endpoint<Q, R> put(String path, Class<Q> request, Class<R> response) {
    return new Endpoint<>(HttpMethod.PUT, path, request, response);
  }

  /** Whether the path has {@code {name}} segments. */
  public boolean hasPathParameters() {
    return path.contains("{");
  }
}
