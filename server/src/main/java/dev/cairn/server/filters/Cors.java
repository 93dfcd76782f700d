package dev.cairn.server.filters;

import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow 3's cross-origin rules. A state-changing request (POST, PUT, PATCH, DELETE) to the API
 * from a page of another, not allowed origin is refused with 403 "Cross-origin request blocked"
 * before it does anything: such requests need no preflight when sent as {@code text/plain}, so the
 * browser alone would not stop them. Preflights ({@code OPTIONS} with {@code
 * Access-Control-Request-Method}) are answered here as MLflow's CORS middleware answers them, and
 * answers to allowed origins carry {@code Access-Control-Allow-Origin}.
 */
public final class Cors implements Filter {
  static final String BLOCKED = "Cross-origin request blocked";
  private static final Logger LOG = LoggerFactory.getLogger(Cors.class);
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final List<String> METHODS =
      List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
  private final AllowedOrigins origins;

  public Cors(AllowedOrigins origins) {
    this.origins = origins;
  }

  @Override
  public HttpResponse apply(Call call, Chain next) throws Exception {
    String origin = call.header("Origin");
    if (origin == null) {
      return next.proceed(call);
    }
    String method = call.method();
    if (method.equals("OPTIONS") && call.header("Access-Control-Request-Method") != null) {
      return preflight(call, origin);
    }
    if (STATE_CHANGING.contains(method) && isApi(call.path()) && !origins.mayChangeState(origin)) {
      LOG.warn("Blocked cross-origin request from {}", HostCheck.printable(origin));
      return HttpResponse.bytes(403, "text/plain", BLOCKED.getBytes(StandardCharsets.UTF_8))
          .withHeaders(simpleHeaders(origin));
    }
    return next.proceed(call).withHeaders(simpleHeaders(origin));
  }

  /** MLflow's {@code is_api_endpoint}: the REST and UI API paths, not its test routes. */
  static boolean isApi(String path) {
    return (path.startsWith("/api/") || path.startsWith("/ajax-api/")) && !path.equals("/api/test");
  }

  private Map<String, String> simpleHeaders(String origin) {
    Map<String, String> h = new LinkedHashMap<>();
    if (origins.wildcard()) {
      h.put("Access-Control-Allow-Origin", "*");
      h.put("Access-Control-Expose-Headers", "*");
      return h;
    }
    if (origins.mayRead(origin)) {
      h.put("Access-Control-Allow-Origin", origin);
    }
    h.put("Access-Control-Allow-Credentials", "true");
    h.put("Access-Control-Expose-Headers", "*");
    h.put("Vary", "Origin");
    return h;
  }

  private HttpResponse preflight(Call call, String origin) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    h.put("Access-Control-Allow-Methods", String.join(", ", METHODS));
    h.put("Access-Control-Max-Age", "600");
    List<String> failures = new ArrayList<>();
    if (origins.wildcard()) {
      h.put("Access-Control-Allow-Origin", "*");
    } else {
      h.put("Access-Control-Allow-Credentials", "true");
      if (origins.mayRead(origin)) {
        h.put("Access-Control-Allow-Origin", origin);
      } else {
        failures.add("Disallowed CORS origin");
      }
    }
    if (!METHODS.contains(call.header("Access-Control-Request-Method"))) {
      failures.add("Disallowed CORS method");
    }
    String requested = call.header("Access-Control-Request-Headers");
    if (requested != null && failures.isEmpty()) {
      h.put("Access-Control-Allow-Headers", requested);
    }
    HttpResponse answer =
        failures.isEmpty()
            ? HttpResponse.text(200, "OK")
            : HttpResponse.text(400, String.join(", ", failures));
    return answer.withHeaders(h);
  }
}
