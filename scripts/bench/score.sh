#!/usr/bin/env bash
# Benchmark of score (docs/benchmarks.md, bench:score): rows/s scoring one big flow CSV with the shipped model vs a
# plain Spark CSV read -> CSV write of the same file, both on local[2], alternating, median of RUNS runs each.
#   scripts/bench/score.sh [ROWS] [RUNS]          (defaults: 10000000 rows, 3 runs; WORK=/tmp/ids-bench-score)
# The input is made once by `generate` (labelled synthetic flows, all flow columns) as ONE CSV file.
# Times are in-process: from the first read to the last write (Spark start-up and model loading excluded); the
# peak RSS of each score process is printed when /usr/bin/time exists.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ROWS="${1:-10000000}"
RUNS="${2:-3}"
WORK="${WORK:-/tmp/ids-bench-score}"
MODEL="${MODEL:-$IDS_ROOT/models}"
ids_ensure_built
ids_spark_conf
mkdir -p "$WORK"
SUBMIT=("$IDS_ROOT/scripts/spark-submit" --master "local[2]" --driver-memory 2g "$IDS_JOBS_JAR")

IN="$WORK/flows_${ROWS}.csv"
if [[ ! -f "$IN" ]]; then
  # an --out ending in .csv is one file
  "${SUBMIT[@]}" generate --rows "$ROWS" --seed 7 --out "$WORK/tmp-flows.csv" >&2
  mv "$WORK/tmp-flows.csv" "$IN"
fi
echo "input: $IN ($(du -h "$IN" | cut -f1), $(($(wc -l < "$IN") - 1)) rows); model: $(cat "$MODEL/LATEST" 2>/dev/null || echo "$MODEL")"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
copy_s=(); score_s=()
for ((i = 1; i <= RUNS; i++)); do
  c=$(java "${IDS_JVM_FLAGS[@]}" -Xmx2g -cp "$SPARK_CONF_DIR:$SPARK_HOME/jars/*" \
        "$IDS_ROOT/scripts/bench/PlainCsvCopy.java" "$IN" "$WORK/copy" csv 2>/dev/null | grep '^plain-copy')
  echo "run $i: $c"
  copy_s+=("$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<< "$c")")
  TIMER=()
  [[ -x /usr/bin/time ]] && TIMER=(/usr/bin/time -o "$WORK/rss" -f '%M')
  s=$("${TIMER[@]}" "${SUBMIT[@]}" score --in "$IN" --model "$MODEL" --out "$WORK/scored" --overwrite \
        2> "$WORK/score.err" | grep -o 'score:.*') || { echo "score failed:" >&2; grep -v WARN "$WORK/score.err" >&2; exit 1; }
  rss=""
  [[ -f "$WORK/rss" ]] && rss=" (peak RSS of the whole score process: $(($(tail -1 "$WORK/rss") / 1024)) MiB)"
  echo "run $i: $s$rss"
  score_s+=("$(sed 's/.* in \([0-9.]*\) s (.*/\1/' <<< "$s")")
done
cm=$(printf '%s\n' "${copy_s[@]}" | median)
sm=$(printf '%s\n' "${score_s[@]}" | median)
rows=$(($(wc -l < "$IN") - 1))
python3 - "$rows" "$cm" "$sm" <<'PY'
import sys
rows, c, s = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"median plain CSV copy {c:.1f} s = {rows/c:,.0f} rows/s; score {s:.1f} s = {rows/s:,.0f} rows/s; "
      f"ratio score/copy throughput {c/s:.2f} (target >= 0.8)")
PY
