#!/usr/bin/env bash
# Entry point of the ids-spark image's detector: trains a model on synthetic flows on first start (when the models
# volume holds none), then runs streaming `detect` on the Kafka topic the sniffer sends to (IDS_KAFKA=host:port,
# IDS_KAFKA_TOPIC, default flows) or, without IDS_KAFKA, on the flow folder that the sniffer fills.
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
    if [[ -n "${IDS_KAFKA:-}" ]]; then
      source_args=(--source kafka --kafka "$IDS_KAFKA" --topic "${IDS_KAFKA_TOPIC:-flows}")
      checkpoint="$logs/detect-checkpoint-kafka"
    else
      source_args=(--flows-dir "$flows")
      checkpoint="$logs/detect-checkpoint"
    fi
    exec scripts/spark-submit --driver-memory "${IDS_DRIVER_MEMORY:-2g}" spark-jobs/target/ids-spark-jobs.jar detect \
      "${source_args[@]}" --model "$models" --alerts-dir "$logs" --checkpoint "$checkpoint"
    ;;
  *)
    exec "$@"
    ;;
esac
