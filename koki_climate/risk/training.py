"""Train the flood-risk model on a region's historical flood events, with honest validation.

Rows are (cell, event) pairs sampled from the cells that can physically flood; labels are
the observed inundation. Validation is spatially blocked (km-sized blocks as groups), and a
random split is reported beside it to show how much spatial autocorrelation would flatter a
naive score.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xarray as xr
from sklearn.inspection import permutation_importance
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from koki_climate.errors import RegionError
from koki_climate.footprint import Footprint, measure
from koki_climate.region import Region
from koki_climate.risk.aoa import ApplicabilityDomain
from koki_climate.risk.design_events import design_events
from koki_climate.risk.estimator import SpatialEnsembleClassifier
from koki_climate.risk.features import FEATURES, MONOTONIC, static_features, training_table
from koki_climate.risk.validation import cross_validated_skill
from koki_climate.scenario import Scenario
from koki_climate.zoning.rules import ZoningRules

MODEL_VERSION = "2"  # 2: held-out skill beside baselines, conformal precaution thresholds


@dataclass(frozen=True)
class TrainingConfig:
    """Training choices; part of the model's cache key."""

    cells_per_event: int = 40_000   # sampled cells per historical event (rows = cells x events)
    block_size_m: float = 2000.0    # spatial CV block edge (km-sized, larger than flood patches)
    n_folds: int = 5
    # 30 trees at learning rate 0.4: same spatial-CV AUC (0.976) and AP as 50 trees at 0.3 on
    # the sample region, 40 % less prediction work (the hot path); early stopping may stop sooner
    max_iter: int = 30
    learning_rate: float = 0.4
    max_leaf_nodes: int = 31
    hand_margin_m: float = 3.0      # screen: unsealed cells this far above the flooded ones' quantile cannot flood
    # screen quantile of the flooded unsealed cells' HAND: the 2-D simulated floods also pond in
    # hollows up to ~200 m above any stream; the maximum would screen nothing (2 % of cells on
    # the sample instead of 64 %). The few flooded cells above the limit are counted and reported.
    screen_quantile: float = 0.99
    sealed_min: float = 0.2         # sealed ground (impervious share) ponds rain anywhere: never screened
    seed: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class TrainedModel:
    """Everything prediction, zoning and the model card need."""

    estimator: SpatialEnsembleClassifier
    aoa: ApplicabilityDomain
    hand_limit_m: float
    config: TrainingConfig
    metrics: dict
    importance: dict[str, float]
    calibration: dict[str, list[float]]
    training_data: dict
    footprint: Footprint = field(default_factory=Footprint)
    feature_medians: dict[str, float] = field(default_factory=dict)
    #: what computes the members' p on the grid: compiled members when available, else the estimator
    predictor: Any = None

    @property
    def features(self) -> tuple[str, ...]:
        return FEATURES

    @property
    def members(self) -> Any:
        """The object whose ``member_probabilities`` prediction calls (compiled or scikit-learn)."""
        return self.predictor if self.predictor is not None else self.estimator


def block_ids(shape: tuple[int, int], cell_m: float, block_m: float) -> np.ndarray:
    """Spatial block number of every cell (flat), blocks of ``block_m`` metres square."""
    per_block = max(1, int(round(block_m / cell_m)))
    rows = np.arange(shape[0]) // per_block
    cols = np.arange(shape[1]) // per_block
    n_cols = cols.max() + 1
    return (rows[:, None] * n_cols + cols[None, :]).ravel()


def screen_limit(static: xr.Dataset, events: xr.DataArray, impervious: np.ndarray, config: TrainingConfig) -> float:
    """HAND below which nearly all flooded unsealed cells lie (``config.screen_quantile``), plus a margin.

    Rivers flood land that lies low above them; sealed ground also ponds heavy rain far
    from any stream, so sealed cells are judged by the model everywhere. Flooded cells above
    the limit (ponding in hollows far from streams) are what the screen misses:
    :func:`screened_flooded_share` measures them, and the model card reports it.
    """
    flooded = (events > 0).any("event").values & (impervious < config.sealed_min)
    hand = static["hand"].values[flooded]
    hand = hand[np.isfinite(hand)]
    top = float(np.quantile(hand, config.screen_quantile)) if hand.size else 0.0
    return top + config.hand_margin_m


def screened_flooded_share(static: xr.Dataset, events: xr.DataArray, impervious: np.ndarray, hand_limit: float,
                           sealed_min: float) -> float:
    """Share of the flooded (cell, event) pairs that the screen sets to p = 0: misses no validation sees."""
    flooded = (events > 0).values.reshape(events.sizes["event"], -1)
    eligible = can_flood(static["hand"].values, impervious, hand_limit, sealed_min).ravel()
    total = int(flooded.sum())
    return float((flooded & ~eligible[None, :]).sum() / total) if total else 0.0


