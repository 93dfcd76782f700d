package dev.cairn.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.Endpoint;
import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.core.CairnException;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns MLflow's JSON endpoints into routes: each answers under {@code /api/2.0}, the UI's {@code
 * /ajax-api/2.0} and their {@code 3.0} twins, reads its request as MLflow's server does and writes
 * the service's answer as JSON.
 *
 * <p>Where the request comes from follows MLflow's {@code _get_request_message}: a GET with query
 * parameters reads them; any other request (a GET without a query string included, as some REST
 * clients send one with a JSON body) reads its JSON body, an empty body being {@code {}}. A DELETE
 * without a body also reads its query string (the UI sends deletes so). Path parameters fill the
 * request fields of the same name.
 */
final class JsonRoutes {
  static final List<String> PREFIXES =
      List.of("/api/2.0", "/ajax-api/2.0", "/api/3.0", "/ajax-api/3.0");

  private final ObjectMapper mapper;
  private final RequestDecoder decoder;

  JsonRoutes(ObjectMapper mapper) {
    this.mapper = mapper;
    this.decoder = new RequestDecoder(mapper);
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** A route answering {@code endpoint} with {@code service}. */
  <Q, R> Route route(
      Endpoint<Q, R> endpoint, Resource resource, Access access, Function<Q, R> service) {
    return route(endpoint, resource, access, Route.Body.JSON, service);
  }

  /** A route answering only under {@code prefixes} (MLflow registers some RPCs per version). */
  <Q, R> Route route(
      Endpoint<Q, R> endpoint,
      List<String> prefixes,
      Resource resource,
      Access access,
      Function<Q, R> service) {
    Route all = route(endpoint, resource, access, Route.Body.JSON, service);
    return new Route(
        all.method(),
        prefixes.stream().map(p -> p + endpoint.path()).toList(),
        resource,
        access,
        Route.Body.JSON,
        all.handler());
  }

  /** A route whose body may carry values longer than 1 MiB ({@link Route.Body}). */
  <Q, R> Route route(
      Endpoint<Q, R> endpoint,
      Resource resource,
      Access access,
      Route.Body body,
      Function<Q, R> service) {
    return new Route(
        endpoint.method(),
        PREFIXES.stream().map(p -> p + endpoint.path()).toList(),
        resource,
        access,
        body,
        call -> {
          Q request = decode(call, endpoint);
          return HttpResponse.json(200, mapper.writeValueAsBytes(service.apply(request)));
        });
  }

  private <Q> Q decode(Call call, Endpoint<Q, ?> endpoint) throws Exception {
    HttpMethod m = endpoint.method();
    byte[] body = call.body();
    if ((m == HttpMethod.GET && !call.query().isEmpty())
        || (m == HttpMethod.DELETE && body.length == 0)) {
      Map<String, List<String>> merged = new LinkedHashMap<>(call.query());
      call.pathParams().forEach((k, v) -> merged.put(k, List.of(v)));
      return decoder.fromQuery(merged, endpoint.requestType());
    }
    if (m == HttpMethod.POST || m == HttpMethod.PUT) {
      checkContentType(call.header("Content-Type"));
    }
    return decoder.fromBody(body, call.pathParams(), endpoint.requestType());
  }

  /**
   * MLflow rejects POST and PUT bodies not declared as JSON: a cross-site form or {@code
   * text/plain} post then cannot change anything (CVE-2023-43472).
   */
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
}
