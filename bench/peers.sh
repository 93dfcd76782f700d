#!/usr/bin/env bash
# Installs the peer servers the benchmark compares Cairn with, each into its own venv under
# ${CAIRN_CACHE:-$HOME/.cache/cairn}, and prints one line per peer that installed: "<kind> <executable>".
#   bench/peers.sh fasttrackml,mlflow-go
# fasttrackml: the PyPI wheel carries FastTrackML's Go server, `fml`.
# mlflow-go:   mlflow-go-backend (MLflow's server with its store in Go). Its 0.2.2 Linux wheel ships the Go library
#              as libmlflow-go-backend.dylib (an ELF shared object); it is copied as .so next to it, where
#              MLFLOW_GO_LIBRARY_PATH points (bench.py sets it, and puts the venv's bin on PATH for the `mlflow
#              server` it starts behind the Go front end).
set -uo pipefail
cache="${CAIRN_CACHE:-$HOME/.cache/cairn}"
mkdir -p "$cache"

install() {  # venv, requirement
  local venv="$cache/$1" stamp="$cache/$1/.requirement"
  if ! { [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$2" ]; }; then
    echo "bench: installing $2 into $venv" >&2
    { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } >&2 &&
      "$venv/bin/python" -m pip install -q --disable-pip-version-check "$2" >&2 && echo "$2" > "$stamp"
  fi
}

for kind in ${1//,/ }; do
  case "$kind" in
    fasttrackml)
      install venv-fasttrackml "fasttrackml==0.6.0" && [ -x "$cache/venv-fasttrackml/bin/fml" ] &&
        echo "fasttrackml $cache/venv-fasttrackml/bin/fml" ;;
    mlflow-go)
      if install venv-mlflow-go "mlflow-go-backend==0.2.2"; then
        lib="$(ls -d "$cache"/venv-mlflow-go/lib/python3*/site-packages/mlflow_go_backend 2>/dev/null | head -1)"
        if [ -n "$lib" ] && [ ! -f "$lib/libmlflow-go-backend.so" ] && [ -f "$lib/libmlflow-go-backend.dylib" ]; then
          cp "$lib/libmlflow-go-backend.dylib" "$lib/libmlflow-go-backend.so"
        fi
        [ -n "$lib" ] && [ -f "$lib/libmlflow-go-backend.so" ] && echo "mlflow-go $cache/venv-mlflow-go/bin/mlflow-go"
      fi ;;
    *) echo "bench: no installer for '$kind'" >&2 ;;
  esac
done
exit 0
