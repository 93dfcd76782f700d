"""GenAI tracing with the real ``mlflow`` client: traced functions (nested spans, an exception), tags, assessments,
``search_traces`` with filters and order, traces linked to a run, the OpenTelemetry SDK's OTLP/HTTP exporter, and
(Cairn only) a database with traces written by MLflow's server served by Cairn with the same answers, and back.

The 3.x client sends spans over OTLP (``/v1/traces``) and the trace info to ``POST /api/3.0/mlflow/traces``; the
2.x client starts and ends traces through the 2.0 routes and uploads the spans as the ``traces.json`` artifact.
"""

from __future__ import annotations

import os

import mlflow
import pytest
from mlflow import MlflowClient
from mlflow.entities import AssessmentSource, AssessmentSourceType

import conftest
from support import FILE_STORE, MLFLOW_MAJOR, unique

pytestmark = [
    pytest.mark.skipif(FILE_STORE, reason="Cairn keeps traces in SQL stores only (docs/COMPATIBILITY.md)"),
    pytest.mark.skipif(MLFLOW_MAJOR < 3, reason="tracing to a server as tested here is MLflow 3's"),
]


@pytest.fixture(autouse=True)
def synchronous_export(monkeypatch):
    """Traces are exported as each root span ends, so a test reads what it just traced."""
    monkeypatch.setenv("MLFLOW_ENABLE_ASYNC_TRACE_LOGGING", "false")


def _traced(experiment_id: str, x: int = 3, tag: str | None = None) -> str:
    mlflow.set_experiment(experiment_id=experiment_id)

    @mlflow.trace(span_type="LLM")
    def inner(v):
        return {"y": v * 2, "text": "héllo"}

    @mlflow.trace
    def boom():
        raise ValueError("bad input")

    @mlflow.trace(name="outer")
    def outer(v):
        if tag is not None:
            mlflow.update_current_trace(tags={"kind": tag})
        try:
            boom()
        except ValueError:
            pass
        return inner(v)

    outer(x)
    return mlflow.get_last_active_trace_id()


def _tree(trace) -> list:
    spans = trace.data.spans
    names = {s.span_id: s.name for s in spans}
    return sorted((s.name, names.get(s.parent_id), s.span_type, s.status.status_code.value, s.inputs, s.outputs,
                   [e.name for e in s.events], s.end_time_ns - s.start_time_ns) for s in spans)


def test_traced_function_keeps_nested_spans_and_the_exception(experiment_id):
    trace_id = _traced(experiment_id)
    trace = mlflow.get_trace(trace_id)
    assert trace.info.state.value == "OK"
    assert trace.info.experiment_id == experiment_id
    assert trace.info.tags["mlflow.traceName"] == "outer"
    by_name = {s.name: s for s in trace.data.spans}
    assert set(by_name) == {"outer", "boom", "inner"}
    assert by_name["inner"].parent_id == by_name["outer"].span_id
    assert by_name["boom"].parent_id == by_name["outer"].span_id
    assert by_name["outer"].parent_id is None
    assert by_name["inner"].span_type == "LLM"
    assert by_name["inner"].inputs == {"v": 3}
    assert by_name["inner"].outputs == {"y": 6, "text": "héllo"}
    assert by_name["boom"].status.status_code.value == "ERROR"
    exception = [e for e in by_name["boom"].events if e.name == "exception"]
    assert exception and exception[0].attributes["exception.message"] == "bad input"
    assert trace.info.request_preview == '{"v": 3}'
    assert trace.info.execution_time_ms is not None


