#!/usr/bin/env bash
# Before/after benchmark of a change (docs/benchmarks.md, section "before and after"): builds the jars of a base
# revision in a temporary worktree and runs the same commands with both builds, alternating (base, new, base, ...),
# so both see the same machine load; prints each command's median wall time and the ratio base / new
# (> 1 = the change is faster). Commands, all in local[2] with a 2g driver:
#   generate  generate --rows GEN_ROWS --format parquet
#   train     train on a GEN_ROWS-row Parquet made by the base build's generate (the same input for both)
#   score     score a SCORE_ROWS-row CSV with the shipped model
#   sniffer   ids-sniffer.jar on a PACKETS-packet classic pcap (scripts/bench/GenPcap.java mix), pinned to one core
#   detect    detect --once with the shipped (host context) model over DETECT_FLOWS flows of the latency benchmark's
#             pool (POOL, default: the 1 %-attack pool of docs/benchmarks.md, made once) in files of 10,000 with
#             distinct modification times, 4 files per micro-batch; the figure is the time of the micro-batches
#             after the first two (the batch lines' latency_ms), not the wall time: start-up and warm-up left out
# Usage: scripts/bench/before-after.sh BASE_REV [RUNS]
#        (env: WORK=/tmp/ids-before-after GEN_ROWS=2000000 SCORE_ROWS=1000000 PACKETS=5000000 DETECT_FLOWS=600000
#         ONLY="generate score")
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
BASE="${1:?usage: scripts/bench/before-after.sh BASE_REV [RUNS]}"
RUNS="${2:-3}"
WORK="${WORK:-/tmp/ids-before-after}"
GEN_ROWS="${GEN_ROWS:-2000000}"
SCORE_ROWS="${SCORE_ROWS:-1000000}"
PACKETS="${PACKETS:-5000000}"
DETECT_FLOWS="${DETECT_FLOWS:-600000}"
ONLY="${ONLY:-generate train score sniffer detect}"
ids_ensure_built
ids_spark_conf
mkdir -p "$WORK"
rev=$(git -C "$IDS_ROOT" rev-parse --short "$BASE")
# both builds' jars are copied aside, so a rebuild during the runs cannot change them
if [[ ! -f "$WORK/base-$rev/ids-spark-jobs.jar" ]]; then
  tree="$WORK/tree-$rev"
  rm -rf "$tree"
  git -C "$IDS_ROOT" worktree add --detach "$tree" "$rev" > /dev/null
  (cd "$tree" && mvn -B -q -o -DskipTests -Dspotless.check.skip=true package) >&2
  mkdir -p "$WORK/base-$rev"
  cp "$tree/spark-jobs/target/ids-spark-jobs.jar" "$tree/sniffer/target/ids-sniffer.jar" "$WORK/base-$rev/"
  git -C "$IDS_ROOT" worktree remove --force "$tree"
fi
mkdir -p "$WORK/new"
cp "$IDS_JOBS_JAR" "$IDS_SNIFFER_JAR" "$WORK/new/"
SUBMIT=("$IDS_ROOT/scripts/spark-submit" --master "local[2]" --driver-memory 2g)
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
secs() { local t0; t0=$(date +%s.%N); "$@" > "$WORK/last.log" 2>&1 || { tail -5 "$WORK/last.log" >&2; return 1; }
  echo "$(date +%s.%N) - $t0" | bc; }

# inputs, made once by the base build
TRAIN_IN="$WORK/train-$GEN_ROWS.parquet"
SCORE_IN="$WORK/score-$SCORE_ROWS.csv"
PCAP="$WORK/mix-$PACKETS.pcap"
wants() { [[ " $ONLY " == *" $1 "* ]]; }
! wants train || [[ -d "$TRAIN_IN" ]] || "${SUBMIT[@]}" "$WORK/base-$rev/ids-spark-jobs.jar" generate --rows "$GEN_ROWS" --seed 3 \
  --format parquet --out "$TRAIN_IN" > /dev/null 2>&1
if wants score && [[ ! -f "$SCORE_IN" ]]; then
  "${SUBMIT[@]}" "$WORK/base-$rev/ids-spark-jobs.jar" generate --rows "$SCORE_ROWS" --seed 4 --out "$WORK/score-parts" \
    --partitions 2 > /dev/null 2>&1
  { head -1 "$(ls "$WORK"/score-parts/part-*.csv | head -1)"; tail -q -n +2 "$WORK"/score-parts/part-*.csv; } > "$SCORE_IN"
  rm -rf "$WORK/score-parts"
