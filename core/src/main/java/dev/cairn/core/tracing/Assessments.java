package dev.cairn.core.tracing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.PythonJson;
import dev.cairn.core.PythonJson.Style;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Assessments between MLflow's wire form ({@code assessments.proto}: {@code feedback {value,
 * error}} or {@code expectation {value | serialized_value}}, a {@code source}, Timestamps) and the
 * {@code assessments} row MLflow's SQL store writes (values as {@code json.dumps} text).
 */
final class Assessments {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectMapper mapper;

  Assessments(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A new row from a wire assessment; the id is made when missing. */
  AssessmentRecord fromWire(JsonNode a, String traceId, long now) {
    if (a == null || !a.isObject()) {
      throw CairnException.invalid("Missing value for required parameter 'assessment'.");
    }
    String name = a.path("assessment_name").asText("");
    if (name.isEmpty()) {
      throw CairnException.invalid("Missing value for required parameter 'assessment_name'.");
    }
    String type;
    String value;
    String error = null;
    if (a.hasNonNull("feedback")) {
      type = "feedback";
      value = dumps(a.get("feedback").path("value"));
      JsonNode e = a.get("feedback").get("error");
      if (e != null && e.isObject() && !e.isEmpty()) {
        error = PythonJson.dumps(errorDict(e), Style.DEFAULT);
      }
    } else if (a.hasNonNull("expectation")) {
      type = "expectation";
      value = dumps(expectationValue(a.get("expectation")));
    } else {
      throw CairnException.invalid(
          "Assessment must have either feedback, expectation, or issue value");
    }
    JsonNode source = a.path("source");
    String sourceType = source.path("source_type").asText("");
    if (sourceType.isEmpty()) {
      sourceType = "SOURCE_TYPE_UNSPECIFIED";
    }
    String id = text(a, "assessment_id");
    JsonNode metadata = a.get("metadata");
    return new AssessmentRecord(
        id == null ? "a-" + UUID.randomUUID().toString().replace("-", "") : id,
        traceId,
        name,
        type,
        value,
        error,
        time(a, "create_time", now),
        time(a, "last_update_time", now),
        sourceType,
        text(source, "source_id"),
        text(a, "run_id"),
        text(a, "span_id"),
        text(a, "rationale"),
        text(a, "overrides"),
        true,
        metadata != null && metadata.isObject() && !metadata.isEmpty()
            ? PythonJson.dumps(metadata, Style.DEFAULT)
            : null);
  }

  /** The wire form of a row, as MLflow's {@code Assessment.to_proto}. */
  ObjectNode toWire(AssessmentRecord r) {
    ObjectNode out = NODES.objectNode();
    out.put("assessment_id", r.assessmentId());
    out.put("assessment_name", r.name());
    out.put("trace_id", r.traceId());
    if (r.spanId() != null) {
      out.put("span_id", r.spanId());
    }
    ObjectNode source = out.putObject("source");
    source.put("source_type", r.sourceType());
    if (r.sourceId() != null) {
      source.put("source_id", r.sourceId());
    }
    out.put("create_time", ProtoTime.timestamp(r.createdTimestamp()));
    out.put("last_update_time", ProtoTime.timestamp(r.lastUpdatedTimestamp()));
    JsonNode value = parse(r.value());
    if (r.type().equals("expectation")) {
      ObjectNode expectation = out.putObject("expectation");
      if (value.isContainerNode()) {
        ObjectNode serialized = expectation.putObject("serialized_value");
        serialized.put("serialization_format", "JSON_FORMAT");
        serialized.put("value", r.value());
      } else {
        expectation.set("value", value);
      }
    } else {
      ObjectNode feedback = out.putObject("feedback");
      feedback.set("value", value);
      if (r.error() != null) {
        feedback.set("error", parse(r.error()));
      }
    }
    if (r.rationale() != null) {
      out.put("rationale", r.rationale());
    }
    if (r.metadata() != null) {
      ObjectNode metadata = out.putObject("metadata");
      for (Iterator<Map.Entry<String, JsonNode>> it = parse(r.metadata()).fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        metadata.put(e.getKey(), PythonJson.str(e.getValue()));
      }
    }
    if (r.overrides() != null) {
      out.put("overrides", r.overrides());
    }
    out.put("valid", r.valid());
    if (r.runId() != null) {
      out.put("run_id", r.runId());
    }
    return out;
  }

  /** The JSON text of an expectation's value: {@code value}, or the decoded serialized one. */
  JsonNode expectationValue(JsonNode expectation) {
    JsonNode serialized = expectation.get("serialized_value");
    if (serialized != null && serialized.isObject()) {
      return parse(serialized.path("value").asText("null"));
    }
    return expectation.path("value");
  }

  static ObjectNode errorDict(JsonNode e) {
    ObjectNode out = NODES.objectNode();
    out.put("error_code", e.path("error_code").asText(""));
    out.put("error_message", e.path("error_message").asText(null));
    if (e.hasNonNull("stack_trace")) {
      out.put("stack_trace", e.get("stack_trace").asText());
    }
    return out;
  }

  static String dumps(JsonNode v) {
    return PythonJson.dumps(v.isMissingNode() ? NODES.nullNode() : v, Style.DEFAULT);
  }

  JsonNode parse(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      return NODES.textNode(json);
    }
  }

  private static long time(JsonNode a, String field, long now) {
    String t = text(a, field);
    return t == null ? now : ProtoTime.parseTimestamp(t);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
