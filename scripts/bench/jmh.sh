#!/usr/bin/env bash
# JMH micro-benchmarks (spark-jobs/src/jmh/java), built with the `jmh` Maven profile and run on the test classpath.
#   scripts/bench/jmh.sh [JMH ARGS...]     e.g.  scripts/bench/jmh.sh LineScorerBench -f 1 -wi 3 -i 5
# Defaults when no argument is given: every benchmark, 1 fork, 3 warm-up and 5 measured iterations of 1 s.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$IDS_ROOT"
cp_file="$(mktemp)"
mvn -B -q -Pjmh -pl spark-jobs -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >&2
deps="$(cat "$cp_file")"
rm -f "$cp_file"
args=("$@")
((${#args[@]} > 0)) || args=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
exec java "${IDS_JVM_FLAGS[@]}" -cp "spark-jobs/target/test-classes:spark-jobs/target/classes:sniffer/target/classes:$deps" \
  org.openjdk.jmh.Main "${args[@]}"
