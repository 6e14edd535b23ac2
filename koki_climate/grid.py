"""Geometry of a regular projected grid (dims ``y``, ``x``; coordinates are cell centres).

One implementation of the small facts every layer needs — cell size, cell area, outer
extent, which row is north — so maps, exports, zoning and reports cannot disagree.
"""
from __future__ import annotations

import numpy as np
import xarray as xr

Grid = xr.DataArray | xr.Dataset


def cell_size(grid: Grid) -> tuple[float, float]:
    """(dx, dy) in CRS units (metres), both positive; 1.0 along an axis with a single cell."""
    def step(dim: str) -> float:
        values = np.asarray(grid[dim].values, dtype=float)
        return abs(float(values[1] - values[0])) if values.size > 1 else 1.0
    return step("x"), step("y")


def cell_area_m2(grid: Grid) -> float:
    """Area of one cell in m²."""
    dx, dy = cell_size(grid)
    return dx * dy


def cell_extent(grid: Grid) -> tuple[float, float, float, float]:
    """(xmin, xmax, ymin, ymax) of the cells' outer edges (not their centres)."""
    dx, dy = cell_size(grid)
    x, y = np.asarray(grid["x"], float), np.asarray(grid["y"], float)
    return x.min() - dx / 2, x.max() + dx / 2, y.min() - dy / 2, y.max() + dy / 2


def is_north_up(grid: Grid) -> bool:
    """True when the first row is the northern one (``y`` descending), as images are drawn."""
    y = np.asarray(grid["y"])
    return not (y.size > 1 and y[0] < y[-1])


def north_up(values: np.ndarray | xr.DataArray, grid: Grid | None = None) -> np.ndarray:
    """The values as an array whose first row is the northern edge (``grid`` gives the ``y`` axis)."""
    reference = values if grid is None else grid
    array = np.asarray(values.values if isinstance(values, xr.DataArray) else values)
    return array if is_north_up(reference) else array[::-1]


def _index_along(coords: np.ndarray, step: float, value: float) -> int:
    ascending = coords.size < 2 or coords[0] <= coords[-1]
    first_edge = coords[0] - step / 2 if ascending else coords[0] + step / 2
    offset = (value - first_edge) / step if ascending else (first_edge - value) / step
    return int(np.clip(np.floor(offset), 0, coords.size - 1))


def cell_at(grid: Grid, x: float, y: float) -> tuple[int, int] | None:
    """(row, column) of the cell that contains the point (x, y), or None outside the grid.

    A point on an edge shared by two cells belongs to the one with the larger index; a point
    on the outer edge still belongs to the grid (a click on the boundary line is inside).
    """
    xmin, xmax, ymin, ymax = cell_extent(grid)
    if not (np.isfinite(x) and np.isfinite(y) and xmin <= x <= xmax and ymin <= y <= ymax):
        return None
    dx, dy = cell_size(grid)
    return (_index_along(np.asarray(grid["y"], float), dy, y), _index_along(np.asarray(grid["x"], float), dx, x))


__all__ = ["cell_area_m2", "cell_at", "cell_extent", "cell_size", "is_north_up", "north_up"]
