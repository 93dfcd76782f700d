# Sourced by bin/cairn and bin/test: exports JAVA_HOME as a JDK >= 21 (JAVA_HOME if it is one, else the newest
# under /usr/lib/jvm), or fails with a clear message.
# The feature version: from the JDK's release file when it has one (no JVM started: it costs a launch a tenth of a
# second), else from the JVM's own properties.
cairn_java_major() {
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)"
  [ -n "$v" ] && { echo "$v"; return; }
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

cairn_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  while IFS= read -r c; do candidates+=("$c"); done < <(ls -d /usr/lib/jvm/*/ 2>/dev/null | sed 's:/$::' | sort -t- -k2,2 -V -r)
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v="$(cairn_java_major "$c")"
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$c"; return 0; fi
  done
  return 1
}

JAVA_HOME="$(cairn_find_jdk)" || { echo "cairn: no JDK 21 or newer found (set JAVA_HOME or install one under /usr/lib/jvm)" >&2; exit 1; }
export JAVA_HOME
