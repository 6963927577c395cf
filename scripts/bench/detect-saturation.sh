#!/usr/bin/env bash
# Saturation benchmark of detect (docs/benchmarks.md, "detect with host context", session 21): how much CPU a flow and a
# micro-batch cost, apart from arrival timing. detect runs on local[2] with --max-files-per-trigger FILES_PER_BATCH;
# after its `ready` line all N files (10,000 flows each, the latency benchmark's files) are renamed into the watched
# folder at once, so every micro-batch is full. Prints the process's CPU seconds for the files (user + system, from
# /proc), the batches' median time after the first third, and the rows per second over those batches. Two runs with
# different FILES_PER_BATCH give the cost of a flow and of a micro-batch: cpu = rows x a + batches x b.
#   scripts/bench/detect-saturation.sh [FILES_PER_BATCH] [N]   (defaults: 1 file a batch, 80 files)
#   env: WORK=/tmp/ids-bench-saturation, MODEL=models, POOL (as detect-latency.sh; default: made once from 100,000
#   generated flows), JAVA_OPTS="..." (driver JVM flags, e.g. "-XX:+UseParallelGC"), SUBMIT_ARGS="..." (more
#   spark-submit options, e.g. "--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=/tmp/ev"), DETECT_ARGS="..."
#   (more detect options, e.g. "--config my-ids.yml" with another detect_state_partitions)
# Also printed: the warm-up's seconds and the JIT's seconds (jstat -compiler) within the files' CPU.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
PER_BATCH="${1:-1}"
N="${2:-80}"
WORK="${WORK:-/tmp/ids-bench-saturation}"
MODEL="${MODEL:-$IDS_ROOT/models}"
ids_ensure_built
ids_spark_conf
mkdir -p "$WORK"
SUBMIT=("$IDS_ROOT/scripts/spark-submit" --master "local[2]" --driver-memory 2g)
POOL="${POOL:-$WORK/pool.csv}"
source "$IDS_ROOT/scripts/bench/pool.sh"
bench_pool "$POOL" "$WORK" "${SUBMIT[@]}" "$IDS_JOBS_JAR"

# the files, once per pool and N: N x 10,000 flows on one timeline (flow_writer.py, SHIFT=1), staged beside the
# watched folder; .complete names the pool they came from
stage="$WORK/stage-$N"
if [[ "$(cat "$stage/.complete" 2> /dev/null)" != "$POOL" ]]; then
  rm -rf "$stage"
  mkdir -p "$stage"
  SHIFT=1 STAGE="$stage" STAGE_ONLY=1 python3 "$IDS_ROOT/scripts/bench/flow_writer.py" "$POOL" "$stage" \
    20000 "$((N / 2))" "$WORK/manifest.csv" 2 > /dev/null
  echo "$POOL" > "$stage/.complete"
fi
mapfile -t files < <(ls "$stage" | grep -v '^\.' | sort | head -"$N")

run="$WORK/run"
rm -rf "$run"
mkdir -p "$run/flows" "$run/logs"
jvm=()
[[ -n "${JAVA_OPTS:-}" ]] && jvm=(--driver-java-options "$JAVA_OPTS")
read -r -a extra <<< "${SUBMIT_ARGS:-}"
read -r -a detect_extra <<< "${DETECT_ARGS:-}"
IDS_LOGS_DIR="$run/logs" "${SUBMIT[@]}" "${jvm[@]}" "${extra[@]}" "$IDS_JOBS_JAR" detect --flows-dir "$run/flows" \
  --model "$MODEL" --alerts-dir "$run/logs" --checkpoint "$run/ckpt" --trigger 100ms \
  --max-files-per-trigger "$PER_BATCH" "${detect_extra[@]}" > "$run/detect.out" 2>&1 &
pid=$!
for _ in $(seq 1 600); do grep -q '"event":"ready"' "$run/logs/detect.log" 2> /dev/null && break; sleep 0.5; done
grep -q '"event":"ready"' "$run/logs/detect.log" || { kill "$pid"; ids_die "detect did not start: $run/detect.out"; }
sleep 2
jit0=$(bench_jit_seconds "$pid")
cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
for f in "${files[@]}"; do cp "$stage/$f" "$run/flows/.$f.tmp"; done
for f in "${files[@]}"; do mv "$run/flows/.$f.tmp" "$run/flows/$f"; done
last="${files[-1]}"
for _ in $(seq 1 1200); do grep -q "\"$last\"" "$run/logs/detect.log" 2> /dev/null && break; sleep 0.5; done
grep -q "\"$last\"" "$run/logs/detect.log" || { kill "$pid"; ids_die "detect did not process $last in 600 s: $run/detect.out"; }
cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
jit1=$(bench_jit_seconds "$pid")
kill "$pid" 2> /dev/null || true
wait "$pid" 2> /dev/null || true
# the copies of the staged files (about 0.6 GB for 80) are not needed for the report; the logs stay
rm -rf "$run/flows"
python3 - "$run/logs/detect.log" "$(( (cpu1 - cpu0) / $(getconf CLK_TCK) ))" "$PER_BATCH" "${jit0:-}" "${jit1:-}" << 'PY'
import datetime, json, statistics, sys
events = [json.loads(l) for l in open(sys.argv[1])]
b = [x for x in events if x.get("event") == "batch"]
ts = [datetime.datetime.fromisoformat(x["ts"][:26]) for x in b]
k = len(b) // 3
span = (ts[-1] - ts[k]).total_seconds()
rows = sum(x["rows"] for x in b)
print(f"{sys.argv[3]} file(s) a batch: {len(b)} batches, {rows:,} rows; CPU {sys.argv[2]} s for the files "
      f"({int(sys.argv[2]) * 1e6 / rows:.0f} us a flow); after the first third: batch (foreachBatch) median "
      f"{statistics.median(x['latency_ms'] for x in b[k:])} ms, {span / (len(b) - 1 - k) * 1000:.0f} ms a batch "
      f"end to end, {sum(x['rows'] for x in b[k + 1:]) / span:,.0f} rows/s")
w = [x for x in events if x.get("event") == "warmup"]
jit = f"; JIT compilation {float(sys.argv[5]) - float(sys.argv[4]):.1f} s of it" if sys.argv[4] and sys.argv[5] else ""
print(f"warm-up {w[0]['duration_ms'] / 1000:.1f} s" if w else "no warm-up", jit, sep="")
PY
