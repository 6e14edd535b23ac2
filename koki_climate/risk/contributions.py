"""Why is a parcel at risk? Per-feature contributions to its flood probability.

For each parcel we take its mean feature values and ask the model how p changes when one
feature at a time is set to the region's typical (median) value: a positive contribution
means this property of the parcel raises its risk. Cheap (a few rows per parcel), exact for
the model at hand, and easy to explain ("sealing raises p by 0.12").
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from koki_climate.risk.features import FEATURES
from koki_climate.risk.training import TrainedModel


def parcel_means(features: xr.Dataset, parcel_index: xr.DataArray, n_parcels: int) -> np.ndarray:
    """Mean of each feature grid over each parcel, shape (n_parcels, n_features - 1).

    Uses ``np.bincount`` on the parcel-index grid: one pass per feature, no per-parcel loop.
    """
    index = parcel_index.values.ravel()
    inside = np.flatnonzero(index >= 0)  # only parcel cells are read into float64, not the whole grid
    parcel_of = index[inside]
    counts = np.bincount(parcel_of, minlength=n_parcels).astype(np.float64)
    out = np.full((n_parcels, len(FEATURES) - 1), np.nan)
    for j, name in enumerate(FEATURES[:-1]):
        values = np.asarray(features[name].values).ravel()[inside].astype(np.float64)
        finite = np.isfinite(values)
        sums = np.bincount(parcel_of[finite], weights=values[finite], minlength=n_parcels)
        n = np.bincount(parcel_of[finite], minlength=n_parcels)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[:, j] = np.where(n > 0, sums / np.maximum(n, 1), np.nan)
    out[counts == 0] = np.nan
    return out


#: a contribution smaller than this (half a percentage point of p) is not named as a reason
MIN_REASON = 0.005


def feature_contributions(model: TrainedModel, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """p of each row of full feature values and each feature's contribution to it.

    ``X`` has one column per :data:`FEATURES` (the event magnitude last). The contribution of
    feature j is p minus p with feature j set to the region's typical (median) value, so a
    positive number means this property raises the risk. One mechanism for every caller (a
    parcel's mean features, a single clicked cell); rows with a missing value give NaN.
    """
    X = np.asarray(X, dtype=np.float32).reshape(-1, len(FEATURES))
    valid = np.all(np.isfinite(X), axis=1)
    base = np.full(len(X), np.nan)
    contrib = np.full((len(X), len(FEATURES)), np.nan)
    if valid.any():
        Xv = X[valid]
        base[valid] = model.estimator.predict_proba(Xv)[:, 1]
        # all "what if this feature were typical" rows in one batch
        batch = np.repeat(Xv[None, :, :], len(FEATURES), axis=0)
        for j, name in enumerate(FEATURES):
            batch[j, :, j] = model.feature_medians[name]
        typical = model.estimator.predict_proba(batch.reshape(-1, len(FEATURES)))[:, 1]
        contrib[valid] = (base[valid][None, :] - typical.reshape(len(FEATURES), -1)).T
    return base, contrib


def parcel_contributions(model: TrainedModel, features: xr.Dataset, parcel_index: xr.DataArray,
                         parcel_ids: np.ndarray, magnitude_mm: float, top: int = 3) -> pd.DataFrame:
    """Contribution of each feature to each parcel's p for one design event.

    Returns one row per parcel: ``parcel_id``, ``p_mean_features`` and ``contrib_<feature>``
    columns, and ``reasons``: the ``top`` features that raise p most (comma-separated).
    """
    means = parcel_means(features, parcel_index, len(parcel_ids))
    X = np.column_stack([means, np.full(len(parcel_ids), magnitude_mm)])
    base, contrib = feature_contributions(model, X)
    frame = pd.DataFrame({"parcel_id": parcel_ids})
    frame["p_mean_features"] = base
    for j, name in enumerate(FEATURES):
        frame[f"contrib_{name}"] = contrib[:, j]
    order = np.argsort(-np.nan_to_num(contrib, nan=-np.inf), axis=1)[:, :top]
    reasons = []
    for row, cols in enumerate(order):
        picked = [FEATURES[c] for c in cols if np.isfinite(contrib[row, c]) and contrib[row, c] > MIN_REASON]
        reasons.append(", ".join(picked))
    frame["reasons"] = reasons
    return frame
