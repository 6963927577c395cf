#!/usr/bin/env bash
# Sniffer -> Kafka throughput against sniffer -> flow files (docs/benchmarks.md, "sniffer to Kafka"): the same
# >= 5M-packet classic pcap as scripts/bench/sniffer.sh, read RUNS times each way, alternating, same machine state;
# packets/s of the whole run (until every flow is acknowledged by the broker, or written and renamed), median, and
# the ratio. Starts the broker with scripts/kafka if it is not running (and leaves it running).
# Usage: scripts/bench/sniffer-kafka.sh   (env: BENCH_DIR=/tmp/ids-bench PACKETS=5000000 RUNS=3 KAFKA=localhost:9092)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ids_ensure_built
BENCH_DIR="${BENCH_DIR:-/tmp/ids-bench}"
PACKETS="${PACKETS:-5000000}"
RUNS="${RUNS:-3}"
KAFKA="${KAFKA:-localhost:9092}"
SRC_DIR="${SRC_DIR:-$IDS_ROOT/sniffer/src/test/resources/pcaps}"
mkdir -p "$BENCH_DIR"
source "$IDS_ROOT/scripts/bench/mix.sh"
MIX="$(bench_mix "$BENCH_DIR" "$PACKETS" "$SRC_DIR")"
"$IDS_ROOT/scripts/kafka" status > /dev/null 2>&1 || "$IDS_ROOT/scripts/kafka" start
echo "input: $MIX ($(du -h "$MIX" | cut -f1)); machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
files_pps=() ; kafka_pps=()
for r in $(seq "$RUNS"); do
  rm -rf "$BENCH_DIR/out"
  t0=$(date +%s.%N)
  "$IDS_ROOT/scripts/sniffer" --pcap "$MIX" --out "$BENCH_DIR/out" 2> "$BENCH_DIR/files.err"
  t1=$(date +%s.%N)
  files_pps+=("$(awk -v p="$PACKETS" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", p / (b - a)}')")
  grep '^sniffer: packets' "$BENCH_DIR/files.err" | tail -1
  rm -rf "$BENCH_DIR/out"
  topic="bench-$(date +%s)-$r"
  t0=$(date +%s.%N)
  "$IDS_ROOT/scripts/sniffer" --pcap "$MIX" --kafka "$KAFKA" --topic "$topic" --out "$BENCH_DIR/out" \
    2> "$BENCH_DIR/kafka.err"
  t1=$(date +%s.%N)
  kafka_pps+=("$(awk -v p="$PACKETS" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", p / (b - a)}')")
  grep '^sniffer: packets' "$BENCH_DIR/kafka.err" | tail -1
  echo "run $r: files ${files_pps[-1]} packets/s, kafka ${kafka_pps[-1]} packets/s (topic $topic)"
done
f_med=$(printf '%s\n' "${files_pps[@]}" | median)
k_med=$(printf '%s\n' "${kafka_pps[@]}" | median)
echo
echo "| sniffer output | packets/s (median of $RUNS, wall clock of the whole run) |"
echo "|---|---|"
echo "| CSV flow files | $f_med |"
echo "| Kafka ($KAFKA, idempotent, acks=all, lz4) | $k_med |"
echo "ratio Kafka / files: $(awk -v a="$k_med" -v b="$f_med" 'BEGIN {printf "%.2f", a / b}')x"
