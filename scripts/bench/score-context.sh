#!/usr/bin/env bash
# Benchmark of score with and without host context (docs/benchmarks.md, bench:score-context): the same flow CSV
# scored by a model trained with --context and one trained with --no-context (same data, same seed), alternating,
# median of RUNS runs each, on local[2]. The issue's gate: with context >= 0.6x the rows/s without.
#   scripts/bench/score-context.sh [ROWS] [RUNS]     (defaults: 2000000 rows, 3 runs; WORK=/tmp/ids-bench-score-context)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ROWS="${1:-2000000}"
RUNS="${2:-3}"
WORK="${WORK:-/tmp/ids-bench-score-context}"
ids_ensure_built
mkdir -p "$WORK"
SUBMIT=("$IDS_ROOT/scripts/spark-submit" --master "local[2]" --driver-memory 2g --conf spark.ui.showConsoleProgress=false "$IDS_JOBS_JAR")
IN="$WORK/flows_${ROWS}.csv"
if [[ ! -f "$IN" ]]; then
  "${SUBMIT[@]}" generate --rows "$ROWS" --seed 7 --no-context --out "$WORK/tmp-flows.csv" > /dev/null 2>&1
  mv "$WORK/tmp-flows.csv" "$IN"
fi
if [[ ! -f "$WORK/models-context/LATEST" ]]; then
  "${SUBMIT[@]}" generate --benign 100000 --syn-flood 200 --port-scan 200 --udp-flood 200 --slow-http 200 \
    --brute-force 200 --seed 42 --out "$WORK/train.csv" > /dev/null 2>&1
  "${SUBMIT[@]}" train --in "$WORK/train.csv" --out "$WORK/models-context" --context > /dev/null 2>&1
  "${SUBMIT[@]}" train --in "$WORK/train.csv" --out "$WORK/models-plain" --no-context > /dev/null 2>&1
fi
echo "input: $IN ($(du -h "$IN" | cut -f1), $ROWS rows)"
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain=(); ctx=()
for ((i = 1; i <= RUNS; i++)); do
  for kind in plain context; do
    s=$("${SUBMIT[@]}" score --in "$IN" --model "$WORK/models-$kind" --out "$WORK/scored-$kind" --overwrite 2> /dev/null \
          | grep -o 'in [0-9.]* s' | awk '{print $2}')
    echo "run $i: $kind ${s}s"
    if [[ $kind == plain ]]; then plain+=("$s"); else ctx+=("$s"); fi
  done
done
p=$(printf '%s\n' "${plain[@]}" | median); c=$(printf '%s\n' "${ctx[@]}" | median)
awk -v p="$p" -v c="$c" -v n="$ROWS" 'BEGIN {
  printf "score without context: %.1f s (%.0f rows/s); with context: %.1f s (%.0f rows/s); ratio %.2f\n", p, n/p, c, n/c, p/c }'