def test_trace_tags_set_and_delete(experiment_id):
    client = MlflowClient()
    trace_id = _traced(experiment_id, tag="first")
    client.set_trace_tag(trace_id, "reviewed", "yes")
    assert client.get_trace(trace_id).info.tags["reviewed"] == "yes"
    client.delete_trace_tag(trace_id, "reviewed")
    tags = client.get_trace(trace_id).info.tags
    assert "reviewed" not in tags and tags["kind"] == "first"
    with pytest.raises(mlflow.exceptions.MlflowException) as missing:
        client.delete_trace_tag(trace_id, "reviewed")
    assert missing.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_assessments_create_get_update_delete(experiment_id):
    trace_id = _traced(experiment_id)
    human = AssessmentSource(source_type=AssessmentSourceType.HUMAN, source_id="ann@example.com")
    feedback = mlflow.log_feedback(trace_id=trace_id, name="correct", value=True, rationale="matches", source=human,
                                   metadata={"round": "1"})
    expectation = mlflow.log_expectation(trace_id=trace_id, name="expected", value={"y": 6})
    got = mlflow.get_assessment(trace_id, feedback.assessment_id)
    assert (got.name, got.value, got.rationale, got.source.source_type, got.source.source_id) == (
        "correct", True, "matches", "HUMAN", "ann@example.com")
    assert got.metadata == {"round": "1"}
    assert mlflow.get_assessment(trace_id, expectation.assessment_id).value == {"y": 6}

    override = mlflow.override_feedback(trace_id=trace_id, assessment_id=feedback.assessment_id, value=False,
                                        rationale="wrong after all")
    assert override.overrides == feedback.assessment_id
    assert mlflow.get_assessment(trace_id, feedback.assessment_id).valid is False

    assessments = {a.name: a for a in mlflow.get_trace(trace_id).info.assessments if a.valid is not False}
    assert assessments["correct"].value is False
    assert assessments["expected"].value == {"y": 6}

    mlflow.delete_assessment(trace_id, expectation.assessment_id)
    with pytest.raises(mlflow.exceptions.MlflowException) as gone:
        mlflow.get_assessment(trace_id, expectation.assessment_id)
    assert gone.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_search_traces_filters_and_orders(experiment_id):
    ids = [_traced(experiment_id, x=i, tag="even" if i % 2 == 0 else "odd") for i in range(5)]
    found = mlflow.search_traces(locations=[experiment_id], return_type="list")
    assert [t.info.trace_id for t in found] == ids[::-1]
    assert all(len(t.data.spans) == 3 for t in found)
    even = mlflow.search_traces(locations=[experiment_id], filter_string="tags.kind = 'even'",
                                order_by=["timestamp_ms ASC"], return_type="list")
    assert [t.info.trace_id for t in even] == [ids[0], ids[2], ids[4]]
    ok = mlflow.search_traces(locations=[experiment_id], filter_string="attributes.status = 'OK'",
                              max_results=2, return_type="list")
    assert len(ok) == 2
    frame = mlflow.search_traces(locations=[experiment_id], filter_string="trace.name = 'outer'")
    assert len(frame) == 5 and "trace_id" in frame.columns
    client = MlflowClient()
    page = client.search_traces(locations=[experiment_id], max_results=3)
    assert len(page) == 3 and page.token
    rest = client.search_traces(locations=[experiment_id], max_results=3, page_token=page.token)
    assert [t.info.trace_id for t in list(page) + list(rest)] == ids[::-1]


def test_traces_linked_to_a_run(experiment_id):
    mlflow.set_experiment(experiment_id=experiment_id)
    with mlflow.start_run() as run:
        inside = _traced(experiment_id)
    outside = _traced(experiment_id)
    linked = mlflow.search_traces(locations=[experiment_id], run_id=run.info.run_id, return_type="list")
    assert [t.info.trace_id for t in linked] == [inside]
    client = MlflowClient()
    client.link_traces_to_run([outside], run.info.run_id)
    linked = mlflow.search_traces(locations=[experiment_id], run_id=run.info.run_id, return_type="list")
    assert sorted(t.info.trace_id for t in linked) == sorted([inside, outside])


def test_delete_traces_by_id_and_by_time(experiment_id):
    client = MlflowClient()
    ids = [_traced(experiment_id, x=i) for i in range(4)]
    assert client.delete_traces(experiment_id, trace_ids=[ids[0]]) == 1
    newest = client.get_trace(ids[3]).info.request_time
    assert client.delete_traces(experiment_id, max_timestamp_millis=newest, max_traces=2) == 2
    left = mlflow.search_traces(locations=[experiment_id], return_type="list")
    assert [t.info.trace_id for t in left] == [ids[3]]


