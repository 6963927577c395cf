#!/usr/bin/env bash
# The drift demo (docs/quality.md, "Drift"): a model trained (default train, host context) on one hour of generated
# benign traffic (50,000 flows); detect watches a folder that gets the next hour of benign traffic (another seed, the
# same density: 50,000 flows in NORMAL_S seconds), then a shifted hour (150,000 flows, half of them attack campaigns)
# for SHIFT_S seconds, each in export order (as a sniffer writes them) and never repeated (one consistent timeline);
# prints the highest PSI before the shift, each drift record and how long after the shift it came.
#   scripts/bench/drift-shift.sh        env: WORK=/tmp/ids-drift, NORMAL_S=200, SHIFT_S=150, TRIGGER=1s,
#                                       TRAIN_ARGS (extra train options, e.g. --no-context for the per-flow inputs)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
WORK="${WORK:-/tmp/ids-drift}"
NORMAL_S="${NORMAL_S:-200}"
SHIFT_S="${SHIFT_S:-150}"
TRIGGER="${TRIGGER:-1s}"
ids_ensure_built
ids_spark_conf
mkdir -p "$WORK"
SUBMIT=("$IDS_ROOT/scripts/spark-submit" --master "local[2]" --driver-memory 2g "$IDS_JOBS_JAR")
pool() { # OUT ROWS SEED ATTACK_FRACTION START: generated flows in the sniffer's layout (labels dropped), by export time
  [[ -f "$1" ]] && return 0
  "${SUBMIT[@]}" generate --rows "$2" --seed "$3" --attack-fraction "$4" --start "$5" --no-context \
    --out "$1.gen.csv" >&2
  python3 - "$1.gen.csv" "$1" << 'PY'
import csv, sys
r = csv.reader(open(sys.argv[1])); h = next(r)
keep = [i for i, c in enumerate(h) if c not in ("label", "attack_type")]
t, e = h.index("timestamp"), h.index("exported_at")
# in the order a sniffer writes them: by exported_at (then start), the order host context counts them in
rows = sorted(r, key=lambda row: (row[e], row[t]))
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n"); w.writerow([h[i] for i in keep])
    for row in rows: w.writerow([row[i] for i in keep])
PY
}
if [[ ! -f "$WORK/models/LATEST" ]]; then
  "${SUBMIT[@]}" generate --rows 50000 --seed 1 --attack-fraction 0 --out "$WORK/train.csv" >&2
  "${SUBMIT[@]}" train --in "$WORK/train.csv" --out "$WORK/models" --no-labels ${TRAIN_ARGS:-} >&2
fi
pool "$WORK/normal.csv" 50000 2 0 2025-03-03T14:00:00Z
pool "$WORK/shifted.csv" 150000 3 0.5 2025-03-03T15:00:00Z
run="$WORK/run"
rm -rf "$run"
mkdir -p "$run/flows" "$run/logs"
IDS_LOGS_DIR="$run/logs" "${SUBMIT[@]}" detect --flows-dir "$run/flows" --model "$WORK/models" \
  --alerts-dir "$run/logs" --checkpoint "$run/ckpt" --trigger "$TRIGGER" > "$run/detect.out" 2>&1 &
pid=$!
for _ in $(seq 1 240); do grep -q '"event":"ready"' "$run/logs/detect.log" 2> /dev/null && break; sleep 0.5; done
python3 "$IDS_ROOT/scripts/bench/flow_writer.py" "$WORK/normal.csv" "$run/flows" $((50000 / NORMAL_S)) "$NORMAL_S" \
  "$run/normal-manifest.csv" 1 n > /dev/null
shift_at=$(date -u +%s.%N)
python3 "$IDS_ROOT/scripts/bench/flow_writer.py" "$WORK/shifted.csv" "$run/flows" $((150000 / SHIFT_S)) "$SHIFT_S" \
  "$run/shifted-manifest.csv" 1 s > /dev/null
sleep 10
kill "$pid" 2> /dev/null || true
wait "$pid" 2> /dev/null || true
python3 - "$run/logs/health.jsonl" "$shift_at" << 'PY'
import json, sys
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
shift = float(sys.argv[2])
before, context, drifts, batches = 0.0, 0.0, [], 0
for l in open(sys.argv[1]):
    n = json.loads(l)
    if n["type"] == "batch":
        batches += 1
        d = n.get("drift", {})
        if t(n["@timestamp"]) < shift:
            # top: the inputs that raise drift (the flow's own); context_top: host context, reported only
            before = max([before] + [f["psi"] for f in d.get("top", [])[:1]])
            context = max([context] + [f["psi"] for f in d.get("context_top", [])[:1]])
    elif n["type"] == "drift":
        drifts.append(n)
print(f"drift demo: {batches} batch lines; before the shift, highest PSI of a watched input {before:.3f}, "
      f"of a host-context input {context:.3f} (reported, not watched)")
for d in drifts:
    when = t(d["@timestamp"]) - shift
    feats = ", ".join(f'{f["feature"]} {f["psi"]}' for f in d["features"][:4])
    print(f"drift record {when:+.0f} s after the shift (above since {d['since']}): {feats}")
if not drifts:
    print("no drift record")
PY
