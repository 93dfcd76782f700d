package dev.cairn.server.filters;

import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses requests whose {@code Host} header is not allowed (DNS rebinding), with MLflow's answer:
 * 403, {@code text/plain}, "Invalid Host header - possible DNS rebinding attack detected". {@code
 * /health} and {@code /version} answer any host, as in MLflow (load balancers probe them by IP),
 * and so do Cairn's {@code /ready} and {@code /metrics}.
 */
public final class HostCheck implements Filter {
  static final String MESSAGE = "Invalid Host header - possible DNS rebinding attack detected";
  private static final Logger LOG = LoggerFactory.getLogger(HostCheck.class);
  private final AllowedHosts hosts;

  /**
   * Probed by load balancers, orchestrators and scrapers by address or service name; they answer no
   * user data (MLflow exempts the first two).
   */
  private static final java.util.Set<String> EXEMPT =
      java.util.Set.of("/health", "/version", "/ready", "/metrics");

  public HostCheck(AllowedHosts hosts) {
    this.hosts = hosts;
  }

  @Override
  public HttpResponse apply(Call call, Chain next) throws Exception {
    String path = call.path();
    if (hosts.allowsAll() || EXEMPT.contains(path)) {
      return next.proceed(call);
    }
    String host = call.header("Host");
    if (!hosts.allows(host)) {
      LOG.warn("Rejected request with invalid Host header: {}", printable(host));
      return HttpResponse.bytes(
          403, "text/plain", MESSAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return next.proceed(call);
  }

  /** A header value safe to log: at most 100 characters, control characters escaped. */
  static String printable(String value) {
    if (value == null) {
      return "(none)";
    }
    String cut = value.length() > 100 ? value.substring(0, 100) + "..." : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
