package dev.cairn.core.tracing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.PythonJson;
import dev.cairn.core.PythonJson.Style;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * The two forms of a span. Stored ({@code spans.content}): MLflow's span dictionary written as
 * Python's {@code json.dumps(..., ensure_ascii=False)} writes it, ids in base64, each attribute
 * value JSON-encoded once more (MLflow's {@code dump_span_attribute_value}). On the wire: the
 * OpenTelemetry protobuf {@code Span} in MLflow's JSON (snake_case, ids in base64, attribute values
 * as {@code AnyValue}, enums by name, defaults left out), as MLflow's {@code Span.to_otel_proto}
 * makes it.
 */
public final class SpanContent {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String REQUEST_ID = "mlflow.traceRequestId";
  private static final String SPAN_TYPE = "mlflow.spanType";

  private final ObjectMapper mapper;

  /** Python's {@code json.loads}: the whole text one JSON value (NaN and Infinity allowed). */
  private final ObjectReader strict;

  public SpanContent(ObjectMapper mapper) {
    this.mapper = mapper;
    this.strict =
        mapper
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);
  }

  /** MLflow's trace id for an OpenTelemetry trace id: {@code tr-<32 hex digits>}. */
  public static String traceId(byte[] otelTraceId) {
    return "tr-" + HexFormat.of().formatHex(otelTraceId);
  }

  /** The stored row of an OTLP span (MLflow's {@code Span.from_otel_proto} then its dict). */
  public SpanRecord fromOtlp(OtlpSpan s) {
    String traceId = traceId(s.traceId());
    ObjectNode dict = NODES.objectNode();
    dict.put("trace_id", b64(s.traceId()));
    dict.put("span_id", b64(s.spanId()));
    if (s.parentSpanId().length == 0) {
      dict.putNull("parent_span_id");
    } else {
      dict.put("parent_span_id", b64(s.parentSpanId()));
    }
    dict.put("name", s.name());
    dict.put("start_time_unix_nano", s.startTimeUnixNano());
    dict.put("end_time_unix_nano", s.endTimeUnixNano());
    ArrayNode events = dict.putArray("events");
    for (OtlpSpan.Event e : s.events()) {
      ObjectNode event = events.addObject();
      event.put("name", e.name());
      event.put("time_unix_nano", e.timeUnixNano());
      event.putObject("attributes").setAll(e.attributes());
    }
    String status = statusName(s.statusCode());
    ObjectNode st = dict.putObject("status");
    st.put("code", "STATUS_CODE_" + status);
    st.put("message", s.statusMessage() == null ? "" : s.statusMessage());
    ObjectNode attributes = dict.putObject("attributes");
    for (Map.Entry<String, JsonNode> a : s.attributes().entrySet()) {
      attributes.put(a.getKey(), storedAttribute(a.getValue()));
    }
    // MLflow derives the request id from the OpenTelemetry trace id, never trusting the sender's.
    attributes.put(REQUEST_ID, PythonJson.dumps(NODES.textNode(traceId), Style.UNICODE));
    dict.putArray("links");
    JsonNode type = s.attributes().get(SPAN_TYPE);
    return new SpanRecord(
        traceId,
        HexFormat.of().formatHex(s.spanId()),
        s.parentSpanId().length == 0 ? null : HexFormat.of().formatHex(s.parentSpanId()),
        s.name(),
        type == null || type.isNull()
            ? null
            : type.isTextual() ? type.textValue() : type.toString(),
        status,
        s.startTimeUnixNano(),
        s.endTimeUnixNano() == 0 ? null : s.endTimeUnixNano(),
        PythonJson.dumps(dict, Style.UNICODE));
  }

  /**
   * A span attribute as stored: JSON-encoded once (MLflow's {@code dump_span_attribute_value}),
   * except a string that already holds the JSON of a string, object or array, which is stored as it
   * is. That is MLflow's {@code sanitize_attributes} on the way in: an OpenTelemetry sender that
   * encodes its own values (as MLflow's tracer does for {@code mlflow.spanInputs}) is not encoded
   * twice, so previews and span inputs read as the sender meant them.
   */
  private String storedAttribute(JsonNode value) {
    if (value.isTextual()) {
      try {
        JsonNode inner = strict.readTree(value.textValue());
        if (inner != null && (inner.isTextual() || inner.isObject() || inner.isArray())) {
          return value.textValue();
        }
      } catch (JsonProcessingException notJson) {
        // plain text: encoded below
      }
    }
    return PythonJson.dumps(value, Style.UNICODE);
  }

  private static String statusName(int code) {
    return switch (code) {
      case 1 -> "OK";
      case 2 -> "ERROR";
      default -> "UNSET";
    };
  }

  /** A decoded attribute value of a stored span (JSON-decoded; the raw text when not JSON). */
  public JsonNode attribute(JsonNode dict, String key) {
    JsonNode raw = dict.path("attributes").get(key);
    return raw == null ? null : decode(raw);
  }

  /** A stored span's dictionary. */
  public JsonNode parse(String content) {
    try {
      return mapper.readTree(content);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A stored span is not JSON", e);
    }
  }

  /** The wire form of a stored span. */
  public ObjectNode toWire(String content) {
    JsonNode d = parse(content);
    ObjectNode out = NODES.objectNode();
    out.set("trace_id", d.get("trace_id"));
    out.set("span_id", d.get("span_id"));
    JsonNode parent = d.get("parent_span_id");
    if (parent != null && !parent.isNull() && !parent.asText().isEmpty()) {
      out.set("parent_span_id", parent);
    }
    out.put("name", d.path("name").asText());
    out.put("start_time_unix_nano", d.path("start_time_unix_nano").asLong());
    long end = d.path("end_time_unix_nano").asLong();
    if (end != 0) {
      out.put("end_time_unix_nano", end);
    }
    ArrayNode attributes = NODES.arrayNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = d.path("attributes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> a = it.next();
      attributes.addObject().put("key", a.getKey()).set("value", anyValue(decode(a.getValue())));
    }
    if (!attributes.isEmpty()) {
      out.set("attributes", attributes);
    }
    ArrayNode events = NODES.arrayNode();
    for (JsonNode e : d.path("events")) {
      ObjectNode event = events.addObject();
      long time = e.path("time_unix_nano").asLong();
      if (time != 0) {
        event.put("time_unix_nano", time);
      }
      event.put("name", e.path("name").asText());
      ArrayNode eventAttributes = NODES.arrayNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = e.path("attributes").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> a = it.next();
        eventAttributes.addObject().put("key", a.getKey()).set("value", anyValue(a.getValue()));
      }
      if (!eventAttributes.isEmpty()) {
        event.set("attributes", eventAttributes);
      }
    }
    if (!events.isEmpty()) {
      out.set("events", events);
    }
    ObjectNode status = out.putObject("status");
    String message = d.path("status").path("message").asText("");
    if (!message.isEmpty() && !d.path("status").path("message").isNull()) {
      status.put("message", message);
    }
    String code = d.path("status").path("code").asText("STATUS_CODE_UNSET");
    if (!code.equals("STATUS_CODE_UNSET")) {
      status.put("code", code);
    }
    return out;
  }

  /** A JSON-encoded attribute value decoded; text that is not JSON stays text (as MLflow). */
  private JsonNode decode(JsonNode raw) {
    if (!raw.isTextual()) {
      return raw;
    }
    try {
      return mapper.readTree(raw.textValue());
    } catch (JsonProcessingException e) {
      return raw;
    }
  }

  /** MLflow's {@code _set_otel_proto_anyvalue}. */
  private static ObjectNode anyValue(JsonNode v) {
    ObjectNode out = NODES.objectNode();
    if (v == null || v.isNull() || v.isMissingNode()) {
      return out;
    }
    if (v.isTextual()) {
      out.put("string_value", v.textValue());
    } else if (v.isBoolean()) {
      out.put("bool_value", v.booleanValue());
    } else if (v.isIntegralNumber()) {
      out.set("int_value", v);
    } else if (v.isNumber()) {
      out.put("double_value", v.doubleValue());
    } else if (v.isArray()) {
      ObjectNode array = out.putObject("array_value");
      if (!v.isEmpty()) {
        ArrayNode values = array.putArray("values");
        v.forEach(item -> values.add(anyValue(item)));
      }
    } else if (v.isObject()) {
      ObjectNode kvlist = out.putObject("kvlist_value");
      if (!v.isEmpty()) {
        ArrayNode values = kvlist.putArray("values");
        v.fields()
            .forEachRemaining(
                e ->
                    values.addObject().put("key", e.getKey()).set("value", anyValue(e.getValue())));
      }
    } else {
      out.put("string_value", v.asText());
    }
    return out;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
