"""One process logging 1,000,000 metric points into one run: the Java SDK's RestTracker
(client/examples/IngestBenchmark.java, a JVM of its own) beside the Python client's ``MlflowClient.log_batch`` loop
(1,000 points per call, the most a request may hold), against the same fresh Cairn server (SQLite), interleaved with
the server's P1 workload of bench.py (4 clients, each its own run, 1,000 metrics per log-batch request) sized to the
same number of points. Reports points/s, the ratio RestTracker / P1, the Java heap peak and the Python process's peak
RSS, and writes ``results/<date>-client-ingest.md``.

    bench/client_ingest.py [--points 1000000] [--repeats 1] [--xmx 256m]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from bench import REPO, Server, p1_log_batch

HERE = Path(__file__).resolve().parent

PY_LOOP = r"""
import json, os, resource, sys, time
from mlflow import MlflowClient
from mlflow.entities import Metric
points = int(sys.argv[1])
client = MlflowClient()
exp = client.create_experiment("python-ingest-" + str(time.time()))
run = client.create_run(exp, run_name="python-ingest").info.run_id
now = int(time.time() * 1000)
t0 = time.monotonic()
batch = []
for step in range(points // 10):
    for k in range(10):
        batch.append(Metric(f"m{k}", step * 0.001 + k, now, step))
    if len(batch) == 1000:
        client.log_batch(run, metrics=batch)
        batch = []
if batch:
    client.log_batch(run, metrics=batch)
client.set_terminated(run)
wall = time.monotonic() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"run_id": run, "points": points, "wall_s": wall, "points_per_s": points / wall,
                  "rss_peak_mb": rss}))
"""


def java_home() -> str:
    return subprocess.run(["bash", "-c", f"source {REPO}/bin/lib/jdk.sh && echo $JAVA_HOME"],
                          capture_output=True, text=True, check=True).stdout.strip()


def run_java(uri: str, points: int, xmx: str) -> dict:
    env = {**os.environ, "MLFLOW_TRACKING_URI": uri, "MLFLOW_EXPERIMENT_NAME": f"java-ingest-{time.time()}"}
    cmd = [f"{java_home()}/bin/java", f"-Xmx{xmx}", "-cp", str(REPO / "cli" / "target" / "cairn.jar"),
           str(REPO / "client" / "examples" / "IngestBenchmark.java"), str(points)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_python(uri: str, points: int) -> dict:
    env = {**os.environ, "MLFLOW_TRACKING_URI": uri}
    out = subprocess.run([os.sys.executable, "-c", PY_LOOP, str(points)], env=env, capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def count(uri: str, run_id: str) -> int:
    """The points stored for the run (all ten keys), read back through the API."""
    import mlflow

    client = mlflow.MlflowClient(tracking_uri=uri)
    return sum(len(client.get_metric_history(run_id, f"m{k}")) for k in range(10))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--xmx", default="256m")
    cfg = ap.parse_args()
    subprocess.run([str(REPO / "bin" / "cairn"), "--build-only"], check=True)
    rows = []
    for r in range(cfg.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            server = Server("cairn", Path(tmp), f"sqlite:///{tmp}/mlflow.db")
            uri = f"http://127.0.0.1:{server.port}"
            try:
                # P1 before and after the Java client, so both see the same server and database growth
                p1 = p1_log_batch(server, argparse.Namespace(p1_requests=cfg.points // 4000))
                java = run_java(uri, cfg.points, cfg.xmx)
                java["stored"] = count(uri, java["run_id"])
                p1_after = p1_log_batch(server, argparse.Namespace(p1_requests=cfg.points // 4000))
                python = run_python(uri, cfg.points)
                python["stored"] = count(uri, python["run_id"])
            finally:
                server.stop()
        p1_rate = (p1["points_per_s"] + p1_after["points_per_s"]) / 2
        rows.append((java, python, p1, p1_after, p1_rate))
        print(json.dumps({"repeat": r, "java": java, "python": python, "p1": p1, "p1_after": p1_after}))
    date = dt.date.today().isoformat()
    lines = [f"# Client ingest: one process logging {cfg.points:,} points into one run — {date}",
             f"Command: `bench/client_ingest.py --points {cfg.points} --repeats {cfg.repeats} --xmx {cfg.xmx}` "
             f"(Cairn server, SQLite, same machine)", "",
             f"P1: bench.py's log-batch workload, 4 clients x {cfg.points // 4000:,} requests x 1,000 metrics "
             f"({cfg.points // 4000 * 4000:,} points), run just before and just after the Java client on the same "
             "server; the ratio is RestTracker over the mean of the two.", "",
             "| repeat | P1 points/s (before / after) | Java RestTracker points/s | RestTracker / P1 "
             "| Java heap peak / max MB | stored | Python log_batch loop points/s | Python RSS peak MB | stored |",
             "|---|---|---|---|---|---|---|---|---|"]
    for i, (j, p, b, a, p1_rate) in enumerate(rows):
        lines.append(f"| {i} | {b['points_per_s']:,.0f} / {a['points_per_s']:,.0f} | {j['points_per_s']:,.0f} | "
                     f"{j['points_per_s'] / p1_rate:.2f} | {j['heap_peak_mb']:.0f} / {j['heap_max_mb']:.0f} | "
                     f"{j['stored']:,} | {p['points_per_s']:,.0f} | {p['rss_peak_mb']:.0f} | {p['stored']:,} |")
    out = HERE / "results" / f"{date}-client-ingest.md"
    out.write_text("\n".join(lines) + "\n")
    print(out)


if __name__ == "__main__":
    main()
