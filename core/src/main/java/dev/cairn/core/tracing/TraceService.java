package dev.cairn.core.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.api.Empty;
import dev.cairn.api.ErrorCode;
import dev.cairn.api.model.Tag;
import dev.cairn.api.tracing.TraceInfo;
import dev.cairn.api.tracing.TraceInfo.TraceLocation;
import dev.cairn.api.tracing.TraceMessages.*;
import dev.cairn.core.CairnException;
import dev.cairn.core.search.FilterParser;
import dev.cairn.core.search.OrderByParser;
import dev.cairn.core.search.SearchScope;
import dev.cairn.core.tracking.Page;
import dev.cairn.core.tracking.PageTokens;
import dev.cairn.core.tracking.Validation;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** MLflow's trace API (v3 and the v2 routes): validation as MLflow's handlers, then the store. */
public final class TraceService {
  static final String SPANS_LOCATION = "mlflow.trace.spansLocation";
  static final String TRACKING_STORE = "TRACKING_STORE";
  private static final String SIZE_STATS = "mlflow.trace.sizeStats";
  private static final int DEFAULT_MAX_RESULTS = 100;
  private static final int MAX_RESULTS_LIMIT = 50_000;
  private static final int MAX_LINKS = 100;

  private final TraceStore store;
  private final InstantSource clock;
  private final SpanContent spans;
  private final Assessments assessments;
  private final TraceInfos infos;

  public TraceService(TraceStore store, ObjectMapper mapper, InstantSource clock) {
    this.store = store;
    this.clock = clock;
    this.spans = new SpanContent(mapper);
    this.assessments = new Assessments(mapper);
    this.infos = new TraceInfos(assessments);
  }

  public SpanContent spanContent() {
    return spans;
  }

  public TraceResponse startTraceV3(StartTraceV3 req) {
    Trace trace = Validation.require(req.trace(), "trace");
    TraceInfo info = Validation.require(trace.traceInfo(), "trace_info");
    String traceId = Validation.require(info.traceId(), "trace_id");
    TraceLocation location = Validation.require(info.traceLocation(), "trace_location");
    String experimentId = Validation.experimentId(location.experimentId());
    long now = clock.millis();
    List<AssessmentRecord> rows = new ArrayList<>();
    if (info.assessments() != null) {
      for (JsonNode a : info.assessments()) {
        rows.add(assessments.fromWire(a, traceId, now));
      }
    }
    TraceRecord stored =
        store.startTrace(
            new TraceRecord(
                traceId,
                experimentId,
                info.requestTime() == null ? now : ProtoTime.parseTimestamp(info.requestTime()),
                info.executionDuration() == null
                    ? null
                    : ProtoTime.parseDuration(info.executionDuration()),
                info.state() == null ? "STATE_UNSPECIFIED" : info.state(),
                info.clientRequestId(),
                info.requestPreview(),
                info.responsePreview(),
                finalized(info.traceMetadata()),
                info.tags() == null ? Map.of() : info.tags(),
                rows));
    return new TraceResponse(new Trace(infos.v3(stored), null));
  }

  /**
   * MLflow's v3 start marks the trace's own fields final ({@code mlflow.trace.infoFinalized}):
   * spans arriving later no longer widen its time range.
   */
  private static Map<String, String> finalized(Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
    out.put("mlflow.trace.infoFinalized", "true");
    return out;
  }

  public TraceResponse getTraceInfoV3(GetTraceInfoV3 req) {
    return new TraceResponse(new Trace(infos.v3(store.getTraceInfo(req.traceId())), null));
  }

  /**
   * A trace with its spans. Spans not in the tracking store are MLflow's INTERNAL_ERROR; a trace
   * whose spans are not all there yet is RESOURCE_DOES_NOT_EXIST unless {@code allow_partial}.
   */
  public TraceResponse getTrace(GetTrace req) {
    String traceId = Validation.require(req.traceId(), "trace_id");
    boolean partial =
        req.allowPartial() != null && req.allowPartial().toLowerCase(Locale.ROOT).equals("true");
    TraceRecord info = store.getTraceInfo(traceId);
    List<JsonNode> wire = spansOf(info, store.getSpans(List.of(traceId)).get(traceId), partial);
    if (wire == null) {
      throw CairnException.notFound(
          "Trace with ID %s is not fully exported yet, please try again later.", traceId);
    }
    return new TraceResponse(new Trace(infos.v3(info), wire));
  }

