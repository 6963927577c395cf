#!/usr/bin/env bash
# Entry point of the ids-spark image's detector: trains a model on synthetic flows on first start (when the models
# volume holds none), then runs streaming `detect` on the flow folder that the sniffer fills.
#   docker/ids-entrypoint.sh detect
set -euo pipefail
cd "$(dirname "$0")/.."
models="${IDS_MODEL_DIR:-/app/models}"
logs="${IDS_LOGS_DIR:-/app/logs}"
flows="${IDS_FLOWS_DIR:-/app/data/flows}"
case "${1:-detect}" in
  detect)
    if [[ ! -s "$models/LATEST" ]]; then
      echo "No model in $models: training one on synthetic flows (first start only)..."
      scripts/make-default-model --out "$models"
    fi
    exec scripts/spark-submit --driver-memory "${IDS_DRIVER_MEMORY:-2g}" spark-jobs/target/ids-spark-jobs.jar detect \
      --flows-dir "$flows" --model "$models" --alerts-dir "$logs" --checkpoint "$logs/detect-checkpoint"
    ;;
  *)
    exec "$@"
    ;;
esac
