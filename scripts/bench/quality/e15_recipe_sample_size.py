"""E15: the recipe (recipe.py) at max_samples 256, 512, 1024 (E14 used 2048 = every benign training row)."""
import json
import os

import numpy as np

import cicdata
import harness
from recipe import Recipe

raw, schema, y, attack = cicdata.load()
idx = np.arange(len(y))[:, None].astype(float)
R = []
for ms in (256, 512, 1024):
    def fs(A, B, seed, ms=ms):
        tr, te = A[:, 0].astype(int), B[:, 0].astype(int)
        T = {k: v[tr] for k, v in schema.items()}
        E = {k: v[te] for k, v in schema.items()}
        m = Recipe(seed=seed, max_samples=ms).fit(T)
        return m.score(T), m.score(E)
    R.append(harness.evaluate(f"E15 recipe.py, max_samples {ms}", fs, idx, y, attack))
json.dump(R, open(os.environ.get("OUT_DIR", ".") + "/e15_recipe_sample_size.json", "w"), indent=1)