fi
if wants sniffer && [[ ! -f "$PCAP" ]]; then
  inputs=()
  for f in tcpdump__ssh.pcap tcpdump__mptcp-v0.pcap tcpdump__afs.pcap gopacket__test_ethernet.pcap \
           gopacket__test_dns.pcap tcpdump__dns_tcp.pcap tcpdump__pptp.pcap chrissanders__portscan.pcap; do
    p="$IDS_ROOT/sniffer/src/test/resources/pcaps/$f"
    [[ -f "$p" ]] && inputs+=("$p")
  done
  java "$IDS_ROOT/scripts/bench/GenPcap.java" mix "$PCAP" "$PACKETS" "${inputs[@]}"
fi

DETECT_IN="$WORK/detect-flows-$DETECT_FLOWS"
if wants detect && [[ ! -d "$DETECT_IN" ]]; then
  POOL="${POOL:-$WORK/pool-1pct.csv}"
  source "$IDS_ROOT/scripts/bench/pool.sh"
  POOL_GENERATE_ARGS="--attack-fraction 0.01" bench_pool "$POOL" "$WORK" "${SUBMIT[@]}" \
    "$WORK/base-$rev/ids-spark-jobs.jar" > /dev/null
  mkdir -p "$DETECT_IN"
  # 10 files of 10,000 flows a second: files in order, 100 ms apart
  python3 "$IDS_ROOT/scripts/bench/flow_writer.py" "$POOL" "$DETECT_IN" 100000 $((DETECT_FLOWS / 100000)) \
    "$WORK/detect-manifest.csv" 10 > /dev/null
fi
detect_secs() { # JAR OUT: batch time of batches 3.. in seconds
  mkdir -p "$2/logs"
  cp -a "$DETECT_IN" "$2/flows"
  IDS_LOGS_DIR="$2/logs" "${SUBMIT[@]}" "$1" detect --flows-dir "$2/flows" --model "$IDS_ROOT/models" \
    --alerts-dir "$2/logs" --checkpoint "$2/ckpt" --once --max-files-per-trigger 4 > "$WORK/last.log" 2>&1 ||
    { tail -5 "$WORK/last.log" >&2; return 1; }
  rm -rf "$2/flows"
  python3 -c 'import json, sys
b = [json.loads(l) for l in open(sys.argv[1]) if "\"event\":\"batch\"" in l]
print(sum(x["latency_ms"] for x in b[2:]) / 1000)' "$2/logs/detect.log"
}

run() { # BUILD_DIR KIND
  local d="$1" out="$WORK/out-$2"
  rm -rf "$out"
  case "$2" in
    generate) secs "${SUBMIT[@]}" "$d/ids-spark-jobs.jar" generate --rows "$GEN_ROWS" --seed 1 --format parquet --out "$out" ;;
    train) secs "${SUBMIT[@]}" "$d/ids-spark-jobs.jar" train --in "$TRAIN_IN" --out "$out" ;;
    score) secs "${SUBMIT[@]}" "$d/ids-spark-jobs.jar" score --model "$IDS_ROOT/models" --in "$SCORE_IN" --out "$out" ;;
    sniffer) secs taskset -c 0 java -jar "$d/ids-sniffer.jar" --pcap "$PCAP" --out "$out" ;;
    detect) detect_secs "$d/ids-spark-jobs.jar" "$out" ;;
  esac
}
echo "base $rev vs new (working tree); $RUNS alternating runs; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %12s %12s %8s\n' command base_s new_s base/new
for kind in $ONLY; do
  b=(); n=()
  for ((i = 1; i <= RUNS; i++)); do
    b+=("$(run "$WORK/base-$rev" "$kind")")
    n+=("$(run "$WORK/new" "$kind")")
  done
  mb=$(printf '%s\n' "${b[@]}" | median); mn=$(printf '%s\n' "${n[@]}" | median)
  printf '%-9s %12.1f %12.1f %8.2f   (base: %s; new: %s)\n' "$kind" "$mb" "$mn" "$(echo "$mb / $mn" | bc -l)" \
    "${b[*]}" "${n[*]}"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
