package dev.cairn.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanContentTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final ObjectMapper mapper = new ObjectMapper();
  private final SpanContent content = new SpanContent(mapper);

  private static OtlpSpan span(Map<String, JsonNode> attributes) {
    return new OtlpSpan(
        new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
        new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
        new byte[0],
        "root",
        1_000_000L,
        2_000_000L,
        attributes,
        List.of(),
        1,
        "",
        Map.of());
  }

  private JsonNode stored(String key, JsonNode value) {
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    attributes.put(key, value);
    return content.parse(content.fromOtlp(span(attributes)).content()).path("attributes").get(key);
  }

  @Test
  void aSenderThatEncodesItsOwnValuesIsNotEncodedTwice() {
    // An OpenTelemetry app sending MLflow's attribute as JSON text, as MLflow's tracer writes it.
    JsonNode raw = stored("mlflow.spanInputs", NODES.textNode("{\"question\": \"why?\"}"));
    assertThat(raw.textValue()).isEqualTo("{\"question\": \"why?\"}");
    assertThat(stored("a", NODES.textNode("[1, 2]")).textValue()).isEqualTo("[1, 2]");
    assertThat(stored("a", NODES.textNode("\"quoted\"")).textValue()).isEqualTo("\"quoted\"");
  }

  @Test
  void plainValuesAreEncodedOnceAsMlflowDoes() {
    assertThat(stored("a", NODES.textNode("hello")).textValue()).isEqualTo("\"hello\"");
    // A string holding a number or boolean stays a string (MLflow keeps primitives encoded).
    assertThat(stored("a", NODES.textNode("1")).textValue()).isEqualTo("\"1\"");
    assertThat(stored("a", NODES.textNode("true")).textValue()).isEqualTo("\"true\"");
    // JSON followed by more text is not JSON (Python's json.loads refuses "extra data").
    assertThat(stored("a", NODES.textNode("{} and more")).textValue()).isEqualTo("\"{} and more\"");
    assertThat(stored("a", NODES.numberNode(3)).textValue()).isEqualTo("3");
    assertThat(stored("a", mapper.createObjectNode().put("k", "v")).textValue())
        .isEqualTo("{\"k\": \"v\"}");
  }

  @Test
  void theRootSpansInputsBecomeTheTracePreviewUnencoded() {
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    attributes.put("mlflow.spanInputs", NODES.textNode("{\"question\": \"why?\"}"));
    attributes.put("mlflow.spanOutputs", NODES.textNode("because"));
    JsonNode dict = content.parse(content.fromOtlp(span(attributes)).content());
    assertThat(content.attribute(dict, "mlflow.spanInputs").path("question").asText())
        .isEqualTo("why?");
    assertThat(content.attribute(dict, "mlflow.spanOutputs").asText()).isEqualTo("because");
  }
}
