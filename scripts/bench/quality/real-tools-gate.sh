#!/usr/bin/env bash
# The real-tools gate of the host-context issue (docs/quality.md): a model made by `generate` + the default `train`
# (scripts/make-default-model, no capture data in training) scores the labelled capture of scripts/capture-attacks;
# the share of each phase's flows flagged (yellow or red), per seed. Gate: every attack phase >= 90%, benign <= 2%.
# Usage: scripts/bench/quality/real-tools-gate.sh LABELLED_CSV [SEEDS...]   (default seeds: 1 2 3; env WORK, BENIGN,
# RANGE_AWARE=1 for train --range-aware, PHASES=a,b,... to score only those phases' flows, e.g. the login loop
# without the floods before it: PHASES=benign,busy-client,brute-force,benign-again)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../lib.sh"
if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  [[ $# -ge 1 ]] && exit 0 || exit 2
fi
labelled="$1"
shift
[[ -f "$labelled" ]] || ids_die "$labelled: no such file (make it with: sudo scripts/capture-attacks)"
seeds=("$@"); ((${#seeds[@]})) || seeds=(1 2 3)
ids_ensure_built
work="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/ids-real-tools.XXXXXX")}"
mkdir -p "$work"
if [[ -n "${PHASES:-}" ]]; then
  # a misspelt phase would leave its flows out and the gate would judge the rest: refuse it by name
  /usr/bin/python3 - "$labelled" "$PHASES" "$work/labelled-phases.csv" << 'PY' || exit 2
import collections, csv, sys
keep = set(sys.argv[2].split(","))
with open(sys.argv[1], newline="") as f, open(sys.argv[3], "w", newline="") as o:
    r = csv.reader(f); h = next(r); ph = h.index("phase")
    w = csv.writer(o); w.writerow(h)
    n = collections.Counter()
    for row in r:
        n[row[ph]] += 1
        if row[ph] in keep:
            w.writerow(row)
unknown = sorted(keep - set(n))
if unknown:
    sys.exit("real-tools-gate: PHASES: no flows of phase %s in %s (its phases: %s)"
             % (", ".join(unknown), sys.argv[1], ", ".join(sorted(n))))
print("phases %s: %d flows" % (sys.argv[2], sum(n[k] for k in keep)))
PY
  labelled="$work/labelled-phases.csv"
fi
for seed in "${seeds[@]}"; do
  d="$work/seed-$seed"
  rm -rf "$d"
  mkdir -p "$d"
  "$IDS_ROOT/scripts/make-default-model" --seed "$seed" --benign "${BENIGN:-20000}" --master "local[2]" \
    ${RANGE_AWARE:+--range-aware} --out "$d/models" > "$d/make-model.log" 2>&1 || { tail -5 "$d/make-model.log" >&2; ids_die "seed $seed: no model"; }
  "$IDS_ROOT/scripts/spark-submit" --master "local[2]" --conf spark.ui.showConsoleProgress=false "$IDS_JOBS_JAR" \
    score --in "$labelled" --model "$d/models" --out "$d/scored" > "$d/score.log" 2>&1 \
    || { tail -5 "$d/score.log" >&2; ids_die "seed $seed: score failed"; }
  /usr/bin/python3 - "$d/scored" "$seed" "$(cat "$d/models/LATEST")" << 'PY'
import csv, glob, sys, collections
n = collections.Counter(); f = collections.Counter(); attack = {}
for p in glob.glob(sys.argv[1] + "/*.csv"):
    for r in csv.DictReader(open(p)):
        k = r["phase"]
        n[k] += 1; f[k] += r["level"] in ("yellow", "red"); attack[k] = r["label"] == "1"
print("seed %s (model %s)" % (sys.argv[2], sys.argv[3]))
ok = True
for k in sorted(n, key=lambda k: (not attack[k], k)):
    share = f[k] / n[k]
    gate = ">= 90%" if attack[k] else ("<= 2%" if k not in ("reply", "unlabelled") else "(not gated)")
    passed = share >= 0.9 if attack[k] else (share <= 0.02 if gate == "<= 2%" else True)
    ok &= passed
    print("  %-18s %6d / %6d flagged  %6.2f%%  %-12s %s" % (k, f[k], n[k], 100 * share, gate, "" if passed else "FAIL"))
print("  gate: " + ("pass" if ok else "fail"))
PY
done
echo "work folder: $work"
