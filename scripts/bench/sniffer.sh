#!/usr/bin/env bash
# Sniffer benchmark (figures in docs/benchmarks.md, section bench:sniffer):
#  1. pcap -> flow files, packets/s, on a >= 5M-packet classic pcap built from real captures, against
#     tshark extracting the same header fields (the original Python tool's path), same run, median of RUNS;
#     both pinned to one core (taskset -c 0); also one run through libpcap (--libpcap) for comparison;
#  2. peak memory (RSS and heap) for a spoofed-source SYN flood of 2,000,000 one-packet flows at 1M packets/s,
#     with the default flow-table cap (1,000,000: half the flows are evicted early) and with 100,000.
# Usage: scripts/bench/sniffer.sh            (env: BENCH_DIR=/tmp/ids-bench PACKETS=5000000 RUNS=3
#                                             TSHARK_PACKETS=500000 FLOOD_FLOWS=2000000 SRC_DIR=...)
# tshark is slow (about 10-20k packets/s here), so it reads the first TSHARK_PACKETS packets of the same file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
ids_ensure_built
BENCH_DIR="${BENCH_DIR:-/tmp/ids-bench}"
PACKETS="${PACKETS:-5000000}"
RUNS="${RUNS:-3}"
TSHARK_PACKETS="${TSHARK_PACKETS:-500000}"
FLOOD_FLOWS="${FLOOD_FLOWS:-2000000}"
# the captures the packet mix is built from; the project's test captures hold 7 of the 11 (the published figures
# used a folder with all 11: SRC_DIR=...)
SRC_DIR="${SRC_DIR:-$IDS_ROOT/sniffer/src/test/resources/pcaps}"
command -v tshark > /dev/null || ids_die "tshark is missing (apt-get install -y tshark)"
mkdir -p "$BENCH_DIR"
GEN=(java "$IDS_ROOT/scripts/bench/GenPcap.java")
FLOOD="$BENCH_DIR/synflood-$FLOOD_FLOWS-1Mpps.pcap"
source "$IDS_ROOT/scripts/bench/mix.sh"
MIX="$(bench_mix "$BENCH_DIR" "$PACKETS" "$SRC_DIR")"
[[ -f "$FLOOD" ]] || "${GEN[@]}" synflood "$FLOOD" "$FLOOD_FLOWS"
echo "inputs: $MIX ($(du -h "$MIX" | cut -f1)), $FLOOD; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# runs CMD... pinned to core 0; prints "wall_s cpu_s maxrss_kb"
timed() { /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/time.txt" taskset -c 0 "$@"; \
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$BENCH_DIR/time.txt"; }
# the same, the command's own output discarded (tshark writes its fields to /dev/null)
timed_quiet() { /usr/bin/time -f "%e %U %S %M" -o "$BENCH_DIR/time.txt" taskset -c 0 "$@" > /dev/null 2>&1; \
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$BENCH_DIR/time.txt"; }

sniffer_pps=() ; sniffer_cpu_pps=()
for r in $(seq "$RUNS"); do
  rm -rf "$BENCH_DIR/out"
  read -r wall cpu rss < <(timed "$IDS_ROOT/scripts/sniffer" --pcap "$MIX" --out "$BENCH_DIR/out" 2> "$BENCH_DIR/sniffer.err")
  grep '^sniffer: packets' "$BENCH_DIR/sniffer.err" | tail -1
  sniffer_pps+=("$(awk -v p="$PACKETS" -v t="$wall" 'BEGIN {printf "%.0f", p / t}')")
  sniffer_cpu_pps+=("$(awk -v p="$PACKETS" -v t="$cpu" 'BEGIN {printf "%.0f", p / t}')")
  echo "sniffer run $r: ${wall}s wall, ${cpu}s cpu -> ${sniffer_pps[-1]} packets/s (${sniffer_cpu_pps[-1]} per cpu-s)"
done
rm -rf "$BENCH_DIR/out"
read -r wall cpu rss < <(timed_quiet "$IDS_ROOT/scripts/sniffer" --libpcap --pcap "$MIX" --out "$BENCH_DIR/out")
libpcap_pps=$(awk -v p="$PACKETS" -v t="$wall" 'BEGIN {printf "%.0f", p / t}')
echo "sniffer --libpcap (pcap4j getNextRawPacketEx), 1 run: ${wall}s wall, ${cpu}s cpu -> $libpcap_pps packets/s"
rm -rf "$BENCH_DIR/out"

tshark_pps=() ; tshark_cpu_pps=()
for r in $(seq "$RUNS"); do
  read -r wall cpu rss < <(timed_quiet tshark -r "$MIX" -c "$TSHARK_PACKETS" -T fields -e frame.time_epoch \
    -e ip.src -e ip.dst -e tcp.srcport -e tcp.dstport -e udp.srcport -e udp.dstport -e ip.proto -e frame.len \
    -e tcp.flags)
  tshark_pps+=("$(awk -v p="$TSHARK_PACKETS" -v t="$wall" 'BEGIN {printf "%.0f", p / t}')")
  tshark_cpu_pps+=("$(awk -v p="$TSHARK_PACKETS" -v t="$cpu" 'BEGIN {printf "%.0f", p / t}')")
  echo "tshark run $r: ${wall}s wall, ${cpu}s cpu for $TSHARK_PACKETS packets -> ${tshark_pps[-1]} packets/s (${tshark_cpu_pps[-1]} per cpu-s)"
done

s_med=$(printf '%s\n' "${sniffer_pps[@]}" | median)
c_med=$(printf '%s\n' "${sniffer_cpu_pps[@]}" | median)
t_med=$(printf '%s\n' "${tshark_pps[@]}" | median)
tc_med=$(printf '%s\n' "${tshark_cpu_pps[@]}" | median)
echo
echo "| tool | packets/s, wall clock (median of $RUNS, one core) | packets per CPU-second (median) |"
echo "|---|---|---|"
echo "| sniffer (pure-Java reader), $PACKETS packets -> CSV flow files | $s_med | $c_med |"
echo "| sniffer --libpcap (1 run) | $libpcap_pps | |"
echo "| tshark -T fields, first $TSHARK_PACKETS packets | $t_med | $tc_med |"
echo "ratio sniffer / tshark: $(awk -v a="$s_med" -v b="$t_med" 'BEGIN {printf "%.1f", a / b}')x wall," \
  "$(awk -v a="$c_med" -v b="$tc_med" 'BEGIN {printf "%.1f", a / b}')x per CPU-second"

echo
# the flood at 1M packets/s: all FLOOD_FLOWS flows are open at once unless the table cap evicts them
for cap in 1000000 100000; do
  rm -rf "$BENCH_DIR/out"
  printf 'flow_table_max_flows: %s\n' "$cap" > "$BENCH_DIR/flood.yml"
  read -r wall cpu rss < <(timed "$IDS_ROOT/scripts/sniffer" --config "$BENCH_DIR/flood.yml" --pcap "$FLOOD" \
    --out "$BENCH_DIR/out" 2> "$BENCH_DIR/flood.err")
  echo "SYN flood, $FLOOD_FLOWS one-packet flows at 1M packets/s, flow_table_max_flows=$cap: ${wall}s wall," \
    "${cpu}s cpu, peak RSS $((rss / 1024)) MiB"
  grep '^sniffer: packets' "$BENCH_DIR/flood.err" | tail -1
done
rm -rf "$BENCH_DIR/out"
