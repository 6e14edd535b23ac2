"""Area of applicability (AOA) of Meyer & Pebesma (2021): where may we trust the model?

Meyer, H., Pebesma, E. (2021): Predicting into unknown space? Estimating the area of
applicability of spatial prediction models. Methods Ecol Evol 12:1620-1633,
doi:10.1111/2041-210X.13650. Definitions as the R package CAST implements them in
``trainDI()`` and ``aoa()`` (R/trainDI.R and R/aoa.R of github.com/HannaMeyer/CAST,
CAST 0.9.0, commit f4fd2bd8; unchanged in the later chunked rewrite, helpers
``calc_dist`` and ``aoa_threshold``):

1. Features are standardised with the training mean and standard deviation (R's
   ``scale()``: sample sd, n - 1) and multiplied by the variable importance weights
   (negative weights set to 0; the weights are not normalised).
2. ``trainDist_avrgmean``: the mean, over all training rows, of each row's mean distance to
   every *other* training row (duplicates included, at distance 0) - the mean distance over
   all ordered pairs of distinct rows.
3. Training DI of a row: distance to the nearest training row *not in its CV fold* (its own
   fold is masked, itself too), divided by ``trainDist_avrgmean``. A row that is in no test
   fold gets no DI; without folds the nearest other row counts.
4. Threshold: ``quantile(DI, .75) + 1.5 * IQR(DI)`` (R's default quantile type 7),
   capped at the largest training DI. CAST <= 0.7.0 used ``boxplot.stats(DI)$stats[5]``
   (Tukey hinges, largest DI not above the fence); 0.7.1 switched to the fence itself
   (CAST issue #46), 0.9.0 capped it at the maximum (issue #65).
5. DI of new data: distance to the nearest training row (all folds) / ``trainDist_avrgmean``;
   inside the AOA where DI <= threshold.

Where CAST stops with an error we go on: a feature without variance keeps scale 1, and
all-zero weights mean unweighted features. Every training row takes part: identical rows
are merged with their counts (distances are unchanged by that), and the mean distance is
computed exactly over all pairs, in blocks.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree
from threadpoolctl import threadpool_limits

#: rows of the pairwise-distance block (block x unique rows of float64 at a time)
PAIR_BLOCK = 32
#: pairs with |a - b|² below this share of |a|² + |b|² get their distance from the differences
#: (the product form loses digits there); above it the relative error stays below ~1e-11
NEAR_PAIR = 1e-4


@dataclass
class ApplicabilityDomain:
    """Learned AOA: scaling, weights, reference samples and the DI threshold."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    reference: np.ndarray  # distinct weighted, standardised training rows
    mean_distance: float   # CAST's trainDist_avrgmean
    threshold: float

    @classmethod
    def fit(cls, X: np.ndarray, folds: np.ndarray | None, weights: np.ndarray,
            seed: int | None = None) -> "ApplicabilityDomain":
        """Learn the domain from training rows ``X`` (n, n_features) and their CV folds.

        ``folds`` holds each row's test fold (negative: in no test fold), or None for no
        cross-validation. ``seed`` is unused: the fit is exact and deterministic.
        """
        domain, _ = cls.fit_with_training_di(X, folds, weights)
        return domain

    @classmethod
    def fit_with_training_di(cls, X: np.ndarray, folds: np.ndarray | None,
                             weights: np.ndarray) -> tuple["ApplicabilityDomain", np.ndarray]:
        """The domain and the training DI of every row of ``X`` (NaN for rows in no test fold)."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) < 2:
            raise ValueError("the area of applicability needs at least two training rows")
        if not np.isfinite(X).all():
            raise ValueError("the area of applicability needs finite training features")
        mean = X.mean(axis=0)
        scale = X.std(axis=0, ddof=1)
        scale[scale == 0] = 1.0
        weights = np.clip(np.asarray(weights, dtype=np.float64), 0.0, None)
        if weights.shape != (X.shape[1],):
            raise ValueError(f"expected {X.shape[1]} weights, got {weights.shape}")
        if weights.sum() == 0:
            weights = np.ones_like(weights)
        # identical rows: one reference point with a count (no distance changes)
        distinct, row_point, counts = np.unique(X, axis=0, return_inverse=True, return_counts=True)
        reference = (distinct - mean) / scale * weights
        mean_distance = mean_pair_distance(reference, counts)
        if mean_distance == 0:
            raise ValueError("all training rows are identical in the weighted features: no area of "
                             "applicability can be learned")
        nearest = _nearest_other_fold(reference, row_point.ravel(), folds)
        train_di = nearest / mean_distance
        return cls(mean, scale, weights, reference, mean_distance, di_threshold(train_di)), train_di

    def dissimilarity(self, X: np.ndarray) -> np.ndarray:
        """DI of each row of ``X`` (n, n_features): nearest training row / mean training distance."""
        if len(X) == 0:
            return np.zeros(0)
        Z = (np.asarray(X, dtype=np.float64) - self.mean) / self.scale * self.weights
        distance, _ = self._tree().query(Z, k=1)
        return distance / self.mean_distance

    def inside(self, X: np.ndarray) -> np.ndarray:
        """Whether each row of ``X`` lies in the area of applicability (DI <= threshold)."""
        return self.dissimilarity(X) <= self.threshold

    def _tree(self) -> cKDTree:
        tree = getattr(self, "_kdtree", None)
        if tree is None:
            tree = cKDTree(self.reference)
            self._kdtree = tree
        return tree

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Plain arrays for saving with ``np.savez`` (no pickle)."""
        return {"aoa_mean": self.mean, "aoa_scale": self.scale, "aoa_weights": self.weights,
                "aoa_reference": self.reference,
                "aoa_scalars": np.array([self.mean_distance, self.threshold])}

    @classmethod
    def from_arrays(cls, arrays) -> "ApplicabilityDomain":
        mean_distance, threshold = (float(v) for v in arrays["aoa_scalars"])
        return cls(arrays["aoa_mean"], arrays["aoa_scale"], arrays["aoa_weights"], arrays["aoa_reference"],
                   mean_distance, threshold)


