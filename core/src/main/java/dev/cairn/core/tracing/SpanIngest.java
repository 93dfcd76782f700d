package dev.cairn.core.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.CairnException;
import dev.cairn.core.tracking.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP spans into MLflow traces, as MLflow's {@code otel_api} and {@code log_spans}: spans grouped
 * by trace (id {@code tr-<hex>}), each trace's time range, its root span's state, previews and
 * {@code mlflow.traceTag.*} attributes, and the resource's attributes as tags.
 */
public final class SpanIngest {
  private static final String TAG_PREFIX = "mlflow.traceTag.";
  private static final String TRACE_NAME = "mlflow.traceName";
  private static final int PREVIEW_LENGTH = 1000;

  private final TraceStore store;
  private final SpanContent content;

  public SpanIngest(TraceStore store, SpanContent content) {
    this.store = store;
    this.content = content;
  }

  /**
   * Stores the spans into {@code experimentId}; returns the ids of the traces whose root span
   * arrived.
   */
  public List<String> ingest(String experimentId, List<OtlpSpan> spans) {
    Validation.experimentId(experimentId);
    Map<String, List<SpanRecord>> byTrace = new LinkedHashMap<>();
    Map<String, OtlpSpan> roots = new LinkedHashMap<>();
    Map<String, Map<String, JsonNode>> resources = new LinkedHashMap<>();
    for (OtlpSpan s : spans) {
      if (s.traceId().length == 0 || s.spanId().length == 0) {
        throw new CairnException(
            dev.cairn.api.ErrorCode.INVALID_PARAMETER_VALUE,
            "Cannot convert OpenTelemetry span to MLflow span");
      }
      SpanRecord row = content.fromOtlp(s);
      byTrace.computeIfAbsent(row.traceId(), k -> new ArrayList<>()).add(row);
      if (row.parentSpanId() == null) {
        roots.put(row.traceId(), s);
      }
      if (!s.resource().isEmpty()) {
        resources.putIfAbsent(row.traceId(), s.resource());
      }
    }
    List<SpanBatch> batches = new ArrayList<>();
    for (Map.Entry<String, List<SpanRecord>> e : byTrace.entrySet()) {
      batches.add(
          batch(e.getKey(), e.getValue(), roots.get(e.getKey()), resources.get(e.getKey())));
    }
    if (!batches.isEmpty()) {
      store.logSpans(experimentId, batches);
    }
    return List.copyOf(roots.keySet());
  }

  private SpanBatch batch(
      String traceId, List<SpanRecord> rows, OtlpSpan root, Map<String, JsonNode> resource) {
    long minStart = Long.MAX_VALUE;
    Long maxEnd = null;
    for (SpanRecord r : rows) {
      minStart = Math.min(minStart, r.startTimeUnixNano());
      if (r.endTimeUnixNano() != null) {
        maxEnd = Math.max(maxEnd == null ? 0 : maxEnd, r.endTimeUnixNano());
      }
    }
    Map<String, String> tags = new LinkedHashMap<>();
    if (resource != null) {
      resource.forEach(
          (k, v) -> {
            if (!k.startsWith("telemetry.sdk.") && !k.startsWith("mlflow.")) {
              tags.put(
                  k,
                  v.isTextual()
                      ? v.textValue()
                      : dev.cairn.core.PythonJson.dumps(
                          v, dev.cairn.core.PythonJson.Style.DEFAULT));
            }
          });
    }
    String state = null;
    String request = null;
    String response = null;
    String name = null;
    if (root != null) {
      state = root.statusCode() == 2 ? "ERROR" : "OK";
      JsonNode dict =
          content.parse(
              rows.stream()
                  .filter(r -> r.parentSpanId() == null)
                  .findFirst()
                  .orElseThrow()
                  .content());
      request = preview(dict.path("attributes").get("mlflow.spanInputs"));
      response = preview(dict.path("attributes").get("mlflow.spanOutputs"));
      for (Map.Entry<String, JsonNode> a : root.attributes().entrySet()) {
        if (a.getKey().startsWith(TAG_PREFIX)) {
          String key = a.getKey().substring(TAG_PREFIX.length());
          String value =
              a.getValue().isTextual() ? a.getValue().textValue() : a.getValue().toString();
          if (key.equals(TRACE_NAME)) {
            name = value;
          } else {
            tags.put(key, value);
          }
        }
      }
    }
    return new SpanBatch(
        traceId,
        rows,
        minStart / 1_000_000,
        maxEnd == null ? null : maxEnd / 1_000_000,
        state,
        request,
        response,
        name,
        tags);
  }

  /** MLflow's preview of a root span's inputs or outputs (its JSON text, cut to 1000). */
  private static String preview(JsonNode raw) {
    if (raw == null || !raw.isTextual()) {
      return null;
    }
    String text = raw.textValue();
    return text.length() <= PREVIEW_LENGTH ? text : text.substring(0, PREVIEW_LENGTH - 3) + "...";
  }
}
