"""Terrain features computed once per region data version and kept on disk."""
from __future__ import annotations

from pathlib import Path

import xarray as xr

from koki_climate.io.atomic import atomic_path
from koki_climate.io.netcdf import open_grids, write_netcdf
from koki_climate.region import Region
from koki_climate.risk.features import static_features

TERRAIN_CACHE_VERSION = "1"


def terrain_cache_dir(cache_dir: Path) -> Path:
    return Path(cache_dir) / "terrain"


def cached_static_features(region: Region, cache_dir: Path | None, *, write: bool = True) -> xr.Dataset:
    """Static model features of ``region``, read from the cache or computed (and stored)."""
    if cache_dir is None:
        return static_features(region)
    path = terrain_cache_dir(cache_dir) / f"{region.checksum[:20]}-v{TERRAIN_CACHE_VERSION}.nc"
    if path.exists():
        try:
            return open_grids(path).assign_coords(x=region.grid.x, y=region.grid.y)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache file: compute again (and replace it when writable)
    features = static_features(region)
    if not write:
        return features
    with atomic_path(path) as tmp:
        write_netcdf(features.drop_vars("spatial_ref", errors="ignore"), tmp)
    del features  # large ones are read back block by block, not kept whole
    return open_grids(path).assign_coords(x=region.grid.x, y=region.grid.y)
