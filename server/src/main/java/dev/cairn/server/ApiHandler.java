package dev.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers API requests independently of the HTTP library: finds the route, decodes the request,
 * calls the service, encodes the answer or the error. Routes are served under {@code /api/2.0} and
 * the UI's {@code /ajax-api/2.0}.
 */
public final class ApiHandler {
  private static final String[] PREFIXES = {
    "/api/2.0", "/ajax-api/2.0", "/api/3.0", "/ajax-api/3.0"
  };

  /** A complete HTTP answer. */
  public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Answer(int status, String contentType, byte[] body) {
      this(status, contentType, body, Map.of());
    }
  }

  private final Map<String, Map<HttpMethod, Route<?, ?>>> routes = new HashMap<>();
  private final Map<PathTemplate, Map<HttpMethod, Route<?, ?>>> templated = new LinkedHashMap<>();
  private final ObjectMapper mapper;
  private final RequestDecoder decoder;
  private final String version;
  private final boolean artifactsOnly;
  private final StaticUi ui = new StaticUi();

  public ApiHandler(List<Route<?, ?>> routeList, ObjectMapper mapper, String version) {
    this(routeList, mapper, version, false);
  }

  /**
   * @param artifactsOnly answer every route 503, as {@code mlflow server --artifacts-only} does
   */
  public ApiHandler(
      List<Route<?, ?>> routeList, ObjectMapper mapper, String version, boolean artifactsOnly) {
    this.artifactsOnly = artifactsOnly;
    this.mapper = mapper;
    this.decoder = new RequestDecoder(mapper);
    this.version = version;
    Map<String, PathTemplate> templates = new HashMap<>();
    for (Route<?, ?> r : routeList) {
      String path = r.endpoint().path();
      Map<HttpMethod, Route<?, ?>> byMethod =
          r.endpoint().hasPathParameters()
              ? templated.computeIfAbsent(
                  templates.computeIfAbsent(path, PathTemplate::of), k -> new HashMap<>())
              : routes.computeIfAbsent(path, k -> new HashMap<>());
      byMethod.put(r.endpoint().method(), r);
    }
  }

  /**
   * @param path the request path without the static prefix
   * @param body the request body, or null when it was larger than the server accepts
   */
  public Answer handle(
      String method,
      String path,
      Map<String, List<String>> query,
      String contentType,
      byte[] body) {
    if (path.equals("/health")) {
      return text(200, "OK");
    }
    if (path.equals("/version")) {
      return text(200, version);
    }
    if (method.equals("GET") || method.equals("HEAD")) {
      Answer page = ui.answer(path);
      if (page != null) {
        return page;
      }
    }
    String rpc = stripApiPrefix(path);
    Map<HttpMethod, Route<?, ?>> byMethod = rpc == null ? null : routes.get(rpc);
    Map<String, String> pathParams = Map.of();
    if (byMethod == null && rpc != null) {
      for (Map.Entry<PathTemplate, Map<HttpMethod, Route<?, ?>>> e : templated.entrySet()) {
        Map<String, String> params = e.getKey().match(rpc);
        if (params != null) {
          byMethod = e.getValue();
          pathParams = params;
          break;
        }
      }
    }
    if (byMethod == null) {
      return error(
          ApiError.of(
              ErrorCode.ENDPOINT_NOT_FOUND, "No API endpoint found for " + method + " " + path));
    }
    if (artifactsOnly) {
      return text(
          503,
          "Endpoint: "
              + path
              + " disabled due to the mlflow server running in `--artifacts-only` mode. To enable"
              + " tracking server functionality, run `mlflow server` without `--artifacts-only`");
    }
    HttpMethod m = parseMethod(method);
    Route<?, ?> route = m == null ? null : byMethod.get(m);
    if (route == null) {
      return error(
          new ApiError(
              405,
              ErrorCode.BAD_REQUEST.name(),
              "Method " + method + " is not allowed for " + path));
    }
    try {
      return json(200, route.invoke(decode(route, m, query, pathParams, contentType, body)));
    } catch (Exception | StackOverflowError e) {
      return error(ApiError.from(e));
    }
  }

  private Object decode(
      Route<?, ?> route,
      HttpMethod m,
      Map<String, List<String>> query,
      Map<String, String> pathParams,
      String contentType,
      byte[] body)
      throws Exception {
    Class<?> type = route.endpoint().requestType();
    if (m == HttpMethod.GET || (m == HttpMethod.DELETE && body != null && body.length == 0)) {
      Map<String, List<String>> merged = new LinkedHashMap<>(query);
      pathParams.forEach((k, v) -> merged.put(k, List.of(v)));
      return decoder.fromQuery(merged, type);
    }
    if (body == null) {
      throw new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, "The request body is too large.");
    }
    if (m == HttpMethod.POST || m == HttpMethod.PUT) {
      checkContentType(contentType);
    }
    return decoder.fromBody(body, pathParams, type);
  }

  /** MLflow rejects POST and PUT bodies that are not declared as JSON. */
  private static void checkContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw CairnException.invalid("Bad Request. Content-Type header is missing.");
    }
    String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw CairnException.invalid(
          "Bad Request. Content-Type must be one of ['application/json'].");
    }
  }

  private static String stripApiPrefix(String path) {
    for (String prefix : PREFIXES) {
      if (path.startsWith(prefix + "/")) {
        return path.substring(prefix.length());
      }
    }
    return null;
  }

  private static HttpMethod parseMethod(String method) {
    try {
      return HttpMethod.valueOf(method);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Answer json(int status, Object value) throws Exception {
    return new Answer(status, "application/json", mapper.writeValueAsBytes(value));
  }

  public Answer error(ApiError e) {
    ObjectNode node = mapper.createObjectNode();
    node.put("error_code", e.errorCode());
    node.put("message", e.message());
    ErrorClass.of(e.errorCode())
        .ifPresent(
            c -> {
              node.put("sqlstate", c.sqlstate());
              node.put("error_class", c.name());
            });
    try {
      return new Answer(e.status(), "application/json", mapper.writeValueAsBytes(node));
    } catch (Exception impossible) {
      return text(500, "Internal server error.");
    }
  }

  private static Answer text(int status, String body) {
    return new Answer(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }
}
