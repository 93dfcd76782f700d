package dev.cairn.core.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.PythonJson;
import dev.cairn.core.PythonJson.Style;

/**
 * An update of an assessment as MLflow's {@code update_assessment}: the fields the mask names
 * change (name, feedback or expectation value, rationale, metadata merged, valid); source, span and
 * type stay; the last-update time is now.
 */
final class AssessmentUpdate {
  private final Assessments assessments;
  private final AssessmentRecord old;

  AssessmentUpdate(Assessments assessments, AssessmentRecord old) {
    this.assessments = assessments;
    this.old = old;
  }

  AssessmentRecord apply(JsonNode a, String mask, long now) {
    String name = old.name();
    String value = old.value();
    String error = old.error();
    String rationale = old.rationale();
    String metadata = old.metadata();
    boolean valid = old.valid();
    for (String path : mask.split(",")) {
      // A FieldMask's JSON names its paths in lowerCamelCase (assessmentName).
      switch (path.strip().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT)) {
        case "assessment_name" -> name = a.path("assessment_name").asText();
        case "feedback" -> {
          requireType("feedback");
          JsonNode f = a.path("feedback");
          value = Assessments.dumps(f.path("value"));
          error =
              f.hasNonNull("error")
                  ? PythonJson.dumps(Assessments.errorDict(f.get("error")), Style.DEFAULT)
                  : null;
        }
        case "expectation" -> {
          requireType("expectation");
          value =
              PythonJson.dumps(assessments.expectationValue(a.path("expectation")), Style.DEFAULT);
        }
        case "rationale" -> rationale = a.path("rationale").asText(null);
        case "metadata" -> metadata = merged(a.path("metadata"));
        case "valid" -> valid = a.path("valid").asBoolean(false);
        default -> {}
      }
    }
    return new AssessmentRecord(
        old.assessmentId(),
        old.traceId(),
        name,
        old.type(),
        value,
        error,
        old.createdTimestamp(),
        now,
        old.sourceType(),
        old.sourceId(),
        old.runId(),
        old.spanId(),
        rationale,
        old.overrides(),
        valid,
        metadata);
  }

  private void requireType(String type) {
    if (!old.type().equals(type)) {
      throw CairnException.invalid(
          "Cannot update %s with a %s value.",
          old.type().equals("feedback") ? "a feedback" : "an expectation", type);
    }
  }

  private String merged(JsonNode updates) {
    ObjectNode out =
        old.metadata() == null
            ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            : (ObjectNode) assessments.parse(old.metadata());
    if (updates.isObject()) {
      out.setAll((ObjectNode) updates);
    }
    return out.isEmpty() ? null : PythonJson.dumps(out, Style.DEFAULT);
  }
}
