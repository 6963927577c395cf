"""E14: the recipe (recipe.py) trained on benign rows vs on all rows of the training half (no labels)."""
import json
import os

import numpy as np

import cicdata
import harness
from recipe import Recipe

raw, schema, y, attack = cicdata.load()
idx = np.arange(len(y))[:, None].astype(float)


def fs(A, B, seed):
    tr, te = A[:, 0].astype(int), B[:, 0].astype(int)
    T = {k: v[tr] for k, v in schema.items()}
    E = {k: v[te] for k, v in schema.items()}
    m = Recipe(seed=seed).fit(T)
    return m.score(T), m.score(E)


R = [harness.evaluate("E14 recipe.py, benign rows of the training half", fs, idx, y, attack),
     harness.evaluate("E14 recipe.py, all rows of the training half (no labels)", fs, idx, y, attack,
                      benign_only=False)]
json.dump(R, open(os.environ.get("OUT_DIR", ".") + "/e14_benign_vs_all_rows.json", "w"), indent=1)
