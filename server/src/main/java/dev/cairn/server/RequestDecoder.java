package dev.cairn.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.api.WireJson;
import dev.cairn.core.CairnException;
import dev.cairn.core.PythonJson;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a request into its wire record the way MLflow's server does: JSON bodies (empty means
 * {@code {}}, a double-encoded JSON string is decoded twice, camelCase names accepted) and GET
 * query strings (repeated keys for list fields, a single occurrence still a list).
 */
public final class RequestDecoder {
  private final ObjectMapper mapper;
  private final Map<Class<?>, Map<String, Boolean>> listFields = new ConcurrentHashMap<>();

  public RequestDecoder(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public <Q> Q fromBody(byte[] body, Class<Q> type) throws IOException {
    return fromBody(body, Map.of(), type);
  }

  /** A JSON body; path parameters override body fields of the same name. */
  public <Q> Q fromBody(byte[] body, Map<String, String> pathParams, Class<Q> type)
      throws IOException {
    JsonNode node = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
    if (node == null || node.isMissingNode() || node.isNull()) {
      node = mapper.createObjectNode();
    }
    if (node.isTextual()) {
      node = mapper.readTree(node.textValue());
    }
    if (!node.isObject()) {
      throw CairnException.invalid("The request body must be a JSON object.");
    }
    JsonNode snake = WireJson.snakeCaseKeys(node);
    if (!pathParams.isEmpty()) {
      ObjectNode object = (ObjectNode) snake;
      pathParams.forEach(object::put);
    }
    return bind(snake, type);
  }

  public <Q> Q fromQuery(Map<String, List<String>> query, Class<Q> type)
      throws JsonProcessingException {
    Map<String, Boolean> lists = listFields.computeIfAbsent(type, RequestDecoder::listFieldsOf);
    ObjectNode node = mapper.createObjectNode();
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      String key = e.getKey();
      if (Boolean.TRUE.equals(lists.get(key))) {
        ArrayNode array = node.putArray(key);
        e.getValue().forEach(array::add);
      } else if (!e.getValue().isEmpty()) {
        node.put(key, e.getValue().get(0));
      }
    }
    return bind(node, type);
  }

  /**
   * The request record; a value of the wrong type is refused with MLflow's message, which echoes
   * the value as JSON and names its Python type ({@code Invalid value 123 for parameter 'name'
   * supplied: Hint: Value was of type 'int'. ...}).
   */
  private <Q> Q bind(JsonNode node, Class<Q> type) throws JsonProcessingException {
    try {
      return mapper.treeToValue(node, type);
    } catch (MismatchedInputException e) {
      if (e.getPath().isEmpty()) {
        throw e;
      }
      JsonNode value = node;
      StringBuilder path = new StringBuilder();
      for (JsonMappingException.Reference r : e.getPath()) {
        if (r.getFieldName() != null) {
          value = value == null ? null : value.get(r.getFieldName());
          path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
        } else {
          value = value == null ? null : value.get(r.getIndex());
          path.append('[').append(r.getIndex()).append(']');
        }
      }
      if (value == null || value.isMissingNode()) {
        throw e;
      }
      throw CairnException.invalid(
          "Invalid value %s for parameter '%s' supplied:  Hint: Value was of type '%s'. See the API"
              + " docs for more information about request parameters.",
          PythonJson.dumps(value), path, PythonJson.typeName(value));
    }
  }

  private static Map<String, Boolean> listFieldsOf(Class<?> type) {
    Map<String, Boolean> out = new ConcurrentHashMap<>();
    RecordComponent[] components = type.getRecordComponents();
    if (components != null) {
      for (RecordComponent c : components) {
        String snake = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase();
        out.put(snake, List.class.isAssignableFrom(c.getType()));
      }
    }
    return out;
  }
}
