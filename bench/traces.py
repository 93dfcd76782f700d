"""GenAI traces, Cairn side by side with MLflow's own server: OTLP ingest at ``/v1/traces`` and ``search_traces``.

Each server gets a fresh SQLite database (started as bench.py starts it) and one experiment. Ingest: N traces of 10
spans each (a root CHAIN span with 9 children: a retriever, LLM calls and tools, with MLflow's span attributes:
``mlflow.spanType``, ``mlflow.spanInputs``/``mlflow.spanOutputs`` as JSON text, and three ``mlflow.traceTag.*``
attributes on the root, which become trace tags), as OTLP protobuf ``ExportTraceServiceRequest``s built with the
``opentelemetry-proto`` classes, ``--batch`` traces per request, sent by ``--clients`` concurrent clients (one process
each, keep-alive) to ``POST /v1/traces`` with the ``x-mlflow-experiment-id`` header: the path and encoding the MLflow 3
client's RestStore.log_spans uses. Bodies are encoded before the clock starts. Reports traces/s and spans/s. A request answered 503 or 429 (MLflow's server
on SQLite: "database is locked" when its workers write at once) is sent again after a short backoff and counted; the
time it takes counts.

Then ``POST /api/3.0/mlflow/traces/search`` over the ingested traces in three shapes (newest first; a tag filter; a
status filter ordered by execution time), ``max_results`` 100, each ``--queries`` times after one untimed call:
p50/p99 (three untimed calls first). The traces are deterministic (a trace's timestamp, duration, status and tags follow from its index), so
the servers' answers are compared: the number returned and the first ids.

MLflow's server ingests far slower than Cairn, so it can be measured on fewer traces (``--mlflow-traces``); Cairn is
then measured at that size too (the side-by-side ratio) and at ``--traces`` (the issue's 100,000).

    ~/.cache/cairn/venv-mlflow3/bin/python bench/traces.py [--traces 100000] [--mlflow-traces 5000] [--repeats 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import Event, Process, Queue
from pathlib import Path

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

from bench import API, REPO, Server, _loads, pct

HERE = Path(__file__).resolve().parent
SPANS_PER_TRACE = 10
RETRIES = 10  # an ingest request answered 429/503 is sent again, up to this many times (counted)
BASE_NS = 1_780_000_000_000 * 1_000_000  # the first trace's start; trace i starts i ms later
DURATION_PRIME = 100_003  # trace i lasts 10 + (i * 48271 mod 100003) ms: distinct for i < 100,003
CHILDREN = [("retrieve_docs", "RETRIEVER"), ("rerank", "RERANKER"), ("plan", "LLM"), ("search_tool", "TOOL"),
            ("calculator", "TOOL"), ("draft_answer", "LLM"), ("check_facts", "LLM"), ("format", "PARSER"),
            ("final_answer", "CHAT_MODEL")]
ENVS, VARIANTS = ("prod", "staging"), ("a", "b", "c", "d")


def trace_facts(i: int) -> dict:
    """What the generator makes of trace i (and what the searches select on)."""
    return {"start_ns": BASE_NS + i * 1_000_000, "duration_ms": 10 + (i * 48271) % DURATION_PRIME,
            "error": i % 10 == 7, "env": ENVS[i % 2], "variant": VARIANTS[i % 4], "user": f"user-{i % 97}"}


def _kv(key: str, value: str) -> KeyValue:
    return KeyValue(key=key, value=AnyValue(string_value=value))


def trace_spans(i: int, salt: int) -> list[Span]:
    """The 10 OTLP spans of trace i (ids unique per run: `salt` separates runs)."""
    f = trace_facts(i)
    rng = random.Random(i)
    trace_id = (salt << 64 | i).to_bytes(16, "big")
    root_id = (i * 16 + 1).to_bytes(8, "big")
    start, end = f["start_ns"], f["start_ns"] + f["duration_ms"] * 1_000_000
    question = f"What is the status of order {rng.randrange(10**6)} for customer {f['user']}?"
    answer = f"Order {rng.randrange(10**6)} shipped on day {rng.randrange(365)}; tracking {rng.getrandbits(48):x}."
    tid = "tr-" + trace_id.hex()
    root = Span(trace_id=trace_id, span_id=root_id, name="agent", kind=Span.SPAN_KIND_INTERNAL,
                start_time_unix_nano=start, end_time_unix_nano=end,
                status=Status(code=Status.STATUS_CODE_ERROR if f["error"] else Status.STATUS_CODE_OK,
                              message="tool failed" if f["error"] else ""),
                attributes=[_kv("mlflow.traceRequestId", json.dumps(tid)),
                            _kv("mlflow.spanType", '"CHAIN"'),
                            _kv("mlflow.spanInputs", json.dumps({"question": question, "history": []})),
                            _kv("mlflow.spanOutputs", json.dumps({"answer": answer})),
                            _kv("mlflow.traceTag.env", f["env"]), _kv("mlflow.traceTag.variant", f["variant"]),
                            _kv("mlflow.traceTag.user", f["user"])])
    spans = [root]
    step = (end - start) // (len(CHILDREN) + 1)
    for k, (name, kind) in enumerate(CHILDREN):
        s = start + step * k + 1000
        child_error = f["error"] and k == 4
        attrs = [_kv("mlflow.traceRequestId", json.dumps(tid)), _kv("mlflow.spanType", json.dumps(kind))]
        if kind in ("LLM", "CHAT_MODEL"):
            attrs += [_kv("mlflow.spanInputs", json.dumps({"messages": [
                          {"role": "system", "content": "You are a helpful support agent."},
                          {"role": "user", "content": question}], "model": "gpt-4o-mini", "temperature": 0.2})),
                      _kv("mlflow.spanOutputs", json.dumps({"choices": [{"message": {
                          "role": "assistant", "content": answer}}], "usage": {
                          "prompt_tokens": rng.randrange(50, 900), "completion_tokens": rng.randrange(10, 300)}}))]
        else:
            attrs += [_kv("mlflow.spanInputs", json.dumps({"query": question, "k": 5})),
                      _kv("mlflow.spanOutputs", json.dumps(
                          [{"id": f"doc-{rng.randrange(10**5)}", "score": round(rng.random(), 4)} for _ in range(3)]))]
        spans.append(Span(trace_id=trace_id, span_id=(i * 16 + 2 + k).to_bytes(8, "big"), parent_span_id=root_id,
                          name=name, kind=Span.SPAN_KIND_INTERNAL, start_time_unix_nano=s,
                          end_time_unix_nano=s + step - 2000, attributes=attrs,
                          status=Status(code=Status.STATUS_CODE_ERROR if child_error else Status.STATUS_CODE_OK,
                                        message="timeout" if child_error else "")))
    return spans


def encode_batch(first: int, count: int, salt: int) -> bytes:
    req = ExportTraceServiceRequest()
    rs = req.resource_spans.add()
    rs.resource.attributes.append(_kv("service.name", "support-agent"))
    ss = rs.scope_spans.add()
    ss.scope.name = "cairn-bench"
    for i in range(first, first + count):
        ss.spans.extend(trace_spans(i, salt))
    return req.SerializeToString()


# ---------------------------------------------------------------- ingest driver

def _client(port: int, headers: dict, batches: list[tuple[int, int]], salt: int, ready: Queue, go, out: Queue):
    """One client: encodes its batches (untimed), reports ready, waits for the start, sends them one by one."""
    try:
        bodies = [encode_batch(first, count, salt) for first, count in batches]
    except Exception as e:  # pragma: no cover
        ready.put(("error", repr(e)))
        return
    ready.put(("ready", sum(len(b) for b in bodies)))
    go.wait()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    lat, t0, c0, err, retried = [], time.perf_counter(), time.process_time(), None, 0
    try:
        for b in bodies:
            s = time.perf_counter()
            for attempt in range(RETRIES + 1):
                conn.request("POST", "/v1/traces", b, headers)
                r = conn.getresponse()
                data = r.read()
                if r.status == 200:
                    break
                if r.status in (429, 503) and attempt < RETRIES:
                    # MLflow's server answers 503 TEMPORARILY_UNAVAILABLE when SQLite is locked by another
                    # writer; MLflow's client retries such answers (with a far longer backoff): sent again.
                    retried += 1
                    time.sleep(min(2.0, 0.05 * 2 ** attempt))
                    continue
                raise RuntimeError(f"/v1/traces: HTTP {r.status} {data[:300]!r}")
            lat.append(time.perf_counter() - s)
    except Exception as e:
        err = f"{type(e).__name__}: {e}"
    out.put((time.perf_counter() - t0, lat, time.process_time() - c0, err, retried))


def ingest(port: int, experiment_id: str, n: int, batch: int, clients: int, salt: int) -> dict:
    headers = {"Content-Type": "application/x-protobuf", "x-mlflow-experiment-id": experiment_id}
    all_batches = [(first, min(batch, n - first)) for first in range(0, n, batch)]
    per_client = [all_batches[c::clients] for c in range(clients)]
    ready, out, go = Queue(), Queue(), Event()
    procs = [Process(target=_client, args=(port, headers, b, salt, ready, go, out)) for b in per_client]
    for p in procs:
        p.start()
    te = time.monotonic()
    states = [ready.get() for _ in procs]
    if any(s[0] == "error" for s in states):
        go.set()
        raise RuntimeError(f"encoding failed: {states}")
    encode_s, body_bytes = time.monotonic() - te, sum(s[1] for s in states)
    go.set()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    errors = [r[3] for r in results if r[3]]
    if errors:
        raise RuntimeError(f"{len(errors)} of {clients} clients failed: {errors[0][:300]}")
    wall = max(r[0] for r in results)
    lat = [x for r in results for x in r[1]]
    return {"traces": n, "wall_s": wall, "traces_per_s": n / wall, "spans_per_s": n * SPANS_PER_TRACE / wall,
            "request_p50_ms": pct(lat, 50) * 1000, "request_p99_ms": pct(lat, 99) * 1000,
            "driver_cpu_cores": sum(r[2] for r in results) / wall, "body_mb": body_bytes / 1e6,
            "encode_s": encode_s, "retried": sum(r[4] for r in results)}


# ---------------------------------------------------------------- search

def queries(experiment_id: str) -> dict[str, dict]:
    loc = [{"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": experiment_id}}]
    return {
        "newest first": {"locations": loc, "max_results": 100},
        "tag filter": {"locations": loc, "max_results": 100,
                       "filter": "tags.env = 'prod' AND tags.variant = 'c'"},
        "status, by execution time": {"locations": loc, "max_results": 100,
                                      "filter": "trace.status = 'ERROR'",
                                      "order_by": ["execution_time_ms DESC"]},
    }


def search(port: int, experiment_id: str, n_queries: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    out = {}
    for name, q in queries(experiment_id).items():
        body = json.dumps(q).encode()

        def once():
            conn.request("POST", "/api/3.0/mlflow/traces/search", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            data = r.read()
            if r.status != 200:
                raise RuntimeError(f"traces/search {name}: HTTP {r.status} {data[:300]!r}")
            return _loads(data)

        first = once()  # untimed, as are the next two (warm-up)
        once(), once()
        lat = []
        for _ in range(n_queries):
            s = time.perf_counter()
            once()
            lat.append(time.perf_counter() - s)
        traces = first.get("traces", [])
        out[name] = {"p50_ms": pct(lat, 50) * 1000, "p99_ms": pct(lat, 99) * 1000, "returned": len(traces),
                     "more": bool(first.get("next_page_token")),
                     "top": [t.get("trace_id", "")[-8:] for t in traces[:3]],
                     "ids": [t.get("trace_id") for t in traces]}
    return out


def index_of(trace_id: str) -> int:
    """A trace id's generator index (the low 64 bits of the OTel trace id)."""
    return int(trace_id[-16:], 16)


