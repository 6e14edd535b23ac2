"""The region's areal rain: a climate grid averaged over the region, and the areal reduction factor.

Heavy-rain statistics (KOSTRA-DWD) give *point* depths: the 1-day rain a single gauge sees
once in T years. The historical events the flood model learns from are described by their
*areal* 1-day rain, and over an area the T-year rain is smaller, because the heaviest rain
does not fall everywhere at once. Two steps make a design event comparable with them:

1. **Areal mean over the region**, not over the climate file: each climate cell counts with
   the share of the region's cells (those with terrain) that lie in it. A climate file
   reaching beyond the town does not shift the town's design rain.
2. **Areal reduction factor** (ARF) for the region's area: the analytic form of the US
   Weather Bureau's depth-area curves (Technical Paper 29, 1957-60) by Leclerc & Schaake
   (1972, MIT Ralph M. Parsons Laboratory report 167), as used e.g. in HEC-HMS guidance:
   ``ARF = 1 - exp(-1.1 D^0.25) + exp(-1.1 D^0.25 - 0.01 A)`` with duration ``D`` in
   hours and area ``A`` in square miles. For D = 24 h it gives 0.997 at 10 km², 0.972 at
   100 km² and 0.915 at 900 km². It is not a German standard: DWA-A 531 leaves the
   reduction to the user, and studies for Germany (e.g. Verworn 2008 for KOSTRA) found
   factors of the same size for a day, lower for short storms. A region whose events
   were measured as point rain should set the factor to 1 (``areal_reduction_factor``'s
   area 0).

No streamlit here; the numbers are reported with every design event.
"""
from __future__ import annotations

import math

import numpy as np
import pyproj
import xarray as xr

#: square kilometres per square mile
KM2_PER_MI2 = 2.589988110336
#: the design events are 1-day rains
DESIGN_DURATION_H = 24.0
#: region cells sampled for the areal weights at most (a regular subsample beyond it)
MAX_WEIGHT_POINTS = 250_000


def areal_reduction_factor(area_km2: float, duration_h: float = DESIGN_DURATION_H) -> float:
    """Areal / point rain of the same return period (Leclerc & Schaake 1972, after TP-29)."""
    if not (area_km2 >= 0 and duration_h > 0):
        raise ValueError(f"area must be >= 0 km² and duration > 0 h, got {area_km2!r}, {duration_h!r}")
    decay = 1.1 * duration_h ** 0.25
    return 1.0 - math.exp(-decay) + math.exp(-decay - 0.01 * area_km2 / KM2_PER_MI2)


def region_weights(valid: xr.DataArray, region_crs: pyproj.CRS, climate: xr.Dataset | xr.DataArray,
                   climate_crs: pyproj.CRS | None) -> np.ndarray:
    """Share of the region's valid cells in each climate cell, shape of the climate grid (y, x).

    ``valid`` is the region's grid of cells that count (e.g. where there is terrain). Cell
    centres are taken from a regular subsample when there are more than ``MAX_WEIGHT_POINTS``;
    centres outside the climate grid (beyond half a climate cell) are not counted.
    """
    rows, cols = np.nonzero(np.asarray(valid.values, dtype=bool))
    step = max(1, int(np.ceil(rows.size / MAX_WEIGHT_POINTS)))
    rows, cols = rows[::step], cols[::step]
    x = np.asarray(valid["x"].values, dtype=float)[cols]
    y = np.asarray(valid["y"].values, dtype=float)[rows]
    if climate_crs is not None and not pyproj.CRS.from_user_input(climate_crs).equals(region_crs):
        x, y = pyproj.Transformer.from_crs(region_crs, climate_crs, always_xy=True).transform(x, y)
    ix, inside_x = _cell_index(np.asarray(climate["x"].values, dtype=float), x)
    iy, inside_y = _cell_index(np.asarray(climate["y"].values, dtype=float), y)
    inside = inside_x & inside_y
    shape = (climate.sizes["y"], climate.sizes["x"])
    counts = np.bincount(iy[inside] * shape[1] + ix[inside], minlength=shape[0] * shape[1]).astype(float)
    total = counts.sum()
    return (counts / total).reshape(shape) if total else counts.reshape(shape)


def areal_mean(values: np.ndarray, weights: np.ndarray) -> float:
    """Weighted mean of a climate field over the region (climate cells without a value left out)."""
    values = np.asarray(values, dtype=float)
    usable = np.isfinite(values) & (weights > 0)
    if not usable.any():
        return math.nan
    return float(np.sum(values[usable] * weights[usable]) / np.sum(weights[usable]))


def _cell_index(centres: np.ndarray, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the cell (by its centre coordinate, ascending or descending) each point lies in."""
    if centres.size == 1:
        return np.zeros(points.size, dtype=int), np.ones(points.size, dtype=bool)
    descending = centres[0] > centres[-1]
    ordered = centres[::-1] if descending else centres
    half = abs(ordered[1] - ordered[0]) / 2
    edges = np.r_[ordered[0] - half, (ordered[1:] + ordered[:-1]) / 2, ordered[-1] + half]
    index = np.searchsorted(edges, points, side="right") - 1
    inside = (index >= 0) & (index < ordered.size)
    index = np.clip(index, 0, ordered.size - 1)
    if descending:
        index = ordered.size - 1 - index
    return index, inside
