package dev.cairn.server.filters;

import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the logger {@code dev.cairn.access}: client, signed-in user (or {@code
 * -}), method, path (without the query, which may carry names people consider private), status,
 * time to the answer's headers, the answer's declared size, and the route that took it. It is the
 * outermost filter, so refusals by the others are logged too.
 */
public final class AccessLog implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger("dev.cairn.access");

  @Override
  public HttpResponse apply(Call call, Chain next) throws Exception {
    HttpResponse answer = next.proceed(call);
    if (LOG.isInfoEnabled()) {
      long micros = (System.nanoTime() - call.startNanos()) / 1_000;
      String length = answer.header("Content-Length");
      LOG.info(
          "{} {} \"{} {}\" {} {}.{}ms {} route=\"{}\"",
          call.exchange().remoteAddress(),
          call.user() == null ? "-" : HostCheck.printable(call.user().username()),
          call.method(),
          HostCheck.printable(call.exchange().path()),
          answer.status(),
          micros / 1000,
          String.format("%03d", micros % 1000).substring(0, 1),
          length == null ? "-" : length + "B",
          call.matched() ? call.route().name() : "-");
    }
    return answer;
  }
}
