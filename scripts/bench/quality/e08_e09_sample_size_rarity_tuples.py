import os
import sys, numpy as np
from sklearn.ensemble import IsolationForest
import cicdata, feats, harness
from e07_compact_features_rarity import COMPACT, rarity_cols, raw_cat, cats, schema, y, attack, svc_idx


def combo(*arrs):
    return np.array([hash(t) % (1 << 40) for t in zip(*[a.tolist() for a in arrs])], float)


def model(cat_idx, samples=256, mf=1.0, trees=100, combine=None, rep=1):
    def fs(Xtr, Xte, seed):
        A, B = Xtr.copy(), Xte.copy()
        ra_all, rb_all = [], []
        for j in cat_idx:
            ra, rb = rarity_cols(Xtr[:, j], Xtr[:, j]), rarity_cols(Xtr[:, j], Xte[:, j])
            A[:, j], B[:, j] = ra, rb
        if rep > 1:
            A = np.hstack([A] + [A[:, cat_idx]] * (rep - 1)); B = np.hstack([B] + [B[:, cat_idx]] * (rep - 1))
        keep = A.std(0) > 0
        A, B = A[:, keep], B[:, keep]
        m = IsolationForest(n_estimators=trees, max_samples=min(samples, len(A)), max_features=mf,
                            random_state=seed).fit(A)
        sa, sb = -m.score_samples(A), -m.score_samples(B)
        return sa, sb
    return fs


if __name__ == "__main__":
    R = []
    Xc = feats.matrix(schema, COMPACT, log=True)
    fp = combo(svc_idx, cats["win"], cats["segmin"])
    fp2 = combo(svc_idx, cats["win"])
    base = ["svc", "proto", "win", "segmin"]
    def X_with(extra):
        cols = [cats[c] for c in base] + extra
        return np.hstack([Xc, np.column_stack(cols)]), list(range(Xc.shape[1], Xc.shape[1] + len(cols)))
    X, ci = X_with([])
    for s in (256, 512, 1024):
        R.append(harness.evaluate(f"E8 compact23+rarity4 max_samples {s}", model(ci, samples=s), X, y, attack))
    for mf in (0.5, 0.75):
        R.append(harness.evaluate(f"E8 compact23+rarity4 max_features {mf}", model(ci, mf=mf), X, y, attack))
    R.append(harness.evaluate(f"E8 compact23+rarity4 rarity cols x3", model(ci, rep=3), X, y, attack))
    X2, ci2 = X_with([fp])
    R.append(harness.evaluate(f"E9 + rarity(svc,win,segmin tuple)", model(ci2), X2, y, attack))
    X3, ci3 = X_with([fp, fp2])
    R.append(harness.evaluate(f"E9 + rarity(svc,win,segmin) + rarity(svc,win)", model(ci3), X3, y, attack))
    R.append(harness.evaluate(f"E9 + rarity tuples, max_samples 1024", model(ci3, samples=1024), X3, y, attack))
    import json; json.dump(R, open(os.environ.get("OUT_DIR", ".") + "/e08_e09_sample_size_rarity_tuples.json", "w"), indent=1)
