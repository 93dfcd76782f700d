package dev.cairn.core.tracing;

import java.util.List;
import java.util.Map;

/**
 * The spans of one trace arriving together (OTLP), with what they say about the trace: the first
 * start and last end, the root span's state and previews, and tags from the root span's {@code
 * mlflow.traceTag.*} attributes and the resource.
 *
 * @param rootState {@code OK} or {@code ERROR} when the batch holds the root span, else null
 */
public record SpanBatch(
    String traceId,
    List<SpanRecord> spans,
    long minStartMs,
    Long maxEndMs,
    String rootState,
    String requestPreview,
    String responsePreview,
    String traceName,
    Map<String, String> tags) {}
