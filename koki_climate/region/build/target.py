"""The region grid a build writes: projected CRS, square cells, the boundary's bounds snapped outward.

Every builder module puts its layer on this one grid; rows run north to south (``y``
descending), cell centres are the coordinates, and the grid's corners are whole multiples
of the resolution so that two builds of one town line up.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyproj
import rioxarray  # noqa: F401  (registers the .rio accessor)
import xarray as xr
from affine import Affine

#: the largest grid a build makes (cells); KOKI_MAX_CELLS still bounds what the loader accepts
MAX_BUILD_CELLS = 100_000_000


@dataclass(frozen=True)
class TargetGrid:
    """A north-up grid: ``width`` x ``height`` square cells of ``resolution`` m from the corner (west, north)."""

    crs: pyproj.CRS
    west: float
    north: float
    resolution: float
    width: int
    height: int

    @classmethod
    def from_bounds(cls, crs: pyproj.CRS | str, bounds: tuple[float, float, float, float],
                    resolution: float) -> "TargetGrid":
        """The grid covering ``bounds`` (xmin, ymin, xmax, ymax in ``crs``), corners snapped outward."""
        crs = pyproj.CRS.from_user_input(crs)
        if not crs.is_projected:
            raise ValueError(f"the region grid needs a projected CRS in metres, not {crs.name}")
        if not (resolution > 0 and math.isfinite(resolution)):
            raise ValueError(f"resolution must be a positive number of metres, got {resolution!r}")
        xmin, ymin, xmax, ymax = bounds
        if not (xmax > xmin and ymax > ymin):
            raise ValueError(f"empty bounds {bounds}")
        west = math.floor(xmin / resolution) * resolution
        east = math.ceil(xmax / resolution) * resolution
        south = math.floor(ymin / resolution) * resolution
        north = math.ceil(ymax / resolution) * resolution
        width, height = int(round((east - west) / resolution)), int(round((north - south) / resolution))
        return cls(crs, float(west), float(north), float(resolution), width, height)

    # --- geometry ---------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        return self.height, self.width

    @property
    def cells(self) -> int:
        return self.width * self.height

    @property
    def transform(self) -> Affine:
        return Affine(self.resolution, 0.0, self.west, 0.0, -self.resolution, self.north)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of the outer cell edges."""
        return (self.west, self.north - self.height * self.resolution,
                self.west + self.width * self.resolution, self.north)

    @property
    def x(self) -> np.ndarray:
        return self.west + (np.arange(self.width) + 0.5) * self.resolution

    @property
    def y(self) -> np.ndarray:
        return self.north - (np.arange(self.height) + 0.5) * self.resolution

    @property
    def cell_area_m2(self) -> float:
        return self.resolution * self.resolution

    def data_array(self, values: np.ndarray, name: str, attrs: dict | None = None) -> xr.DataArray:
        """``values`` (shape ``(height, width)``) as a DataArray on this grid with its CRS."""
        if values.shape != self.shape:
            raise ValueError(f"{name}: shape {values.shape} is not the grid's {self.shape}")
        da = xr.DataArray(values, dims=("y", "x"), coords={"y": self.y, "x": self.x}, name=name,
                          attrs=dict(attrs or {}))
        return da.rio.write_crs(self.crs.to_wkt()).rio.write_transform(self.transform)

    def blocks(self, size: int = 2048) -> Iterator[tuple[slice, slice, Affine]]:
        """Row and column slices of square blocks of at most ``size`` cells a side, with each block's transform.

        Streaming work (a DEM mosaic at 1 m onto a 5 m grid) goes block by block so memory
        stays bounded by the block, not the region.
        """
        for row in range(0, self.height, size):
            for col in range(0, self.width, size):
                rows, cols = slice(row, min(row + size, self.height)), slice(col, min(col + size, self.width))
                yield rows, cols, self.transform @ Affine.translation(col, row)


__all__ = ["MAX_BUILD_CELLS", "TargetGrid"]
