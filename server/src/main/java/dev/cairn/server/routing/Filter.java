package dev.cairn.server.routing;

import dev.cairn.server.http.HttpResponse;

/**
 * A step every request passes before its route: it may answer at once (refuse a host, answer a
 * preflight), change what the route sees, or pass on and then change the answer (add headers).
 */
@FunctionalInterface
public interface Filter {
  HttpResponse apply(Call call, Chain next) throws Exception;

  /** The rest of the filters and, at the end, the route's handler. */
  @FunctionalInterface
  interface Chain {
    HttpResponse proceed(Call call) throws Exception;
  }
}
