"""Vector layers of the sample region: land-use plan parcels, rivers and the boundary.

Parcels are blocks of about 200 m cut along land-use edges (polygons from a block-and-class
raster via rasterio.features.shapes), so every settlement, industrial and planned area is
covered, and each parcel carries one current and one planned use.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
from affine import Affine
from rasterio import features
from shapely.geometry import LineString, Polygon, shape

from koki_climate.region.sample.grid import CRS, EXTENT, X0, Y_TOP, Grid, child_rng
from koki_climate.region.sample.landuse import CLASSES, INDUSTRY, PLANNED, SETTLEMENT
from koki_climate.region.sample.terrain import Stream

#: GeoPackages record a timestamp; fixing it makes the file byte-identical per seed
GPKG_DATE = "2024-01-01T00:00:00Z"
BLOCK_M = 200.0


def parcels(grid: Grid, landuse: np.ndarray, before_plan: np.ndarray) -> gpd.GeoDataFrame:
    """Parcels covering settlement, industry and planned development."""
    block = max(1, int(round(BLOCK_M / grid.cell)))
    rows, cols = np.indices(landuse.shape)
    blocks_per_row = -(-grid.n // block)
    value = ((rows // block) * blocks_per_row + cols // block) * 8 + landuse.astype(np.int64)
    developed = np.isin(landuse, (SETTLEMENT, INDUSTRY, PLANNED))
    transform = Affine(grid.cell, 0.0, X0, 0.0, -grid.cell, Y_TOP)
    geoms, current, planned = [], [], []
    for geom, v in features.shapes(value.astype(np.int32), mask=developed, connectivity=4, transform=transform):
        cls = int(v) % 8
        polygon = shape(geom)
        if cls == PLANNED:
            row, col = np.unravel_index(np.flatnonzero((value == v).ravel())[0], value.shape)
            current.append(CLASSES[before_plan[row, col] - 1])
        else:
            current.append(CLASSES[cls - 1])
        planned.append(CLASSES[cls - 1])
        geoms.append(polygon)
    ids = [f"P{i + 1:04d}" for i in range(len(geoms))]
    return gpd.GeoDataFrame({"parcel_id": ids, "current_use": current, "planned_use": planned},
                            geometry=geoms, crs=CRS)


def rivers(streams: list[Stream]) -> gpd.GeoDataFrame:
    """One line per stream, drawn from source to mouth (the main river west to east)."""
    lines = []
    for s in streams:
        keep = np.unique(np.r_[np.arange(0, len(s.lx), 10), len(s.lx) - 1])
        lines.append(LineString(np.c_[X0 + s.lx[keep], Y_TOP - EXTENT + s.ly[keep]].round(1)))
    return gpd.GeoDataFrame({"name": [s.name for s in streams],
                             "kind": ["river" if s.main else "stream" for s in streams]},
                            geometry=lines, crs=CRS)


def boundary(seed: int) -> gpd.GeoDataFrame:
    """An irregular municipal boundary inside the 30 km square."""
    rng = child_rng(seed, 95)
    theta = np.linspace(0.0, 2 * np.pi, 361)[:-1]
    r = np.full_like(theta, 12_800.0)
    for k in range(2, 9):
        r += 1100.0 / k * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    r = np.minimum(r, 14_700.0)
    centre = EXTENT / 2
    ring = np.c_[X0 + centre + r * np.cos(theta), Y_TOP - centre + r * np.sin(theta)].round(1)
    return gpd.GeoDataFrame({"name": ["Musterstadt"]}, geometry=[Polygon(ring)], crs=CRS)


def write_vectors(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    """Write all layers into one GeoPackage with a fixed timestamp (byte-deterministic)."""
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    try:
        for i, (name, frame) in enumerate(layers.items()):
            frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio", mode="w" if i == 0 else "a")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})
