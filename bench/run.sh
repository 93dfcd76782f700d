#!/usr/bin/env bash
# Benchmarks: Cairn and MLflow's own server side by side (see bench/README.md).
#   bench/run.sh [--smoke] [--only P1,P2,P3] [--repeats N] [--search-runs N] [--auth]
# Uses the compatibility suite's pinned mlflow venv (compat/requirements.txt) for MLflow's server and the driver.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="$(bash "$here/../compat/venv.sh" 3)"
"$here/../bin/cairn" --build-only
cd "$here/.."
exec "$python" "$here/bench.py" "$@"
