package dev.cairn.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON mapping of MLflow's wire format: snake_case names, unset and empty fields omitted, int64
 * as numbers, NaN/Infinity as strings. Reading is lenient the way MLflow's proto parser is: unknown
 * fields ignored, int64 as number or string, lowerCamelCase names accepted (protobuf's default JSON
 * printer, used by Java clients).
 */
public final class WireJson {
  private WireJson() {}

  /** The most JSON tokens one request may hold (see {@link #newMapper(long)}). */
  public static final long MAX_TOKENS = 250_000;

  public static JsonMapper newMapper() {
    return newMapper(StreamReadConstraints.DEFAULT_MAX_DOC_LEN);
  }

  /**
   * A mapper whose parser takes documents up to {@code maxDocumentBytes}, with strings as long as
   * the document: a large valid body is never "malformed" because of a parser limit lower than the
   * server's body limit. Nesting stays bounded (Jackson's default depth of 1,000), and so does the
   * number of tokens.
   */
  public static JsonMapper newMapper(long maxDocumentBytes) {
    int maxString = (int) Math.min(Integer.MAX_VALUE, Math.max(maxDocumentBytes, 20_000_000L));
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxDocumentLength(maxDocumentBytes)
                    .maxStringLength(maxString)
                    // Bounds the parsed tree: a body of a million tiny values would take ~40x its
                    // size as objects. MLflow's largest request (a full log-batch) has ~15,000.
                    .maxTokenCount(maxDocumentBytes < 0 ? -1 : MAX_TOKENS)
                    .build())
            .build();
    JsonMapper mapper =
        JsonMapper.builder(factory)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // {"a": 1} garbage is malformed (Python's json.loads: "Extra data"), not {"a": 1}.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // MLflow's proto parser rejects null as an element of a repeated field; a null in a
            // list
            // must fail here rather than reach the services as a null entity.
            .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
            .build();
    // Like MLflow's proto parser: a number is no string and a fraction is no integer. Numeric
    // strings stay
    // accepted for numbers, since proto3 JSON (the Java client) sends int64 as strings.
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  /**
   * Rewrites lowerCamelCase keys to snake_case in place (recursively), so that {@code experimentId}
   * binds like {@code experiment_id}. Keys already in snake_case are left alone; a snake_case key
   * wins over its camelCase twin. Free-form maps and values are kept as sent: a trace's {@code
   * trace_metadata} and {@code tags} map, an assessment's {@code metadata} and {@code value}.
   */
  public static JsonNode snakeCaseKeys(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> camel = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : object.properties()) {
        if (!(e.getValue().isObject() && VERBATIM.contains(toSnake(e.getKey())))) {
          snakeCaseKeys(e.getValue());
        }
        if (hasUpper(e.getKey())) {
          camel.add(e.getKey());
        }
      }
      for (String key : camel) {
        JsonNode value = object.remove(key);
        String snake = toSnake(key);
        if (!object.has(snake)) {
          object.set(snake, value);
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(WireJson::snakeCaseKeys);
    }
    return node;
  }

  private static final java.util.Set<String> VERBATIM =
      java.util.Set.of("trace_metadata", "tags", "metadata", "value");

  private static boolean hasUpper(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isUpperCase(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  static String toSnake(String s) {
    StringBuilder b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          b.append('_');
        }
        b.append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
