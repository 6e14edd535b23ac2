"""Historical flood extents, produced by a simple physical process rather than a formula.

For each event the river stage above normal water rises with the event's rain and with
the catchment area of the nearest stream (big rivers rise more); a cell floods when its
height above that stream (HAND, known from how the terrain was built) lies below the
stage, and only if the flooded patch connects to a river. Where the ground is sealed and
lies in a local hollow, heavy rain ponds (pluvial flooding); where groundwater is shallow
and the river high, it rises to the surface. Spatially correlated noise (mostly shared
by all events, partly per event) stands for dikes, culverts and local detail, so a bigger
event floods a superset of a smaller one, mostly.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from koki_climate.region.sample.grid import noise
from koki_climate.region.sample.terrain import Terrain

#: (date, 1-day areal rainfall in mm): synthetic, loosely after notable Bavarian floods
EVENTS = (
    ("1994-07-04", 45.0), ("1999-05-22", 135.0), ("2002-08-12", 100.0), ("2005-08-22", 118.0),
    ("2010-06-02", 58.0), ("2013-06-01", 150.0), ("2016-05-29", 72.0), ("2021-07-17", 86.0),
)


@dataclass
class Floods:
    inundated: np.ndarray  # uint8 (event, y, x)
    event: np.ndarray      # int ids 1..n
    dates: list[str]
    precip_mm: np.ndarray


def river_stage(precip_mm: float, area_km2: np.ndarray) -> np.ndarray:
    """Water level above the channel bed (m): bankfull depth plus a rise that grows with
    the rain beyond what soils absorb and with the catchment area."""
    effective = max(precip_mm - 35.0, 0.0) / 100.0
    bankfull = np.where(area_km2 > 300.0, 1.0, 0.6)
    return bankfull + 2.3 * effective ** 0.85 * (area_km2 / 500.0) ** 0.3


def build_floods(t: Terrain, impervious: np.ndarray, gw_depth: np.ndarray, seed: int) -> Floods:
    """Inundation extents of the historical events (vectorised per event)."""
    grid = t.grid
    shared = noise(seed, 70, 1500.0).on(grid, order=1)
    detail = noise(seed, 71, 250.0).on(grid, order=1)
    smooth = ndimage.gaussian_filter(t.elevation, sigma=max(250.0 / grid.cell, 1.0), mode="nearest")
    hollow = smooth - t.elevation  # > 0 in local depressions
    low = t.hand < 6.0
    eight = np.ones((3, 3), dtype=bool)
    out = np.zeros((len(EVENTS), grid.n, grid.n), dtype=np.uint8)
    for k, (_, mm) in enumerate(EVENTS):
        own = noise(seed, 80 + k, 1500.0).on(grid, order=1)
        stage = river_stage(mm, t.area_km2) * (1.0 + 0.12 * (0.8 * shared + 0.6 * own))
        wet = t.hand + 0.15 * detail < stage
        labels, _ = ndimage.label(wet, structure=eight)
        connected = np.unique(labels[t.river & wet])
        fluvial = np.isin(labels, connected[connected > 0])
        rise = 0.2 + 0.008 * (mm - 45.0)  # groundwater rise during the event, m
        groundwater = low & (gw_depth > 0) & (gw_depth + 0.3 * shared < rise) & (t.hand < stage + 1.5)
        pond = 0.6 - 0.003 * (mm - 45.0) + 0.05 * shared
        pluvial = (impervious > 0.35) & (hollow > pond) & (mm >= 55.0)
        out[k] = fluvial | groundwater | pluvial | t.river
    return Floods(out, np.arange(1, len(EVENTS) + 1, dtype=np.int32),
                  [d for d, _ in EVENTS], np.array([mm for _, mm in EVENTS]))