def test_opentelemetry_sdk_otlp_exporter_sends_spans(experiment_id, server_uri):
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.trace import Status, StatusCode

    headers = {"x-mlflow-experiment-id": experiment_id}
    if os.environ.get("MLFLOW_TRACKING_USERNAME"):
        import base64
        token = f"{os.environ['MLFLOW_TRACKING_USERNAME']}:{os.environ['MLFLOW_TRACKING_PASSWORD']}"
        headers["Authorization"] = "Basic " + base64.b64encode(token.encode()).decode()
    provider = TracerProvider(resource=Resource.create({"service.name": "otel-app", "team": "search"}))
    exporter = OTLPSpanExporter(endpoint=f"{server_uri}/v1/traces", headers=headers)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("compat")
    with tracer.start_as_current_span("request") as root:
        root.set_attribute("http.method", "GET")
        with tracer.start_as_current_span("db") as child:
            child.set_attribute("rows", 3)
            child.set_status(Status(StatusCode.ERROR, "timeout"))
        otel_trace_id = root.get_span_context().trace_id
    provider.shutdown()

    trace_id = "tr-" + format(otel_trace_id, "032x")
    trace = MlflowClient().get_trace(trace_id)
    assert trace.info.experiment_id == experiment_id
    assert trace.info.tags["team"] == "search"
    by_name = {s.name: s for s in trace.data.spans}
    assert by_name["db"].parent_id == by_name["request"].span_id
    assert by_name["db"].attributes["rows"] == 3
    assert by_name["db"].status.status_code.value == "ERROR"
    assert by_name["request"].attributes["http.method"] == "GET"
    found = mlflow.search_traces(locations=[experiment_id], return_type="list")
    assert [t.info.trace_id for t in found] == [trace_id]


# ---- the same database served by both servers (Cairn only) ----

FILTERS = ["", "tags.kind = 'even'", "attributes.status = 'OK'", "trace.name = 'outer'",
           "feedback.correct = 'true'", "metadata.`mlflow.source.type` = 'LOCAL'"]
ORDERS = [[], ["timestamp_ms ASC"], ["execution_time_ms DESC", "timestamp_ms ASC"]]


def _populate(uri: str) -> str:
    mlflow.set_tracking_uri(uri)
    exp = MlflowClient().create_experiment(unique("trace-interop"))
    for i in range(6):
        trace_id = _traced(exp, x=i, tag="even" if i % 2 == 0 else "odd")
        if i % 3 == 0:
            mlflow.log_feedback(trace_id=trace_id, name="correct", value=i == 0)
    return exp


def _snapshot(uri: str, exp: str) -> dict:
    mlflow.set_tracking_uri(uri)
    out = {}
    for f in FILTERS:
        for order in ORDERS:
            traces = mlflow.search_traces(locations=[exp], filter_string=f, order_by=order, return_type="list")
            out[(f, tuple(order))] = [(t.info.trace_id, t.info.state.value, t.info.request_time,
                                       t.info.execution_duration, sorted(t.info.tags.items()),
                                       sorted(t.info.trace_metadata.items()), t.info.request_preview,
                                       t.info.response_preview,
                                       sorted((a.name, repr(a.value)) for a in t.info.assessments),
                                       _tree(t)) for t in traces]
    return out


@pytest.mark.skipif(os.environ.get("COMPAT_SERVER") != "cairn", reason="interoperability is checked for Cairn only")
@pytest.mark.parametrize("writer", ["mlflow", "cairn"])
def test_database_with_traces_reads_the_same_on_both_servers(tmp_path, writer):
    from test_interop import _start

    db = conftest.database_uri(tmp_path)
    reader = "cairn" if writer == "mlflow" else "mlflow"
    proc, uri = _start(writer, db, str(tmp_path))
    try:
        exp = _populate(uri)
        written = _snapshot(uri, exp)
    finally:
        conftest._stop(proc)
    proc, uri = _start(reader, db, str(tmp_path))
    try:
        read = _snapshot(uri, exp)
        for key, rows in written.items():
            assert len(read[key]) == len(rows), key
            for mine, theirs in zip(read[key], rows):
                for i, (a, b) in enumerate(zip(mine, theirs)):
                    assert a == b, (key, i)
    finally:
        conftest._stop(proc)
    assert written[("", ())], "the snapshot must not be empty"