def can_flood(hand: np.ndarray, impervious: np.ndarray, hand_limit: float, sealed_min: float) -> np.ndarray:
    """The physical screen: low above drainage, or sealed. Other cells get p = 0 unpredicted."""
    return (np.nan_to_num(hand, nan=np.inf) <= hand_limit) | (np.nan_to_num(impervious) >= sealed_min)


def sample_training_rows(region: Region, static: xr.Dataset, config: TrainingConfig):
    """The (cell, event) rows the model learns from: features, labels, spatial blocks.

    Returns ``X`` (DataFrame), ``y``, ``groups`` (block ids), the screening limit, the sampled
    cells and all eligible cells. Deterministic for ``config.seed``.
    """
    events = region.grid["flood_events"].load()
    impervious = region.grid["impervious"].values
    hand_limit = screen_limit(static, events, impervious, config)
    eligible = np.flatnonzero(can_flood(static["hand"].values, impervious, hand_limit, config.sealed_min).ravel()
                              & np.isfinite(region.grid["elevation"].values.ravel()))
    rng = np.random.default_rng(config.seed)
    cells = np.sort(rng.choice(eligible, size=min(config.cells_per_event, eligible.size), replace=False))
    n_events = events.sizes["event"]
    row_cells = np.tile(cells, n_events)
    row_events = np.repeat(np.arange(n_events), cells.size)
    X = training_table(static, region, row_cells, row_events)
    y = events.values.reshape(n_events, -1)[row_events, row_cells].astype(np.int8)
    X = X.fillna(X.median())
    groups = spatial_groups(region, row_cells, config)
    return X, y, groups, hand_limit, cells, eligible


MIN_BLOCK_M = 500.0  # smaller blocks let neighbouring cells leak across folds; below this, refuse


def spatial_groups(region: Region, row_cells: np.ndarray, config: TrainingConfig) -> np.ndarray:
    """Spatial CV block of every training row, with blocks of ``cv_block_size``."""
    block_m = cv_block_size(region, row_cells, config)
    return block_ids(region.shape, region.cell_area_m2 ** 0.5, block_m)[row_cells]


def cv_block_size(region: Region, cells: np.ndarray, config: TrainingConfig) -> float:
    """The spatial CV block edge used for ``region`` (metres).

    A small region holds few blocks of the configured edge; the edge is halved until the
    training cells fall into at least two blocks per fold (the edge used is reported in the
    model card), but not below ``MIN_BLOCK_M``: a region too small for that cannot be
    validated honestly, and training says so.
    """
    cell_m = region.cell_area_m2 ** 0.5
    block_m = config.block_size_m
    while True:
        n_blocks = np.unique(block_ids(region.shape, cell_m, block_m)[cells]).size
        if n_blocks >= 2 * config.n_folds or block_m / 2 < MIN_BLOCK_M:
            break
        block_m /= 2
    if n_blocks < config.n_folds:
        raise RegionError(region.manifest.path,
                          f"the region is too small for spatially blocked validation: its training cells fall "
                          f"into {n_blocks} blocks of {block_m:g} m, and {config.n_folds} folds need at least "
                          f"{config.n_folds} (a region of about {2 * MIN_BLOCK_M / 1000:g} km x "
                          f"{2 * MIN_BLOCK_M / 1000:g} km or more at any resolution)")
    return block_m


