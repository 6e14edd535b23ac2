"""Predict flood probability over the grid: the hot path.

Three savings keep it fast without changing the answer:

1. *Physical screen*: unsealed cells higher above the drainage network than 99 % of the
   cells that ever flooded (plus a margin) get p = 0 without prediction; the few flooded
   cells above that limit are measured and reported in the model card (they are misses).
2. *Monotone cascade*: every member is monotone in event rainfall, so a cell whose highest
   member p is below ``EPSILON`` in a larger event is below it in every smaller one; design
   events are predicted from the largest down, each only where the previous one left a
   chance.
3. *Applicability once per land use*: the dissimilarity index depends on the cell features
   only (the event size is checked against the training range separately), so it is
   computed once per land-use/groundwater state, not per event.

Work goes through ``xarray.apply_ufunc`` on the feature grids (dask-parallel when they are
chunked); only the active cells of a block become one float32 matrix. No per-cell table of
the whole region is ever built.
"""
from __future__ import annotations

import numpy as np
import xarray as xr

from koki_climate.risk.features import FEATURES
from koki_climate.risk.training import TrainedModel, can_flood

#: probabilities below this are treated as zero when skipping smaller events
EPSILON = 1e-3
CELL_FEATURES = FEATURES[:-1]  # everything but the event magnitude


def _active(model: TrainedModel, grids: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    valid = np.all([np.isfinite(g) for g in grids], axis=0)
    hand = grids[CELL_FEATURES.index("hand")]
    impervious = grids[CELL_FEATURES.index("impervious")]
    return valid, valid & can_flood(hand, impervious, model.hand_limit_m, model.config.sealed_min)


def _predict_block(model: TrainedModel, magnitudes: tuple[float, ...], *grids: np.ndarray) -> tuple[np.ndarray, ...]:
    """p and the members' spread for each magnitude (largest first) on one block of cells."""
    shape = grids[0].shape
    valid, active = _active(model, grids)
    rows = np.flatnonzero(active.ravel())
    X = np.empty((rows.size, len(FEATURES)), dtype=np.float32)
    for j, grid in enumerate(grids):
        X[:, j] = grid.ravel()[rows]
    outputs: list[np.ndarray] = []
    still = np.ones(rows.size, dtype=bool)  # rows where the previous (larger) event left a chance
    for magnitude in magnitudes:
        p, spread = (np.where(valid, 0.0, np.nan).astype(np.float32) for _ in range(2))
        todo = np.flatnonzero(still)
        if todo.size:
            X[todo, -1] = magnitude
            members = model.members.member_probabilities(X[todo])
            p.ravel()[rows[todo]] = members.mean(axis=0)
            spread.ravel()[rows[todo]] = members.std(axis=0)
            still[todo] = members.max(axis=0) >= EPSILON
        outputs += [p.reshape(shape), spread.reshape(shape)]
    return tuple(outputs)


def predict_events(model: TrainedModel, features: xr.Dataset, magnitudes: dict[str, float]) -> xr.Dataset:
    """``p_<event>`` and ``p_spread_<event>`` (standard deviation of the fold models) for each design event.

    ``features`` holds the cell feature grids (FEATURES without ``event_precip_mm``);
    ``magnitudes`` maps event names to their areal 1-day rainfall in mm.
    """
    order = sorted(magnitudes, key=lambda name: -magnitudes[name])
    inputs = [features[name].astype("float32") for name in CELL_FEATURES]
    names = [f"{prefix}_{event}" for event in order for prefix in ("p", "p_spread")]
    results = xr.apply_ufunc(
        lambda *grids: _predict_block(model, tuple(float(magnitudes[e]) for e in order), *grids),
        *inputs,
        input_core_dims=[[] for _ in inputs],
        output_core_dims=[[] for _ in names],
        dask="parallelized",
        output_dtypes=[np.float32] * len(names),
    )
    return xr.Dataset(dict(zip(names, results)))


def _dissimilarity_block(model: TrainedModel, stride: int, *grids: np.ndarray) -> np.ndarray:
    """DI of the predicted cells of one block; NaN where the screen skips a cell or data is missing.

    With ``stride > 1`` every n-th cell of the block (counted from the block's corner) is
    evaluated and repeated to its neighbours; a predicted cell whose representative is
    screened or missing gets its own DI. Blocks start at multiples of the stride
    (:func:`koki_climate.chunks.chunked` cuts even-sized blocks), so blocks give what the whole grid gives.
    """
    _, active = _active(model, grids)
    out = np.full(grids[0].shape, np.nan, dtype=np.float32)
    if stride > 1:
        sub = tuple(np.ascontiguousarray(g[::stride, ::stride]) for g in grids)
        coarse = _dissimilarity_block(model, 1, *sub)
        out = np.repeat(np.repeat(coarse, stride, axis=0), stride, axis=1)[: out.shape[0], : out.shape[1]]
        out = np.ascontiguousarray(out)  # ravel() below must write through
        out[~active] = np.nan
        rows = np.flatnonzero((active & np.isnan(out)).ravel())
    else:
        rows = np.flatnonzero(active.ravel())
    if rows.size:
        X = np.column_stack([g.ravel()[rows] for g in grids])
        out.ravel()[rows] = model.aoa.dissimilarity(X)
    return out


def cell_dissimilarity(model: TrainedModel, features: xr.Dataset, stride: int = 1) -> xr.DataArray:
    """Dissimilarity index of each predicted cell's features to the training data.

    Cells the physical screen skips (p = 0 without prediction) and cells without data are
    NaN: they are not judged by the model, so neither inside nor outside its area of
    applicability. ``stride > 1`` evaluates every n-th cell in each direction and repeats
    it to its neighbours (the AOA is a coarse warning, and this keeps it cheap on large
    grids); a predicted cell whose representative is screened or missing gets its own DI.
    Block by block when ``features`` are chunked (lazy), at once otherwise.
    """
    di = xr.apply_ufunc(
        lambda *grids: _dissimilarity_block(model, stride, *grids),
        *[features[name].astype("float32") for name in CELL_FEATURES],
        dask="parallelized", output_dtypes=[np.float32],
    )
    return di.rename("dissimilarity")


#: codes of the ``applicable_<event>`` grids: predicted outside / inside the area of
#: applicability, not predicted (physically screened, p = 0), no data
APPLICABLE_OUTSIDE, APPLICABLE_INSIDE, APPLICABLE_SCREENED, APPLICABLE_NO_DATA = 0, 1, 2, 255


def applicability_codes(inside: xr.DataArray, predicted: xr.DataArray, screened: xr.DataArray) -> xr.DataArray:
    """The ``applicable_<event>`` grid: inside/outside for predicted cells, screened and no-data apart."""
    rest = xr.where(screened, APPLICABLE_SCREENED, APPLICABLE_NO_DATA)
    return xr.where(predicted, xr.where(inside, APPLICABLE_INSIDE, APPLICABLE_OUTSIDE), rest).astype("uint8")


def magnitude_in_range(model: TrainedModel, magnitude_mm: float) -> bool:
    """Whether an event's rainfall lies within the historical events the model learned from."""
    low, high = model.training_data["feature_ranges"]["event_precip_mm"]
    return bool(low <= magnitude_mm <= high)