def expected(n: int) -> dict[str, list[int]]:
    """The first 100 indices each query must return (from the generator's facts)."""
    facts = [trace_facts(i) for i in range(n)]
    newest = sorted(range(n), key=lambda i: -facts[i]["start_ns"])[:100]
    tag = sorted((i for i in range(n) if facts[i]["env"] == "prod" and facts[i]["variant"] == "c"),
                 key=lambda i: -facts[i]["start_ns"])[:100]
    status = sorted((i for i in range(n) if facts[i]["error"]), key=lambda i: -facts[i]["duration_ms"])[:100]
    return {"newest first": newest, "tag filter": tag, "status, by execution time": status}


# ---------------------------------------------------------------- one measurement

def measure(kind: str, n: int, cfg, root: Path, salt: int) -> dict:
    work = root / f"{kind}-{n}-{salt}"
    work.mkdir()
    uptime = os.getloadavg()
    server = Server(kind, work, f"sqlite:///{work / 'store'}.db")
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
        conn.request("POST", API + "/experiments/create", json.dumps({"name": f"traces-{salt}"}).encode(),
                     {"Content-Type": "application/json"})
        r = conn.getresponse()
        exp = _loads(r.read())["experiment_id"]
        cpu0 = server.cpu_s()
        ing = ingest(server.port, exp, n, cfg.batch, cfg.clients, salt)
        ing["server_cpu_s_per_1k_traces"] = (server.cpu_s() - cpu0) / n * 1000
        time.sleep(cfg.settle)
        srch = search(server.port, exp, cfg.queries)
        want = expected(n)
        for name, res in srch.items():
            res["correct"] = [index_of(t) for t in res.pop("ids")] == want[name]
        return {"kind": kind, "n": n, "load_start": uptime, "load_end": os.getloadavg(), "ingest": ing,
                "search": srch, "cold_start_s": server.cold_start_s}
    finally:
        server.stop()


