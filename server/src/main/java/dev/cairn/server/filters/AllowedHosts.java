package dev.cairn.server.filters;

import dev.cairn.core.net.IpAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the server answers ({@code --allowed-hosts}, {@code
 * MLFLOW_SERVER_ALLOWED_HOSTS}): MLflow 3's protection against DNS rebinding, where a web page
 * reaches a server on the visitor's machine or network through a name the attacker controls.
 *
 * <p>With no list, as in MLflow, the local names ({@code localhost}, {@code 127.0.0.1}, {@code
 * [::1]}, {@code 0.0.0.0}) and private addresses are allowed, on any port. MLflow writes the
 * private ranges as text patterns ({@code 10.*}, {@code 192.168.*}), which a name such as {@code
 * 10.attacker.example} also matches; here the host is parsed as an IP literal and checked against
 * the ranges, so only real addresses pass. A configured list keeps MLflow's meaning: exact values
 * or {@code *} wildcards, {@code *} alone allowing every host. Unlike MLflow (which compares the
 * whole header), an entry without a port also allows that host on any port.
 *
 * @param patterns the configured entries, or empty for the defaults
 */
public record AllowedHosts(List<String> patterns) {
  private static final List<String> LOCAL_NAMES = List.of("localhost", "0.0.0.0");

  public AllowedHosts {
    patterns = patterns.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  /** From the comma-separated setting; null or blank means the defaults. */
  public static AllowedHosts parse(String setting) {
    return new AllowedHosts(setting == null ? List.of() : List.of(setting.split(",")));
  }

  public boolean allowsAll() {
    return patterns.contains("*");
  }

  public boolean isDefault() {
    return patterns.isEmpty();
  }

  /** Whether a request with this {@code Host} header is answered. */
  public boolean allows(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    if (allowsAll()) {
      return true;
    }
    String header = hostHeader.strip().toLowerCase(Locale.ROOT);
    String host = hostOf(header);
    if (host == null) {
      return false;
    }
    if (patterns.isEmpty()) {
      if (LOCAL_NAMES.contains(host)) {
        return true;
      }
      InetAddress ip = IpAddresses.literal(host);
      return ip != null && (ip.isAnyLocalAddress() || IpAddresses.isLoopbackOrPrivate(ip));
    }
    for (String p : patterns) {
      String pattern = p.toLowerCase(Locale.ROOT);
      boolean portless = hostOf(pattern) != null && hostOf(pattern).equals(pattern);
      if (matches(pattern, header) || (portless && matches(pattern, host))) {
        return true;
      }
    }
    return false;
  }

  /** The host part of {@code host[:port]} ({@code [v6]} kept bracketed), or null if malformed. */
  static String hostOf(String value) {
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      if (end < 0) {
        return null;
      }
      String rest = value.substring(end + 1);
      return rest.isEmpty() || rest.matches(":[0-9]*") ? value.substring(0, end + 1) : null;
    }
    int colon = value.indexOf(':');
    if (colon < 0) {
      return value;
    }
    if (value.indexOf(':', colon + 1) >= 0 || !value.substring(colon + 1).matches("[0-9*]*")) {
      return null;
    }
    return value.substring(0, colon);
  }

  private static boolean matches(String pattern, String value) {
    if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
      return pattern.equals(value);
    }
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return value.matches(regex.toString());
  }

  /** The accepted hosts in words, for the start-up message. */
  public String describe() {
    if (allowsAll()) {
      return "any host (--allowed-hosts '*')";
    }
    return patterns.isEmpty()
        ? "localhost, 127.0.0.1, [::1], 0.0.0.0 and private addresses (10/8, 172.16/12,"
            + " 192.168/16, fc00::/7), any port"
        : String.join(", ", patterns);
  }
}
