#!/usr/bin/env bash
# Memory of `detect` with host context under a SYN flood from 1,000,000 spoofed source addresses (docs/benchmarks.md,
# issue: host context): 20 files of 50,000 one-packet flows to one service, each from a new source address, at 20,000
# flows/s of event time; detect --once in micro-batches of FILES files with the shipped model; the detect process's
# resident memory sampled every second (peak), the state's size in the checkpoint, the batch times.
#   scripts/bench/detect-spoofed-memory.sh   (env: WORK=/tmp/ids-bench-spoofed, SOURCES=1000000, FILES=2, MODEL=models,
#   DRIVER_MEMORY=2g)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
WORK="${WORK:-/tmp/ids-bench-spoofed}"
SOURCES="${SOURCES:-1000000}"
FILES="${FILES:-2}"
MODEL="${MODEL:-$IDS_ROOT/models}"
ids_ensure_built
ids_spark_conf
mkdir -p "$WORK/in"
if [[ ! -f "$WORK/in/.made-$SOURCES" ]]; then
  rm -rf "$WORK/in" && mkdir -p "$WORK/in"
  "$IDS_ROOT/scripts/spark-submit" --master "local[2]" "$IDS_JOBS_JAR" generate --benign 2000 --syn-flood 200 \
    --no-context --seed 9 --out "$WORK/template.csv" > /dev/null 2>&1
  python3 - "$WORK/template.csv" "$WORK/in" "$SOURCES" << 'PY'
import csv, datetime, random, sys
rows = list(csv.reader(open(sys.argv[1])))
h = [c for c in rows[0] if c not in ("label", "attack_type")]
ix = {c: rows[0].index(c) for c in h}
syn = [r for r in rows[1:] if r[rows[0].index("attack_type")] == "syn_flood"]
# a spoofed SYN: one packet, never answered (the generator's spoofed mode), else the first SYN-flood flow
tpl = next((r for r in syn if r[ix["tot_bwd_pkts"]] == "0"), syn[0])
rnd = random.Random(1)
t0 = datetime.datetime(2026, 12, 6, 3, 0, 0, tzinfo=datetime.timezone.utc)
total = int(sys.argv[3]); per = 50000
for f in range((total + per - 1) // per):
    with open("%s/spoofed-%03d.csv" % (sys.argv[2], f), "w", newline="") as o:
        w = csv.writer(o, lineterminator="\n"); w.writerow(h)
        for n in range(f * per, min(total, (f + 1) * per)):
            r = {c: tpl[ix[c]] for c in h}
            t = t0 + datetime.timedelta(seconds=n / 20000.0)
            r["timestamp"] = t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            r["exported_at"] = (t + datetime.timedelta(seconds=10)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            r["src_ip"] = "10.%d.%d.%d" % (100 + (n >> 16), (n >> 8) & 255, n & 255)
            r["src_port"] = str(rnd.randrange(1024, 65535))
            r["dst_ip"], r["dst_port"] = "10.231.0.1", "80"
            w.writerow([r[c] for c in h])
PY
  touch "$WORK/in/.made-$SOURCES"
fi
run="$WORK/run"
rm -rf "$run" && mkdir -p "$run"
IDS_LOGS_DIR="$run" "$IDS_ROOT/scripts/spark-submit" --master "local[2]" --driver-memory "${DRIVER_MEMORY:-2g}" \
  "$IDS_JOBS_JAR" detect --once --flows-dir "$WORK/in" --model "$MODEL" --alerts-dir "$run" \
  --checkpoint "$run/ckpt" --max-files-per-trigger "$FILES" > "$run/detect.out" 2>&1 &
pid=$!
peak=0
while kill -0 "$pid" 2> /dev/null; do
  for p in $(pgrep -f "ids-spark-jobs.*detect --once --flows-dir $WORK/in" || true); do
    rss=$(ps -o rss= -p "$p" 2> /dev/null || echo 0)
    ((rss > peak)) && peak=$rss
  done
  sleep 1
done
wait "$pid" || { tail -5 "$run/detect.out" >&2; ids_die "detect failed"; }
python3 - "$run/detect.log" "$peak" "$run/ckpt" "$SOURCES" << 'PY'
import json, os, sys
b = [json.loads(l) for l in open(sys.argv[1]) if '"event":"batch"' in l]
state = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(sys.argv[3], "state")) for f in fs)
ms = sorted(x["latency_ms"] for x in b)
print("spoofed sources %s: %d batches, %d rows; peak RSS of detect %.0f MB; state in the checkpoint %.0f MB;"
      " batch time median %d ms, max %d ms" % (sys.argv[4], len(b), sum(x["rows"] for x in b), int(sys.argv[2]) / 1024,
                                             state / 1e6, ms[len(ms) // 2], ms[-1]))
# the cap on tracked hosts: hosts held after the last batch (per operator) and the live hosts evicted
s = [json.loads(l) for l in open(sys.argv[1]) if '"event":"state_batch"' in l]
if s:
    held = [o.get("state_rows", o.get("buckets")) for o in s[-1]["operators"]]
    print("state rows after the last batch (per operator: one per bucket of up to 16 hosts, at most 65,536): %s; live hosts evicted (rows that evicted one): %d"
          % (held, sum(x.get("context_evicted_rows", 0) for x in b)))
inc = [x.get("incidents", {}) for x in b]
commit = os.path.join(os.path.dirname(sys.argv[1]), ".alerts-commit.json")
print("alerts %d; incidents: opened %d, closed %d, open at most %d at once; incident state (the commit file) %.1f KB at the end"
      % (sum(x["alerts"]["yellow"] + x["alerts"]["red"] for x in b), sum(i.get("opened", 0) for i in inc),
         sum(i.get("closed", 0) for i in inc), max([i.get("open_now", 0) for i in inc] or [0]),
         os.path.getsize(commit) / 1e3 if os.path.exists(commit) else 0))
PY