# ---------------------------------------------------------------- report

def med(rows: list[dict], *path) -> float:
    vals = []
    for r in rows:
        v = r
        for p in path:
            v = v[p]
        vals.append(v)
    return statistics.median(vals)


def cell(rows: list[dict], *path, fmt="{:,.0f}") -> str:
    if not rows:
        return "—"
    vals = []
    for r in rows:
        v = r
        for p in path:
            v = v[p]
        vals.append(v)
    m = statistics.median(vals)
    return fmt.format(m) + (f" ({fmt.format(min(vals))}–{fmt.format(max(vals))})" if len(vals) > 1 else "")


def report(results: list[dict], cfg, started: str, load_before, load_after) -> str:
    small, big = cfg.mlflow_traces, cfg.traces
    by = lambda kind, n: [r for r in results if r["kind"] == kind and r["n"] == n]  # noqa: E731
    mlf, cs, cb = by("mlflow", small), by("cairn", small), by("cairn", big)
    cols = [(f"MLflow, {small:,} traces", mlf), (f"Cairn, {small:,} traces", cs)]
    if big != small:
        cols.append((f"Cairn, {big:,} traces", cb))
    L = [f"# GenAI traces: OTLP ingest and search_traces, Cairn vs MLflow ({started[:10]})", "",
         f"Run {started} UTC by `bench/traces.py` on {platform.node()} ({os.cpu_count()} cores, "
         f"{platform.python_version()} driver). Both servers on SQLite, fresh database each, started as "
         f"`bench/bench.py` starts them (MLflow: `mlflow server`, Cairn: `bin/cairn server`, same flags).", "",
         f"Each trace: {SPANS_PER_TRACE} spans (root + 9 children, `mlflow.spanType`, JSON "
         "`mlflow.spanInputs`/`spanOutputs`, 3 `mlflow.traceTag.*` on the root; 1 in 10 traces ERROR). Ingest: OTLP "
         f"protobuf `ExportTraceServiceRequest`, {cfg.batch} traces ({cfg.batch * SPANS_PER_TRACE} spans) per "
         f"request, {cfg.clients} concurrent clients, `POST /v1/traces` with `x-mlflow-experiment-id`. Search: "
         f"`POST /api/3.0/mlflow/traces/search`, max_results 100, {cfg.queries} timed calls per shape after three "
         f"untimed. Repeats: {cfg.repeats} (servers interleaved; cells: median (min–max) when more than one).", "",
         "| | " + " | ".join(c[0] for c in cols) + " |", "|---|" + "---|" * len(cols)]

    def row(label, *path, fmt="{:,.0f}"):
        L.append(f"| {label} | " + " | ".join(cell(c[1], *path, fmt=fmt) for c in cols) + " |")

    row("ingest traces/s", "ingest", "traces_per_s")
    row("ingest spans/s", "ingest", "spans_per_s")
    row("ingest wall s", "ingest", "wall_s", fmt="{:,.1f}")
    row("request p50 ms (1 request = 100 traces)", "ingest", "request_p50_ms")
    row("request p99 ms", "ingest", "request_p99_ms")
    row("ingest requests answered 503/429 and sent again", "ingest", "retried")
    row("server CPU s per 1,000 traces", "ingest", "server_cpu_s_per_1k_traces", fmt="{:,.2f}")
    row("driver CPU (cores) during ingest", "ingest", "driver_cpu_cores", fmt="{:,.2f}")
    for q in queries("0"):
        row(f"search `{q}` p50 ms", "search", q, "p50_ms", fmt="{:,.1f}")
        row(f"search `{q}` p99 ms", "search", q, "p99_ms", fmt="{:,.1f}")
    L += ["", "## Ratios (Cairn / MLflow at the same size; above 1 means Cairn is better)", ""]
    verdicts = []
    if mlf and cs:
        ir = med(cs, "ingest", "traces_per_s") / med(mlf, "ingest", "traces_per_s")
        L.append(f"- ingest traces/s at {small:,} traces: **{ir:,.1f}×**")
        verdicts.append(("ingest ≥ 10×", ir >= 10))
        for q in queries("0"):
            sr = med(mlf, "search", q, "p50_ms") / med(cs, "search", q, "p50_ms")
            L.append(f"- search `{q}` p50 at {small:,} traces: **{sr:,.1f}×**")
            verdicts.append((f"search `{q}` p50 ≥ 10×", sr >= 10))
        if cb and big != small:
            ir2 = med(cb, "ingest", "traces_per_s") / med(mlf, "ingest", "traces_per_s")
            L.append(f"- Cairn's ingest at {big:,} traces against MLflow's at {small:,}: {ir2:,.1f}×")
            for q in queries("0"):
                sr2 = med(mlf, "search", q, "p50_ms") / med(cb, "search", q, "p50_ms")
                L.append(f"- Cairn's search `{q}` p50 over {big:,} traces against MLflow's over {small:,}: "
                         f"{sr2:,.1f}×")
    L += ["", "Targets (issue: ≥ 10× MLflow on ingest and on search p50):", ""]
    L += [f"- {name}: **{'met' if ok else 'NOT met'}**" for name, ok in verdicts]
    L += ["", "## Correctness samples", "",
          "Each shape's first page checked against the generator (which traces, in which order); the first ids "
          "(last 8 hex digits) as returned:", "", "| server, size | shape | returned | more pages | top 3 | as "
          "expected |", "|---|---|---|---|---|---|"]
    for r in results:
        for q, s in r["search"].items():
            L.append(f"| {r['kind']}, {r['n']:,} | {q} | {s['returned']} | {s['more']} | "
                     f"{' '.join(s['top'])} | {'yes' if s['correct'] else 'NO'} |")
    L += ["", "## Machine load", "",
          f"Load average (1, 5, 15 min) before the run: {load_before[0]:.2f}, {load_before[1]:.2f}, "
          f"{load_before[2]:.2f}; after: {load_after[0]:.2f}, {load_after[1]:.2f}, {load_after[2]:.2f}.", "",
          "| server, size | load at its start | at its end | cold start s | encode s (untimed) | bodies MB |",
          "|---|---|---|---|---|---|"]
    for r in results:
        L.append(f"| {r['kind']}, {r['n']:,} | {r['load_start'][0]:.2f} | {r['load_end'][0]:.2f} | "
                 f"{r['cold_start_s']:.1f} | {r['ingest']['encode_s']:.1f} | {r['ingest']['body_mb']:.0f} |")
    L += ["", "## Reproduce", "", "```bash", "bin/cairn --build-only",
          f"~/.cache/cairn/venv-mlflow3/bin/python bench/traces.py --traces {big} --mlflow-traces {small} "
          f"--repeats {cfg.repeats} --queries {cfg.queries} --batch {cfg.batch} --clients {cfg.clients}", "```", ""]
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--traces", type=int, default=100_000, help="Cairn's full size (the issue's 100,000)")
    ap.add_argument("--mlflow-traces", type=int, default=5_000,
                    help="the size both servers are measured at (MLflow's server is slow to ingest)")
    ap.add_argument("--batch", type=int, default=100, help="traces per OTLP request")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--queries", type=int, default=20, help="timed calls per search shape")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--settle", type=float, default=1.0, help="seconds between ingest and search")
    ap.add_argument("--out", default=None, help="report path (default bench/results/<date>-traces.md)")
    cfg = ap.parse_args()
    if max(cfg.traces, cfg.mlflow_traces) >= DURATION_PRIME:
        ap.error(f"at most {DURATION_PRIME - 1} traces (distinct durations)")
    subprocess.run([str(REPO / "bin" / "cairn"), "--build-only"], check=True)
    started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    load_before = os.getloadavg()
    results, salt = [], int(time.time())
    with tempfile.TemporaryDirectory(prefix="cairn-traces-") as tmp:
        root = Path(tmp)
        for rep in range(cfg.repeats):
            plan = [("mlflow", cfg.mlflow_traces), ("cairn", cfg.mlflow_traces)]
            if cfg.traces != cfg.mlflow_traces:
                plan.append(("cairn", cfg.traces))
            for kind, n in plan:
                salt += 1
                print(f"[repeat {rep + 1}] {kind}, {n:,} traces ...", file=sys.stderr, flush=True)
                r = measure(kind, n, cfg, root, salt)
                print(json.dumps({k: v for k, v in r.items()}, default=str), file=sys.stderr, flush=True)
                results.append(r)
    text = report(results, cfg, started, load_before, os.getloadavg())
    out = Path(cfg.out) if cfg.out else HERE / "results" / f"{started[:10]}-traces.md"
    out.write_text(text)
    print(text)
    print(f"-> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
