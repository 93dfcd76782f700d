package dev.cairn.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.api.ErrorCode;
import dev.cairn.core.CairnException;
import dev.cairn.core.search.FilterParser;
import dev.cairn.core.search.OrderByParser;
import dev.cairn.core.search.SearchScope;
import dev.cairn.core.tracing.AssessmentRecord;
import dev.cairn.core.tracing.SpanBatch;
import dev.cairn.core.tracing.SpanRecord;
import dev.cairn.core.tracing.TraceQuery;
import dev.cairn.core.tracing.TraceRecord;
import dev.cairn.core.tracing.TraceStore;
import dev.cairn.core.tracking.NewRun;
import dev.cairn.core.tracking.TrackingStore;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link TraceStore} must do, on a fresh database per test. */
public abstract class TraceStoreContract {
  protected static final String ROOT = "mlflow-artifacts:/";

  /** A tracking store and a trace store on one new, empty database. */
  public record Stores(TrackingStore tracking, TraceStore traces) {}

  protected abstract Stores open();

  private TrackingStore tracking;
  private TraceStore traces;
  private String exp;

  @BeforeEach
  void start() {
    Stores s = open();
    tracking = s.tracking();
    traces = s.traces();
    exp = tracking.createExperiment("traces", null, List.of(), 1000L);
  }

  @AfterEach
  void stop() {
    tracking.close();
  }

  private static TraceRecord trace(String id, String exp, long time, Map<String, String> tags) {
    return new TraceRecord(
        id,
        exp,
        time,
        50L,
        "OK",
        null,
        "{\"q\": 1}",
        null,
        Map.of(
            "mlflow.source.name",
            "app.py",
            "mlflow.trace.session",
            "s1",
            "empty",
            "",
            // Set by the service on a v3 start: later spans no longer move the trace's times.
            "mlflow.trace.infoFinalized",
            "true"),
        tags,
        List.of());
  }

  private static SpanRecord span(String trace, String id, String parent, long start) {
    return new SpanRecord(
        trace,
        id,
        parent,
        "s-" + id,
        "LLM",
        "OK",
        start,
        start + 10,
        "{\"name\": \"s-" + id + "\"}");
  }

  private static SpanBatch batch(String trace, List<SpanRecord> spans, String rootState) {
    return new SpanBatch(trace, spans, 1, 3L, rootState, "{\"in\": 1}", null, "root", Map.of());
  }

  private static void assertError(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOf(CairnException.class)
        .extracting(e -> ((CairnException) e).code())
        .isEqualTo(code);
  }

