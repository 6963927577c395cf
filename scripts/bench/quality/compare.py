"""Same run, same features, same splits: our `train`/`evaluate` (Java, Spark) against scikit-learn's plain
IsolationForest and against the quality recipe in scikit-learn (recipe.py).

Usage (from the repo root, after `mvn -B -q -DskipTests package`):
  /usr/bin/python3 scripts/bench/quality/compare.py [--data improved|proxy|synthetic] [--work DIR] [--md FILE]

- improved: the improved CSE-CIC-IDS2018 toy set (path in IDS_CIC_TOY) mapped to the flow schema by cicdata.py;
- proxy:    the same rows rewritten into the original 80-column 2018 layout (make_proxy.py) and read by
            `prepare-cic` (the "original-layout proxy" of CONTRACTS.md);
- synthetic: `generate --rows 20000 --seed 7` output.
For seeds 0, 1, 2 the rows are split into stratified halves (by attack family) and written as flow-schema CSV
files; every model trains on the training half's benign rows (Java: `train --label-col label` picks them itself)
and is scored on the held-out half. Prints one Markdown table; --md appends it to a file.
"""
import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.model_selection import train_test_split

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import cicdata  # noqa: E402
import feats  # noqa: E402
from recipe import Recipe  # noqa: E402

ROOT = os.path.abspath(os.path.join(here, "..", "..", ".."))
JAR = os.path.join(ROOT, "spark-jobs", "target", "ids-spark-jobs.jar")
SUBMIT = os.path.join(ROOT, "scripts", "spark-submit")
SEEDS = (0, 1, 2)


def job(*args):
    cmd = [SUBMIT, "--master", "local[2]", JAR, *args]
    t = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-3000:]}")
    return time.time() - t


def read_table(path_glob):
    """Flow-schema CSV file(s) -> (column dict of float arrays, attack_type array)."""
    cols, attack = {}, []
    for path in sorted(glob.glob(path_glob)):
        with open(path, newline="") as f:
            r = csv.DictReader(f)
            for row in r:
                for k, v in row.items():
                    if k == "attack_type":
                        attack.append(v)
                        continue
                    try:
                        x = float(v) if v not in ("", None) else np.nan
                    except ValueError:
                        x = np.nan
                    cols.setdefault(k, []).append(x)
    return {k: np.array(v) for k, v in cols.items()}, np.array(attack)


def write_table(path, names, table, attack, idx):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names + ["label", "attack_type"])
        for i in idx:
            vals = []
            for n in names:
                v = table[n][i]
                vals.append("" if np.isnan(v) else (str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(v)))
            w.writerow(vals + [str(int(attack[i] != "benign")), attack[i]])


def improved_table():
    _, schema, y, attack = cicdata.load()
    fam = np.array(["benign" if a == "BENIGN" else a for a in attack])
    return schema, fam


def metrics(y, s):
    return roc_auc_score(y, s), average_precision_score(y, s)