  public BatchGetTracesResponse batchGetTraces(BatchGetTraces req) {
    List<String> ids = req.traceIds() == null ? List.of() : req.traceIds();
    List<TraceRecord> found = store.getTraceInfos(ids);
    Map<String, List<SpanRecord>> stored =
        store.getSpans(found.stream().map(TraceRecord::traceId).toList());
    List<Trace> traces = new ArrayList<>();
    for (TraceRecord info : found) {
      List<JsonNode> wire = spansOf(info, stored.get(info.traceId()), false);
      if (wire != null && !wire.isEmpty()) {
        traces.add(new Trace(infos.v3(info), wire));
      }
    }
    return new BatchGetTracesResponse(traces);
  }

  public BatchGetTraceInfosResponse batchGetTraceInfos(BatchGetTraceInfos req) {
    List<String> ids = req.traceIds() == null ? List.of() : req.traceIds();
    return new BatchGetTraceInfosResponse(
        store.getTraceInfos(ids).stream().map(infos::v3).toList());
  }

  /** Null when the trace says it has more spans than are stored. */
  private List<JsonNode> spansOf(TraceRecord info, List<SpanRecord> rows, boolean partial) {
    if (!TRACKING_STORE.equals(info.tags().get(SPANS_LOCATION))) {
      throw new CairnException(ErrorCode.INTERNAL_ERROR, "Trace data not stored in tracking store");
    }
    List<SpanRecord> list = rows == null ? List.of() : rows;
    if (!partial && list.size() < expectedSpans(info)) {
      return null;
    }
    return list.stream().map(r -> (JsonNode) spans.toWire(r.content())).toList();
  }

  private int expectedSpans(TraceRecord info) {
    String stats = info.metadata().get(SIZE_STATS);
    if (stats == null) {
      return 0;
    }
    return assessments.parse(stats).path("num_spans").asInt(0);
  }

  public SearchTracesV3Response searchTracesV3(SearchTracesV3 req) {
    List<String> experiments = new ArrayList<>();
    if (req.locations() != null) {
      for (TraceLocation l : req.locations()) {
        if (l.experimentId() != null) {
          experiments.add(l.experimentId());
        }
      }
    }
    Page<TraceRecord> page =
        search(experiments, req.filter(), req.maxResults(), req.orderBy(), req.pageToken());
    return new SearchTracesV3Response(
        page.items().stream().map(infos::v3).toList(),
        next(page, req.pageToken(), req.maxResults()));
  }

  public SearchTracesResponse searchTraces(SearchTraces req) {
    Page<TraceRecord> page =
        search(
            req.experimentIds() == null ? List.of() : req.experimentIds(),
            req.filter(),
            req.maxResults(),
            req.orderBy(),
            req.pageToken());
    return new SearchTracesResponse(
        page.items().stream().map(infos::v2).toList(),
        next(page, req.pageToken(), req.maxResults()));
  }

  private Page<TraceRecord> search(
      List<String> experimentIds,
      String filter,
      Integer maxResults,
      List<String> orderBy,
      String pageToken) {
    int max = Validation.maxResults(maxResults, DEFAULT_MAX_RESULTS, MAX_RESULTS_LIMIT);
    return store.searchTraces(
        new TraceQuery(
            experimentIds,
            FilterParser.parse(SearchScope.TRACES, filter),
            OrderByParser.parse(SearchScope.TRACES, orderBy),
            max,
            PageTokens.decode(pageToken)));
  }

  /** MLflow's offset token, given whenever a page is full. */
  private static String next(Page<TraceRecord> page, String token, Integer maxResults) {
    int max = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
    return page.items().size() == max ? PageTokens.encode(PageTokens.decode(token) + max) : null;
  }

  public DeleteTracesResponse deleteTraces(DeleteTraces req) {
    String experimentId = Validation.experimentId(req.experimentId());
    List<String> ids = req.requestIds();
    boolean byIds = ids != null && !ids.isEmpty();
    boolean byTime = req.maxTimestampMillis() != null;
    if (byIds == byTime) {
      throw CairnException.invalid(
          "Exactly one of 'max_timestamp_millis' and 'request_ids' must be specified.");
    }
    if (byIds && req.maxTraces() != null) {
      throw CairnException.invalid(
          "'max_traces' can't be specified if 'request_ids' is specified.");
    }
    if (req.maxTraces() != null && req.maxTraces() <= 0) {
      throw CairnException.invalid(
          "'max_traces' must be a positive integer, got %d", req.maxTraces());
    }
    return new DeleteTracesResponse(
        store.deleteTraces(experimentId, req.maxTimestampMillis(), req.maxTraces(), ids));
  }

