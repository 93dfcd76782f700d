package dev.cairn.server.routing;

import dev.cairn.server.http.HttpResponse;

/** Answers the calls of one route; anything it throws becomes MLflow's error body. */
@FunctionalInterface
public interface RouteHandler {
  HttpResponse handle(Call call) throws Exception;
}
