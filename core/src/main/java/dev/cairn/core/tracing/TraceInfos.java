package dev.cairn.core.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.api.model.Tag;
import dev.cairn.api.tracing.TraceInfo;
import dev.cairn.api.tracing.TraceInfo.TraceLocation;
import dev.cairn.api.tracing.TraceInfoV2;
import dev.cairn.core.CairnException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A stored trace's info in MLflow's v3 and v2 wire forms. */
final class TraceInfos {
  private final Assessments assessments;

  TraceInfos(Assessments assessments) {
    this.assessments = assessments;
  }

  TraceInfo v3(TraceRecord r) {
    List<JsonNode> wire =
        r.assessments().stream().map(a -> (JsonNode) assessments.toWire(a)).toList();
    return new TraceInfo(
        r.traceId(),
        TraceLocation.experiment(r.experimentId()),
        ProtoTime.timestamp(r.timestampMs()),
        r.executionTimeMs() == null ? null : ProtoTime.duration(r.executionTimeMs()),
        r.state(),
        r.metadata(),
        r.tags(),
        r.requestPreview(),
        r.responsePreview(),
        r.clientRequestId(),
        wire);
  }

  /** MLflow's {@code TraceInfoV2.from_v3}: metadata and tags as lists sorted by key. */
  TraceInfoV2 v2(TraceRecord r) {
    return new TraceInfoV2(
        r.traceId(),
        r.experimentId(),
        r.timestampMs(),
        r.executionTimeMs(),
        statusOfV3(r.state()),
        list(r.metadata()),
        list(r.tags()));
  }

  private static List<Tag> list(Map<String, String> map) {
    return new TreeMap<>(map)
        .entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
  }

  static String statusOfV3(String state) {
    return state.equals("STATE_UNSPECIFIED") ? "TRACE_STATUS_UNSPECIFIED" : state;
  }

  static String stateOfV2(String status) {
    return switch (status) {
      case "OK", "ERROR", "IN_PROGRESS" -> status;
      case "TRACE_STATUS_UNSPECIFIED" -> "STATE_UNSPECIFIED";
      default -> throw CairnException.invalid("Invalid trace status '%s'", status);
    };
  }
}
