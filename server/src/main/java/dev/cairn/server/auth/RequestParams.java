package dev.cairn.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.server.routing.Call;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The request's parameters as MLflow's auth app reads them to find the resource ({@code
 * _get_request_param}): the JSON body of a request that has one, else the query string, path
 * parameters over both. A body that is not a JSON object counts as empty, so the route's own
 * validation answers it.
 */
final class RequestParams {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Call call;
  private final JsonNode body;

  RequestParams(Call call) {
    this.call = call;
    this.body = parse(call);
  }

  private static JsonNode parse(Call call) {
    if (!call.route().readsJson() || call.body().length == 0) {
      return null;
    }
    if (call.method().equals("GET") && !call.query().isEmpty()) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(call.body());
      return node instanceof ObjectNode ? node : MAPPER.createObjectNode();
    } catch (IOException e) {
      return MAPPER.createObjectNode();
    }
  }

  /** The first value of a parameter as text, or null. */
  String get(String name) {
    String path = call.pathParams().get(name);
    if (path != null) {
      return path;
    }
    if (body != null) {
      JsonNode v = body.get(name);
      return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
    return call.queryParam(name);
  }

  /** Every value of a list parameter (a JSON array, or a repeated query parameter). */
  List<String> list(String name) {
    String path = call.pathParams().get(name);
    if (path != null) {
      return List.of(path);
    }
    if (body != null) {
      JsonNode v = body.get(name);
      List<String> out = new ArrayList<>();
      if (v != null && v.isArray()) {
        v.forEach(e -> out.add(e.asText()));
      } else if (v != null && v.isValueNode() && !v.isNull()) {
        out.add(v.asText());
      }
      return out;
    }
    List<String> values = call.query().get(name);
    return values == null ? List.of() : values;
  }

  /**
   * The experiments a trace request names outside {@code experiment_id(s)}: a v3 trace's {@code
   * trace_info.trace_location}, a v3 search's {@code locations}, the OTLP experiment header.
   */
  List<String> traceExperimentIds() {
    List<String> out = new ArrayList<>();
    String header = call.header("x-mlflow-experiment-id");
    if (header != null && !header.isEmpty()) {
      out.add(header);
    }
    if (body != null) {
      JsonNode id =
          body.path("trace")
              .path("trace_info")
              .path("trace_location")
              .path("mlflow_experiment")
              .path("experiment_id");
      if (id.isValueNode()) {
        out.add(id.asText());
      }
      for (JsonNode location : body.path("locations")) {
        JsonNode e = location.path("mlflow_experiment").path("experiment_id");
        if (e.isValueNode()) {
          out.add(e.asText());
        }
      }
    }
    return out;
  }

  /** The body as a JSON object, or null when the request has none (query parameters). */
  JsonNode body() {
    return body;
  }
}