def detection(train_scores, test_scores, fam_test, q=0.98):
    """Benign FPR and per-family detection rate at the q quantile of the training (benign) scores."""
    thr = np.quantile(train_scores, q)
    flag = test_scores >= thr
    return {f: float(flag[fam_test == f].mean()) for f in sorted(set(fam_test))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", choices=["improved", "proxy", "synthetic"], default="improved")
    ap.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "ids-quality-compare"))
    ap.add_argument("--md")
    ap.add_argument("--table", help="use this flow-schema CSV (file or glob, with label and attack_type) "
                    "instead of making the --data table")
    ap.add_argument("--max-samples", type=int, default=2048,
                    help="rows per tree, Java and the sklearn recipe (default: the recipe's 2048)")
    ap.add_argument("--config", help="ids.yml for train (e.g. a contamination_grid for attack-heavy data)")
    ap.add_argument("--range-aware", action="store_true", help="train --range-aware (docs/quality.md)")
    ap.add_argument("--skip-java", action="store_true", help="scikit-learn rows only (to check the script)")
    ap.add_argument("--context", choices=["auto", "on", "off"], default="auto",
                    help="host context for the Java train: auto (train's default), on (--context), off (--no-context)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    if a.table:
        table, fam = read_table(a.table)
    elif a.data == "improved":
        table, fam = improved_table()
    elif a.data == "proxy":
        proxy = os.path.join(a.work, "proxy_original_layout.csv")
        subprocess.run([sys.executable, os.path.join(here, "make_proxy.py"), proxy], check=True)
        out = os.path.join(a.work, "proxy_prepared.csv")
        if os.path.exists(out):
            os.remove(out)
        job("prepare-cic", "--in", proxy, "--out", out)
        table, fam = read_table(out)
    else:
        out = os.path.join(a.work, "synthetic.csv")
        job("generate", "--rows", "20000", "--seed", "7", "--out", out)
        table, fam = read_table(out)
    names = [n for n in table if n not in ("label",)]
    y = (fam != "benign").astype(int)
    plain_cols = [n for n in feats.schema_features(table) if n in table and n != "label"
                  and n not in ("timestamp", "src_ip", "dst_ip", "end_reason")]
    res = {"java": [], "sk_plain": [], "sk_recipe": []}
    det = []
    jdet = []
    for seed in SEEDS:
        tr, te = train_test_split(np.arange(len(y)), test_size=0.5, random_state=seed, stratify=fam)
        d = os.path.join(a.work, f"{a.data}_seed{seed}")
        os.makedirs(d, exist_ok=True)
        write_table(os.path.join(d, "train.csv"), names, table, fam, tr)
        write_table(os.path.join(d, "test.csv"), names, table, fam, te)
        # Java: train picks the benign rows itself from the label column
        if not a.skip_java:
          cfg = ["--config", a.config] if a.config else []
          job("train", "--in", os.path.join(d, "train.csv"), "--out", os.path.join(d, "models"), "--label-col",
              "label", "--seed", str(seed), "--max-samples", str(a.max_samples), *cfg,
              *({"on": ["--context"], "off": ["--no-context"]}.get(a.context, [])),
              *(["--range-aware"] if a.range_aware else []))
          job("evaluate", "--in", os.path.join(d, "test.csv"), "--model", os.path.join(d, "models"),
              "--label-col", "label", "--attack-col", "attack_type", "--out", os.path.join(d, "eval"))
          m = json.load(open(os.path.join(d, "eval", "metrics.json")))
          res["java"].append((m["auroc"], m["auprc"]))
          jdet.append({"benign (FPR)": m["benign_false_positive_rate"]["yellow"],
                       **{t["attack_type"]: t["detection_rate_yellow"] for t in m["per_attack_type"]}})
        ben = tr[y[tr] == 0]
        X = np.column_stack([feats.clean(table[c]) for c in plain_cols])
        p = IsolationForest(n_estimators=100, max_samples=256, random_state=seed, n_jobs=2).fit(X[ben])
        res["sk_plain"].append(metrics(y[te], -p.score_samples(X[te])))
        T = {k: v[ben] for k, v in table.items()}
        E = {k: v[te] for k, v in table.items()}
        r = Recipe(seed=seed, max_samples=a.max_samples).fit(T)
        se = r.score(E)
        res["sk_recipe"].append(metrics(y[te], se))
        det.append(detection(r.score(T), se, fam[te]))
        print(seed, {k: tuple(round(x, 3) for x in v[-1]) for k, v in res.items() if v}, flush=True)
    lines = [f"| model ({a.data}, max_samples {a.max_samples}, mean of seeds {', '.join(map(str, SEEDS))}) "
             "| AUROC | AUPRC | per seed AUROC |",
             "|---|---|---|---|"]
    label = {"java": "ids-spark `train` + `evaluate` (recipe in model.json)",
             "sk_plain": f"scikit-learn plain IF, 100 trees, 256 samples, {len(plain_cols)} schema features",
             "sk_recipe": "scikit-learn, quality recipe (recipe.py)"}
    for k, v in res.items():
        if not v:
            continue
        v = np.array(v)
        lines.append(f"| {label[k]} | {v[:, 0].mean():.3f} | {v[:, 1].mean():.3f} | "
                     f"{', '.join(f'{x:.3f}' for x in v[:, 0])} |")
    if jdet:
        keys = list(jdet[0])
        lines += ["", "ids-spark, share flagged at train's own yellow threshold, held out, mean of seeds: "
                  + ", ".join(f"{k} {np.mean([d.get(k, np.nan) for d in jdet]):.3f}" for k in keys)]
    fams = sorted(det[0])
    lines += ["", "scikit-learn recipe, share flagged at the 0.98 quantile of training (benign) scores, held out, "
              "mean of seeds: " + ", ".join(f"{f} {np.mean([d[f] for d in det]):.3f}" for f in fams)]
    text = "\n".join(lines)
    print(text)
    if a.md:
        with open(a.md, "a") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
