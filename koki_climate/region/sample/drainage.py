"""Height above nearest drainage (HAND) along D8 flow paths, for the generator only.

Distance to the nearest stream is a poor guide on slopes that drain to another stream,
so flood extents and groundwater depth use HAND from a real flow router: the project's
terrain module (steepest-descent D8 on a depression-filled DEM, see ``koki_climate.terrain``),
with only the mapped streams as drainage. pyflwdir's own ``from_dem`` directions follow
the priority-flood order rather than the steepest descent and gave HAND values tens of
metres off on valley floors (pyflwdir issue #122).
"""
from __future__ import annotations

import numpy as np
import xarray as xr


def d8_hand(elevation: np.ndarray, river: np.ndarray, cell: float, fallback: np.ndarray) -> np.ndarray:
    """HAND in metres relative to the stream cells a D8 path reaches; ``fallback`` where undefined."""
    from koki_climate.terrain import terrain_features

    ny, nx = elevation.shape
    coords = {"y": -cell * np.arange(ny) - cell / 2, "x": cell * np.arange(nx) + cell / 2}
    dem = xr.DataArray(elevation.astype(np.float32), dims=("y", "x"), coords=coords)
    streams = xr.DataArray(river.astype(np.uint8), dims=("y", "x"), coords=coords)
    # an upstream-area threshold larger than any catchment: only mapped streams drain
    hand = terrain_features(dem, streams, stream_area_km2=1e9)["hand"].values.astype(np.float64)
    valid = np.isfinite(hand) & (hand >= 0)
    return np.where(valid, hand, fallback)
