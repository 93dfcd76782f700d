package dev.cairn.server;

import dev.cairn.api.Endpoint;
import java.util.function.Function;

/** An endpoint bound to the service function that answers it. */
public record Route<Q, R>(Endpoint<Q, R> endpoint, Function<Q, R> handler) {
  public static <Q, R> Route<Q, R> bind(Endpoint<Q, R> endpoint, Function<Q, R> handler) {
    return new Route<>(endpoint, handler);
  }

  Object invoke(Object request) {
    return handler.apply(endpoint.requestType().cast(request));
  }
}
