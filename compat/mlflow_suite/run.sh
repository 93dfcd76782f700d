#!/usr/bin/env bash
# MLflow's own REST-level tests against Cairn (and, for the baseline, against MLflow's own server).
#   compat/mlflow_suite/run.sh SOURCE [cairn|mlflow] [tracking|auth] [pytest args...]
# SOURCE is a fetched MLflow source tree (its tests/ folder is copied to a scratch folder, nothing into this
# repository). The tests run with the compatibility suite's pinned client (requirements.txt here); with `cairn`,
# the plugin cairn_server_swap.py replaces their in-process server by `cairn server`. Two selections:
#   tracking (the default)  tests/tracking/test_rest_tracking.py, test_model_registry.py, test_client_webhooks.py,
#                           tests/webhooks/test_e2e.py; lists known_failures.txt, mlflow_passed.txt, deviations.txt
#   auth                    MLflow's basic-auth app (tests/server/auth/: test_auth.py, test_client.py,
#                           test_client_rbac.py, test_client_workspace.py); Cairn runs as
#                           `cairn server --app-name basic-auth`; lists known_failures_auth.txt,
#                           mlflow_passed_auth.txt, deviations_auth.txt. The other files of tests/server/auth/ test
#                           MLflow's Python store, permissions and CLI in-process and never start a server.
# The selection's files are run unless pytest arguments name other tests; tests listed in its known failures (they
# fail against MLflow's own server too) are deselected. Junit XML lands in $MLFLOW_SUITE_OUT (default: a scratch
# folder) as SERVER.xml (tracking) or SERVER-auth.xml (auth). CAIRN_JAR names a built cairn.jar to run instead of
# building this checkout's (bin/cairn --build-only).
#
# The auth selection runs with MLFLOW_AUTH_ADMIN_PASSWORD set (both servers and the tests read it): the tests take
# the admin's password from MLflow's shipped basic_auth.ini, which held one in 3.11 (their version) and holds none in
# 3.17.2 (the client's), which also refuses 3.11's "password1234". auth_routes_shim.py gives three route constants
# that test_auth.py imports and 3.17.2 removed their 3.11 values (else the whole file fails to import).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source="${1:?usage: run.sh SOURCE [cairn|mlflow] [tracking|auth] [pytest args...]}"; shift
server="${1:-cairn}"; [ $# -gt 0 ] && shift
selection_name=tracking
case "${1:-}" in tracking|auth) selection_name="$1"; shift ;; esac

cache="${CAIRN_CACHE:-$HOME/.cache/cairn}"
venv="$cache/venv-mlflow-tests"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if ! { [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; }; then
  echo "mlflow_suite: preparing $venv" >&2
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt" >&2
  echo "$want" > "$stamp"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A checkout, or a git directory without a work tree (as a fetched mirror comes): its tests/ either way.
if [ -d "$source/tests/tracking" ]; then
  cp -r "$source/tests" "$work/tests"
elif git --git-dir="$source" rev-parse --verify -q HEAD:tests/tracking >/dev/null 2>&1; then
  git --git-dir="$source" archive HEAD tests 2>/dev/null | tar -x -C "$work" || true
else
  echo "mlflow_suite: no MLflow tests in $source" >&2; exit 2
fi
[ -d "$work/tests/tracking" ] || { echo "mlflow_suite: could not read the tests of $source" >&2; exit 2; }
out="${MLFLOW_SUITE_OUT:-$work/out}"; mkdir -p "$out"
plugins=(-p cairn_server_swap)
if [ "$selection_name" = auth ]; then
  selection=(tests/server/auth/test_auth.py tests/server/auth/test_client.py tests/server/auth/test_client_rbac.py
             tests/server/auth/test_client_workspace.py)
  suffix=_auth; xml="$out/$server-auth.xml"
  plugins+=(-p auth_routes_shim)
  export MLFLOW_AUTH_ADMIN_PASSWORD="${MLFLOW_AUTH_ADMIN_PASSWORD:-cairn-suite-admin-pw}"
  # test_authenticate_jwt names its authorization function's folder relative to the working directory.
  if [ -d "$source/examples/jwt_auth" ]; then
    mkdir -p "$work/examples" && cp -r "$source/examples/jwt_auth" "$work/examples/"
  else
    git --git-dir="$source" archive HEAD examples/jwt_auth 2>/dev/null | tar -x -C "$work" || true
  fi
else
  selection=(tests/tracking/test_rest_tracking.py tests/tracking/test_model_registry.py
             tests/tracking/test_client_webhooks.py tests/webhooks/test_e2e.py)
  suffix=; xml="$out/$server.xml"
fi
args=("$@"); [ $# -gt 0 ] || args=("${selection[@]}")
deselect=()
while read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  deselect+=(--deselect "${line%% *}")
done < "$here/known_failures$suffix.txt"

export PYTHONPATH="$here"
if [ "$server" = cairn ]; then
  jar="${CAIRN_JAR:-$repo/cli/target/cairn.jar}"
  [ -n "${CAIRN_JAR:-}" ] || "$repo/bin/cairn" --build-only
  # The tests start many servers over minutes: each runs this copy of the jar, so a rebuild meanwhile
  # (bin/cairn rebuilds when sources are newer) neither slows nor changes the run.
  source "$repo/bin/lib/jdk.sh"
  cp "$jar" "$work/cairn.jar"
  printf '#!/usr/bin/env bash\nexec "%s/bin/java" %s -jar "%s" "$@"\n' \
    "$JAVA_HOME" "$(cat "$repo/bin/lib/java-opts")" "$work/cairn.jar" > "$work/cairn"
  chmod +x "$work/cairn"
  export CAIRN_BIN="$work/cairn"
fi
cd "$work"
# MLflow's own pytest configuration turns warnings into errors; none of it is needed here.
printf '[pytest]\naddopts = -p no:cacheprovider\nasyncio_default_fixture_loop_scope = function\n' > pytest.ini
status=0
"$venv/bin/python" -m pytest "${plugins[@]}" -q -rfE --timeout 90 "${deselect[@]}" \
  --junitxml "$xml" "${args[@]}" || status=$?
# pytest's 1 means failed tests: on the whole selection against Cairn, the check against MLflow's baseline
# decides (failures in excluded groups and listed deviations are expected); 2 and more mean the run broke.
if [ "$server" = cairn ] && [ $# -eq 0 ] && [ "$status" -le 1 ]; then
  status=0
  python3 "$here/report.py" --selection "$selection_name" check "$xml" || status=1
fi
exit "$status"
