"""From simulated water levels on the coarse grid to flooded cells on the fine grid.

Three ways a cell gets wet, each from the simulation's water, none from a threshold on a
terrain index:

- **Surface water** (river and rain floods): water-surface elevation (WSE) downscaling, the
  usual way a coarse flood model is mapped onto a fine terrain (the water level comes from
  the model, the depth from the fine ground): each coarse cell's highest simulated level is
  interpolated between neighbouring wet cells (bilinear, at most ``WSE_SPREAD_M`` from the
  cell's own level), and a fine cell floods where its ground lies at least ``FLOOD_DEPTH_M``
  below that level and it connects to the deepest point of a wet coarse cell (where the
  simulated water stands).
- **Pluvial ponding** in hollows of sealed ground: the water a coarse cell held at its
  peak, in the share of its sealed ground, fills the hollows there (closed depressions of
  the fine terrain narrower than ``HOLLOW_M``, found by a morphological closing) deepest
  first, as a level pool; hollows with at least ``FLOOD_DEPTH_M`` of water count.
- **Groundwater emergence**: the water table (ground minus its depth before the event) rises
  by the rain that soaked in over the specific yield where the unsaturated zone is thin,
  and by the flood's stage near flooded water (bank storage, decaying over
  ``BANK_STORAGE_M``); where it reaches ``FLOOD_DEPTH_M`` above the ground, water emerges.
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage

FLOOD_DEPTH_M = 0.1       # water depth that counts as flooded (depth classes of flood maps start here)
WSE_SPREAD_M = 0.5        # how far interpolation may move a level away from its own coarse cell's
HOLLOW_M = 250.0          # width of the hollows in which rain ponds
SEALED_MIN = 0.35         # impervious share from which ground counts as sealed
SPECIFIC_YIELD = 0.15     # drainable porosity of the sandy-gravelly valley aquifer
FAST_RECHARGE_M = 2.0     # e-folding depth of the unsaturated zone for recharge within the event
BANK_STORAGE_M = 300.0    # e-folding distance of the flood's push into the aquifer (about √(T t / S) for a few days)

EIGHT = np.ones((3, 3), dtype=bool)


def blocks(a: np.ndarray, k: int) -> np.ndarray:
    """View a fine grid (a multiple of ``k`` a side) as (ny, nx, k*k) blocks."""
    ny, nx = a.shape[0] // k, a.shape[1] // k
    return a.reshape(ny, k, nx, k).transpose(0, 2, 1, 3).reshape(ny, nx, k * k)


def to_fine(a: np.ndarray, k: int) -> np.ndarray:
    """Repeat a coarse grid onto its fine cells."""
    return np.repeat(np.repeat(a, k, axis=0), k, axis=1)


def surface_water(z: np.ndarray, level: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Fine cells flooded by the simulated water, and the water level used for each (m).

    ``z`` is the fine terrain (a multiple of ``k`` a side), ``level`` the coarse cells'
    highest simulated water level.
    """
    zb = blocks(z, k)
    lowest = zb.min(axis=-1)
    wet = level - lowest >= FLOOD_DEPTH_M
    fine_level = _interpolate(level, wet, k)
    own = to_fine(level, k)
    fine_level = np.clip(fine_level, own - WSE_SPREAD_M, own + WSE_SPREAD_M)
    flooded = to_fine(wet, k) & (z <= fine_level - FLOOD_DEPTH_M)
    # seeds: the deepest fine cell of every wet coarse cell, where its water stands
    seed = np.zeros(z.shape, dtype=bool)
    rows, cols = np.nonzero(wet)
    idx = zb[rows, cols].argmin(axis=-1)
    seed[rows * k + idx // k, cols * k + idx % k] = True
    labels, _ = ndimage.label(flooded, structure=EIGHT)
    keep = np.unique(labels[seed & flooded])
    flooded = np.isin(labels, keep[keep > 0])
    return flooded, np.where(flooded, fine_level, np.nan)


def _interpolate(level: np.ndarray, wet: np.ndarray, k: int) -> np.ndarray:
    """Bilinear interpolation of the wet coarse cells' levels to the fine cells (normalised weights)."""
    ny, nx = level.shape
    fy = (np.arange(ny * k) + 0.5) / k - 0.5  # fine-cell centres in coarse-cell units
    fx = (np.arange(nx * k) + 0.5) / k - 0.5
    y0 = np.clip(np.floor(fy).astype(int), 0, ny - 1)
    x0 = np.clip(np.floor(fx).astype(int), 0, nx - 1)
    y1, x1 = np.minimum(y0 + 1, ny - 1), np.minimum(x0 + 1, nx - 1)
    wy = np.clip(fy - y0, 0.0, 1.0)[:, None]
    wx = np.clip(fx - x0, 0.0, 1.0)[None, :]
    w = wet.astype(float)
    lw = np.where(wet, level, 0.0)
    num = np.zeros((ny * k, nx * k))
    den = np.zeros((ny * k, nx * k))
    for yy, fy_w in ((y0, 1.0 - wy), (y1, wy)):
        for xx, fx_w in ((x0, 1.0 - wx), (x1, wx)):
            weight = fy_w * fx_w * w[yy[:, None], xx[None, :]]
            num += weight * lw[yy[:, None], xx[None, :]]
            den += weight
    own = to_fine(level, k)
    return np.where(den > 1e-9, num / np.maximum(den, 1e-9), own)


def hollows(z: np.ndarray, cell: float) -> np.ndarray:
    """Depth (m) of the closed hollows narrower than ``HOLLOW_M``: closing minus ground."""
    size = max(3, int(round(HOLLOW_M / cell)) | 1)
    return ndimage.grey_closing(z, size=(size, size), mode="nearest") - z


def ponding(z: np.ndarray, cell: float, sealed: np.ndarray, volume: np.ndarray, k: int) -> np.ndarray:
    """Sealed fine cells where the coarse cells' peak water, in their sealed share, ponds in hollows.

    Within each coarse cell, hollows fill deepest first: the water stands ``d`` below the
    closed surface, with ``d`` chosen so the ponded volume equals the available volume.
    """
    depth = np.where(sealed, hollows(z, cell), 0.0)
    db = blocks(depth, k)
    share = blocks(sealed, k).mean(axis=-1)
    available = volume * share / cell ** 2  # in fine-cell depth units (m * cells)
    capacity = db.sum(axis=-1)
    lo = np.zeros(available.shape)
    hi = db.max(axis=-1)
    full = available >= capacity
    for _ in range(40):  # bisection on the drawdown d below the closed surface
        mid = 0.5 * (lo + hi)
        held = np.clip(db - mid[..., None], 0.0, None).sum(axis=-1)
        too_little = held < available
        hi = np.where(too_little, mid, hi)
        lo = np.where(too_little, lo, mid)
    d = np.where(full, 0.0, hi)
    water = np.clip(db - d[..., None], 0.0, None)
    ny, nx = volume.shape
    water = water.reshape(ny, nx, k, k).transpose(0, 2, 1, 3).reshape(ny * k, nx * k)
    return sealed & (water >= FLOOD_DEPTH_M)


def groundwater_emergence(z: np.ndarray, depth: np.ndarray, infiltrated_mm: np.ndarray, surface: np.ndarray,
                          surface_level: np.ndarray, normal_level: np.ndarray, cell: float) -> np.ndarray:
    """Cells where the water table rises ``FLOOD_DEPTH_M`` above the ground during the event.

    ``depth`` is the depth to groundwater before the event (m), ``surface`` the cells flooded
    by surface water with their water level ``surface_level``; ``normal_level`` is the
    normal level of the stream each cell drains to (the flood's rise is measured from it).
    """
    recharge = infiltrated_mm / 1000.0 / SPECIFIC_YIELD * np.exp(-np.maximum(depth, 0.0) / FAST_RECHARGE_M)
    rise = np.zeros(z.shape)
    if surface.any():
        dist, (ir, ic) = ndimage.distance_transform_edt(~surface, sampling=cell, return_indices=True)
        stage = np.maximum(surface_level[ir, ic] - normal_level[ir, ic], 0.0)
        head_before = z - depth
        # the aquifer beside the flood rises towards the flood's level, decaying with distance
        rise = np.maximum(surface_level[ir, ic] - head_before, 0.0) * np.exp(-dist / BANK_STORAGE_M)
        rise = np.minimum(rise, stage)
    head = z - depth + recharge + rise
    return (head - z >= FLOOD_DEPTH_M) & ~surface
