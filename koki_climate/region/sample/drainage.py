"""Height above nearest drainage (HAND) along D8 flow paths, for the generator only.

Distance to the nearest stream is a poor guide on slopes that drain to another stream,
so flood extents and groundwater depth use HAND from a real flow router (pyflwdir, which
fills pits first). The dashboard computes its own terrain features; this module only
shapes the synthetic truth.
"""
from __future__ import annotations

import numpy as np


def d8_hand(elevation: np.ndarray, river: np.ndarray, cell: float, fallback: np.ndarray) -> np.ndarray:
    """HAND in metres relative to the stream cells a D8 path reaches; ``fallback`` elsewhere."""
    import pyflwdir  # imported here: it compiles with numba on first use

    transform = (cell, 0.0, 0.0, 0.0, -cell, 0.0)
    flw = pyflwdir.from_dem(elevation.astype(np.float32), nodata=-9999.0, transform=transform, latlon=False)
    hand = flw.hand(drain=river.astype(bool), elevtn=elevation.astype(np.float32)).astype(np.float64)
    # cells whose path leaves the grid without meeting a stream drain to a stream outside
    # the region: pyflwdir measures them against the edge, so use the fallback there
    reaches_stream = flw.basins(idxs=np.flatnonzero(river)) > 0
    valid = reaches_stream & np.isfinite(hand) & (hand >= 0)
    return np.where(valid, hand, fallback)
