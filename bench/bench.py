"""Cairn side by side with MLflow's own tracking server and with the peers that speak the same REST API
(FastTrackML, mlflow-go-backend), on loopback: same backend type, same data, same HTTP client. Each workload runs
against every server in one invocation, the servers interleaved repeat by repeat; the report gives the ratios against
MLflow and against the best of the others.

Usage (see README.md): bench/run.sh [--smoke] [--only P1,P3] [--repeats N] [--search-runs N]
                                     [--servers mlflow,cairn,fasttrackml,mlflow-go]
                                     [--database sqlite|postgresql|mysql] [--auth [--auth-modes off,on,cache]]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import http.client
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zlib
from multiprocessing import Process, Queue
from pathlib import Path

try:  # the driver's JSON parser: orjson when installed (bench/run.sh installs it), else the standard library's
    import orjson

    _loads, JSON_PARSER = orjson.loads, f"orjson {orjson.__version__}"
except ImportError:  # pragma: no cover
    _loads, JSON_PARSER = json.loads, "json (standard library)"

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
API = "/api/2.0/mlflow"


# ---------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Database:
    """Where the servers store: SQLite files, or fresh databases on one shared PostgreSQL or MariaDB server
    (compat/database.sh: the test suite's embedded servers). `uri(name)` names a database; `copy(seed, name)` makes
    an identical copy of the seeded one for each measured server."""

    def __init__(self, kind: str, workroot: Path):
        self.kind, self.workroot, self.proc = kind, workroot, None
        if kind != "sqlite":
            self.proc = subprocess.Popen(["bash", str(REPO / "compat" / "database.sh"), kind], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True)
            self.admin = self.proc.stdout.readline().strip()
            if not self.admin:
                raise RuntimeError(f"the {kind} server did not start")

    def uri(self, name: str, kind: str = "mlflow") -> str:
        """The URI `kind` of server takes for database `name` (FastTrackML: Go's URL forms)."""
        if self.kind == "sqlite":
            return f"sqlite://{self.workroot / name}.db" if kind == "fasttrackml" else \
                f"sqlite:///{self.workroot / name}.db"
        if kind == "fasttrackml":
            if self.kind != "postgresql":
                raise RuntimeError(f"FastTrackML does not speak {self.kind}")
            return f"postgres://{self.admin.split('://', 1)[1].rsplit('/', 1)[0]}/{name}?sslmode=disable"
        scheme = "postgresql+psycopg2" if self.kind == "postgresql" else "mysql+pymysql"
        return f"{scheme}://{self.admin.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"

    def _sql(self, *statements: str) -> None:
        sys.path.insert(0, str(REPO / "compat"))
        import conftest  # the suite's DB-API helper

        with conftest.connect(self.admin) as c, c.cursor() as cur:
            for s in statements:
                cur.execute(s)

    def create(self, name: str, kind: str = "mlflow") -> str:
        if self.kind != "sqlite":
            self._sql(f"CREATE DATABASE {name}")
        return self.uri(name, kind)

    def copy(self, seed: str, name: str, kind: str = "mlflow") -> str:
        if self.kind == "sqlite":
            shutil.copy(self.workroot / f"{seed}.db", self.workroot / f"{name}.db")
        elif self.kind == "postgresql":
            # The seeding server's sessions end a moment after it stops; a template must have none.
            for attempt in range(50):
                try:
                    self._sql(f"CREATE DATABASE {name} TEMPLATE {seed}")
                    break
                except Exception as e:
                    if "being accessed" not in str(e) or attempt == 49:
                        raise
                    time.sleep(0.2)
        else:
            self._sql(f"CREATE DATABASE {name}")
            tables = self._tables(seed)
            # Experiment 0 (Default) is an explicit 0 in an AUTO_INCREMENT column.
            self._sql("SET FOREIGN_KEY_CHECKS=0",
                      "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')",
                      *[f"CREATE TABLE {name}.`{t}` LIKE {seed}.`{t}`" for t in tables],
                      *[f"INSERT INTO {name}.`{t}` SELECT * FROM {seed}.`{t}`" for t in tables])
        return self.uri(name, kind)

    def _tables(self, db: str) -> list[str]:
        sys.path.insert(0, str(REPO / "compat"))
        import conftest

        with conftest.connect(self.admin) as c, c.cursor() as cur:
            cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (db,))
            return [r[0] for r in cur.fetchall()]

    def close(self) -> None:
        if self.proc:
            self.proc.stdin.close()
            self.proc.wait(timeout=60)


# The peers' executables, from bench/peers.sh (through bench/run.sh): "kind=path;kind=path".
PEERS = dict(x.split("=", 1) for x in os.environ.get("CAIRN_BENCH_PEERS", "").split(";") if "=" in x)
SERVER_KINDS = ("mlflow", "cairn", "fasttrackml", "mlflow-go")


def schema(kind: str) -> str:
    """Which seeded database a server kind opens: MLflow's schema (MLflow, Cairn, mlflow-go) or FastTrackML's own."""
    return "fml" if kind == "fasttrackml" else "mlflow"


class Server:
    """One server process on a fresh directory; `kind` is cairn, mlflow, fasttrackml or mlflow-go. With `auth_ini`
    (an MLflow basic-auth ini) it runs MLflow's basic-auth app: `--app-name basic-auth` with
    MLFLOW_AUTH_CONFIG_PATH, for both servers."""

    def __init__(self, kind: str, workdir: Path, db_uri: str, auth_ini: Path | None = None):
        self.kind, self.workdir, self.port = kind, workdir, free_port()
        art = workdir / "artifacts"
        art.mkdir(exist_ok=True)
        # MLflow's default deployment: the server proxies artifacts into --artifacts-destination (P5 uses it).
        common = ["--backend-store-uri", db_uri, "--artifacts-destination", str(art),
                  "--host", "127.0.0.1", "--port", str(self.port)]
        env = dict(os.environ)
        if kind == "mlflow":
            cmd = [str(Path(sys.executable).parent / "mlflow"), "server", *common]
        elif kind == "cairn":
            cmd = [str(REPO / "bin" / "cairn"), "server", *common]
        elif kind == "fasttrackml":
            cmd = [PEERS[kind], "server", "--database-uri", db_uri, "--default-artifact-root", str(art),
                   "--listen-address", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        elif kind == "mlflow-go":
            # The Go front end starts MLflow's own `mlflow server` behind it (for what it does not serve itself):
            # the venv's bin on PATH; its Go library copied as .so (bench/peers.sh).
            exe = Path(PEERS[kind])
            lib = next(exe.parent.parent.glob("lib/python3*/site-packages/mlflow_go_backend"))
            cmd = [str(exe), "server", *common]
            env.update(PATH=f"{exe.parent}:{env.get('PATH', '')}", MLFLOW_GO_LIBRARY_PATH=str(lib))
        else:
            raise ValueError(kind)
        if auth_ini is not None:
            cmd += ["--app-name", "basic-auth"]
            # MLflow's auth app (several uvicorn workers) wants one CSRF secret for all of them.
            env.update(MLFLOW_AUTH_CONFIG_PATH=str(auth_ini), MLFLOW_FLASK_SERVER_SECRET_KEY="cairn-bench-secret")
        self.log = open(workdir / f"{kind}.log", "wb")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, cwd=workdir, env=env,
                                     start_new_session=True)
        while not self.healthy():
            if self.proc.poll() is not None or time.monotonic() - t0 > 180:
                self.stop()
                raise RuntimeError(f"{kind} did not start: " + (workdir / f"{kind}.log").read_text()[-2000:])
            time.sleep(0.02)
        self.cold_start_s = time.monotonic() - t0

    def healthy(self) -> bool:
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            c.request("GET", "/health")
            return c.getresponse().status == 200
        except OSError:
            return False

    def _tree(self) -> list[int]:
        """The server's whole process tree: the descendants of every thread of every process (MLflow starts its
        workers from other threads than the main one), and any process left in the server's session (it is the
        leader of a new one), e.g. one whose parent has exited."""
        pids, seen = [self.proc.pid], set()
        while pids:
            pid = pids.pop()
            if pid in seen:
                continue
            seen.add(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    try:
                        pids.extend(int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split())
                    except OSError:
                        pass
            except OSError:
                pass
        for entry in os.listdir("/proc"):
            if entry.isdigit() and int(entry) not in seen:
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[3]) == self.proc.pid:  # field 6 of stat: the session id
                        seen.add(int(entry))
                except (OSError, IndexError, ValueError):
                    pass
        return sorted(seen)

    def memory_mb(self) -> tuple[float, float, int]:
        """(RSS, PSS, processes) of the server's whole process tree. PSS shares the pages the processes have in
        common among them (a forked worker's copy-on-write pages count once), RSS counts them in each."""
        rss = pss = n = 0
        for pid in self._tree():
            try:
                for line in open(f"/proc/{pid}/smaps_rollup"):
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
                n += 1
            except OSError:
                pass
        return rss / 1024, pss / 1024, n

    def rss_mb(self) -> float:
        """Resident memory of the server's whole process tree."""
        return self.memory_mb()[0]

    def cpu_s(self) -> float:
        """CPU time (user + system) the server's process tree has used so far: what a request costs the server,
        whatever else the shared machine runs meanwhile."""
        ticks = 0
        for pid in self._tree():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
            except (OSError, IndexError, ValueError):
                pass
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self):
        tree = self._tree() if self.proc.poll() is None else []
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        for pid in tree:  # what outlived the group (another process group in the session)
            if pid != self.proc.pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        self.log.close()


