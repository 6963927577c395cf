"""Shared evaluation: 3 seeds, stratified halves, model fits on benign rows of the training half only."""
import numpy as np
from sklearn.metrics import roc_auc_score, average_precision_score
from sklearn.model_selection import train_test_split

SEEDS = (0, 1, 2)
FAMILIES = ["DoS Hulk", "DDoS-HOIC", "DDoS-LOIC-HTTP", "Botnet Ares", "SSH-BruteForce",
            "Infiltration - NMAP Portscan", "DoS GoldenEye", "DoS Slowloris", "DDoS-LOIC-UDP"]


def splits(y, attack):
    for s in SEEDS:
        idx = np.arange(len(y))
        tr, te = train_test_split(idx, test_size=0.5, random_state=s, stratify=attack)
        yield s, tr, te


def evaluate(name, fit_score, X, y, attack, benign_only=True, yellow_q=0.98, verbose=True):
    """fit_score(Xtrain, Xtest, seed) -> (train scores, test scores), higher = more anomalous.

    yellow threshold = yellow_q quantile of the training rows' scores (benign rows when benign_only)."""
    aurocs, auprcs, fprs, det = [], [], [], {f: [] for f in FAMILIES}
    for s, tr, te in splits(y, attack):
        trn = tr[y[tr] == 0] if benign_only else tr
        str_, ste = fit_score(X[trn], X[te], s)
        aurocs.append(roc_auc_score(y[te], ste))
        auprcs.append(average_precision_score(y[te], ste))
        thr = np.quantile(str_, yellow_q)
        flag = ste >= thr
        fprs.append(flag[y[te] == 0].mean())
        for f in FAMILIES:
            m = attack[te] == f
            if m.any():
                det[f].append(flag[m].mean())
    res = {"name": name, "auroc": float(np.mean(aurocs)), "auprc": float(np.mean(auprcs)),
           "auroc_per_seed": [round(a, 3) for a in aurocs], "fpr": float(np.mean(fprs)),
           "det": {f: float(np.mean(v)) for f, v in det.items() if v}}
    if verbose:
        print(fmt(res), flush=True)
    return res


SHORT = {"DoS Hulk": "Hulk", "DDoS-HOIC": "HOIC", "DDoS-LOIC-HTTP": "LOIC-H", "Botnet Ares": "Ares",
         "SSH-BruteForce": "SSH", "Infiltration - NMAP Portscan": "NMAP", "DoS GoldenEye": "GoldEye",
         "DoS Slowloris": "Slowl", "DDoS-LOIC-UDP": "LOIC-U"}


def fmt(r):
    d = " ".join(f"{SHORT[f]}={v:.2f}" for f, v in r["det"].items())
    return (f"{r['name']:<48} AUROC {r['auroc']:.3f} {r['auroc_per_seed']} AUPRC {r['auprc']:.3f} "
            f"FPR@yellow {r['fpr']:.3f} | {d}")


def md_row(r):
    d = ", ".join(f"{SHORT[f]} {v:.2f}" for f, v in r["det"].items())
    return f"| {r['name']} | {r['auroc']:.3f} | {r['auprc']:.3f} | {r['fpr']:.3f} | {d} |"