def train_model(region: Region, config: TrainingConfig = TrainingConfig(),
                static: xr.Dataset | None = None) -> TrainedModel:
    """Fit, validate and calibrate the flood model of ``region``."""
    if "flood_events" not in region.grid:
        raise RegionError(region.manifest.path, "training needs [layers.flood_events] (historical floods)")
    with measure() as footprint:
        static = static if static is not None else static_features(region)
        X, y, groups, hand_limit, cells, eligible = sample_training_rows(region, static, config)
        n_events = region.grid["flood_events"].sizes["event"]
        events = region.grid["flood_events"]

        monotonic = [MONOTONIC.get(name, 0) for name in FEATURES]
        params = dict(monotonic_cst=monotonic, n_folds=config.n_folds, max_iter=config.max_iter,
                      learning_rate=config.learning_rate, max_leaf_nodes=config.max_leaf_nodes,
                      random_state=config.seed)
        Xv = X.to_numpy(dtype=np.float32)
        spatial = SpatialEnsembleClassifier(**params).fit(Xv, y, groups=groups)
        random_split = SpatialEnsembleClassifier(**params).fit(Xv, y, groups=None)
        held_out_p = spatial.cross_fitted_oof(y)  # calibrated without each fold's own labels
        metrics = {
            "spatial_cv": _scores(y, spatial.oof_raw_, held_out_p),
            "random_cv": _scores(y, random_split.oof_raw_, random_split.cross_fitted_oof(y)),
            "n_folds": config.n_folds,
            "block_size_m": cv_block_size(region, cells, config),
            "n_blocks": int(np.unique(groups).size),
            "trees_per_member": [int(m.n_iter_) for m in spatial.members_],
        }
        metrics["leakage_gap_auc"] = round(metrics["random_cv"]["roc_auc"] - metrics["spatial_cv"]["roc_auc"], 4)
        validation = cross_validated_skill(
            flooded=y.astype(bool), p_model=held_out_p, raw_model=spatial.oof_raw_,
            hand=X["hand"].to_numpy(dtype=np.float64), X=Xv, event=np.repeat(np.arange(n_events), cells.size),
            folds=spatial.fold_, event_precip_mm=events["event_precip_mm"].values,
            design_mm=reference_design_rain(region), zone_threshold=ZoningRules().flood_threshold, seed=config.seed)
        metrics["validation"] = validation
        importance = _importance(spatial, Xv, y, config.seed)
        # AOA over the cell features; the event size is checked against the training range apart
        weights = np.array([max(importance[name], 0.0) for name in FEATURES[:-1]])
        aoa = ApplicabilityDomain.fit(Xv[:, :-1], spatial.fold_, weights)
        calibration = _calibration_curve(y, held_out_p)
    model = TrainedModel(
        estimator=spatial, aoa=aoa, hand_limit_m=hand_limit, config=config, metrics=metrics,
        importance=importance, calibration=calibration,
        training_data={
            "n_rows": int(len(y)), "n_cells": int(cells.size), "n_events": int(n_events),
            "positive_share": round(float(y.mean()), 5),
            "event_precip_mm": [float(v) for v in events["event_precip_mm"].values],
            "event_dates": [str(v) for v in events.coords["event_date"].values] if "event_date" in events.coords else [],
            "screened_share": round(1.0 - eligible.size / np.isfinite(static["hand"].values).sum(), 4),
            "screened_flooded_share": round(screened_flooded_share(static, events, region.grid["impervious"].values,
                                                                   hand_limit, config.sealed_min), 5),
            "feature_ranges": {name: [float(X[name].min()), float(X[name].max())] for name in FEATURES},
        },
        footprint=footprint,
        feature_medians={name: float(X[name].median()) for name in FEATURES},
    )
    return model


def reference_design_rain(region: Region) -> dict[str, float]:
    """Areal 1-day rain of each design event in the reference climate (mm): groups the historical events."""
    return {event.name: event.reference_mm for event in design_events(region, Scenario())}


def _scores(y: np.ndarray, raw: np.ndarray, calibrated: np.ndarray) -> dict[str, float]:
    return {
        "roc_auc": round(float(roc_auc_score(y, raw)), 4),
        "average_precision": round(float(average_precision_score(y, raw)), 4),
        "brier": round(float(brier_score_loss(y, calibrated)), 5),
        "brier_uncalibrated": round(float(brier_score_loss(y, raw)), 5),
    }


def _importance(model: SpatialEnsembleClassifier, X: np.ndarray, y: np.ndarray, seed: int,
                rows: int = 8000) -> dict[str, float]:
    """Permutation importance (drop in ROC AUC) of each member on its own held-out fold."""
    rng = np.random.default_rng(seed)
    totals = np.zeros(X.shape[1])
    for k, member in enumerate(model.members_):
        test = np.flatnonzero(model.fold_ == k)
        take = rng.choice(test, size=min(rows, test.size), replace=False)
        if np.unique(y[take]).size < 2:
            continue
        result = permutation_importance(member, X[take], y[take], scoring="roc_auc", n_repeats=3,
                                        random_state=seed, n_jobs=1)
        totals += result.importances_mean
    totals /= len(model.members_)
    return {name: round(float(value), 5) for name, value in zip(FEATURES, totals)}


def _calibration_curve(y: np.ndarray, p: np.ndarray, bins: int = 10) -> dict[str, list[float]]:
    """Mean predicted vs observed frequency per probability bin (for the model page)."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges) - 1, 0, bins - 1)
    predicted, observed, counts = [], [], []
    for b in range(bins):
        sel = which == b
        if sel.any():
            predicted.append(round(float(p[sel].mean()), 4))
            observed.append(round(float(y[sel].mean()), 4))
            counts.append(int(sel.sum()))
    return {"predicted": predicted, "observed": observed, "count": counts}