  public Empty setTraceTagV3(SetTraceTagV3 req) {
    return setTag(req.traceId(), req.key(), req.value());
  }

  public Empty setTraceTag(SetTraceTag req) {
    return setTag(req.requestId(), req.key(), req.value());
  }

  private Empty setTag(String traceId, String key, String value) {
    Validation.require(key, "key");
    store.setTraceTag(traceId, Validation.truncate(key, 250), Validation.truncate(value, 8000));
    return Empty.INSTANCE;
  }

  public Empty deleteTraceTagV3(DeleteTraceTagV3 req) {
    store.deleteTraceTag(req.traceId(), Validation.require(req.key(), "key"));
    return Empty.INSTANCE;
  }

  public Empty deleteTraceTag(DeleteTraceTag req) {
    store.deleteTraceTag(req.requestId(), Validation.require(req.key(), "key"));
    return Empty.INSTANCE;
  }

  public Empty linkTracesToRun(LinkTracesToRun req) {
    String runId = Validation.require(req.runId(), "run_id");
    List<String> ids = req.traceIds() == null ? List.of() : req.traceIds();
    if (ids.size() > MAX_LINKS) {
      throw CairnException.invalid(
          "Cannot link more than %d traces to a run in a single request. Provided %d traces.",
          MAX_LINKS, ids.size());
    }
    if (!ids.isEmpty()) {
      store.linkTracesToRun(ids, runId);
    }
    return Empty.INSTANCE;
  }

  public TraceInfoV2Response startTrace(StartTrace req) {
    String experimentId = Validation.experimentId(req.experimentId());
    long time = Validation.require(req.timestampMs(), "timestamp_ms");
    String traceId = "tr-" + UUID.randomUUID().toString().replace("-", "");
    TraceRecord stored =
        store.startTrace(
            new TraceRecord(
                traceId,
                experimentId,
                time,
                null,
                "IN_PROGRESS",
                null,
                null,
                null,
                map(req.requestMetadata()),
                map(req.tags()),
                List.of()));
    return new TraceInfoV2Response(infos.v2(stored));
  }

  public TraceInfoV2Response endTrace(EndTrace req) {
    long time = Validation.require(req.timestampMs(), "timestamp_ms");
    String status = Validation.require(req.status(), "status");
    TraceRecord stored =
        store.endTrace(
            req.requestId(),
            time,
            TraceInfos.stateOfV2(status),
            map(req.requestMetadata()),
            map(req.tags()));
    return new TraceInfoV2Response(infos.v2(stored));
  }

  public TraceInfoV2Response getTraceInfo(GetTraceInfo req) {
    return new TraceInfoV2Response(infos.v2(store.getTraceInfo(req.requestId())));
  }

  private static Map<String, String> map(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    if (tags != null) {
      tags.forEach(t -> out.put(t.key(), t.value()));
    }
    return out;
  }

  public AssessmentResponse createAssessment(CreateAssessment req) {
    JsonNode a = Validation.require(req.assessment(), "assessment");
    String traceId = req.traceId() != null ? req.traceId() : a.path("trace_id").asText(null);
    AssessmentRecord row = assessments.fromWire(a, traceId, clock.millis());
    return new AssessmentResponse(assessments.toWire(store.createAssessment(row)));
  }

  public AssessmentResponse getAssessment(GetAssessment req) {
    return new AssessmentResponse(
        assessments.toWire(store.getAssessment(req.traceId(), req.assessmentId())));
  }

  public AssessmentResponse updateAssessment(UpdateAssessment req) {
    JsonNode a = Validation.require(req.assessment(), "assessment");
    String mask = Validation.require(req.updateMask(), "update_mask");
    AssessmentRecord old = store.getAssessment(req.traceId(), req.assessmentId());
    AssessmentRecord updated =
        new AssessmentUpdate(assessments, old).apply(a, mask, clock.millis());
    return new AssessmentResponse(assessments.toWire(store.updateAssessment(updated)));
  }

  public Empty deleteAssessment(DeleteAssessment req) {
    store.deleteAssessment(req.traceId(), req.assessmentId());
    return Empty.INSTANCE;
  }
}