  @Test
  void startedTraceReadsBackWithTagsMetadataAndArtifactLocation() {
    traces.startTrace(trace("tr-1", exp, 100, Map.of("mlflow.traceName", "root", "k", "v")));
    TraceRecord t = traces.getTraceInfo("tr-1");
    assertThat(t.experimentId()).isEqualTo(exp);
    assertThat(t.timestampMs()).isEqualTo(100);
    assertThat(t.executionTimeMs()).isEqualTo(50);
    assertThat(t.tags())
        .containsEntry("mlflow.traceName", "root")
        .containsEntry("k", "v")
        .containsEntry("mlflow.artifactLocation", ROOT + exp + "/traces/tr-1/artifacts");
    assertThat(t.metadata()).containsEntry("mlflow.trace.session", "s1").containsEntry("empty", "");
    assertError(() -> traces.getTraceInfo("tr-none"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void spansFirstCreateTheTraceWhichStartThenFinalizes() {
    traces.logSpans(
        exp,
        List.of(
            batch(
                "tr-2",
                List.of(span("tr-2", "b", "a", 2_000_000), span("tr-2", "a", null, 1_000_000)),
                "ERROR")));
    TraceRecord partial = traces.getTraceInfo("tr-2");
    assertThat(partial.state()).isEqualTo("ERROR");
    assertThat(partial.requestPreview()).isEqualTo("{\"in\": 1}");
    assertThat(partial.tags())
        .containsEntry("mlflow.trace.spansLocation", "TRACKING_STORE")
        .containsEntry("mlflow.traceName", "root");
    traces.startTrace(trace("tr-2", exp, 1, Map.of()));
    TraceRecord t = traces.getTraceInfo("tr-2");
    assertThat(t.state()).isEqualTo("OK");
    assertThat(t.tags()).containsEntry("mlflow.trace.spansLocation", "TRACKING_STORE");
    List<SpanRecord> spans = traces.getSpans(List.of("tr-2")).get("tr-2");
    assertThat(spans).extracting(SpanRecord::spanId).containsExactly("a", "b");
    assertThat(spans.get(1).content()).isEqualTo("{\"name\": \"s-b\"}");
  }

  @Test
  void searchFiltersAndOrdersAsMlflow() {
    traces.startTrace(trace("tr-a", exp, 100, Map.of("kind", "even")));
    traces.startTrace(trace("tr-b", exp, 200, Map.of("kind", "odd")));
    traces.startTrace(trace("tr-c", exp, 300, Map.of("kind", "even")));
    traces.logSpans(exp, List.of(batch("tr-c", List.of(span("tr-c", "x", null, 1)), "OK")));
    traces.createAssessment(feedback("a-1", "tr-a", "true"));
    assertThat(search("", List.of())).containsExactly("tr-c", "tr-b", "tr-a");
    assertThat(search("tags.kind = 'even'", List.of("timestamp_ms ASC")))
        .containsExactly("tr-a", "tr-c");
    assertThat(search("timestamp_ms > 100 AND metadata.`mlflow.source.name` = 'app.py'", List.of()))
        .containsExactly("tr-c", "tr-b");
    assertThat(search("feedback.correct = 'true'", List.of())).containsExactly("tr-a");
    assertThat(search("span.name = 's-x'", List.of())).containsExactly("tr-c");
    assertThat(search("tags.kind IS NULL", List.of())).isEmpty();
    assertThat(search("", List.of("timestamp_ms DESC"))).containsExactly("tr-c", "tr-b", "tr-a");
    assertThat(search("", List.of("request_id DESC", "timestamp_ms ASC")))
        .containsExactly("tr-c", "tr-b", "tr-a");
    assertThat(search("", List.of("tags.kind DESC", "timestamp_ms DESC")))
        .containsExactly("tr-b", "tr-c", "tr-a");
  }

  private List<String> search(String filter, List<String> order) {
    return traces
        .searchTraces(
            new TraceQuery(
                List.of(exp),
                FilterParser.parse(SearchScope.TRACES, filter),
                OrderByParser.parse(SearchScope.TRACES, order),
                100,
                0))
        .items()
        .stream()
        .map(TraceRecord::traceId)
        .toList();
  }

  private static AssessmentRecord feedback(String id, String trace, String value) {
    return new AssessmentRecord(
        id,
        trace,
        "correct",
        "feedback",
        value,
        null,
        5,
        5,
        "HUMAN",
        "ann",
        null,
        null,
        "why",
        null,
        true,
        null);
  }

  @Test
  void deleteByIdsAndByTimeRemovesTracesWithTheirChildren() {
    for (int i = 1; i <= 4; i++) {
      traces.startTrace(trace("tr-" + i, exp, i * 100, Map.of("k", "v")));
      traces.logSpans(exp, List.of(batch("tr-" + i, List.of(span("tr-" + i, "r", null, 1)), "OK")));
    }
    traces.createAssessment(feedback("a-1", "tr-1", "1"));
    assertThat(traces.deleteTraces(exp, null, null, List.of("tr-1", "tr-none"))).isEqualTo(1);
    assertThat(traces.deleteTraces(exp, 300L, 1, null)).isEqualTo(1);
    assertThat(search("", List.of())).containsExactly("tr-4", "tr-3");
    assertThat(traces.getSpans(List.of("tr-1", "tr-2"))).isEmpty();
    assertError(() -> traces.getAssessment("tr-1", "a-1"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void assessmentsOverrideUpdateAndDelete() {
    traces.startTrace(trace("tr-1", exp, 100, Map.of()));
    traces.createAssessment(feedback("a-1", "tr-1", "true"));
    AssessmentRecord override =
        new AssessmentRecord(
            "a-2",
            "tr-1",
            "correct",
            "feedback",
            "false",
            null,
            6,
            6,
            "HUMAN",
            "bob",
            null,
            null,
            null,
            "a-1",
            true,
            "{\"r\": \"1\"}");
    traces.createAssessment(override);
    assertThat(traces.getAssessment("tr-1", "a-1").valid()).isFalse();
    assertThat(traces.getTraceInfo("tr-1").assessments()).hasSize(2);
    AssessmentRecord a2 = traces.getAssessment("tr-1", "a-2");
    traces.updateAssessment(
        new AssessmentRecord(
            a2.assessmentId(),
            a2.traceId(),
            "renamed",
            a2.type(),
            "0.5",
            null,
            a2.createdTimestamp(),
            9,
            a2.sourceType(),
            a2.sourceId(),
            null,
            null,
            "r",
            a2.overrides(),
            true,
            a2.metadata()));
    assertThat(traces.getAssessment("tr-1", "a-2").name()).isEqualTo("renamed");
    traces.deleteAssessment("tr-1", "a-2");
    assertThat(traces.getAssessment("tr-1", "a-1").valid()).isTrue();
    assertError(() -> traces.getAssessment("tr-1", "a-2"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void tagsAndRunLinks() {
    traces.startTrace(trace("tr-1", exp, 100, Map.of()));
    traces.setTraceTag("tr-1", "k", "v");
    traces.setTraceTag("tr-1", "k", "w");
    assertThat(traces.getTraceInfo("tr-1").tags()).containsEntry("k", "w");
    traces.deleteTraceTag("tr-1", "k");
    assertError(() -> traces.deleteTraceTag("tr-1", "k"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    String run =
        tracking
            .createRun(new NewRun("0123456789abcdef0123456789abcdef", exp, "u", "r", 1, List.of()))
            .info()
            .runId();
    traces.linkTracesToRun(List.of("tr-1", "tr-none"), run);
    traces.linkTracesToRun(List.of("tr-1"), run);
    assertThat(search("run_id = '" + run + "'", List.of())).containsExactly("tr-1");
    assertError(
        () -> traces.linkTracesToRun(List.of("tr-1"), "ffffffffffffffffffffffffffffffff"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }
}
