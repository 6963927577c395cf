import os
import numpy as np
import feats, harness
from e07_compact_features_rarity import COMPACT, cats, schema, y, attack, svc_idx
from e08_e09_sample_size_rarity_tuples import combo, model

R = []
Xc = feats.matrix(schema, COMPACT, log=True)
fp = combo(svc_idx, cats["win"], cats["segmin"])
fp2 = combo(svc_idx, cats["win"])
cols = [cats[c] for c in ["svc", "proto", "win", "segmin"]] + [fp, fp2]
X = np.hstack([Xc, np.column_stack(cols)]); ci = list(range(Xc.shape[1], X.shape[1]))
for rep in (1, 2, 3):
    for s in (1024, 2048):
        R.append(harness.evaluate(f"E10 rarity6 x{rep}, max_samples {s}", model(ci, samples=s, rep=rep), X, y, attack))
for q in (0.95, 0.90):
    R.append(harness.evaluate(f"E10 rarity6 x2, 2048, yellow=q{q}", model(ci, samples=2048, rep=2), X, y, attack, yellow_q=q))
# without the not-cic-comparable: COMPACT has none; without the fingerprint features at all
Xn = np.hstack([Xc, np.column_stack([cats["svc"], cats["proto"]])])
R.append(harness.evaluate("E10 no window/segmin rarity, x2, 2048", model([Xc.shape[1], Xc.shape[1] + 1], samples=2048, rep=2), Xn, y, attack))
import json; json.dump(R, open(os.environ.get("OUT_DIR", ".") + "/e10_rarity_weight.json", "w"), indent=1)
