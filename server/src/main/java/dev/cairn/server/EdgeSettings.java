package dev.cairn.server;

import dev.cairn.server.filters.AllowedHosts;
import dev.cairn.server.filters.AllowedOrigins;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * How the server meets the network: MLflow 3's protections (allowed hosts, cross-origin rules,
 * frame options) and Cairn's bounds on what clients may send and how slowly.
 *
 * @param allowedHosts {@code --allowed-hosts}: comma-separated, null for MLflow's defaults
 * @param corsAllowedOrigins {@code --cors-allowed-origins}: comma-separated, null for none
 * @param xFrameOptions {@code --x-frame-options}: SAMEORIGIN, DENY or NONE
 * @param securityMiddleware false with {@code --disable-security-middleware} (no host, origin or
 *     header protections, as MLflow)
 * @param maxRequestBytes the largest JSON body accepted (larger: 413)
 * @param bodyBudgetBytes the memory all buffered JSON bodies may take at once
 * @param headerTimeout how long a client may take to send a request's headers
 * @param bodyTimeout how long a client may take to send a JSON body
 * @param idleTimeout how long a connection may make no progress at all (a slow but progressing
 *     upload is never cut off)
 * @param accessLog one line per request on the logger {@code dev.cairn.access}
 * @param metrics serve {@code /metrics} in Prometheus's format ({@code --expose-prometheus})
 */
public record EdgeSettings(
    String allowedHosts,
    String corsAllowedOrigins,
    String xFrameOptions,
    boolean securityMiddleware,
    long maxRequestBytes,
    long bodyBudgetBytes,
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    boolean accessLog,
    boolean metrics) {

  public static final long DEFAULT_MAX_REQUEST_BYTES = 64L * 1024 * 1024;
  public static final long DEFAULT_BODY_BUDGET_BYTES = 96L * 1024 * 1024;
  private static final Set<String> FRAME_OPTIONS = Set.of("SAMEORIGIN", "DENY", "NONE");

  public EdgeSettings {
    xFrameOptions =
        xFrameOptions == null || xFrameOptions.isBlank()
            ? "SAMEORIGIN"
            : xFrameOptions.strip().toUpperCase(Locale.ROOT);
    if (!FRAME_OPTIONS.contains(xFrameOptions)) {
      throw new IllegalArgumentException(
          "--x-frame-options must be SAMEORIGIN, DENY or NONE, got '" + xFrameOptions + "'");
    }
    if (maxRequestBytes <= 0 || maxRequestBytes > (1L << 30)) {
      throw new IllegalArgumentException("the request size limit must be between 1 byte and 1 GiB");
    }
    if (bodyBudgetBytes < maxRequestBytes) {
      throw new IllegalArgumentException(
          "the body budget must hold at least one largest request (" + maxRequestBytes + " bytes)");
    }
    for (Duration d : new Duration[] {headerTimeout, bodyTimeout, idleTimeout}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
    }
  }

  /** MLflow's defaults and Cairn's bounds. */
  public static EdgeSettings defaults() {
    return new EdgeSettings(
        null,
        null,
        "SAMEORIGIN",
        true,
        DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_BODY_BUDGET_BYTES,
        Duration.ofSeconds(30),
        Duration.ofSeconds(120),
        Duration.ofSeconds(120),
        true,
        false);
  }

  public EdgeSettings withMaxRequestBytes(long bytes) {
    return withLimits(
        bytes, Math.max(bodyBudgetBytes, bytes), headerTimeout, bodyTimeout, idleTimeout);
  }

  /** These settings with other network protections. */
  public EdgeSettings withNetwork(
      String hosts, String origins, String frameOptions, boolean security) {
    return new EdgeSettings(
        hosts,
        origins,
        frameOptions,
        security,
        maxRequestBytes,
        bodyBudgetBytes,
        headerTimeout,
        bodyTimeout,
        idleTimeout,
        accessLog,
        metrics);
  }

  /** These settings with other bounds on bodies and time. */
  public EdgeSettings withLimits(
      long maxBytes, long budgetBytes, Duration header, Duration body, Duration idle) {
    return new EdgeSettings(
        allowedHosts,
        corsAllowedOrigins,
        xFrameOptions,
        securityMiddleware,
        maxBytes,
        budgetBytes,
        header,
        body,
        idle,
        accessLog,
        metrics);
  }

  /** These settings with the access log and {@code /metrics} on or off. */
  public EdgeSettings withObservability(boolean log, boolean prometheus) {
    return new EdgeSettings(
        allowedHosts,
        corsAllowedOrigins,
        xFrameOptions,
        securityMiddleware,
        maxRequestBytes,
        bodyBudgetBytes,
        headerTimeout,
        bodyTimeout,
        idleTimeout,
        log,
        prometheus);
  }

  public AllowedHosts hosts() {
    return AllowedHosts.parse(allowedHosts);
  }

  public AllowedOrigins origins() {
    return AllowedOrigins.parse(corsAllowedOrigins);
  }
}
