import os
import sys, numpy as np
from sklearn.ensemble import IsolationForest
import cicdata, feats, harness

raw, schema, y, attack = cicdata.load()
_, _, svc = feats.port_onehot(schema)
svc_idx = np.array([feats.BUCKETS.index(x) for x in svc], float)

# duplicates / monotone twins in the schema (after log): keep the first of each group
TWINS = {"fwd_seg_size_avg": "fwd_pkt_len_mean", "bwd_seg_size_avg": "bwd_pkt_len_mean",
         "pkt_len_var": "pkt_len_std"}
COMPACT = ["flow_duration", "tot_fwd_pkts", "tot_bwd_pkts", "totlen_fwd_pkts", "totlen_bwd_pkts",
           "fwd_pkt_len_max", "fwd_pkt_len_mean", "bwd_pkt_len_max", "bwd_pkt_len_mean", "flow_byts_s",
           "flow_pkts_s", "flow_iat_mean", "flow_iat_max", "flow_iat_min", "pkt_len_std", "fwd_header_len",
           "bwd_header_len", "fwd_act_data_pkts", "init_fwd_win_byts", "fwd_seg_size_min", "down_up_ratio",
           "active_mean", "idle_mean"]


def rarity_cols(train_vals, vals):
    """-log((benign count of this exact value + 1) / (n + 1)): 0-ish for common values, large for unseen."""
    u, cnt = np.unique(train_vals, return_counts=True)
    d = dict(zip(u.tolist(), cnt.tolist()))
    n = len(train_vals)
    return np.array([-np.log((d.get(v, 0) + 1) / (n + 1)) for v in vals.tolist()])


def model(cat_idx, samples=256, mf=1.0, trees=100, ens=1):
    """cat_idx: columns of X that are categorical codes: replaced by their rarity among training rows."""
    def fs(Xtr, Xte, seed):
        A, B = Xtr.copy(), Xte.copy()
        for j in cat_idx:
            ra, rb = rarity_cols(Xtr[:, j], Xtr[:, j]), rarity_cols(Xtr[:, j], Xte[:, j])
            A[:, j], B[:, j] = ra, rb
        keep = A.std(0) > 0
        A, B = A[:, keep], B[:, keep]
        sa, sb = np.zeros(len(A)), np.zeros(len(B))
        for e in range(ens):
            m = IsolationForest(n_estimators=trees, max_samples=min(samples, len(A)), max_features=mf,
                                random_state=seed * 100 + e).fit(A)
            sa += -m.score_samples(A); sb += -m.score_samples(B)
        return sa / ens, sb / ens
    return fs


def raw_cat(name):
    v = schema[name].copy(); v[~np.isfinite(v)] = -1; return v


R = []
sn = feats.schema_features(schema)
cn = feats.schema_features(schema, cic_only=True)
cats = {"svc": svc_idx, "proto": raw_cat("protocol"), "win": raw_cat("init_fwd_win_byts"),
        "segmin": raw_cat("fwd_seg_size_min"), "bwin": raw_cat("init_bwd_win_byts")}


def build(names, catnames):
    X = feats.matrix(schema, names, log=True)
    extra = np.column_stack([cats[c] for c in catnames]) if catnames else np.zeros((len(y), 0))
    return np.hstack([X, extra]), list(range(X.shape[1], X.shape[1] + len(catnames)))


if __name__ == "__main__":
  for fname, names in [("schema68", sn), ("cic53", cn), ("compact23", COMPACT)]:
      for catnames in [[], ["svc", "proto"], ["svc", "proto", "win", "segmin"]]:
          X, ci = build(names, catnames)
          R.append(harness.evaluate(f"E7 {fname} log + rarity{catnames}", model(ci), X, y, attack))
  import json; json.dump(R, open(os.environ.get("OUT_DIR", ".") + "/e07_compact_features_rarity.json", "w"), indent=1)
