#!/usr/bin/env bash
# Latency of detect reading Kafka (docs/benchmarks.md, "detect from Kafka"), against the same detect reading a flow
# folder, same model and flows, same run: a writer produces flow records to a topic at a fixed rate in chunks (2 per
# second, each acknowledged with acks=all); per chunk, latency = time from its acknowledgement to the batch line of the
# micro-batch that read it (written after that batch's alerts are committed); p50/p99. Then the same in Spark's
# Real-time Mode (detect --trigger realtime, alerts to a topic; scripts/bench/KafkaAlertLatency.java). Then
# scripts/bench/detect-latency.sh at the same rate with the same model and pool (flow files).
#   scripts/bench/detect-kafka-latency.sh [SECONDS] [RATES...]   (defaults: 120 s; 20000 50000 flows/s)
#   env: WORK=/tmp/ids-bench-kafka, MODEL (default: a model trained with --no-context on 50,000 generated flows: the
#   per-flow path), POOL (CSV in the sniffer's layout, default as detect-latency.sh makes it), TRIGGER=1s,
#   KAFKA=localhost:9092 (started with scripts/kafka if nothing answers there), LEGS="kafka realtime files" (which
#   of the three to run), RT_INTERVAL=10s (the Real-time trigger's checkpoint interval), RT_TIMELINE (seconds: print
#   the Real-time leg's latency per that much input time), DETECT_JAVA_OPTS (JVM flags of the Real-time leg's detect,
#   e.g. a profiler agent), WRITER_WARM=100000 (records the Real-time leg's writer sends to a topic of its own before
#   its timed chunks, to warm its own JIT; 0 = none)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
SECONDS_RUN="${1:-120}"
shift || true
[[ $# -gt 0 ]] && RATES=("$@") || RATES=(20000 50000)
WORK="${WORK:-/tmp/ids-bench-kafka}"
TRIGGER="${TRIGGER:-1s}"
KAFKA="${KAFKA:-localhost:9092}"
ids_ensure_built
ids_spark_conf
mkdir -p "$WORK"
SUBMIT=("$IDS_ROOT/scripts/spark-submit" --master "local[2]" --driver-memory 2g "$IDS_JOBS_JAR")
"$IDS_ROOT/scripts/kafka" status > /dev/null 2>&1 || "$IDS_ROOT/scripts/kafka" start

POOL="${POOL:-$WORK/pool.csv}"
source "$IDS_ROOT/scripts/bench/pool.sh"
bench_pool "$POOL" "$WORK" "${SUBMIT[@]}"
if [[ -z "${MODEL:-}" ]]; then
  MODEL="$WORK/models"
  if [[ ! -f "$MODEL/LATEST" ]]; then
    "${SUBMIT[@]}" generate --rows 50000 --seed 5 --no-context --out "$WORK/train.csv" >&2
    "${SUBMIT[@]}" train --in "$WORK/train.csv" --out "$MODEL" --no-context >&2
  fi
fi
# the pool as the sniffer's Kafka messages: one JSON object per flow, numbers as numbers, empty as null
JSONL="$WORK/pool.jsonl"
[[ -f "$JSONL" ]] || python3 - "$POOL" "$JSONL" << 'PY'
import csv, json, sys
text = {"timestamp", "exported_at", "src_ip", "dst_ip", "end_reason"}
r = csv.reader(open(sys.argv[1])); h = next(r)
with open(sys.argv[2], "w") as out:
    for row in r:
        o = {}
        for k, v in zip(h, row):
            if v == "":
                o[k] = None
            elif k in text:
                o[k] = v
            else:
                f = float(v)
                o[k] = int(f) if f.is_integer() and "." not in v and "e" not in v.lower() else f
        out.write(json.dumps(o, separators=(",", ":")) + "\n")
PY

LEGS="${LEGS:-kafka realtime files}"
leg() { [[ " $LEGS " == *" $1 "* ]]; }
for RATE in "${RATES[@]}"; do
  if leg kafka; then
  run="$WORK/kafka-$RATE"
  rm -rf "$run"
  mkdir -p "$run/logs" "$run/flows"
  topic="lat-$RATE-$(date +%s)"
  IDS_LOGS_DIR="$run/logs" "${SUBMIT[@]}" detect --source kafka --kafka "$KAFKA" --topic "$topic" --model "$MODEL" \
    --alerts-dir "$run/logs" --checkpoint "$run/ckpt" --trigger "$TRIGGER" > "$run/detect.out" 2>&1 &
  pid=$!
  # the topic must exist before detect's pre-start check passes: a first chunk creates it
  java -cp "$IDS_ROOT/sniffer/target/ids-sniffer.jar" "$IDS_ROOT/scripts/bench/KafkaFlowWriter.java" \
    "$JSONL" "$KAFKA" "$topic" 100 0.1 "$run/warm.csv" > /dev/null 2>&1
  for _ in $(seq 1 240); do grep -q '"event":"ready"' "$run/logs/detect.log" 2> /dev/null && break; sleep 0.5; done
  sleep 5
  java -cp "$IDS_ROOT/sniffer/target/ids-sniffer.jar" "$IDS_ROOT/scripts/bench/KafkaFlowWriter.java" \
    "$JSONL" "$KAFKA" "$topic" "$RATE" "$SECONDS_RUN" "$run/manifest.csv"
  last=$(tail -1 "$run/manifest.csv" | cut -d, -f2)
  for _ in $(seq 1 240); do
    python3 - "$run/logs/detect.log" "$last" << 'PY' && break
import json, sys
last = int(sys.argv[2])
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e.get("event") == "batch" and e.get("newest_input_ms", 0) >= last:
        sys.exit(0)
sys.exit(1)
PY
    sleep 0.5
  done
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  python3 - "$run/manifest.csv" "$run/logs/detect.log" "$RATE" << 'PY'
import json, sys
from datetime import datetime, timezone
def iso(ts):
    ts = ts.rstrip("Z"); whole, _, frac = ts.partition(".")
    return datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp() + (float("0." + frac) if frac else 0)
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(p / 100.0 * len(xs)))]
chunks = [(int(ts), float(acked), int(n)) for _, ts, acked, n in (l.strip().split(",") for l in open(sys.argv[1]))]
batches = [(iso(e["ts"]), e["newest_input_ms"], e) for e in map(json.loads, open(sys.argv[2]))
           if e.get("event") == "batch" and "newest_input_ms" in e]
