#!/usr/bin/env bash
# Benchmarks of generate and prepare-cic (docs/benchmarks.md, bench:datasets). Median of RUNS runs each.
#   scripts/bench/datasets.sh [ROWS] [RUNS]          (defaults: 5000000 rows, 3 runs; WORK=/tmp/ids-bench-datasets)
# 1. generate ROWS flows as raw CSE-CIC-IDS2018 CSV (80 columns, 8 parts) and concatenate them into ONE file
#    (the parts' headers become repeated header rows mid-file, a real quirk);
# 2. per run: the plain Spark CSV -> Parquet copy of that file (scripts/bench/PlainCsvCopy.java), then prepare-cic
#    on it to Parquet, both in local[2]; their in-job times give rows/s and the ratio;
# 3. per run: generate ROWS flows to Parquet (rows/s as generate prints it).
# PREPARE_ONLY=1 runs only prepare-cic (the scale demonstration); DRIVER_MEMORY (default 2g) sizes the local[2] JVM.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ROWS="${1:-5000000}"
RUNS="${2:-3}"
WORK="${WORK:-/tmp/ids-bench-datasets}"
ids_ensure_built
ids_spark_conf
mkdir -p "$WORK"
# a private copy of the jar, so a rebuild during the (long) benchmark cannot change it under the runs
cp "$IDS_JOBS_JAR" "$WORK/ids-spark-jobs.jar"
SUBMIT=("$IDS_ROOT/scripts/spark-submit" --master "local[2]" --driver-memory "${DRIVER_MEMORY:-2g}" "$WORK/ids-spark-jobs.jar")

RAW="$WORK/cic2018_${ROWS}.csv"
if [[ ! -f "$RAW" ]]; then
  "${SUBMIT[@]}" generate --rows "$ROWS" --seed 1 --partitions 8 --format cic2018 --out "$WORK/raw-parts" >&2
  cat "$WORK"/raw-parts/part-* > "$RAW"
  rm -rf "$WORK/raw-parts"
fi
echo "input: $RAW ($(du -h "$RAW" | cut -f1), $(wc -l < "$RAW") lines)"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
copy_s=(); prep_s=(); gen_rps=()
if [[ "${PREPARE_ONLY:-0}" == 1 ]]; then
  /usr/bin/time -v "${SUBMIT[@]}" prepare-cic --in "$RAW" --out "$WORK/prepared" > "$WORK/prepare.log" 2>&1
  grep -E "^rows read|Maximum resident|Elapsed" "$WORK/prepare.log"
  python3 -c "import json;s=json.load(open('$WORK/prepared.summary.json'));print({k:s[k] for k in ('rows_read','rows_kept','rows_quarantined','quarantined_by_reason','rows_by_attack_type','seconds')})"
  head -2 "$WORK/prepared.quarantine.jsonl" | cut -c1-200
  exit 0
fi
for ((i = 1; i <= RUNS; i++)); do
  c=$(java "${IDS_JVM_FLAGS[@]}" -Xmx2g -cp "$SPARK_CONF_DIR:$SPARK_HOME/jars/*" \
        "$IDS_ROOT/scripts/bench/PlainCsvCopy.java" "$RAW" "$WORK/copy" 2>/dev/null | grep '^plain-copy')
  echo "run $i: $c"
  copy_s+=("$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<< "$c")")
  "${SUBMIT[@]}" prepare-cic --in "$RAW" --out "$WORK/prepared" > "$WORK/prepare.log" 2>&1
  p=$(python3 -c "import json;s=json.load(open('$WORK/prepared.summary.json'));print(s['seconds'],s['rows_read'],s['rows_kept'],s['rows_quarantined'])")
  echo "run $i: prepare-cic seconds,read,kept,quarantined = $p"
  prep_s+=("${p%% *}")
  g=$("${SUBMIT[@]}" generate --rows "$ROWS" --seed "$i" --format parquet --out "$WORK/gen" 2>/dev/null | grep '^wrote')
  echo "run $i: generate $g"
  gen_rps+=("$(sed 's/.*(\([0-9,]*\) rows\/s).*/\1/' <<< "$g" | tr -d ,)")
done
cm=$(printf '%s\n' "${copy_s[@]}" | median)
pm=$(printf '%s\n' "${prep_s[@]}" | median)
gm=$(printf '%s\n' "${gen_rps[@]}" | median)
python3 - "$ROWS" "$cm" "$pm" "$gm" <<'PY'
import sys
rows, c, p, g = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"median plain copy {c:.1f} s = {rows/c:,.0f} rows/s; prepare-cic {p:.1f} s = {rows/p:,.0f} rows/s; "
      f"ratio {c/p:.2f} (target >= 0.7); generate {g:,.0f} rows/s")
PY
