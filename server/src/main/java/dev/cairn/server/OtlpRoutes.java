package dev.cairn.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.Endpoint.HttpMethod;
import dev.cairn.api.ErrorCode;
import dev.cairn.api.tracing.TraceMessages.LinkTracesToRun;
import dev.cairn.core.CairnException;
import dev.cairn.core.tracing.OtlpDecoder;
import dev.cairn.core.tracing.OtlpJsonDecoder;
import dev.cairn.core.tracing.OtlpSpan;
import dev.cairn.core.tracing.SpanIngest;
import dev.cairn.core.tracing.TraceService;
import dev.cairn.server.http.HttpResponse;
import dev.cairn.server.routing.Access;
import dev.cairn.server.routing.Call;
import dev.cairn.server.routing.Resource;
import dev.cairn.server.routing.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * OTLP/HTTP trace ingest at {@code /v1/traces}, as MLflow's {@code otel_api}: an {@code
 * ExportTraceServiceRequest} in protobuf ({@code application/x-protobuf}) or JSON ({@code
 * application/json}), optionally gzip- or deflate-compressed, into the experiment the {@code
 * x-mlflow-experiment-id} header names; with {@code x-mlflow-run-id} the completed traces are
 * linked to that run. Answers an empty {@code ExportTraceServiceResponse}.
 */
final class OtlpRoutes {
  static final String PATH = "/v1/traces";
  static final String EXPERIMENT_HEADER = "x-mlflow-experiment-id";
  private static final String RUN_HEADER = "x-mlflow-run-id";

  private final ObjectMapper mapper;
  private final SpanIngest ingest;
  private final TraceService traces;
  private final long maxBytes;

  OtlpRoutes(ObjectMapper mapper, SpanIngest ingest, TraceService traces, long maxBytes) {
    this.mapper = mapper;
    this.ingest = ingest;
    this.traces = traces;
    this.maxBytes = maxBytes;
  }

  List<Route> routes() {
    return List.of(
        new Route(
            HttpMethod.POST,
            List.of(PATH),
            Resource.EXPERIMENT,
            Access.UPDATE,
            Route.Body.STREAM,
            this::export));
  }

  private HttpResponse export(Call c) throws IOException {
    String type = c.header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!media.equals("application/x-protobuf") && !media.equals("application/json")) {
      throw CairnException.badRequest(
          "Invalid Content-Type: %s. Expected: application/x-protobuf or application/json", type);
    }
    String experimentId = c.header(EXPERIMENT_HEADER);
    if (experimentId == null || experimentId.isEmpty()) {
      throw CairnException.invalid("Missing required header '%s'", EXPERIMENT_HEADER);
    }
    byte[] body = decompress(read(c.exchange().body()), c.header("Content-Encoding"));
    List<OtlpSpan> spans;
    if (media.equals("application/json")) {
      JsonNode request;
      try {
        request = mapper.readTree(body);
      } catch (IOException e) {
        throw CairnException.badRequest("Invalid OpenTelemetry format");
      }
      spans = OtlpJsonDecoder.decode(request);
    } else {
      spans = OtlpDecoder.decode(body);
    }
    if (spans.isEmpty()) {
      throw CairnException.badRequest("Invalid OpenTelemetry format - no spans found");
    }
    List<String> completed = ingest.ingest(experimentId, spans);
    String runId = c.header(RUN_HEADER);
    if (runId != null && !runId.isEmpty() && !completed.isEmpty()) {
      traces.linkTracesToRun(new LinkTracesToRun(completed, runId));
    }
    return HttpResponse.bytes(200, "application/x-protobuf", new byte[0]);
  }

  private byte[] read(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[64 * 1024];
      for (int n; (n = in.read(chunk)) >= 0; ) {
        out.write(chunk, 0, n);
        if (out.size() > maxBytes) {
          throw new CairnException(
              ErrorCode.INVALID_PARAMETER_VALUE, "The OTLP request is larger than the limit");
        }
      }
      return out.toByteArray();
    }
  }

  private byte[] decompress(byte[] body, String encoding) throws IOException {
    if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
      return body;
    }
    InputStream in =
        switch (encoding.strip().toLowerCase(Locale.ROOT)) {
          case "gzip" -> new GZIPInputStream(new java.io.ByteArrayInputStream(body));
          case "deflate" -> new InflaterInputStream(new java.io.ByteArrayInputStream(body));
          default -> throw CairnException.badRequest("Unsupported Content-Encoding: %s", encoding);
        };
    try {
      return read(in);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw CairnException.badRequest("Failed to decompress the request body");
    }
  }
}
