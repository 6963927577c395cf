#!/usr/bin/env bash
# Re-runs every detection-quality experiment of docs/quality.md (scikit-learn, Debian python3-sklearn).
# Usage: scripts/bench/quality/run_all.sh [OUT_DIR]   (about 1 minute on 2 cores; prints one line per experiment)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export OUT_DIR="${1:-${TMPDIR:-/tmp}/ids-quality}"
mkdir -p "$OUT_DIR"
cd "$here"
for e in exp1 exp2 exp3 exp4 exp5 exp6 exp7 exp8 exp9; do
  /usr/bin/python3 "$e.py"
done
echo "results (JSON) in $OUT_DIR"
