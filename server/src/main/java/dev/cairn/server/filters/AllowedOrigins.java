package dev.cairn.server.filters;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which web origins may make state-changing cross-origin calls and read answers ({@code
 * --cors-allowed-origins}, {@code MLFLOW_SERVER_CORS_ALLOWED_ORIGINS}), with MLflow's rules:
 * origins on {@code localhost}, {@code 127.0.0.1} or {@code [::1]} are always allowed (the UI of a
 * local development server), listed origins are compared exactly or by {@code *} wildcards, and
 * {@code *} alone allows every origin without credentials.
 */
public record AllowedOrigins(List<String> patterns) {
  private static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final Pattern LOCAL_HTTP =
      Pattern.compile("^http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]+)?$");

  public AllowedOrigins {
    patterns = patterns.stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
  }

  /** From the comma-separated setting; null or blank means none beyond the local ones. */
  public static AllowedOrigins parse(String setting) {
    return new AllowedOrigins(setting == null ? List.of() : List.of(setting.split(",")));
  }

  public boolean wildcard() {
    return patterns.contains("*");
  }

  /** Whether a state-changing request from {@code origin} goes through (MLflow's blocking rule). */
  public boolean mayChangeState(String origin) {
    return wildcard() || isLocalHost(origin) || listed(origin);
  }

  /**
   * Whether answers to {@code origin} carry {@code Access-Control-Allow-Origin}, so its pages may
   * read them: listed origins and plain-http local ones, as MLflow's CORS middleware decides.
   */
  public boolean mayRead(String origin) {
    return wildcard() || listed(origin) || LOCAL_HTTP.matcher(origin).matches();
  }

  private boolean listed(String origin) {
    for (String p : patterns) {
      if (p.contains("*") ? glob(p).matcher(origin).matches() : p.equals(origin)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocalHost(String origin) {
    try {
      String host = URI.create(origin).getHost();
      return host != null && LOCAL_HOSTS.contains(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String part : pattern.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }
}
