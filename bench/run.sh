#!/usr/bin/env bash
# Benchmarks: Cairn side by side with MLflow's own server and the peers that speak its API (see bench/README.md).
#   bench/run.sh [--smoke] [--only P1,P2,P3] [--repeats N] [--search-runs N] [--servers mlflow,cairn,fasttrackml,mlflow-go] [--auth]
# Uses the compatibility suite's pinned mlflow venv (compat/requirements.txt) for MLflow's server and the driver;
# the peers (FastTrackML, mlflow-go-backend) each get their own venv (bench/peers.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="$(bash "$here/../compat/venv.sh" 3)"
# The driver parses answers with orjson (a 1M-point history costs the standard library's json seconds).
"$python" -c 'import orjson' 2>/dev/null || "$python" -m pip install -q --disable-pip-version-check orjson==3.13.0 >&2
"$here/../bin/cairn" --build-only
# The peers asked for (--servers; by default all that install): "kind=executable;..." for bench.py.
servers="fasttrackml,mlflow-go"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --servers) servers="${args[i + 1]:-}" ;;
    --servers=*) servers="${args[i]#--servers=}" ;;
    --auth) [[ " ${args[*]} " == *" --servers"* ]] || servers="" ;;
  esac
done
peers=""
while read -r kind exe; do
  [ -n "$kind" ] && peers="$peers$kind=$exe;"
done < <(bash "$here/peers.sh" "$(tr ',' '\n' <<< "$servers" | grep -E '^(fasttrackml|mlflow-go)$' | paste -sd, -)")
export CAIRN_BENCH_PEERS="$peers"
cd "$here/.."
exec "$python" "$here/bench.py" "$@"
