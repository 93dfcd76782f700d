package dev.cairn.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.auth.Action;
import dev.cairn.core.auth.AuthUser;
import dev.cairn.core.auth.Authorizer;
import dev.cairn.core.auth.Grant;
import dev.cairn.core.auth.Requirement;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Filter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Narrows a search to what a user who is not an administrator may read, as MLflow's auth app does:
 * runs and logged models by naming only the readable experiments in the query (nothing else
 * changes); experiments, registered models and model versions by dropping unreadable rows and
 * reading on until the page is full, each further read asking for exactly the rows still missing so
 * the next-page token stays right. No count or name of a dropped row reaches the answer.
 */
final class SearchFilter {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Requirement WORKSPACE_FALLBACK_READ = readable(Grant.EXPERIMENT);

  private final Authorizer authorizer;

  SearchFilter(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  HttpResponse answer(Call call, Filter.Chain next, AuthUser user) throws Exception {
    String path = call.route().paths().get(0);
    if (path.endsWith("/mlflow/runs/search")) {
      return narrowExperiments(call, next, user, Guard.RUN);
    }
    if (path.endsWith("/mlflow/logged-models/search")) {
      return narrowExperiments(call, next, user, Guard.LOGGED_MODEL);
    }
    if (path.endsWith("/mlflow/experiments/search")) {
      Authorizer.Gate gate = authorizer.gate(user, List.of(WORKSPACE_FALLBACK_READ));
      return fill(
          call,
          next,
          "experiments",
          1000,
          row -> gate.allows(WORKSPACE_FALLBACK_READ.withId(row.path("experiment_id").asText())));
    }
    if (path.endsWith("/mlflow/registered-models/search")) {
      return fill(call, next, "registered_models", 100, models(user));
    }
    if (path.endsWith("/mlflow/model-versions/search")) {
      return fill(call, next, "model_versions", 10_000, models(user));
    }
    throw new IllegalStateException("no search filter for " + path);
  }

  /** Rows of registered models or their versions, by model name, as prompts where tagged so. */
  private Predicate<JsonNode> models(AuthUser user) {
    Requirement model = readable(Grant.REGISTERED_MODEL);
    Requirement prompt = readable(Guard.PROMPT);
    Authorizer.Gate gate = authorizer.gate(user, List.of(model, prompt));
    return row -> {
      Requirement r = Guard.taggedPrompt(row) ? prompt : model;
      return gate.allows(r.withId(row.path("name").asText()));
    };
  }

  /**
   * Reading any resource of a type, a workspace-wide grant speaking where none on the type does.
   */
  private static Requirement readable(String type) {
    return new Requirement(
        type,
        Grant.WILDCARD,
        Action.READ,
        List.of(new Requirement.Key(Grant.WORKSPACE, Grant.WILDCARD)));
  }

  /** Keeps only the readable experiments the query names; none readable answers an empty page. */
  private HttpResponse narrowExperiments(Call call, Filter.Chain next, AuthUser user, String tier)
      throws Exception {
    RequestParams params = new RequestParams(call);
    List<String> named = params.list("experiment_ids");
    Requirement tierNotDenied = Requirement.on(tier, Grant.WILDCARD, Action.NOT_DENIED);
    Requirement template = WORKSPACE_FALLBACK_READ;
    Authorizer.Gate gate = authorizer.gate(user, List.of(template, tierNotDenied));
    List<String> readable =
        gate.allows(tierNotDenied)
            ? named.stream().filter(id -> gate.allows(template.withId(id))).toList()
            : List.of();
    if (readable.size() == named.size()) {
      return next.proceed(call);
    }
    if (readable.isEmpty()) {
      return HttpResponse.json(200, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    rewrite(call, params, Map.of("experiment_ids", readable));
    return next.proceed(call);
  }

  private HttpResponse fill(
      Call call, Filter.Chain next, String key, int defaultMax, Predicate<JsonNode> readable)
      throws Exception {
    RequestParams params = new RequestParams(call);
    int max = maxResults(params.get("max_results"), defaultMax);
    HttpResponse first = next.proceed(call);
    if (first.status() != 200) {
      return first;
    }
    ObjectNode page = (ObjectNode) MAPPER.readTree(bytes(first));
    ArrayNode kept = MAPPER.createArrayNode();
    page.path(key).forEach(row -> keep(kept, row, readable));
    String token = text(page.get("next_page_token"));
    while (kept.size() < max && token != null) {
      rewrite(
          call,
          params,
          Map.of(
              "page_token",
              List.of(token),
              "max_results",
              List.of(Integer.toString(max - kept.size()))));
      HttpResponse more = next.proceed(call);
      if (more.status() != 200) {
        return more;
      }
      JsonNode morePage = MAPPER.readTree(bytes(more));
      morePage.path(key).forEach(row -> keep(kept, row, readable));
      token = text(morePage.get("next_page_token"));
    }
    page.remove(key);
    page.remove("next_page_token");
    if (!kept.isEmpty()) {
      page.set(key, kept);
    }
    if (token != null) {
      page.put("next_page_token", token);
    }
    return HttpResponse.json(200, MAPPER.writeValueAsBytes(page));
  }

  private static void keep(ArrayNode kept, JsonNode row, Predicate<JsonNode> readable) {
    if (readable.test(row)) {
      kept.add(row);
    }
  }

  private static int maxResults(String sent, int defaultMax) {
    if (sent == null || sent.isBlank()) {
      return defaultMax;
    }
    try {
      return Math.max(1, Integer.parseInt(sent.strip()));
    } catch (NumberFormatException e) {
      return defaultMax;
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
  }

  /** Replaces parameters of the request in its body, or in its query string when it has none. */
  private static void rewrite(Call call, RequestParams params, Map<String, List<String>> values)
      throws IOException {
    JsonNode body = params.body();
    if (body != null) {
      ObjectNode copy = ((ObjectNode) body).deepCopy();
      values.forEach(
          (name, list) -> {
            if (name.equals("experiment_ids")) {
              ArrayNode ids = copy.putArray(name);
              list.forEach(ids::add);
            } else if (name.equals("max_results")) {
              copy.put(name, Integer.parseInt(list.get(0)));
            } else {
              copy.put(name, list.get(0));
            }
          });
      call.body(MAPPER.writeValueAsBytes(copy));
      return;
    }
    Map<String, List<String>> query = new LinkedHashMap<>(call.query());
    query.putAll(values);
    call.query(query);
  }

  static byte[] bytes(HttpResponse response) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    response.body().writeTo(out);
    return out.toByteArray();
  }
}