class Sampler(threading.Thread):
    """Samples a server's RSS and PSS (whole process tree) every 100 ms while a workload runs; keeps the peaks."""

    def __init__(self, server: Server):
        super().__init__(daemon=True)
        self.server, self.peak, self.peak_pss, self.running = server, 0.0, 0.0, True

    def run(self):
        while self.running:
            rss, pss, _ = self.server.memory_mb()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            time.sleep(0.1)

    def stop(self) -> float:
        self.running = False
        self.join()
        return self.peak


# ---------------------------------------------------------------- HTTP client (the same for both servers)

# Sent with every request of the driver: empty, or the HTTP Basic credentials of the bench user (--auth).
AUTH_HEADERS: dict[str, str] = {}


def basic(username: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


def call(conn: http.client.HTTPConnection, path: str, body: bytes | None = None, headers: dict | None = None):
    headers = AUTH_HEADERS if headers is None else headers
    if body is None:
        conn.request("GET", path, headers=headers)
    else:
        conn.request("POST", path, body, {"Content-Type": "application/json", **headers})
    r = conn.getresponse()
    data = r.read()
    if r.status != 200:
        raise RuntimeError(f"{path}: HTTP {r.status} {data[:300]!r}")
    if not data:
        return {}
    t = time.thread_time()
    out = _loads(data)
    PARSE_S[0] += time.thread_time() - t
    return out


# CPU seconds the driver has spent parsing answers (its own share of a read's time; P3 and P4 report it).
PARSE_S = [0.0]


def post(port: int, rpc: str, obj: dict):
    return call(http.client.HTTPConnection("127.0.0.1", port, timeout=600), API + rpc, json.dumps(obj).encode())


def new_runs(port: int, n: int) -> list[str]:
    exp = post(port, "/experiments/create", {"name": f"bench-{time.time_ns()}"})["experiment_id"]
    return [post(port, "/runs/create", {"experiment_id": exp, "start_time": 1})["run"]["info"]["run_id"]
            for _ in range(n)]


def _send_all(port: int, path: str, bodies, start_at: float, out: Queue, headers: dict, seconds: float | None):
    """Sends `bodies` (a list, or with `seconds` an endless iterator) one after another; with `seconds`, stops
    sending once that long has passed (the request in flight completes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    lat, dropped = [], 0
    while time.time() < start_at:
        time.sleep(0.001)
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        for b in bodies:
            s = time.perf_counter()
            for attempt in range(4):
                try:
                    call(conn, path, b, headers)
                    break
                except (http.client.RemoteDisconnected, ConnectionError):
                    # The server closed the connection without an answer (MLflow's uvicorn restarts a worker
                    # that misses its health pings on a loaded machine): counted, sent again on a new connection.
                    dropped += 1
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                    if attempt == 3:
                        raise
            lat.append(time.perf_counter() - s)
            if seconds is not None and s + lat[-1] - t0 >= seconds:
                break
    except Exception as e:  # the workload's error, not a hung driver
        out.put((time.perf_counter() - t0, lat, time.process_time() - c0, dropped, f"{type(e).__name__}: {e}"))
        return
    out.put((time.perf_counter() - t0, lat, time.process_time() - c0, dropped, None))


def drive(port: int, path: str, bodies_per_client: list, seconds: float | None = None):
    """Sends each client's pre-encoded bodies on its own keep-alive connection (one process per client, so the
    driver's own Python overhead is spread over cores); returns (wall seconds, all latencies, requests/s). Count
    based, requests/s is all requests over the slowest client's wall time; time based (`seconds`), it is the sum of
    each client's own rate (a client's last request may end after the others stopped)."""
    q: Queue = Queue()
    start_at = time.time() + 1.0
    procs = [Process(target=_send_all, args=(port, path, b, start_at, q, AUTH_HEADERS, seconds))
             for b in bodies_per_client]
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    errors = [r[4] for r in results if r[4]]
    if errors:
        raise RuntimeError(f"{len(errors)} of {len(results)} clients failed: {errors[0][:250]}")
    wall, lat = max(r[0] for r in results), [x for r in results for x in r[1]]
    rate = sum(len(r[1]) / r[0] for r in results) if seconds is not None else len(lat) / wall
    DRIVER_CPU_S[0] = sum(r[2] for r in results)
    DROPPED[0] = sum(r[3] for r in results)
    return wall, lat, rate


# The CPU seconds the clients of the last `drive` used (the driver's share of the machine during a workload), and
# how many of its requests the server dropped (closed the connection without an answer; sent again).
DRIVER_CPU_S, DROPPED = [0.0], [0]


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


# ---------------------------------------------------------------- workloads

def p1_log_batch(server: Server, cfg) -> dict:
    """4 clients, each its own run, log-batch of 1,000 metrics (10 keys x 100 steps) per request."""
    runs = new_runs(server.port, 4)
    bodies = [[json.dumps({"run_id": rid, "metrics": [
        {"key": f"m{k}", "value": random.random(), "timestamp": 1_700_000_000_000 + i, "step": i * 100 + s}
        for k in range(10) for s in range(100)]}).encode() for i in range(cfg.p1_requests)] for rid in runs]
    sampler = Sampler(server)
    sampler.start()
    cpu = server.cpu_s()
    wall, _, _ = drive(server.port, API + "/runs/log-batch", bodies)
    cpu = server.cpu_s() - cpu
    peak = sampler.stop()
    points = 4 * cfg.p1_requests * 1000
    return {"points_per_s": points / wall, "peak_rss_mb": peak, "peak_pss_mb": sampler.peak_pss,
            "driver_cpu_cores": DRIVER_CPU_S[0] / wall, "server_cpu_cores": cpu / wall, "dropped": DROPPED[0]}


class _Steps:
    """Endless log-metric bodies of one run, step 0, 1, 2, ... (for a time-bounded P2): a body is the pre-encoded
    prefix and suffix around the step number, so building one costs next to nothing."""

    def __init__(self, run_id: str):
        self.head = ('{"run_id": "%s", "key": "loss", "value": 0.5, "timestamp": 1700000000000, "step": '
                     % run_id).encode()

    def __iter__(self):
        i = 0
        while True:
            yield self.head + str(i).encode() + b"}"
            i += 1


def p2_log_metric(server: Server, cfg) -> dict:
    """20 clients, single log-metric calls into 20 runs: `cfg.p2_requests` each, or with `cfg.p2_seconds` as many
    as they can send in that time."""
    runs = new_runs(server.port, 20)
    if cfg.p2_seconds:
        bodies = [_Steps(rid) for rid in runs]
    else:
        bodies = [[json.dumps({"run_id": rid, "key": "loss", "value": random.random(),
                               "timestamp": 1_700_000_000_000 + i, "step": i}).encode()
                   for i in range(cfg.p2_requests)] for rid in runs]
    cpu = server.cpu_s()
    wall, lat, rate = drive(server.port, API + "/runs/log-metric", bodies, cfg.p2_seconds)
    cpu = server.cpu_s() - cpu
    out = {"requests_per_s": rate, "p50_ms": pct(lat, 50) * 1000, "p99_ms": pct(lat, 99) * 1000,
           "requests": len(lat), "server_cpu_us_per_request": cpu / len(lat) * 1e6,
           "driver_cpu_cores": DRIVER_CPU_S[0] / wall, "driver_cpu_us_per_request": DRIVER_CPU_S[0] / len(lat) * 1e6,
           "dropped": DROPPED[0]}
    if getattr(cfg, "p2_single", 0):  # one client alone: the latency of one call, no queueing
        one = [[json.dumps({"run_id": runs[0], "key": "single", "value": 0.5, "timestamp": 1_700_000_000_000 + i,
                            "step": i}).encode() for i in range(cfg.p2_single)]]
        _, lat1, _ = drive(server.port, API + "/runs/log-metric", one)
        out.update(p50_1client_ms=pct(lat1, 50) * 1000, p99_1client_ms=pct(lat1, 99) * 1000,
                   driver_cpu_us_per_request_1client=DRIVER_CPU_S[0] / len(lat1) * 1e6)
    return out


P3_FILTER = "metrics.m1 > 0.5 and params.p1 = 'v3'"
P3_ORDER = ["metrics.m2 DESC"]


def populate_search(port: int, n_runs: int) -> None:
    """One experiment of n runs, each with 20 params, 20 metrics and 10 tags, through the API (8 threads)."""
    exp = post(port, "/experiments/create", {"name": "search-bench"})["experiment_id"]
    rng = random.Random(42)
    specs = []
    for i in range(n_runs):
        params = [{"key": f"p{k}", "value": f"v{rng.randrange(5)}"} for k in range(20)]
        metrics = [{"key": f"m{k}", "value": rng.random(), "timestamp": 1_700_000_000_000 + i, "step": 0}
                   for k in range(20)]
        tags = [{"key": f"t{k}", "value": f"tag-{rng.randrange(100)}"} for k in range(10)]
        specs.append((1_700_000_000_000 + i, params, metrics, tags))

    def work(chunk):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        for start, params, metrics, tags in chunk:
            rid = call(conn, API + "/runs/create", json.dumps(
                {"experiment_id": exp, "start_time": start}).encode())["run"]["info"]["run_id"]
            call(conn, API + "/runs/log-batch", json.dumps(
                {"run_id": rid, "params": params, "metrics": metrics, "tags": tags}).encode())
    threads = [threading.Thread(target=work, args=(specs[k::8],)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def p3_search(server: Server, cfg) -> dict:
    """runs/search over the populated experiment: metric+param filter, metric order, 1,000 results."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    exp = call(conn, API + "/experiments/get-by-name?experiment_name=search-bench")["experiment"]["experiment_id"]
    body = json.dumps({"experiment_ids": [exp], "filter": P3_FILTER, "order_by": P3_ORDER,
                       "max_results": 1000}).encode()
    lat, count, first = [], 0, None
    seconds = getattr(cfg, "p3_seconds", None)  # time-bounded: queries for that long, at least 3
    i, t0, cpu, c0, parse0 = 0, None, 0.0, 0.0, 0.0
    while (len(lat) < 3 or time.perf_counter() - t0 < seconds) if seconds else i < cfg.p3_queries + 2:
        s = time.perf_counter()
        res = call(conn, API + "/runs/search", body)
        if i >= 2:  # two warm-up queries
            lat.append(time.perf_counter() - s)
        elif i == 1:
            t0, cpu, c0, parse0 = time.perf_counter(), server.cpu_s(), time.process_time(), PARSE_S[0]
        i += 1
        runs = res.get("runs", [])
        count = len(runs)
        first = [next(m["value"] for m in r["data"]["metrics"] if m["key"] == "m2") for r in runs[:5]]
    cpu, driver, wall = server.cpu_s() - cpu, time.process_time() - c0, time.perf_counter() - t0
    return {"p50_ms": pct(lat, 50) * 1000, "p99_ms": pct(lat, 99) * 1000, "results": count,
            "top_m2": first, "queries": len(lat), "server_cpu_ms_per_query": cpu / len(lat) * 1000,
            "driver_share": driver / wall, "driver_parse_ms_per_query": (PARSE_S[0] - parse0) / len(lat) * 1000}


