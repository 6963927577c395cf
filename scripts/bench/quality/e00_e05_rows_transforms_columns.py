import os
import sys, numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.preprocessing import StandardScaler
import cicdata, feats, harness
from eif import EIF

raw, schema, y, attack = cicdata.load()
R = []


def iforest(trees=100, samples=256, max_features=1.0, drop_const=False, scale=False):
    def fs(Xtr, Xte, seed):
        keep = np.ones(Xtr.shape[1], bool)
        if drop_const:
            keep = Xtr.std(0) > 0
        A, B = Xtr[:, keep], Xte[:, keep]
        if scale:
            sc = StandardScaler().fit(A); A, B = sc.transform(A), sc.transform(B)
        m = IsolationForest(n_estimators=trees, max_samples=min(samples, len(A)), max_features=max_features,
                            random_state=seed, n_jobs=2).fit(A)
        return -m.score_samples(A), -m.score_samples(B)
    return fs


def eif(samples=256, ext=None, scale=True):
    def fs(Xtr, Xte, seed):
        keep = Xtr.std(0) > 0
        A, B = Xtr[:, keep], Xte[:, keep]
        if scale:
            sc = StandardScaler().fit(A); A, B = sc.transform(A), sc.transform(B)
        m = EIF(100, samples, ext, seed).fit(A)
        return m.score(A), m.score(B)
    return fs


rawnames = [n for n in raw if n not in ("id", "Attempted Category")]
Xraw = feats.matrix(raw, rawnames)
R.append(harness.evaluate("E0 plain IF, all rows, 84 raw numeric cols", iforest(), Xraw, y, attack, benign_only=False))
R.append(harness.evaluate("E1 plain IF, benign rows only, raw cols", iforest(), Xraw, y, attack))
R.append(harness.evaluate("E2 E1 + signed log1p", iforest(), feats.slog1p(Xraw), y, attack))
sn = feats.schema_features(schema)
Xs = feats.matrix(schema, sn, log=True)
R.append(harness.evaluate(f"E3 schema features ({len(sn)}), no ports/proto, log", iforest(), Xs, y, attack))
R.append(harness.evaluate("E3b E3 + drop constant cols", iforest(drop_const=True), Xs, y, attack))
P, pn, _ = feats.port_onehot(schema)
Q, qn = feats.proto_onehot(schema)
Xp = np.hstack([Xs, P, Q])
R.append(harness.evaluate("E4 E3 + dst-port bucket one-hot + proto one-hot", iforest(drop_const=True), Xp, y, attack))
cn = feats.schema_features(schema, cic_only=True)
Xc = feats.matrix(schema, cn, log=True)
R.append(harness.evaluate(f"E5 cicComparable features only ({len(cn)}), log", iforest(drop_const=True), Xc, y, attack))
Xcp = np.hstack([Xc, P, Q])
R.append(harness.evaluate("E5b E5 + port/proto one-hot", iforest(drop_const=True), Xcp, y, attack))
import json; json.dump(R, open(os.environ.get("OUT_DIR", ".") + "/e00_e05_rows_transforms_columns.json", "w"), indent=1)
