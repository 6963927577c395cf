"""scikit-learn IsolationForest on the same rows as the ids-spark forest benchmark.

Usage: /usr/bin/python3 forest_sklearn.py DATA_DIR RUNS [SCORE_REPEAT]
Reads DATA_DIR/X.npy and DATA_DIR/y.npy (written by `bench-forest --mode synthetic|cic`), prints one JSON line per
run: fit seconds, score_samples seconds and rows/s (on the rows repeated SCORE_REPEAT times, as the Spark side does),
AUROC and AUPRC (average precision) of -score_samples on the rows once.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import average_precision_score, roc_auc_score


def main():
    data_dir, runs = sys.argv[1], int(sys.argv[2])
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    x = np.load(f"{data_dir}/X.npy")
    y = np.load(f"{data_dir}/y.npy")
    many = np.tile(x, (repeat, 1)) if repeat > 1 else x
    for run in range(runs):
        clf = IsolationForest(n_estimators=100, max_samples=256, n_jobs=2, random_state=run + 1)
        t0 = time.perf_counter()
        clf.fit(x)
        fit_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        s_many = clf.score_samples(many)
        score_s = time.perf_counter() - t1
        s = -(s_many if repeat == 1 else clf.score_samples(x))
        print(json.dumps({
            "impl": "sklearn", "run": run, "rows": int(len(x)), "fit_s": round(fit_s, 3),
            "scored_rows": int(len(many)), "score_s": round(score_s, 3),
            "score_rows_per_s": round(len(many) / score_s),
            "auroc": round(float(roc_auc_score(y, s)), 6),
            "auprc": round(float(average_precision_score(y, s)), 6)}), flush=True)


if __name__ == "__main__":
    main()
