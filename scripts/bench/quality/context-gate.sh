#!/usr/bin/env bash
# Share of each generated attack's flows flagged (yellow or red) and of benign flows, by a model made by `generate` +
# `train` with and without host context, on held-out generated flows of another seed; for several seeds.
# The gate of the host-context issue: every attack >= 90%, benign <= 2%.
# Usage: scripts/bench/quality/context-gate.sh [SEEDS...]   (default: 1 2 3; env BENIGN, TEST_BENIGN, WORK)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../lib.sh"
ids_ensure_built
seeds=("$@"); ((${#seeds[@]})) || seeds=(1 2 3)
benign="${BENIGN:-20000}"; test_benign="${TEST_BENIGN:-20000}"
work="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/ids-context-gate.XXXXXX")}"
submit() { "$IDS_ROOT/scripts/spark-submit" --master "local[2]" --conf spark.ui.showConsoleProgress=false "$IDS_JOBS_JAR" "$@"; }
a=$((benign / 500)); ta=$((test_benign / 50))
for seed in "${seeds[@]}"; do
  d="$work/seed-$seed"; mkdir -p "$d"
  submit generate --benign "$benign" --syn-flood "$a" --port-scan "$a" --udp-flood "$a" --slow-http "$a" \
    --brute-force "$a" --seed "$seed" --out "$d/train.csv" > /dev/null 2>&1
  submit generate --benign "$test_benign" --syn-flood "$ta" --port-scan "$ta" --udp-flood "$ta" --slow-http "$ta" \
    --brute-force "$ta" --seed "$((seed + 1000))" --out "$d/test.csv" > /dev/null 2>&1
  for ctx in --no-context --context; do
    rm -rf "$d/models$ctx" "$d/scored$ctx"
    submit train --in "$d/train.csv" --out "$d/models$ctx" --seed "$seed" "$ctx" > /dev/null 2>&1
    submit score --in "$d/test.csv" --model "$d/models$ctx" --out "$d/scored$ctx" > /dev/null 2>&1
    /usr/bin/python3 - "$d/scored$ctx" "$seed" "$ctx" <<'PY'
import csv, glob, sys, collections
n = collections.Counter(); f = collections.Counter()
for p in glob.glob(sys.argv[1] + "/*.csv"):
    for r in csv.DictReader(open(p)):
        n[r["attack_type"]] += 1; f[r["attack_type"]] += r["level"] in ("yellow", "red")
print("seed %-4s %-12s " % (sys.argv[2], sys.argv[3]) + "  ".join(
    "%s %d/%d (%.1f%%)" % (k, f[k], n[k], 100.0 * f[k] / n[k]) for k in sorted(n)))
PY
  done
done
