package dev.cairn.server.metrics;

import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and times every request in the filter chain: by method and status under MLflow's metric
 * names ({@code mlflow_http_request_total}, {@code mlflow_http_request_duration_seconds}, without
 * {@code /health}, {@code /version} and {@code /metrics}, as MLflow's exporter), and by route
 * ({@code cairn_http_requests_total}, {@code cairn_http_request_duration_seconds}); requests in
 * flight. The time is until the answer's headers are ready (a streamed body is not included).
 */
public final class RequestMetrics implements Filter {
  private final String mlflowVersion;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, LongAdder> byMethodStatus = new ConcurrentHashMap<>();
  private final Map<String, Histogram> mlflowDurations = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> byRouteStatus = new ConcurrentHashMap<>();
  private final Map<String, Histogram> routeDurations = new ConcurrentHashMap<>();

  public RequestMetrics(String mlflowVersion) {
    this.mlflowVersion = mlflowVersion;
  }

  @Override
  public HttpResponse apply(Call call, Chain next) throws Exception {
    inFlight.incrementAndGet();
    HttpResponse answer = null;
    try {
      answer = next.proceed(call);
      return answer;
    } finally {
      inFlight.decrementAndGet();
      record(call, answer == null ? 500 : answer.status());
    }
  }

  private void record(Call call, int status) {
    double seconds = (System.nanoTime() - call.startNanos()) / 1e9;
    String route = call.matched() ? call.route().name() : "unmatched";
    String path = call.path();
    if (!path.equals("/health") && !path.equals("/version") && !path.equals("/metrics")) {
      String key = call.method() + '\0' + status;
      byMethodStatus.computeIfAbsent(key, k -> new LongAdder()).increment();
      mlflowDurations.computeIfAbsent(key, k -> new Histogram()).observe(seconds);
    }
    byRouteStatus.computeIfAbsent(route + '\0' + status, k -> new LongAdder()).increment();
    routeDurations.computeIfAbsent(route, k -> new Histogram()).observe(seconds);
  }

  void write(PrometheusText out) {
    out.family("mlflow_http_request_total", "counter", "Total number of HTTP requests");
    byMethodStatus.forEach(
        (k, v) -> {
          String[] ms = k.split("\0");
          out.sample("mlflow_http_request_total", v.sum(), "method", ms[0], "status", ms[1]);
        });
    out.family(
        "mlflow_http_request_duration_seconds", "histogram", "HTTP request duration in seconds");
    mlflowDurations.forEach(
        (k, h) -> {
          String[] ms = k.split("\0");
          h.write(
              out,
              "mlflow_http_request_duration_seconds",
              "method",
              ms[0],
              "mlflow_version",
              mlflowVersion,
              "status",
              ms[1]);
        });
    out.family("cairn_http_requests_total", "counter", "Requests by route and status");
    byRouteStatus.forEach(
        (k, v) -> {
          String[] rs = k.split("\0");
          out.sample("cairn_http_requests_total", v.sum(), "route", rs[0], "status", rs[1]);
        });
    out.family(
        "cairn_http_request_duration_seconds",
        "histogram",
        "Time from a request's arrival to its answer's headers, by route");
    routeDurations.forEach(
        (r, h) -> h.write(out, "cairn_http_request_duration_seconds", "route", r));
    out.family("cairn_http_requests_in_flight", "gauge", "Requests being answered now");
    out.sample("cairn_http_requests_in_flight", inFlight.get());
  }
}
