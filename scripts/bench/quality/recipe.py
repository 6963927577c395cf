"""The quality recipe in scikit-learn, column for column what io.idsspark.features.QualityRecipe does in Java:
compact CIC-comparable features (fill 0 for missing/NaN/Infinity, signed log1p), six rarity features counted on
the training rows, each entered twice, standard Isolation Forest with 100 trees and min(rows, 2048) samples.

Works on flow-schema tables (dict column -> numpy array of float, NaN = null)."""
import numpy as np
from sklearn.ensemble import IsolationForest

import feats

COMPACT = ["flow_duration", "tot_fwd_pkts", "tot_bwd_pkts", "totlen_fwd_pkts", "totlen_bwd_pkts",
           "fwd_pkt_len_max", "fwd_pkt_len_mean", "bwd_pkt_len_max", "bwd_pkt_len_mean", "flow_byts_s",
           "flow_pkts_s", "flow_iat_mean", "flow_iat_max", "flow_iat_min", "pkt_len_std", "fwd_header_len",
           "bwd_header_len", "fwd_act_data_pkts", "init_fwd_win_byts", "fwd_seg_size_min", "down_up_ratio",
           "active_mean", "idle_mean"]
RARITY = [("dst_service_rarity", [("dst_port", "SERVICE")]),
          ("protocol_rarity", [("protocol", "VALUE")]),
          ("init_fwd_win_rarity", [("init_fwd_win_byts", "VALUE")]),
          ("fwd_seg_size_min_rarity", [("fwd_seg_size_min", "VALUE")]),
          ("service_fingerprint_rarity", [("dst_port", "SERVICE"), ("init_fwd_win_byts", "VALUE"),
                                          ("fwd_seg_size_min", "VALUE")]),
          ("service_window_rarity", [("dst_port", "SERVICE"), ("init_fwd_win_byts", "VALUE")])]
WEIGHT = 2
MAX_SAMPLES = 2048


def value_key(v):
    if np.isnan(v):
        return "null"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == np.rint(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def keys(table, parts):
    cols = [table[c] for c, _ in parts]
    out = []
    for i in range(len(cols[0])):
        out.append("|".join(feats.port_bucket(col[i]) if kind == "SERVICE" else value_key(col[i])
                            for col, (_, kind) in zip(cols, parts)))
    return out


class Recipe:
    def __init__(self, trees=100, max_samples=MAX_SAMPLES, seed=0):
        self.trees, self.max_samples, self.seed = trees, max_samples, seed

    def _matrix(self, table):
        base = feats.slog1p(np.column_stack([feats.clean(table[c]) for c in COMPACT]))
        rar = []
        for name, parts in RARITY:
            cnt, n = self.counts[name]
            r = np.array([-np.log((cnt.get(k, 0) + 1) / (n + 1)) for k in keys(table, parts)])
            rar += [r] * WEIGHT
        return np.hstack([base, np.column_stack(rar)])

    def fit(self, table):
        self.counts = {}
        for name, parts in RARITY:
            ks = keys(table, parts)
            d = {}
            for k in ks:
                d[k] = d.get(k, 0) + 1
            self.counts[name] = (d, len(ks))
        X = self._matrix(table)
        self.model = IsolationForest(n_estimators=self.trees, max_samples=min(self.max_samples, len(X)),
                                     random_state=self.seed, n_jobs=2).fit(X)
        return self

    def score(self, table):
        return -self.model.score_samples(self._matrix(table))
