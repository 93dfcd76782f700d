package dev.cairn.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.api.Endpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * One request of the endpoint table, as MLflow's client sends it: path parameters filled from the
 * request's fields, then the rest as the query string (GET, DELETE) or the JSON body.
 */
record EndpointCall(String method, String pathAndQuery, byte[] body) {
  static final String API = "/api/2.0";

  static EndpointCall of(JsonMapper json, Endpoint<?, ?> endpoint, Object request) {
    String method = endpoint.method().name();
    boolean inQuery = method.equals("GET") || method.equals("DELETE");
    if (!inQuery && request != null && endpoint.path().indexOf('{') < 0) {
      // a body and no path parameters: written straight from the request (a full log-batch is
      // the hot call of an async tracker; going through a tree first doubles its encoding cost)
      try {
        return new EndpointCall(method, API + endpoint.path(), json.writeValueAsBytes(request));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("Cannot encode " + request, e);
      }
    }
    ObjectNode fields =
        request == null ? json.createObjectNode() : (ObjectNode) json.valueToTree(request);
    String path = fillPath(endpoint.path(), fields, inQuery);
    if (inQuery) {
      return new EndpointCall(method, API + path + query(fields), null);
    }
    try {
      return new EndpointCall(method, API + path, json.writeValueAsBytes(fields));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot encode " + request, e);
    }
  }

  /**
   * Fills the path's {@code {name}} segments. A JSON body keeps the field too: MLflow's server
   * checks its required fields in the body (finalizing a logged model without {@code model_id} in
   * the body is refused there), as its Python client sends them.
   */
  private static String fillPath(String template, ObjectNode fields, boolean inQuery) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    for (int open; (open = template.indexOf('{', i)) >= 0; ) {
      int close = template.indexOf('}', open);
      String name = template.substring(open + 1, close);
      JsonNode value = inQuery ? fields.remove(name) : fields.get(name);
      if (value == null || value.isNull()) {
        throw new IllegalArgumentException("Missing path parameter '" + name + "'");
      }
      out.append(template, i, open).append(encode(value.asText()));
      i = close + 1;
    }
    return out.append(template.substring(i)).toString();
  }

  /** Arrays become repeated parameters ({@code run_id=a&run_id=b}), as MLflow's client sends. */
  private static String query(ObjectNode fields) {
    StringBuilder q = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isArray()) {
        e.getValue().forEach(v -> append(q, e.getKey(), v.asText()));
      } else if (!e.getValue().isNull()) {
        append(q, e.getKey(), e.getValue().asText());
      }
    }
    return q.toString();
  }

  private static void append(StringBuilder q, String key, String value) {
    q.append(q.isEmpty() ? '?' : '&').append(encode(key)).append('=').append(encode(value));
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