lat = []
for i, (ts, acked, n) in enumerate(chunks[:-1]):
    nxt = chunks[i + 1][0]
    # the first batch that read a record of a later chunk has read all of this one (its offsets were taken later)
    done = next((t for t, newest, _ in batches if newest >= nxt), None)
    if done is not None:
        lat.append(done - acked)
rows = sorted(e["rows"] for _, _, e in batches)
ms = sorted(e["latency_ms"] for _, _, e in batches)
offered = sum(n for *_, n in chunks) / (chunks[-1][1] - chunks[0][1])
print(f"kafka source, rate {int(sys.argv[3]):,} flows/s ({offered:,.0f} offered): chunks {len(chunks)}, measured {len(lat)};"
      f" ack->alerts p50 {pct(lat, 50):.2f} s, p99 {pct(lat, 99):.2f} s, max {max(lat):.2f} s;"
      f" batches {len(batches)}, rows/batch median {rows[len(rows) // 2]}, batch time median {ms[len(ms) // 2]} ms")
PY
  grep '"event":"warmup"' "$run/logs/detect.log" | head -1 || true
  fi
  if leg realtime; then
  # Real-time Mode (the per-flow path, Kafka to Kafka): per alert, from its flow's chunk start (the flow message's
  # Kafka timestamp, carried as the alert's header ids.input_ms) to the alert record sent, from the writer's first
  # chunk on (the warm chunk before detect's start left out); also without the first RT_SKIP s (default 30)
  rt="$WORK/realtime-$RATE"
  rm -rf "$rt"
  mkdir -p "$rt/logs"
  rtopic="rt-$RATE-$(date +%s)"
  java -cp "$IDS_ROOT/sniffer/target/ids-sniffer.jar" "$IDS_ROOT/scripts/bench/KafkaFlowWriter.java" \
    "$JSONL" "$KAFKA" "$rtopic" 100 0.1 "$rt/warm.csv" > /dev/null 2>&1
  rt_submit=("${SUBMIT[@]}")
  # the JVM flags go before the jar, SUBMIT's last word
  [[ -n "${DETECT_JAVA_OPTS:-}" ]] \
    && rt_submit=("${SUBMIT[@]:0:${#SUBMIT[@]}-1}" --driver-java-options "$DETECT_JAVA_OPTS" "$IDS_JOBS_JAR")
  IDS_LOGS_DIR="$rt/logs" "${rt_submit[@]}" detect --source kafka --kafka "$KAFKA" --topic "$rtopic" --model "$MODEL" \
    --alerts-dir "$rt/logs" --checkpoint "$rt/ckpt" --alerts-topic "$rtopic-alerts" --trigger "realtime:${RT_INTERVAL:-10s}" \
    > "$rt/detect.out" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do grep -q '"event":"ready"' "$rt/logs/detect.log" 2> /dev/null && break; sleep 0.5; done
  sleep 10
  # the writer warms its own JIT first (WRITER_WARM records to a topic detect does not read; 0 = cold, as before
  # 2026-12-07): a chunk's latency counts from the chunk's start, so a cold writer's slow sends counted as detect's
  WARM_TOPIC="$rtopic-writer-warm" WARM_RECORDS="${WRITER_WARM:-100000}" \
    java -cp "$IDS_ROOT/sniffer/target/ids-sniffer.jar" "$IDS_ROOT/scripts/bench/KafkaFlowWriter.java" \
    "$JSONL" "$KAFKA" "$rtopic" "$RATE" "$SECONDS_RUN" "$rt/manifest.csv" > /dev/null
  sleep 15
  kill "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
  echo -n "realtime, rate $RATE flows/s: "
  java -cp "$IDS_ROOT/sniffer/target/ids-sniffer.jar" "$IDS_ROOT/scripts/bench/KafkaAlertLatency.java" \
    "$KAFKA" "$rtopic-alerts" "${RT_SKIP:-30}" "${RT_TIMELINE:-0}" "$(head -1 "$rt/manifest.csv" | cut -d, -f2)" 2> /dev/null | grep -E '^(latency|timeline)'
  fi
  if leg files; then
  # the same rate from flow files, same model and pool
  POOL="$POOL" MODEL="$MODEL" WORK="$WORK/files" TRIGGER="$TRIGGER" \
    "$IDS_ROOT/scripts/bench/detect-latency.sh" "$SECONDS_RUN" "$RATE" | grep -E '^rate|writer'
  fi
done