def di_threshold(train_di: np.ndarray) -> float:
    """CAST's threshold: upper quartile + 1.5 IQR of the training DI (type 7), at most its maximum."""
    values = np.asarray(train_di, dtype=np.float64)
    values = values[np.isfinite(values)]
    if values.size == 0:
        raise ValueError("no training row has a dissimilarity index: every fold is empty")
    q1, q3 = np.percentile(values, [25, 75], method="linear")
    return float(min(q3 + 1.5 * (q3 - q1), values.max()))


def mean_pair_distance(points: np.ndarray, counts: np.ndarray) -> float:
    """Mean Euclidean distance over all pairs of distinct rows, row ``k`` repeated ``counts[k]`` times.

    Exact up to rounding, in blocks of ``PAIR_BLOCK`` rows against the rows after them: O(m²)
    time for m distinct points, O(PAIR_BLOCK * m) memory. Pairs of identical rows count with
    distance 0. 40 000 distinct rows of 8 features take about 4 s on one core.
    """
    points = np.asarray(points, dtype=np.float64)
    weight = np.asarray(counts, dtype=np.float64)
    n = weight.sum()
    if n < 2:
        raise ValueError("a mean pair distance needs at least two rows")
    squared = np.einsum("ij,ij->i", points, points)
    # small products: threaded BLAS only adds overhead (10x slower on a busy 2-core machine)
    with threadpool_limits(limits=1, user_api="blas"):
        total = sum(_block_pair_sum(points, squared, weight, start)
                    for start in range(0, len(points), PAIR_BLOCK))
    return 2.0 * total / (n * (n - 1.0))


def _block_pair_sum(points: np.ndarray, squared: np.ndarray, weight: np.ndarray, start: int) -> float:
    """Weighted distance sum over the pairs (i, j), i < j, with i in rows ``start:start + PAIR_BLOCK``."""
    block = points[start:start + PAIR_BLOCK]
    size = squared[start:start + len(block), None] + squared[None, start:]
    d2 = block @ points[start:].T  # |a - b|² = |a|² + |b|² - 2 a.b: fast, but cancels for close pairs,
    d2 *= -2.0
    d2 += size
    size *= NEAR_PAIR
    close = np.flatnonzero(d2 < size)  # so those get it from the differences
    rows, cols = np.divmod(close, d2.shape[1])
    d2.flat[close] = ((block[rows] - points[start + cols]) ** 2).sum(axis=1)
    np.maximum(d2, 0.0, out=d2)
    distance = np.sqrt(d2, out=d2)
    distance[:, :len(block)][np.tril_indices(len(block))] = 0.0  # each pair once, no self pairs
    return float(weight[start:start + len(block)] @ (distance @ weight[start:]))


def _nearest_other_fold(points: np.ndarray, row_point: np.ndarray, folds: np.ndarray | None) -> np.ndarray:
    """Per training row: distance to the nearest row outside its fold (NaN if in no test fold).

    ``points`` are the distinct rows, ``row_point`` maps each training row to its point.
    """
    n_rows = row_point.size
    if folds is None:
        # no CV: nearest other row; a point shared by several rows has a duplicate at 0
        distance, _ = cKDTree(points).query(points, k=2)
        shared = np.bincount(row_point, minlength=len(points)) > 1
        nearest = np.where(shared, 0.0, distance[:, 1])
        return nearest[row_point]
    folds = np.asarray(folds).ravel()
    if folds.size != n_rows:
        raise ValueError(f"expected {n_rows} fold numbers, got {folds.size}")
    out = np.full(n_rows, np.nan)
    for fold in np.unique(folds[folds >= 0]):
        mine = folds == fold
        others = np.unique(row_point[~mine])  # rows in no test fold train every fold
        if others.size == 0:
            continue
        queries, back = np.unique(row_point[mine], return_inverse=True)
        distance, _ = cKDTree(points[others]).query(points[queries], k=1)
        out[mine] = distance[back.ravel()]
    return out
