#!/usr/bin/env bash
# Compatibility suite: the real mlflow clients (newest 3.x, then last 2.x) against a tracking server.
#   compat/run.sh [cairn|mlflow] [pytest args...]
# The server defaults to $COMPAT_SERVER, else mlflow. With `mlflow`, both client versions talk to the pinned 3.x
# `mlflow server` (the server Cairn replaces). Venvs live in ${CAIRN_CACHE:-$HOME/.cache/cairn} and are
# (re)installed when missing or when their requirements file changed. Exits non-zero if either run fails.
#   COMPAT_DATABASE=postgresql|mysql  servers store into a real PostgreSQL or MariaDB (compat/database.sh; a fresh
#                               database per server)
#   COMPAT_DATABASE=file        servers store into an MLflow file store folder (file:<dir>/mlruns)
#   COMPAT_CLIENTS="3"          the client versions to run (default "3 2")
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

server="${COMPAT_SERVER:-mlflow}"
if [ $# -gt 0 ] && { [ "$1" = cairn ] || [ "$1" = mlflow ]; }; then server="$1"; shift; fi
export COMPAT_SERVER="$server"

py3="$(bash "$here/venv.sh" 3)" && venv3="${py3%/bin/python}"
py2="$(bash "$here/venv.sh" 2)" && venv2="${py2%/bin/python}"
[ "$server" = mlflow ] && export COMPAT_MLFLOW_BIN="$venv3/bin/mlflow"

database="${COMPAT_DATABASE:-sqlite}"
case "$database" in
  sqlite) ;;
  # MLflow's file store (./mlruns): MLflow's own server refuses it unless allowed.
  file) export MLFLOW_ALLOW_FILE_STORE=true ;;
  postgresql|mysql)
    if [ -z "${COMPAT_DATABASE_URI:-}" ]; then
      coproc DB { exec bash "$here/database.sh" "$database"; }
      read -r COMPAT_DATABASE_URI <&"${DB[0]}" || { echo "compat: the test $database did not start" >&2; exit 1; }
      export COMPAT_DATABASE_URI
      db_pid="$DB_PID"
      # Closing its stdin stops the server.
      trap 'exec {DB[1]}>&-; wait "$db_pid" 2>/dev/null || true' EXIT
    fi
    echo "compat: servers store into $database at $COMPAT_DATABASE_URI" >&2 ;;
  *) echo "compat: unknown COMPAT_DATABASE '$database'" >&2; exit 2 ;;
esac

venvs=()
for v in ${COMPAT_CLIENTS:-3 2}; do
  case "$v" in 3) venvs+=("$venv3") ;; 2) venvs+=("$venv2") ;; *) echo "compat: unknown client '$v'" >&2; exit 2 ;; esac
done

status=0
for venv in "${venvs[@]}"; do
  version="$("$venv/bin/python" -c 'import mlflow; print(mlflow.__version__)')"
  echo "compat: mlflow $version client against the $server server" >&2
  (cd "$here" && "$venv/bin/python" -m pytest "$@") || status=1
done
exit "$status"
