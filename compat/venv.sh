#!/usr/bin/env bash
# Prepares the venv of one mlflow client and prints its python:  compat/venv.sh 3|2
# Venvs live in ${CAIRN_CACHE:-$HOME/.cache/cairn} and are (re)installed when missing or when their requirements
# file changed. Used by compat/run.sh and by the UI tests, which fill their server through the real client.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${CAIRN_CACHE:-$HOME/.cache/cairn}"
case "${1:-3}" in
  3) venv="$cache/venv-mlflow3" req="$here/requirements.txt" ;;
  2) venv="$cache/venv-mlflow2" req="$here/requirements-2x.txt" ;;
  *) echo "compat/venv.sh: unknown client '$1' (3 or 2)" >&2; exit 2 ;;
esac
mkdir -p "$cache"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"
if ! { [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }; then
  echo "compat: preparing $venv from $(basename "$req")" >&2
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req" >&2
  echo "$want" > "$stamp"
fi
echo "$venv/bin/python"
