#!/usr/bin/env bash
# A real S3-compatible server (s3proxy, from the artifacts-s3 module's test class path) for the Python suite:
#   compat/s3proxy.sh DIR BUCKET   prints http://127.0.0.1:<port>, serves until stdin closes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/lib/jdk.sh"
module="$root/artifacts-s3"
if [ ! -f "$module/target/test-classpath.txt" ] || [ ! -d "$module/target/test-classes" ]; then
  (cd "$root" && mvn -q -B -DskipTests -pl artifacts-s3 -am process-test-classes >&2)
fi
exec "$JAVA_HOME/bin/java" -cp "$module/target/test-classes:$(cat "$module/target/test-classpath.txt")" \
  dev.cairn.artifacts.s3.S3ProxyMain "$@"
