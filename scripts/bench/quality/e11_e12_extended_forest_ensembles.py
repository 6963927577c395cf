import os
import numpy as np
from sklearn.preprocessing import StandardScaler
import feats, harness
from e07_compact_features_rarity import COMPACT, cats, schema, y, attack, svc_idx, rarity_cols
from e08_e09_sample_size_rarity_tuples import combo, model
from eif import EIF

Xc = feats.matrix(schema, COMPACT, log=True)
fp = combo(svc_idx, cats["win"], cats["segmin"])
fp2 = combo(svc_idx, cats["win"])
cols = [cats[c] for c in ["svc", "proto", "win", "segmin"]] + [fp, fp2]
X = np.hstack([Xc, np.column_stack(cols)]); ci = list(range(Xc.shape[1], X.shape[1]))


def eif_model(ci, samples=256, ext=None, scale=True, rep=2):
    def fs(Xtr, Xte, seed):
        A, B = Xtr.copy(), Xte.copy()
        for j in ci:
            A[:, j], B[:, j] = rarity_cols(Xtr[:, j], Xtr[:, j]), rarity_cols(Xtr[:, j], Xte[:, j])
        A = np.hstack([A] + [A[:, ci]] * (rep - 1)); B = np.hstack([B] + [B[:, ci]] * (rep - 1))
        keep = A.std(0) > 0
        A, B = A[:, keep], B[:, keep]
        if scale:
            sc = StandardScaler().fit(A); A, B = sc.transform(A), sc.transform(B)
        m = EIF(100, samples, ext, seed).fit(A)
        return m.score(A), m.score(B)
    return fs


R = []
R.append(harness.evaluate("E11 EIF full ext, standardised, rarity6 x2, 256", eif_model(ci), X, y, attack))
R.append(harness.evaluate("E11 EIF ext=1, standardised, rarity6 x2, 256", eif_model(ci, ext=1), X, y, attack))
R.append(harness.evaluate("E11 EIF full ext, not standardised, rarity6 x2, 256", eif_model(ci, scale=False), X, y, attack))
R.append(harness.evaluate("E11 EIF full ext, standardised, rarity6 x2, 2048", eif_model(ci, samples=2048), X, y, attack))


# small ensemble: average of rank-normalised scores of the IF recipe at 3 sample sizes
def ens():
    fss = [model(ci, samples=s, rep=2) for s in (256, 1024, 2048)]
    def fs(Xtr, Xte, seed):
        outs = [f(Xtr, Xte, seed) for f in fss]
        tr = np.mean([np.searchsorted(np.sort(a), a, side="right") / len(a) for a, b in outs], axis=0)
        te = np.mean([np.searchsorted(np.sort(a), b, side="right") / len(a) for a, b in outs], axis=0)
        return tr, te
    return fs
R.append(harness.evaluate("E12 ensemble of IF(256,1024,2048) rank-normalised", ens(), X, y, attack))
import json; json.dump(R, open(os.environ.get("OUT_DIR", ".") + "/e11_e12_extended_forest_ensembles.json", "w"), indent=1)
