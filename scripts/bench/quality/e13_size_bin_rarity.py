import numpy as np
import feats, harness
from e07_compact_features_rarity import COMPACT, cats, schema, y, attack, svc_idx
from e08_e09_sample_size_rarity_tuples import combo, model

Xc = feats.matrix(schema, COMPACT, log=True)
fp = combo(svc_idx, cats["win"], cats["segmin"])
fp2 = combo(svc_idx, cats["win"])
base = [cats[c] for c in ["svc", "proto", "win", "segmin"]] + [fp, fp2]


def lbin(name):
    v = feats.clean(schema[name]); return np.floor(np.log2(1 + np.abs(v)))


def run(extra, label, rep=2, samples=2048, q=0.98):
    cols = base + extra
    X = np.hstack([Xc, np.column_stack(cols)]); ci = list(range(Xc.shape[1], X.shape[1]))
    return harness.evaluate(label, model(ci, samples=samples, rep=rep), X, y, attack, yellow_q=q)


R = []
R.append(run([], "E10 recipe (reference)"))
R.append(run([combo(svc_idx, lbin("fwd_pkt_len_max"))], "E13 + rarity(svc, log2 bin fwd_pkt_len_max)"))
R.append(run([combo(svc_idx, lbin("fwd_pkt_len_max")), combo(svc_idx, lbin("bwd_pkt_len_max"))], "E13 + rarity(svc, bin fwd/bwd pkt len max)"))
R.append(run([combo(svc_idx, lbin("fwd_pkt_len_max")), combo(svc_idx, lbin("bwd_pkt_len_max")), combo(svc_idx, lbin("tot_fwd_pkts")), combo(svc_idx, lbin("flow_duration"))], "E13 + rarity(svc, bin of 4 size/count/time cols)"))
import json, os; json.dump(R, open(os.environ.get("OUT_DIR", ".") + "/e13_size_bin_rarity.json", "w"), indent=1)
