# Sourced by bin/cairn: the JVM's ahead-of-time cache (JDK 25+: JEP 483 classes loaded and linked, JEP 515 method
# profiles), made once per build of the jar by a short training run of the server, so that a start maps the
# classes the server needs instead of loading, verifying and linking them one by one.
#   cairn_aot_cache JAR OPTS...   prints the cache's path when one exists or could be made for JAR, else nothing.
# CAIRN_AOT=0 turns it off. The JVM checks the cache against the jar and the flags itself and runs without it
# when they differ.

cairn_aot_major() {  # the JDK's feature version, from its release file (no JVM started)
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release" 2>/dev/null
}

# One HTTP/1.0 request to 127.0.0.1:$1 through bash's /dev/tcp (no client needed): method path [json body].
cairn_aot_http() {
  local port="$1" method="$2" path="$3" body="${4:-}"
  exec 9<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$method" "$path" "${#body}" "$body" >&9
  cat <&9
  exec 9<&-
}

# The training run: the server on a scratch SQLite database, the calls a tracking client and the UI make most.
cairn_aot_train() {
  local jar="$1" out="$2"; shift 2
  local dir pid port="" i run api=/api/2.0/mlflow
  dir="$(mktemp -d "${TMPDIR:-/tmp}/cairn-aot.XXXXXX")" || return 1
  "$JAVA_HOME/bin/java" "$@" -XX:AOTCacheOutput="$dir/cairn.aot" -jar "$jar" server \
    --backend-store-uri "sqlite:///$dir/train.db" --artifacts-destination "$dir/artifacts" \
    --host 127.0.0.1 --port 0 > "$dir/log" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    port="$(sed -n 's|.*Cairn listening at http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$dir/log" | head -1)"
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -n "$port" ]; then
    {
      cairn_aot_http "$port" GET /health
      cairn_aot_http "$port" GET /version
      cairn_aot_http "$port" POST "$api/experiments/create" '{"name": "aot"}'
      cairn_aot_http "$port" GET "$api/experiments/get-by-name?experiment_name=aot"
      run="$(cairn_aot_http "$port" POST "$api/runs/create" '{"experiment_id": "1", "start_time": 1}' |
        sed -n 's/.*"run_id":"\([0-9a-f]*\)".*/\1/p')"
      for i in 1 2 3; do
        cairn_aot_http "$port" POST "$api/runs/log-metric" \
          "{\"run_id\": \"$run\", \"key\": \"loss\", \"value\": 0.5, \"timestamp\": 1, \"step\": $i}"
        cairn_aot_http "$port" POST "$api/runs/log-batch" "{\"run_id\": \"$run\", \"metrics\": [{\"key\": \"m\", \"value\": $i, \"timestamp\": 1, \"step\": $i}], \"params\": [{\"key\": \"p$i\", \"value\": \"v\"}], \"tags\": [{\"key\": \"t\", \"value\": \"v\"}]}"
      done
      cairn_aot_http "$port" POST "$api/runs/log-parameter" "{\"run_id\": \"$run\", \"key\": \"lr\", \"value\": \"0.1\"}"
      cairn_aot_http "$port" POST "$api/runs/set-tag" "{\"run_id\": \"$run\", \"key\": \"k\", \"value\": \"v\"}"
      cairn_aot_http "$port" GET "$api/runs/get?run_id=$run"
      cairn_aot_http "$port" POST "$api/runs/search" \
        '{"experiment_ids": ["1"], "filter": "metrics.m > 0 and params.p1 = '"'v'"'", "order_by": ["metrics.m DESC"], "max_results": 10}'
      cairn_aot_http "$port" POST "$api/experiments/search" '{"max_results": 10}'
      cairn_aot_http "$port" GET "$api/metrics/get-history?run_id=$run&metric_key=loss"
      cairn_aot_http "$port" GET "$api/metrics/get-history-bulk-interval?run_ids=$run&metric_key=loss&max_results=10"
      cairn_aot_http "$port" POST "$api/runs/update" "{\"run_id\": \"$run\", \"status\": \"FINISHED\", \"end_time\": 2}"
      cairn_aot_http "$port" GET "$api/runs/get?run_id=nope"
      cairn_aot_http "$port" GET /
    } > /dev/null 2>&1
  fi
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"  # the JVM writes the cache as it exits
  local ok=1
  [ -n "$port" ] && [ -s "$dir/cairn.aot" ] && mv -f "$dir/cairn.aot" "$out" && ok=0
  [ "$ok" = 0 ] || echo "cairn: could not make the AOT cache (starting without it); see $dir/log" >&2
  [ "$ok" = 0 ] && rm -rf "$dir"
  return "$ok"
}

# SQLite's native library, taken out of the jar once per build next to it: without it, every start of the
# SQLite driver copies the library out of the jar into the temp directory and compares the two byte by byte.
#   cairn_native_opts JAR   prints the JVM flags that point the driver at it (nothing where it does not apply).
cairn_native_opts() {
  local jar="$1" dir="${1%.jar}-native" entry
  case "${OSTYPE:-}/${HOSTTYPE:-}" in
    linux-gnu*/x86_64) entry=org/sqlite/native/Linux/x86_64/libsqlitejdbc.so ;;
    linux-gnu*/aarch64) entry=org/sqlite/native/Linux/aarch64/libsqlitejdbc.so ;;
    *) return 0 ;;
  esac
  if [ ! -s "$dir/libsqlitejdbc.so" ] || [ "$jar" -nt "$dir/libsqlitejdbc.so" ]; then
    mkdir -p "$dir" && command -v unzip > /dev/null &&
      unzip -p "$jar" "$entry" > "$dir/libsqlitejdbc.so.$$" 2>/dev/null && [ -s "$dir/libsqlitejdbc.so.$$" ] &&
      mv -f "$dir/libsqlitejdbc.so.$$" "$dir/libsqlitejdbc.so"
    rm -f "$dir/libsqlitejdbc.so.$$"
  fi
  [ -s "$dir/libsqlitejdbc.so" ] && [ ! "$jar" -nt "$dir/libsqlitejdbc.so" ] &&
    echo "-Dorg.sqlite.lib.path=$dir -Dorg.sqlite.lib.name=libsqlitejdbc.so"
  return 0
}

cairn_aot_cache() {
  local jar="$1"; shift
  local aot="${jar%.jar}.aot"
  [ "${CAIRN_AOT:-1}" != 0 ] || return 0
  local major; major="$(cairn_aot_major)"
  [ -n "$major" ] && [ "$major" -ge 25 ] || return 0
  if [ ! -f "$aot" ] || [ "$jar" -nt "$aot" ] || [ "$root/bin/lib/java-opts" -nt "$aot" ]; then
    # One maker at a time; a start that finds another one at work goes without the cache. A lock older than ten
    # minutes is a maker that was killed: it is taken over.
    find "$aot.lock" -maxdepth 0 -mmin +10 -exec rmdir {} \; 2>/dev/null
    mkdir "$aot.lock" 2>/dev/null || return 0
    echo "cairn: making the AOT cache $aot (once per build) ..." >&2
    cairn_aot_train "$jar" "$aot" "$@"
    rmdir "$aot.lock"
  fi
  [ -f "$aot" ] && [ ! "$jar" -nt "$aot" ] && echo "$aot"
  return 0
}
