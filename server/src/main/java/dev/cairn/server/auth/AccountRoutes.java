package dev.cairn.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.Route;
import dev.cairn.server.routing.RouteHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the auth API's routes: each of resource {@link Resource#ACCOUNT} (every signed-in user
 * reaches the handler, which decides), its JSON body buffered, its answer JSON; a refusal of {@link
 * dev.cairn.core.auth.Accounts} becomes MLflow's plain-text 403.
 */
final class AccountRoutes {
  /** What one route does with the caller and the request's parameters: a JSON answer. */
  @FunctionalInterface
  interface Operation {
    JsonNode apply(AuthUser caller, AccountParams params);
  }

  private final ObjectMapper mapper;
  private final List<Route> routes = new ArrayList<>();

  AccountRoutes(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  List<Route> routes() {
    return List.copyOf(routes);
  }

  /** A route of MLflow's {@code 2.0} auth API. */
  void v2(HttpMethod method, String path, Access access, Operation op) {
    add(method, paths(2, path), access, op);
  }

  /** A route of MLflow's {@code 3.0} auth API. */
  void v3(HttpMethod method, String path, Access access, Operation op) {
    add(method, paths(3, path), access, op);
  }

  /** MLflow serves each auth route under one version, for its client and for its UI. */
  static List<String> paths(int version, String path) {
    return List.of(
        "/api/" + version + ".0/mlflow" + path, "/ajax-api/" + version + ".0/mlflow" + path);
  }

  void add(HttpMethod method, List<String> paths, Access access, Operation op) {
    addHandler(method, paths, access, call -> answer(call, op));
  }

  /** A route whose handler looks at the request first, then has {@link #answer} answer it. */
  void addHandler(HttpMethod method, List<String> paths, Access access, RouteHandler handler) {
    routes.add(new Route(method, paths, Resource.ACCOUNT, access, Route.Body.JSON, handler));
  }

  HttpResponse answer(Call call, Operation op) throws Exception {
    AuthUser caller = call.user();
    if (caller == null) {
      // Only served with authentication on, where the sign-in filter lets no one through unknown.
      return AuthAnswers.unauthenticated();
    }
    try {
      JsonNode answer = op.apply(caller, new AccountParams(call, mapper));
      return HttpResponse.json(200, mapper.writeValueAsBytes(answer));
    } catch (CairnException e) {
      if (e.code() == ErrorCode.PERMISSION_DENIED) {
        return AuthAnswers.forbidden();
      }
      throw e;
    }
  }
}
