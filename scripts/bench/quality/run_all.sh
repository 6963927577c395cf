#!/usr/bin/env bash
# Re-runs every detection-quality experiment of docs/quality.md (scikit-learn, Debian python3-sklearn).
# Usage: scripts/bench/quality/run_all.sh [OUT_DIR]   (about 1 minute on 2 cores; prints one line per experiment)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export OUT_DIR="${1:-${TMPDIR:-/tmp}/ids-quality}"
mkdir -p "$OUT_DIR"
cd "$here"
for e in e00_e05_rows_transforms_columns e06_per_service_models e07_compact_features_rarity \
         e08_e09_sample_size_rarity_tuples e10_rarity_weight e11_e12_extended_forest_ensembles e13_size_bin_rarity \
         e14_benign_vs_all_rows e15_recipe_sample_size; do
  /usr/bin/python3 "$e.py"
done
echo "results (JSON) in $OUT_DIR"
