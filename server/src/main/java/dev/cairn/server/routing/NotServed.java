package dev.cairn.server.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MLflow 3's API groups Cairn does not serve (yet), by path: a client calling one gets 501
 * NOT_IMPLEMENTED naming the feature instead of a bare "no such endpoint". docs/COMPATIBILITY.md
 * lists them with their state.
 */
final class NotServed {
  private static final Pattern API = Pattern.compile("^/(?:api|ajax-api)/[23]\\.0");
  private static final Map<String, String> FEATURES = new LinkedHashMap<>();

  static {
    FEATURES.put("/mlflow/traces", "GenAI tracing");
    FEATURES.put("/mlflow/unified-traces", "GenAI tracing");
    FEATURES.put("/mlflow/get-online-trace-details", "GenAI tracing");
    FEATURES.put("/v1/traces", "OpenTelemetry trace ingest (GenAI tracing)");
    FEATURES.put("/mlflow/gateway", "AI gateway (secrets, endpoints, model definitions)");
    FEATURES.put("/mlflow/datasets", "evaluation datasets");
    FEATURES.put("/mlflow/scorers", "scorers");
    FEATURES.put("/mlflow/review-queues", "review queues");
    FEATURES.put("/mlflow/label-schemas", "label schemas");
    FEATURES.put("/mlflow/issues", "issues");
    FEATURES.put("/mlflow/prompt-optimization", "prompt optimization jobs");
    FEATURES.put("/mlflow/workspaces", "workspaces");
    FEATURES.put("/mlflow/artifacts/presigned-", "presigned artifact URLs");
    FEATURES.put("/jobs", "jobs");
    FEATURES.put("/graphql", "GraphQL");
  }

  /**
   * RPCs of a served group that Cairn does not serve, whose paths a served route's template also
   * matches ({@code POST /mlflow/traces/metrics} looks like {@code /mlflow/traces/{trace_id}}):
   * they answer NOT_IMPLEMENTED rather than 405.
   */
  private static final Map<String, String> RPCS =
      Map.of(
          "/mlflow/traces/metrics", "trace metrics",
          "/mlflow/traces/calculate-filter-correlation", "trace filter correlation",
          "/mlflow/traces/link-prompts", "prompt links of traces");

  private NotServed() {}

  /** The feature of an unserved RPC inside a served group, or null. */
  static String rpc(String path) {
    return RPCS.get(API.matcher(path).replaceFirst(""));
  }

  /** The MLflow feature a path belongs to when Cairn does not serve it, or null. */
  static String feature(String path) {
    String rest = API.matcher(path).replaceFirst("");
    for (Map.Entry<String, String> e : FEATURES.entrySet()) {
      if (rest.startsWith(e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }
}
