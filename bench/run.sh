#!/usr/bin/env bash
# Benchmarks: Cairn and MLflow's own server side by side (see bench/README.md).
#   bench/run.sh [--smoke] [--only P1,P2,P3] [--repeats N] [--search-runs N] [--auth]
# Uses the compatibility suite's pinned mlflow venv (compat/requirements.txt) for MLflow's server and the driver,
# with bench/requirements.txt installed on top (its own stamp, so the compat venv's stamp is left alone).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="$(bash "$here/../compat/venv.sh" 3)"
stamp="$(dirname "$(dirname "$python")")/.bench-requirements.sha256"
want="$(cat "$here/../compat/requirements.txt" "$here/requirements.txt" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "bench: installing bench/requirements.txt" >&2
  "$python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
  echo "$want" > "$stamp"
fi
"$here/../bin/cairn" --build-only
cd "$here/.."
exec "$python" "$here/bench.py" "$@"
