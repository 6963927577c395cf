"""Small extended isolation forest (Hariri et al. 2019) in numpy, for the experiment only."""
import numpy as np


def c(n):
    n = np.asarray(n, dtype=float)
    out = np.zeros_like(n)
    m = n > 2
    out[m] = 2 * (np.log(n[m] - 1) + 0.5772156649) - 2 * (n[m] - 1) / n[m]
    out[n == 2] = 1.0
    return out


class EIF:
    def __init__(self, n_trees=100, max_samples=256, ext_level=None, seed=0):
        self.n_trees, self.psi, self.ext, self.seed = n_trees, max_samples, ext_level, seed

    def fit(self, X):
        rng = np.random.default_rng(self.seed)
        n, d = X.shape
        psi = min(self.psi, n)
        self.psi_ = psi
        lim = int(np.ceil(np.log2(psi)))
        ext = d - 1 if self.ext is None else self.ext
        self.trees = []
        for _ in range(self.n_trees):
            S = X[rng.choice(n, psi, replace=False)]
            self.trees.append(self._build(S, 0, lim, rng, d, ext))
        return self

    def _build(self, S, h, lim, rng, d, ext):
        if h >= lim or len(S) <= 1:
            return ("leaf", len(S))
        lo, hi = S.min(0), S.max(0)
        if np.all(hi - lo == 0):
            return ("leaf", len(S))
        nvec = rng.normal(size=d)
        zero = rng.choice(d, d - ext - 1, replace=False) if d - ext - 1 > 0 else []
        nvec[zero] = 0
        p = rng.uniform(lo, hi)
        proj = (S - p) @ nvec
        left = proj <= 0
        if left.all() or (~left).all():
            return ("leaf", len(S))
        return ("node", nvec, p, self._build(S[left], h + 1, lim, rng, d, ext),
                self._build(S[~left], h + 1, lim, rng, d, ext))

    def _path(self, X, t, h):
        if t[0] == "leaf":
            return np.full(len(X), h + c(t[1]))
        out = np.empty(len(X))
        left = (X - t[2]) @ t[1] <= 0
        if left.any():
            out[left] = self._path(X[left], t[3], h + 1)
        if (~left).any():
            out[~left] = self._path(X[~left], t[4], h + 1)
        return out

    def score(self, X):
        e = np.mean([self._path(X, t, 0) for t in self.trees], axis=0)
        return 2 ** (-e / c(self.psi_))
