package dev.cairn.core.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes OTLP's {@code ExportTraceServiceRequest} in protobuf's binary encoding by hand (field
 * numbers of {@code opentelemetry/proto/trace/v1/trace.proto}); fields it does not need (kind,
 * trace state, links, dropped counts, scopes) are skipped.
 */
public final class OtlpDecoder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OtlpDecoder() {}

  /** Every span of the request; INVALID_PARAMETER_VALUE when the bytes are not such a message. */
  public static List<OtlpSpan> decode(byte[] body) {
    List<OtlpSpan> spans = new ArrayList<>();
    ProtoReader request = new ProtoReader(body);
    while (request.next()) {
      if (request.field() == 1) {
        resourceSpans(request.message(), spans);
      } else {
        request.skip();
      }
    }
    return spans;
  }

  private static void resourceSpans(ProtoReader r, List<OtlpSpan> out) {
    Map<String, JsonNode> resource = new LinkedHashMap<>();
    List<ProtoReader> scopes = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          ProtoReader res = r.message();
          while (res.next()) {
            if (res.field() == 1) {
              keyValue(res.message(), resource);
            } else {
              res.skip();
            }
          }
        }
        case 2 -> scopes.add(r.message());
        default -> r.skip();
      }
    }
    for (ProtoReader scope : scopes) {
      while (scope.next()) {
        if (scope.field() == 2) {
          out.add(span(scope.message(), resource));
        } else {
          scope.skip();
        }
      }
    }
  }

  private static OtlpSpan span(ProtoReader r, Map<String, JsonNode> resource) {
    byte[] traceId = new byte[0];
    byte[] spanId = new byte[0];
    byte[] parent = new byte[0];
    String name = "";
    long start = 0;
    long end = 0;
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    List<OtlpSpan.Event> events = new ArrayList<>();
    int code = 0;
    String message = "";
    while (r.next()) {
      switch (r.field()) {
        case 1 -> traceId = r.bytes();
        case 2 -> spanId = r.bytes();
        case 4 -> parent = r.bytes();
        case 5 -> name = r.string();
        case 7 -> start = r.uint64();
        case 8 -> end = r.uint64();
        case 9 -> keyValue(r.message(), attributes);
        case 11 -> events.add(event(r.message()));
        case 15 -> {
          ProtoReader status = r.message();
          while (status.next()) {
            switch (status.field()) {
              case 2 -> message = status.string();
              case 3 -> code = (int) status.varint();
              default -> status.skip();
            }
          }
        }
        default -> r.skip();
      }
    }
    return new OtlpSpan(
        traceId, spanId, parent, name, start, end, attributes, events, code, message, resource);
  }

  private static OtlpSpan.Event event(ProtoReader r) {
    long time = 0;
    String name = "";
    Map<String, JsonNode> attributes = new LinkedHashMap<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> time = r.uint64();
        case 2 -> name = r.string();
        case 3 -> keyValue(r.message(), attributes);
        default -> r.skip();
      }
    }
    return new OtlpSpan.Event(name, time, attributes);
  }

  private static void keyValue(ProtoReader r, Map<String, JsonNode> into) {
    String key = "";
    JsonNode value = NODES.nullNode();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> key = r.string();
        case 2 -> value = anyValue(r.message());
        default -> r.skip();
      }
    }
    into.put(key, value);
  }

  /** An {@code AnyValue} as MLflow's {@code _decode_otel_proto_anyvalue} makes it. */
  private static JsonNode anyValue(ProtoReader r) {
    JsonNode value = NODES.nullNode();
    while (r.next()) {
      value =
          switch (r.field()) {
            case 1 -> NODES.textNode(r.string());
            case 2 -> NODES.booleanNode(r.varint() != 0);
            case 3 -> NODES.numberNode(r.varint());
            case 4 -> NODES.numberNode(r.float64());
            case 5 -> {
              ArrayNode array = NODES.arrayNode();
              ProtoReader values = r.message();
              while (values.next()) {
                if (values.field() == 1) {
                  array.add(anyValue(values.message()));
                } else {
                  values.skip();
                }
              }
              yield array;
            }
            case 6 -> {
              Map<String, JsonNode> map = new LinkedHashMap<>();
              ProtoReader values = r.message();
              while (values.next()) {
                if (values.field() == 1) {
                  keyValue(values.message(), map);
                } else {
                  values.skip();
                }
              }
              ObjectNode object = NODES.objectNode();
              object.setAll(map);
              yield object;
            }
            // Python's json.dumps cannot write bytes; MLflow falls back to a repr. Base64 keeps
            // the value readable.
            case 7 -> NODES.textNode(Base64.getEncoder().encodeToString(r.bytes()));
            default -> {
              r.skip();
              yield value;
            }
          };
    }
    return value;
  }
}