HISTORY_POINTS = 1_000_000


def populate_history(port: int, points: int) -> None:
    """One run with one metric of `points` steps (one point per step), logged in 1,000-point batches."""
    exp = post(port, "/experiments/create", {"name": "history-bench"})["experiment_id"]
    rid = post(port, "/runs/create", {"experiment_id": exp, "run_name": "long", "start_time": 1})["run"]["info"]["run_id"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    for start in range(0, points, 1000):
        call(conn, API + "/runs/log-batch", json.dumps({"run_id": rid, "metrics": [
            {"key": "loss", "value": 1.0 / (s + 1), "timestamp": 1_700_000_000_000 + s, "step": s}
            for s in range(start, min(points, start + 1000))]}).encode())


def p4_history(server: Server, cfg) -> dict:
    """The long series: full read through get-history pages of 25,000 (as the Python client pages) and one
    get-history-bulk-interval sampled read (the UI chart's call, 1,000 steps)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    runs = call(conn, API + "/runs/search", json.dumps({"experiment_ids": [call(
        conn, API + "/experiments/get-by-name?experiment_name=history-bench")["experiment"]["experiment_id"]],
        "max_results": 1}).encode())["runs"]
    rid = runs[0]["info"]["run_id"]
    t0, n, token, pages, c0, parse0 = time.perf_counter(), 0, None, 0, time.process_time(), PARSE_S[0]
    last = None
    while True:
        page = call(conn, f"{API}/metrics/get-history?run_id={rid}&metric_key=loss&max_results=25000"
                    + (f"&page_token={token}" if token else ""))
        pages += 1
        n += len(page.get("metrics", []))
        last = page.get("metrics", [last])[-1] if page.get("metrics") else last
        token = page.get("next_page_token")
        if not token:
            break
    full = time.perf_counter() - t0
    out = {"points_per_s": n / full, "points": n, "pages": pages, "full_read_s": full,
           "driver_share": (time.process_time() - c0) / full, "driver_parse_share": (PARSE_S[0] - parse0) / full,
           "last_step": last and int(last.get("step"))}
    lat, sampled = [], None
    try:
        for _ in range(getattr(cfg, "p4_sampled_queries", None) or cfg.p3_queries):
            s = time.perf_counter()
            sampled = call(conn, f"{API}/metrics/get-history-bulk-interval?run_ids={rid}&metric_key=loss"
                           "&max_results=1000")
            lat.append(time.perf_counter() - s)
    except Exception as e:  # a server without the call: the full read still counts, the sampled one is an error
        out["sampled_error"] = str(e)[:300]
    if lat:
        out.update(sampled_ms=pct(lat, 50) * 1000, sampled_points=len(sampled.get("metrics", [])))
    return out


def _generated(size: int, crc: list[int]):
    """Deterministic bytes in 1 MiB chunks; crc[0] accumulates their CRC-32 as they are sent."""
    block = bytes(random.Random(5).getrandbits(8) for _ in range(1 << 16)) * 16
    sent = 0
    while sent < size:
        chunk = block if size - sent >= len(block) else block[: size - sent]
        crc[0] = zlib.crc32(chunk, crc[0])
        sent += len(chunk)
        yield chunk


def p5_artifact(server: Server, cfg) -> dict:
    """One large file up and down through the artifact proxy (PUT/GET /api/2.0/mlflow-artifacts/artifacts/...),
    streamed from and to memory by the same client; the server's RSS growth (peak minus before) over both."""
    size = cfg.artifact_mb * 1024 * 1024
    path = f"/api/2.0/mlflow-artifacts/artifacts/bench/{uuid.uuid4().hex}/big.bin"
    before = server.rss_mb()
    sampler = Sampler(server)
    sampler.start()
    try:
        crc_up = [0]
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=3600, blocksize=1 << 20)
        t0 = time.perf_counter()
        conn.request("PUT", path, body=_generated(size, crc_up),
                     headers={"Content-Length": str(size), "Content-Type": "application/octet-stream"})
        resp = conn.getresponse()
        resp.read()
        up = time.perf_counter() - t0
        if resp.status != 200:
            raise RuntimeError(f"upload answered {resp.status}")
        crc_down, n = 0, 0
        t1 = time.perf_counter()
        conn.request("GET", path)
        resp = conn.getresponse()
        if resp.status != 200:
            raise RuntimeError(f"download answered {resp.status}")
        while chunk := resp.read(1 << 20):
            crc_down = zlib.crc32(chunk, crc_down)
            n += len(chunk)
        down = time.perf_counter() - t1
    finally:
        peak = sampler.stop()
    if n != size or crc_down != crc_up[0]:
        raise RuntimeError(f"downloaded {n} bytes, crc {crc_down} != {crc_up[0]}")
    return {"up_mb_s": size / 1e6 / up, "down_mb_s": size / 1e6 / down, "rss_growth_mb": peak - before}


