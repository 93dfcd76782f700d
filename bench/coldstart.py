"""Cold start and idle memory of server commands, launched in turn (A, B, A, B, ...) so that the drift of a shared
machine falls on all of them alike: the time from the launch to the first `/health` 200, and one second later the
RSS summed over the process tree (every process left in the launched session).

    python3 bench/coldstart.py 4 "before:/path/to/old/bin/cairn {ARGS}" "after:bin/cairn {ARGS}"

Each command is a shell command; {ARGS} becomes `server` with a fresh SQLite database, artifact directory and free
port ({DB}, {ART} and {PORT} are there on their own too). Prints the median and every figure per command, and the
load average at the end.
"""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_rss_mb(sid: int) -> float:
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[3]) != sid:
                    continue
            with open(f"/proc/{entry}/smaps_rollup") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Rss:"))
        except (OSError, IndexError, ValueError):
            pass
    return total / 1024


def once(command: str) -> tuple[float, float]:
    work = tempfile.mkdtemp(prefix="cairn-coldstart-")
    port = free_port()
    args = f"server --backend-store-uri sqlite:///{work}/db.sqlite --artifacts-destination {work}/artifacts " \
           f"--host 127.0.0.1 --port {port}"
    cmd = command.replace("{ARGS}", args).replace("{DB}", f"sqlite:///{work}/db.sqlite") \
        .replace("{ART}", f"{work}/artifacts").replace("{PORT}", str(port))
    log = open(f"{work}/log", "wb")
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, shell=True, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None:
                raise SystemExit(f"{cmd} exited: " + open(f"{work}/log").read()[-2000:])
            time.sleep(0.005)
        cold = time.monotonic() - t0
        time.sleep(1.0)
        return cold, session_rss_mb(proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    rounds, commands = int(sys.argv[1]), [a.split(":", 1) for a in sys.argv[2:]]
    results: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in commands}
    for _ in range(rounds):
        for label, command in commands:
            results[label].append(once(command))
    for label, values in results.items():
        cold, rss = [v[0] for v in values], [v[1] for v in values]
        print(f"{label}: cold start median {statistics.median(cold):.3f} s {[round(x, 3) for x in cold]}; "
              f"idle RSS median {statistics.median(rss):.1f} MB {[round(x) for x in rss]}")
    print("load average", open("/proc/loadavg").read().split()[:3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
