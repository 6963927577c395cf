# Sourced by the detect latency and saturation benchmarks: the pool of flows their writers cycle through, in the
# sniffer's CSV layout, and the seconds a JVM has spent compiling.
#   bench_pool POOL WORK SUBMIT...   builds POOL (if missing) from 100,000 `generate --seed 3 --no-context` flows with
#                                    the label columns dropped; SUBMIT... is the spark-submit command line with the jar;
#                                    env POOL_GENERATE_ARGS: more generate options (e.g. --attack-fraction 0.01)
bench_pool() {
  local pool="$1" work="$2"
  shift 2
  [[ -f "$pool" ]] && return 0
  # shellcheck disable=SC2086 # options, split on purpose
  "$@" generate --rows 100000 --seed 3 --no-context ${POOL_GENERATE_ARGS:-} --out "$work/gen.csv" >&2
  python3 - "$work/gen.csv" "$pool" << 'PY'
import csv, sys
r = csv.reader(open(sys.argv[1])); h = next(r)
keep = [i for i, c in enumerate(h) if c not in ("label", "attack_type")]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow([h[i] for i in keep])
    for row in r: w.writerow([row[i] for i in keep])
PY
}

# Seconds JVM PID has spent in JIT compilation so far (jstat -compiler's Time; empty when jstat is missing).
bench_jit_seconds() { jstat -compiler "$1" 2> /dev/null | awk 'NR == 2 {print $4}'; }