def p6b_big_bodies(server: Server, cfg) -> dict:
    """`cfg.big_clients` clients at once each POST one `cfg.big_mb` MB JSON body (`runs/set-tag` with a value that
    long, within Cairn's 64 MB body limit), streamed by the client; the server's peak RSS (whole process tree) and
    what each client got back (200, or 503 when the server's body budget made it wait too long)."""
    run_id = new_runs(server.port, 1)[0]
    size = cfg.big_mb * 1024 * 1024
    head = ('{"run_id": "%s", "key": "big", "value": "' % run_id).encode()
    tail = b'"}'
    block = b"x" * (1 << 20)

    def body():
        yield head
        left = size - len(head) - len(tail)
        while left > 0:
            n = min(left, len(block))
            yield block if n == len(block) else block[:n]
            left -= n
        yield tail

    outcomes: list[str] = []
    barrier = threading.Barrier(cfg.big_clients)

    def client():
        barrier.wait()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=900, blocksize=1 << 20)
            conn.request("POST", "/api/2.0/mlflow/runs/set-tag", body=body(),
                         headers={"Content-Type": "application/json", "Content-Length": str(size)})
            resp = conn.getresponse()
            resp.read()
            outcomes.append(str(resp.status))
        except Exception as e:  # a refused or reset connection is an outcome too
            outcomes.append(type(e).__name__)

    before = server.rss_mb()
    sampler = Sampler(server)
    sampler.start()
    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(cfg.big_clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    peak = sampler.stop()
    counts: dict = {}
    for k in outcomes:
        counts[k] = counts.get(k, 0) + 1
    time.sleep(2.0)
    return {"peak_rss_mb": peak, "rss_before_mb": before, "rss_after_mb": server.rss_mb(), "wall_s": wall,
            "answered_200": counts.get("200", 0), "outcomes": counts}


WORKLOADS = {
    "P1": ("log-batch ingest, 1,000 metrics/request, 4 clients", p1_log_batch, "points_per_s", True),
    "P2": ("single log-metric, 20 clients", p2_log_metric, "requests_per_s", True),
    "P3": ("runs/search, metric+param filter, metric order, 1,000 results", p3_search, "p50_ms", False),
    "P4": ("metric history of a 1,000,000-point series, full paged read", p4_history, "points_per_s", True),
    "P5": ("artifact through the proxy (2 GiB), upload", p5_artifact, "up_mb_s", True),
    "P6B": ("peak RSS under concurrent large JSON bodies (100 x 60 MB)", p6b_big_bodies, "peak_rss_mb", False),
}


# ---------------------------------------------------------------- orchestration

def load_average() -> list[float]:
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def measure_all(kinds: list[str], cfg, database: Database, seeded: set, names: list[str], workroot: Path) -> dict:
    """Every server kind in turn within each repeat (A, B, C, D, A, B, ...): the drift of the shared machine falls
    on all of them alike. A server that does not start, or fails a workload, is reported with its error."""
    out = {kind: {**{n: [] for n in names}, "cold_start_s": [], "idle_rss_mb": [], "idle_pss_mb": [],
                  "idle_processes": [], "load": []} for kind in kinds}
    for rep in range(cfg.repeats):
        for kind in kinds:
            print(f"measuring {kind}, repeat {rep + 1} ...", file=sys.stderr)
            cell = out[kind]
            cell["load"].append(load_average())
            work = Path(tempfile.mkdtemp(prefix=f"{kind}-{rep}-", dir=workroot))
            name = f"{kind.replace('-', '_')}_{rep}"
            try:
                seed = f"seed_{schema(kind)}"
                db = database.copy(seed, name, kind) if schema(kind) in seeded else database.create(name, kind)
                server = Server(kind, work, db)
            except Exception as e:
                for n in names:
                    cell[n].append({"error": f"server: {str(e)[:300]}"})
                continue
            try:
                cell["cold_start_s"].append(server.cold_start_s)
                time.sleep(1.0)
                rss, pss, procs = server.memory_mb()
                cell["idle_rss_mb"].append(rss)
                cell["idle_pss_mb"].append(pss)
                cell["idle_processes"].append(procs)
                # The untimed pass: the JIT for Cairn; for the others (no JIT) without P4, which takes minutes on
                # MLflow (the seeded files are fresh copies, in the page cache for every server alike).
                warm(server, cfg, [n for n in names if kind == "cairn" or n != "P4"])
                for n in names:
                    try:
                        out[kind][n].append(WORKLOADS[n][1](server, cfg))
                    except Exception as e:  # a failing cell is reported, the run goes on
                        out[kind][n].append({"error": str(e)[:300]})
            finally:
                server.stop()
    return out


# --auth: each server in three modes; the value is the ini's auth_cache_ttl_seconds (None: no auth app at all).
AUTH_MODES = {"off": None, "on": 0, "cache": 60}
BENCH_USER = "bench"


def write_auth_ini(work: Path, cache_ttl: int, admin_password: str) -> Path:
    """MLflow's basic-auth ini (its keys; Cairn reads the same file), the auth database in the scratch dir."""
    ini = work / "basic_auth.ini"
    ini.write_text("[mlflow]\n"
                   "default_permission = READ\n"
                   f"database_uri = sqlite:///{work / 'basic_auth.db'}\n"
                   "admin_username = admin\n"
                   f"admin_password = {admin_password}\n"
                   f"auth_cache_ttl_seconds = {cache_ttl}\n")
    return ini


def auth_setup(server: Server, admin_password: str, seeded: bool) -> list[str]:
    """As admin: creates the (non-admin) bench user and, for the seeded experiments, grants it MANAGE through
    MLflow's grant API (experiments the workloads create themselves are the bench user's: their creator gets
    MANAGE). From then on the driver sends the bench user's credentials. Returns notes for the report."""
    admin = basic("admin", admin_password)
    password = "bench-" + uuid.uuid4().hex[:12]
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    user = call(conn, API + "/users/create", json.dumps({"username": BENCH_USER, "password": password}).encode(),
                admin)["user"]
    notes = []
    if user.get("is_admin"):
        notes.append("the bench user came back as an admin")
    if seeded:
        for name in ("search-bench", "history-bench"):
            try:
                exp = call(conn, API + f"/experiments/get-by-name?experiment_name={name}", None, admin)
            except RuntimeError:
                continue  # not seeded in this run
            exp_id = exp["experiment"]["experiment_id"]
            try:
                call(conn, "/api/3.0/mlflow/users/permissions/grant", json.dumps(
                    {"username": BENCH_USER, "resource_type": "experiment", "resource_id": exp_id,
                     "permission": "MANAGE"}).encode(), admin)
            except RuntimeError as e:
                notes.append(f"grant MANAGE on {name} failed, the bench user reads it by default_permission "
                             f"READ: {str(e)[:200]}")
    AUTH_HEADERS.clear()
    AUTH_HEADERS.update(basic(BENCH_USER, password))
    return notes


def measure_auth(cfg, database: Database, seeded: bool, names: list[str], workroot: Path) -> dict:
    """Per repeat and server kind, one fresh server (and database copy) for each auth mode, all running at once;
    then `cfg.auth_rounds` rounds, each measuring every mode in turn (the order rotating from round to round), so
    that the machine's drift (other work on the shared cores) falls on all modes alike and each round gives paired
    figures. Every timed figure carries its repeat and round."""
    kinds, modes = cfg.servers.split(","), cfg.auth_modes.split(",")
    out = {k: {m: {**{n: [] for n in names}, "cold_start_s": [], "idle_rss_mb": [], "notes": []} for m in modes}
           for k in kinds}

    def fail(cell, e, **where):
        for n in names:
            cell[n].append({"error": str(e)[:300], **where})

    for rep in range(cfg.repeats):
        for kind in kinds:
            servers: dict[str, Server] = {}
            try:
                for mode in modes:
                    print(f"starting {kind}, auth {mode}, repeat {rep + 1} ...", file=sys.stderr)
                    cell = out[kind][mode]
                    work = Path(tempfile.mkdtemp(prefix=f"{kind}-{mode}-{rep}-", dir=workroot))
                    name = f"{kind}_{mode}_{rep}"
                    db = database.copy("seed", name) if seeded else database.create(name)
                    admin_password = uuid.uuid4().hex
                    ini = None if AUTH_MODES[mode] is None else write_auth_ini(work, AUTH_MODES[mode], admin_password)
                    try:
                        server = Server(kind, work, db, ini)
                    except Exception as e:
                        fail(cell, e, repeat=rep)
                        continue
                    servers[mode] = server
                    server.headers = {}
                    try:
                        cell["cold_start_s"].append(server.cold_start_s)
                        if ini is not None:
                            cell["notes"] += auth_setup(server, admin_password, seeded)
                        server.headers = dict(AUTH_HEADERS)
                        time.sleep(1.0)
                        cell["idle_rss_mb"].append(server.rss_mb())
                        if kind == "cairn":
                            # A long untimed pass (P2 for 4 times, P3 for twice the timed length): three JVMs
                            # side by side take a while to compile, and a round must not meet a warming server.
                            longer = argparse.Namespace(**{**vars(cfg), "p2_seconds": 4 * cfg.p2_seconds,
                                                           "p3_seconds": 2 * cfg.p3_seconds})
                            for n in names:
                                try:
                                    WORKLOADS[n][1](server, longer)
                                except Exception:
                                    pass  # the timed rounds report the failure
                        else:
                            warm(server, cfg, names)
                    except Exception as e:
                        fail(cell, e, repeat=rep)
                        server.stop()
                        del servers[mode]
                    finally:
                        AUTH_HEADERS.clear()
                for rnd in range(cfg.auth_rounds):
                    order = modes[rnd % len(modes):] + modes[:rnd % len(modes)]
                    print(f"measuring {kind}, repeat {rep + 1}, round {rnd + 1}: {', '.join(order)}", file=sys.stderr)
                    for mode in order:
                        if mode not in servers:
                            continue
                        AUTH_HEADERS.update(servers[mode].headers)
                        try:
                            for i, n in enumerate(names):
                                if i:  # lets the writes of P2 settle (SQLite's checkpoint) before P3 reads
                                    time.sleep(cfg.auth_settle)
                                try:
                                    r = WORKLOADS[n][1](servers[mode], cfg)
                                except Exception as e:
                                    r = {"error": str(e)[:300]}
                                out[kind][mode][n].append({**r, "repeat": rep, "round": rnd})
                        finally:
                            AUTH_HEADERS.clear()
                if cfg.auth_probe_seconds and "off" in servers and len(servers) > 1:
                    print(f"probing {kind}, repeat {rep + 1}: single calls alternating", file=sys.stderr)
                    try:
                        out[kind].setdefault("probe", []).append(
                            {**alternate(servers, cfg.auth_probe_seconds), "repeat": rep})
                    except Exception as e:
                        out[kind].setdefault("probe", []).append({"error": str(e)[:300], "repeat": rep})
            finally:
                for server in servers.values():
                    server.stop()
    return out


def alternate(servers: dict, seconds: float) -> dict:
    """One client, one `runs/log-metric` call at a time, to each mode's server in turn (off, cache, off, cache, ...,
    the no-cache mode left out: it costs a password hash a call) for `seconds`: the drift of the machine falls on
    both alike down to the single request. Per mode: the median latency and the server's CPU time per call; and the
    median of the cycles' differences (cache minus off), the cost of auth on one request."""
    modes = [m for m in servers if m != "on"]
    conns, bodies, cpu, lat = {}, {}, {}, {m: [] for m in modes}
    for m in modes:
        AUTH_HEADERS.clear()
        AUTH_HEADERS.update(servers[m].headers)
        try:
            rid = new_runs(servers[m].port, 1)[0]
        finally:
            AUTH_HEADERS.clear()
        conns[m] = http.client.HTTPConnection("127.0.0.1", servers[m].port, timeout=600)
        bodies[m] = iter(_Steps(rid))
        for _ in range(20):  # untimed: the connection and the credential cache
            call(conns[m], API + "/runs/log-metric", next(bodies[m]), servers[m].headers)
        cpu[m] = servers[m].cpu_s()
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for m in modes:
            body = next(bodies[m])
            s = time.perf_counter()
            call(conns[m], API + "/runs/log-metric", body, servers[m].headers)
            lat[m].append(time.perf_counter() - s)
    out = {m: {"p50_ms": pct(lat[m], 50) * 1000, "calls": len(lat[m]),
               "server_cpu_us_per_call": (servers[m].cpu_s() - cpu[m]) / len(lat[m]) * 1e6} for m in modes}
    for m in modes:
        if m != "off":
            diffs = [b - a for a, b in zip(lat["off"], lat[m])]
            out[m]["delta_us"] = pct(diffs, 50) * 1e6
    return out


def warm(server: Server, cfg, names: list[str]) -> None:
    """An untimed, small pass of every workload first (JIT warm-up for Cairn, import caches for MLflow)."""
    small = argparse.Namespace(**{**vars(cfg), "p1_requests": 2, "p2_requests": 5, "p3_queries": 2,
                                  "p2_single": min(getattr(cfg, "p2_single", 0), 20), "p4_sampled_queries": 2,
                                  "p2_seconds": cfg.p2_seconds and min(cfg.p2_seconds, 3.0), "p3_seconds": None,
                                  "artifact_mb": 256, "big_clients": 2, "big_mb": 8})
    for n in names:
        try:
            WORKLOADS[n][1](server, small)
        except Exception:
            pass  # the timed pass reports the failure


def seed_database(cfg, database: Database, workroot: Path, kind: str = "cairn", name: str = "seed") -> float:
    """Builds the search data once, through the API of a `kind` server, in the database `name`: for MLflow's schema
    through Cairn's (fast); MLflow, Cairn and mlflow-go then start on identical copies (SQLite: byte-identical
    files): same data, and a proof that the database is interchangeable. FastTrackML keeps its own schema: its seed
    is built through its own API from the same generator (same values). Returns the seconds it took."""
    work = workroot / name
    work.mkdir()
    server = Server(kind, work, database.create(name, kind))
    try:
        t0 = time.monotonic()
        if "P3" in cfg.only:
            populate_search(server.port, cfg.search_runs)
        if "P4" in cfg.only:
            populate_history(server.port, cfg.history_points)
        took = time.monotonic() - t0
        print(f"seeded {name} through {kind} in {took:.1f}s", file=sys.stderr)
        return took
    finally:
        server.stop()


def summary(values: list[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)



def command_line() -> str:
    """This run's command as it is typed in the repository (bench/bench.py ...), wherever it was started from."""
    return " ".join(["bench/bench.py", *sys.argv[1:]])

def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--only", default=None, help="default P1,P2,P3,P4 (with --auth: P2,P3)")
    ap.add_argument("--history-points", type=int, default=HISTORY_POINTS)
    ap.add_argument("--repeats", type=int, default=None, help="default 3 (with --auth: 2)")
    ap.add_argument("--search-runs", type=int, default=None, help="default 10,000 (with --auth: 2,000)")
    ap.add_argument("--servers", default=None,
                    help="default: mlflow,cairn,fasttrackml,mlflow-go (those that install; with --auth: mlflow,cairn)")
    ap.add_argument("--p1-requests", type=int, default=None, help="per client (default 25, smoke 5)")
    ap.add_argument("--p2-requests", type=int, default=None, help="per client (default 100, smoke 20)")
    ap.add_argument("--p2-single", type=int, default=200,
                    help="P2 also sends this many calls from one client alone (its p50; 0: none)")
    ap.add_argument("--p4-sampled-queries", type=int, default=None, help="default: --p3-queries")
    ap.add_argument("--artifact-mb", type=int, default=2048)
    ap.add_argument("--big-clients", type=int, default=100)
    ap.add_argument("--big-mb", type=int, default=60)
    ap.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql", "mysql"])
    ap.add_argument("--auth", action="store_true",
                    help="each server with auth off, on (no credential cache) and on with the cache; default "
                         "--only P2,P3, P2 time-bounded")
    ap.add_argument("--auth-modes", default="off,on,cache")
    ap.add_argument("--p2-seconds", type=float, default=None,
                    help="P2 clients send for this long instead of a fixed count (default with --auth: 3)")
    ap.add_argument("--p3-queries", type=int, default=None)
    ap.add_argument("--p3-seconds", type=float, default=None,
                    help="P3 queries for this long (at least 3) instead of a fixed count (default with --auth: 3)")
    ap.add_argument("--auth-rounds", type=int, default=3,
                    help="--auth: rounds over the modes per repeat, on the same servers")
    ap.add_argument("--auth-probe-seconds", type=float, default=8.0,
                    help="--auth: single log-metric calls alternating between the modes' servers for this long "
                         "(0: none)")
    ap.add_argument("--auth-settle", type=float, default=1.0,
                    help="--auth: seconds between one workload and the next on a server")
    cfg = ap.parse_args()
    # --auth runs every server three times per repeat, MLflow's no-cache mode at a few requests/s: sized so that
    # `bench/run.sh --auth` takes about a quarter of an hour on the 2 shared cores.
    cfg.only = cfg.only or ("P2,P3" if cfg.auth else "P1,P2,P3,P4")
    cfg.search_runs = cfg.search_runs or (2_000 if cfg.auth else 10_000)
    cfg.repeats = cfg.repeats or (2 if cfg.auth else 3)
    if cfg.auth and cfg.p2_seconds is None:
        cfg.p2_seconds = 3.0
    if cfg.auth and cfg.p3_seconds is None:
        cfg.p3_seconds = 3.0
    if set(cfg.auth_modes.split(",")) - set(AUTH_MODES):
        ap.error(f"--auth-modes: choose from {','.join(AUTH_MODES)}")
    p1, p2, p3 = cfg.p1_requests, cfg.p2_requests, cfg.p3_queries
    cfg.p1_requests, cfg.p2_requests, cfg.p3_queries = (5, 20, 5) if cfg.smoke else (25, 100, 20)
    cfg.p1_requests, cfg.p2_requests, cfg.p3_queries = p1 or cfg.p1_requests, p2 or cfg.p2_requests, \
        p3 or cfg.p3_queries
    if cfg.auth:
        cfg.p2_single = 0
    cfg.servers = cfg.servers or ("mlflow,cairn" if cfg.auth else ",".join(
        k for k in SERVER_KINDS if k in ("mlflow", "cairn") or k in PEERS))
    missing = [k for k in cfg.servers.split(",") if k not in ("mlflow", "cairn") and k not in PEERS]
    if cfg.smoke:
        cfg.search_runs, cfg.repeats = min(cfg.search_runs, 500), 1
        cfg.history_points = min(cfg.history_points, 50_000)
        cfg.artifact_mb = min(cfg.artifact_mb, 64)
    names = [n for n in cfg.only.split(",") if n in WORKLOADS]
    workroot = Path(tempfile.mkdtemp(prefix="cairn-bench-"))
    database = Database(cfg.database, workroot)
    cfg.load_start, cfg.started = load_average(), time.time()
    try:
        seeded = bool({"P3", "P4"} & set(names))
        results = {}
        if cfg.auth:
            if seeded:
                seed_database(cfg, database, workroot)
            results = measure_auth(cfg, database, seeded, names, workroot)
        else:
            kinds = [k for k in cfg.servers.split(",") if k not in missing]
            schemas, cfg.seed_s = set(), {}
            for s_ in dict.fromkeys(schema(k) for k in kinds) if seeded else []:
                kind = "cairn" if s_ == "mlflow" else "fasttrackml"
                try:
                    cfg.seed_s[kind] = seed_database(cfg, database, workroot, kind, f"seed_{s_}")
                    schemas.add(s_)
                except Exception as e:
                    print(f"seeding through {kind} failed: {e}", file=sys.stderr)
                    results.update({k: {"error": f"seeding failed: {str(e)[:300]}"} for k in kinds
                                    if schema(k) == s_})
            kinds = [k for k in kinds if k not in results]
            results.update(measure_all(kinds, cfg, database, schemas, names, workroot))
            results.update({k: {"error": "not installed (bench/peers.sh)"} for k in missing})
    finally:
        database.close()
    cfg.load_end, cfg.wall_s = load_average(), time.time() - cfg.started
    shutil.rmtree(workroot, ignore_errors=True)
    path = write_report(cfg, names, results)
    print(path)
    return 0


def write_report(cfg, names, results) -> Path:
    import report
    if cfg.auth:
        return report.write_auth(HERE / "results", cfg, names, results, summary, command_line())
    return report.write(HERE / "results", cfg, names, results, WORKLOADS, summary, command_line())


if __name__ == "__main__":
    sys.exit(main())
