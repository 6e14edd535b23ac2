"""The sample region's grid and resolution-independent smooth noise.

Every random field is drawn on a fixed base lattice (in metres, independent of ``cells``)
and interpolated to the cell centres, so ``--cells 240`` is the same landscape as
``--cells 1200``, only coarser. Each field has its own child seed, so adding a field never
changes the others.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import ndimage

#: lower-left corner and size of the sample region (EPSG:25832, metres)
X0 = 680_000.0
Y_TOP = 5_360_000.0
EXTENT = 30_000.0
CRS = "EPSG:25832"


@dataclass(frozen=True)
class Grid:
    """A square north-up grid of ``n`` x ``n`` cells over the fixed 30 km extent."""

    n: int
    extent: float = EXTENT

    @property
    def cell(self) -> float:
        return self.extent / self.n

    @cached_property
    def x(self) -> np.ndarray:
        """Cell-centre eastings (ascending)."""
        return X0 + (np.arange(self.n) + 0.5) * self.cell

    @cached_property
    def y(self) -> np.ndarray:
        """Cell-centre northings (descending)."""
        return Y_TOP - (np.arange(self.n) + 0.5) * self.cell

    @cached_property
    def local(self) -> tuple[np.ndarray, np.ndarray]:
        """Local coordinates (east, north) in metres from the lower-left corner, 2-D."""
        lx = (np.arange(self.n) + 0.5) * self.cell
        ly = self.extent - (np.arange(self.n) + 0.5) * self.cell
        return np.broadcast_to(lx[None, :], (self.n, self.n)), np.broadcast_to(ly[:, None], (self.n, self.n))

    def index_of(self, lx: np.ndarray, ly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Row/column of the cells holding local points (clipped to the grid)."""
        col = np.clip(np.floor(np.asarray(lx) / self.cell).astype(np.int64), 0, self.n - 1)
        row = np.clip(np.floor((self.extent - np.asarray(ly)) / self.cell).astype(np.int64), 0, self.n - 1)
        return row, col


def child_rng(seed: int, *key: int) -> np.random.Generator:
    """An independent generator for one named field: stable however many fields exist."""
    return np.random.default_rng(np.random.SeedSequence([seed, *key]))


class NoiseField:
    """Gaussian-filtered white noise on a base lattice, std 1, sampled anywhere in metres."""

    def __init__(self, rng: np.random.Generator, scale_m: float, extent: float = EXTENT) -> None:
        self.step = max(scale_m / 3.0, 25.0)
        self.margin = 4
        n = int(np.ceil(extent / self.step)) + 2 * self.margin + 1
        white = rng.standard_normal((n, n))
        field = ndimage.gaussian_filter(white, sigma=scale_m / self.step, mode="wrap")
        self.values = (field - field.mean()) / field.std()

    def at(self, lx: np.ndarray, ly: np.ndarray, order: int = 3) -> np.ndarray:
        """Sample at local coordinates (any shape)."""
        lx, ly = np.broadcast_arrays(np.asarray(lx, float), np.asarray(ly, float))
        coords = np.stack([ly / self.step + self.margin, lx / self.step + self.margin])
        out = ndimage.map_coordinates(self.values, coords.reshape(2, -1), order=order, mode="nearest")
        return out.reshape(lx.shape)

    def on(self, grid: Grid, order: int = 3) -> np.ndarray:
        """Sample at every cell centre of ``grid``."""
        lx, ly = grid.local
        return self.at(lx, ly, order=order)


def noise(seed: int, key: int, scale_m: float) -> NoiseField:
    """The noise field number ``key`` of a seed, with correlation length ``scale_m``."""
    return NoiseField(child_rng(seed, key), scale_m)


def noise1d(seed: int, key: int, length: float, scale: float, s: np.ndarray) -> np.ndarray:
    """Smooth 1-D noise (std 1) along a curve parameter ``s`` in metres."""
    rng = child_rng(seed, key)
    step = scale / 3.0
    n = int(np.ceil(length / step)) + 9
    field = ndimage.gaussian_filter1d(rng.standard_normal(n), sigma=3.0, mode="wrap")
    field = (field - field.mean()) / field.std()
    return np.interp(np.asarray(s) / step + 4, np.arange(n), field)


def softmin(a: np.ndarray, b: np.ndarray, tau: float) -> np.ndarray:
    """Smooth minimum: joins two carved surfaces without a crease."""
    return np.minimum(a, b) - tau * np.log1p(np.exp(-np.abs(a - b) / tau))


def softplus(v: np.ndarray, width: float) -> np.ndarray:
    """Smooth ramp max(v, 0) with a rounded knee of ``width`` metres."""
    return width * np.logaddexp(0.0, v / width)


def sigmoid(v: np.ndarray) -> np.ndarray:
    """Logistic step, used for terrace risers (a shape, not a probability)."""
    return 0.5 * (1.0 + np.tanh(0.5 * v))
