"""Area of applicability (Meyer & Pebesma 2021, Methods Ecol Evol 12:1620): where may we trust the model?

The dissimilarity index (DI) of a cell is the distance of its feature vector to the nearest
training sample, in importance-weighted standardised feature space, divided by the mean
distance between training samples. Cells whose DI exceeds the threshold learned in
cross-validation lie outside the training data's feature space: they are flagged, not
silently predicted.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.neighbors import KDTree


@dataclass
class ApplicabilityDomain:
    """Learned AOA: scaling, weights, reference samples and the DI threshold."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    reference: np.ndarray  # weighted, standardised training samples
    mean_distance: float
    threshold: float

    @classmethod
    def fit(cls, X: np.ndarray, folds: np.ndarray, weights: np.ndarray, *, max_reference: int = 4000,
            seed: int = 0) -> "ApplicabilityDomain":
        """Learn the domain from training rows ``X`` with their CV fold numbers.

        The threshold is the outlier-removed maximum (Q3 + 1.5 IQR) of the training DI,
        where each training sample's DI is measured to samples of *other* folds, as in
        cross-validation.
        """
        rng = np.random.default_rng(seed)
        take = rng.choice(len(X), size=min(max_reference, len(X)), replace=False)
        X, folds = np.asarray(X, dtype=np.float64)[take], np.asarray(folds)[take]
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        weights = np.clip(np.asarray(weights, dtype=np.float64), 0.0, None)
        if weights.sum() == 0:
            weights = np.ones_like(weights)
        weights = weights / weights.sum() * len(weights)
        Z = (X - mean) / scale * weights
        pairs = rng.integers(0, len(Z), size=(20_000, 2))
        distances = np.linalg.norm(Z[pairs[:, 0]] - Z[pairs[:, 1]], axis=1)
        mean_distance = float(distances[pairs[:, 0] != pairs[:, 1]].mean()) or 1.0
        train_di = np.full(len(Z), np.nan)
        for fold in np.unique(folds):
            inside, outside = folds == fold, folds != fold
            if outside.sum() == 0:
                continue
            dist, _ = KDTree(Z[outside]).query(Z[inside], k=1)
            train_di[inside] = dist[:, 0] / mean_distance
        q1, q3 = np.nanpercentile(train_di, [25, 75])
        threshold = float(min(q3 + 1.5 * (q3 - q1), np.nanmax(train_di)))
        # deduplicate: many cells share feature values; fewer reference points = faster queries
        reference = np.unique(Z.round(6), axis=0)
        return cls(mean, scale, weights, reference, mean_distance, threshold)

    def dissimilarity(self, X: np.ndarray) -> np.ndarray:
        """DI of each row of ``X`` (n, n_features)."""
        if len(X) == 0:
            return np.zeros(0)
        Z = (np.asarray(X, dtype=np.float64) - self.mean) / self.scale * self.weights
        dist, _ = self._tree().query(Z, k=1)
        return dist[:, 0] / self.mean_distance

    def inside(self, X: np.ndarray) -> np.ndarray:
        return self.dissimilarity(X) <= self.threshold

    def _tree(self) -> KDTree:
        tree = getattr(self, "_kdtree", None)
        if tree is None:
            tree = KDTree(self.reference, leaf_size=40)
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
