package dev.cairn.core.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * An OpenTelemetry span as OTLP carries it, attribute values decoded from {@code AnyValue} to JSON
 * (string, boolean, integer, double, array, object).
 *
 * @param statusCode 0 unset, 1 ok, 2 error
 * @param resource the attributes of the span's resource
 */
public record OtlpSpan(
    byte[] traceId,
    byte[] spanId,
    byte[] parentSpanId,
    String name,
    long startTimeUnixNano,
    long endTimeUnixNano,
    Map<String, JsonNode> attributes,
    List<Event> events,
    int statusCode,
    String statusMessage,
    Map<String, JsonNode> resource) {

  public record Event(String name, long timeUnixNano, Map<String, JsonNode> attributes) {}
}
