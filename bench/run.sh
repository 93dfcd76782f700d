#!/usr/bin/env bash
# Benchmarks: Cairn and MLflow's own server side by side (see bench/README.md).
#   bench/run.sh [--smoke] [--only P1,P2,P3] [--repeats N] [--search-runs N]
# Uses the compatibility suite's pinned mlflow venv (compat/requirements.txt) for MLflow's server and the driver.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${CAIRN_CACHE:-$HOME/.cache/cairn}"
venv="$cache/venv-mlflow3"
req="$here/../compat/requirements.txt"
stamp="$venv/.requirements.sha256"
if ! [ -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$(sha256sum "$req" | cut -d' ' -f1)" ]; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
  sha256sum "$req" | cut -d' ' -f1 > "$stamp"
fi
"$here/../bin/cairn" --build-only
cd "$here/.."
exec "$venv/bin/python" "$here/bench.py" "$@"
