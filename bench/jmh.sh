#!/usr/bin/env bash
# JMH micro-benchmarks of the hot inner pieces (module jmh): log-batch decoding, filter and order-by parsing, the
# search of 1,000 runs with their row mapping, and the JSON encoding of that answer.
#   bench/jmh.sh [JMH args, e.g. -f 1 -wi 2 -i 3 SearchBenchmarks]
# The results go to bench/results/<date>-jmh.txt as well as the terminal.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/lib/jdk.sh"
cd "$root"
mvn -B -q -DskipTests package -pl jmh -am
out="bench/results/$(date +%F)-jmh.txt"
{
  echo "# bench/jmh.sh $*  ($(date -u +%FT%TZ), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar jmh/target/benchmarks.jar "$@"
} 2>&1 | tee "$out"
