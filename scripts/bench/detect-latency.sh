#!/usr/bin/env bash
# Latency benchmark of detect (docs/benchmarks.md, bench:detect): a writer drops flow files into the watched folder
# at a fixed rate while detect runs on local[2]; per file, time from its rename to its alerts being written (the
# batch's log line comes after the alerts are committed), p50/p99, and whether the backlog grows. The writer starts
# 5 s after detect's `ready` line, i.e. after its start-up warm-up (`warmup` line, printed with the result). Also
# printed: the first batches' rows and times, and the seconds detect's JVM spent compiling while the writer ran
# (jstat -compiler; on 2 cores the JIT took 0.5-1 of them for the first minutes, docs/benchmarks.md).
#   scripts/bench/detect-latency.sh [SECONDS] [RATES...]   (defaults: 300 s; 10000 20000 50000 flows/s)
#   env: WORK=/tmp/ids-bench-detect, TRIGGER=1s, MODEL=models, FILES_PER_S=2, POOL=CSV of flows in the
#   sniffer layout (default: made once from 100000 generated flows), WARMUP_FLOWS=N (detect --warmup-flows; default:
#   the config's detect_warmup_flows; 0 = no warm-up, to measure what it buys), SHIFT=1 (default; 0 = cycle the pool
#   verbatim, as before 2026-12-06 15:30: every pass repeats the pool's times, so the flows of later passes are late
#   for host context and incidents reopen at every pass; SHIFT=hosts: a network RATE / (pool density) times the pool's
#   in real time, each flow sent as that many copies with per-copy private addresses; flow_writer.py), STAGED=1
#   (write every file before detect starts and only rename them on schedule: the writer then takes no CPU from
#   detect while it runs; default 0, the writer formats each file as it goes), DETECT_ARGS="..." (more detect
#   options, e.g. "--max-files-per-trigger 3")
# Flows come from `generate` (label columns dropped: the sniffer's layout), cycled; the shipped model scores them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
SECONDS_RUN="${1:-300}"
shift || true
[[ $# -gt 0 ]] && RATES=("$@") || RATES=(10000 20000 50000)
WORK="${WORK:-/tmp/ids-bench-detect}"
TRIGGER="${TRIGGER:-1s}"
MODEL="${MODEL:-$IDS_ROOT/models}"
FILES_PER_S="${FILES_PER_S:-2}"
WARMUP=()
[[ -n "${WARMUP_FLOWS:-}" ]] && WARMUP=(--warmup-flows "$WARMUP_FLOWS")
read -r -a DETECT_EXTRA <<< "${DETECT_ARGS:-}"
ids_ensure_built
ids_spark_conf
mkdir -p "$WORK"
SUBMIT=("$IDS_ROOT/scripts/spark-submit" --master "local[2]" --driver-memory 2g "$IDS_JOBS_JAR")

POOL="${POOL:-$WORK/pool.csv}"
source "$IDS_ROOT/scripts/bench/pool.sh"
bench_pool "$POOL" "$WORK" "${SUBMIT[@]}"

# the writer into the current run's folder ($run, $RATE); env STAGE and STAGE_ONLY as flow_writer.py reads them
write_flows() {
  SHIFT="${SHIFT:-1}" python3 "$IDS_ROOT/scripts/bench/flow_writer.py" "$POOL" "$run/flows" "$RATE" "$SECONDS_RUN" \
    "$run/manifest.csv" "$FILES_PER_S"
}

for RATE in "${RATES[@]}"; do
  run="$WORK/rate-$RATE"
  rm -rf "$run"
  mkdir -p "$run/flows" "$run/logs"
  stage=""
  if [[ "${STAGED:-0}" == 1 ]]; then
    stage="$run/stage"
    STAGE="$stage" STAGE_ONLY=1 write_flows
  fi
  IDS_LOGS_DIR="$run/logs" "${SUBMIT[@]}" detect --flows-dir "$run/flows" --model "$MODEL" \
    --alerts-dir "$run/logs" --checkpoint "$run/ckpt" --trigger "$TRIGGER" "${WARMUP[@]}" "${DETECT_EXTRA[@]}" > "$run/detect.out" 2>&1 &
  pid=$!
  # wait for the stream to be watching (its ready line, after the warm-up), plus a few seconds
  for _ in $(seq 1 240); do grep -q '"event":"ready"' "$run/logs/detect.log" 2> /dev/null && break; sleep 0.5; done
  sleep 5
  jit0=$(bench_jit_seconds "$pid")
  t0=$(date +%s.%N)
  STAGE="$stage" write_flows
  jit1=$(bench_jit_seconds "$pid")
  t1=$(date +%s.%N)
  # let detect drain what was written (at most 120 s), then stop it
  last=$(tail -1 "$run/manifest.csv" | cut -d, -f1)
  for _ in $(seq 1 240); do grep -q "\"$last\"" "$run/logs/detect.log" 2> /dev/null && break; sleep 0.5; done
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  [[ -z "$stage" ]] || rm -rf "$stage"
  # the flow files (1.7 GB at 20,000 flows/s for 120 s) are not needed for the report; the logs stay
  rm -rf "$run/flows"
  python3 "$IDS_ROOT/scripts/bench/detect_latency_report.py" "$run/manifest.csv" "$run/logs/detect.log" "$RATE"
  grep '"event":"warmup"' "$run/logs/detect.log" || echo "no warm-up"
  if [[ -n "$jit0" && -n "$jit1" ]]; then
    printf 'JIT compilation while the writer ran: %.1f s in %.1f s (%.2f of the 2 cores)\n' \
      "$(echo "$jit1 - $jit0" | bc)" "$(echo "$t1 - $t0" | bc)" "$(echo "($jit1 - $jit0) / ($t1 - $t0)" | bc -l)"
  fi
done
