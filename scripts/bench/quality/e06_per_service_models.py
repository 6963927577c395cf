import os
import sys, numpy as np
from sklearn.ensemble import IsolationForest
import cicdata, feats, harness

raw, schema, y, attack = cicdata.load()
R = []
_, _, svc = feats.port_onehot(schema)


def fit_if(A, seed, samples=256, trees=100, mf=1.0):
    keep = A.std(0) > 0
    m = IsolationForest(n_estimators=trees, max_samples=min(samples, len(A)), max_features=mf,
                        random_state=seed).fit(A[:, keep])
    return lambda B: -m.score_samples(B[:, keep])


def cdf(ref, v):
    ref = np.sort(ref)
    return np.searchsorted(ref, v, side="right") / (len(ref) + 1)


def per_service(min_rows=50, samples=256, norm="cdf", mf=1.0, rare_boost=True):
    """X last column = service bucket index (not a feature)."""
    def fs(Xtr, Xte, seed):
        st, se = Xtr[:, -1], Xte[:, -1]
        A, B = Xtr[:, :-1], Xte[:, :-1]
        g = fit_if(A, seed, samples, mf=mf)
        gtr = g(A)
        out_tr, out_te = np.zeros(len(A)), np.zeros(len(B))
        # global model for rows of services with too few benign rows
        out_tr[:] = cdf(gtr, gtr) if norm == "cdf" else gtr
        out_te[:] = cdf(gtr, g(B)) if norm == "cdf" else g(B)
        for k in np.unique(st):
            mtr = st == k
            if mtr.sum() < min_rows:
                continue
            f = fit_if(A[mtr], seed, samples, mf=mf)
            ftr = f(A[mtr])
            mte = se == k
            out_tr[mtr] = cdf(ftr, ftr) if norm == "cdf" else ftr
            if mte.any():
                out_te[mte] = cdf(ftr, f(B[mte])) if norm == "cdf" else f(B[mte])
        if rare_boost:
            # a service seen in under min_rows benign training rows: its score cannot be below the
            # global model's, and is lifted by how rare the service is in benign training traffic
            counts = {k: (st == k).sum() for k in np.unique(st)}
            rare = np.array([counts.get(k, 0) < min_rows for k in se])
            out_te[rare] = np.maximum(out_te[rare], 1 - np.array([counts.get(k, 0) for k in se[rare]]) / (len(A) + 1))
        return out_tr, out_te
    return fs


sn = feats.schema_features(schema)
Xs = feats.matrix(schema, sn, log=True)
P, pn, b = feats.port_onehot(schema)
Q, qn = feats.proto_onehot(schema)
bidx = np.array([feats.BUCKETS.index(x) for x in b], float)[:, None]
for name, X in [("schema68 log", Xs), ("schema68 log + port/proto onehot", np.hstack([Xs, P, Q]))]:
    for ms in (20, 50, 100):
        R.append(harness.evaluate(f"E6 per-service(min {ms}) cdf, {name}", per_service(ms), np.hstack([X, bidx]), y, attack))
    R.append(harness.evaluate(f"E6 per-service(50) cdf no rare boost, {name}", per_service(50, rare_boost=False), np.hstack([X, bidx]), y, attack))
    R.append(harness.evaluate(f"E6 per-service(50) raw score, {name}", per_service(50, norm="raw", rare_boost=False), np.hstack([X, bidx]), y, attack))
import json; json.dump(R, open(os.environ.get("OUT_DIR", ".") + "/e06_per_service_models.json", "w"), indent=1)
