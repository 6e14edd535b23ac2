"""Open raster files (CF NetCDF, GeoTIFF) and check the things that break analyses.

Every problem becomes a :class:`RegionError` naming the file and variable: missing or
corrupt files, missing variables, missing/unknown CRS, non-monotonic or irregular
coordinates, absurd sizes (refused from the header, before any data is read).
"""
from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pyproj
import rioxarray  # noqa: F401  (registers the .rio accessor)
import xarray as xr

from koki_climate.errors import RegionError
from koki_climate.io.netcdf import HDF5_IO_LOCK

#: refuse grids larger than this many cells per 2-D layer (override with KOKI_MAX_CELLS)
DEFAULT_MAX_CELLS = 100_000_000
TIFF_SUFFIXES = frozenset({".tif", ".tiff"})


def max_cells() -> int:
    """The largest 2-D grid the loader accepts; protects the server from absurd files."""
    return int(os.environ.get("KOKI_MAX_CELLS", DEFAULT_MAX_CELLS))


def open_raster_file(path: Path, chunks: dict | str | None = None, *, projected: bool = True) -> xr.Dataset:
    """Open a NetCDF or GeoTIFF file with x/y dims, north-up, CRS known.

    The caller has checked ``path`` with :func:`koki_climate.region.paths.region_file`
    (inside the region folder, an ordinary file, within the size limit).

    With ``chunks`` the data stay lazy (dask) and the file stays open; without, the
    header is checked first (size limits) and then the data are read and the file closed.

    ``projected=False`` also accepts geographic grids (longitude/latitude), as climate data
    often come; the caller reprojects them. Read at once, the whole open-read-close holds
    the process's NetCDF lock (HDF5 is not thread-safe; see :mod:`koki_climate.io.netcdf`).
    """
    if chunks is None:
        with HDF5_IO_LOCK:
            return _open_raster_file(path, None, projected)
    return _open_raster_file(path, chunks, projected)


def _open_raster_file(path: Path, chunks: dict | str | None, projected: bool) -> xr.Dataset:
    if not path.exists():
        raise RegionError(path, "file not found")
    if path.stat().st_size == 0:
        raise RegionError(path, "file is empty")
    suffix = path.suffix.lower()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if suffix in TIFF_SUFFIXES:
                da = rioxarray.open_rasterio(path, chunks=chunks, masked=True)
                if "band" in da.dims:
                    da = da.isel(band=0, drop=True)
                ds = da.to_dataset(name=path.stem)
            else:
                ds = xr.open_dataset(path, chunks=chunks, decode_coords="all", engine="netcdf4")
    except RegionError:
        raise
    except Exception as exc:  # netCDF4/HDF5/GDAL raise many types for broken files
        raise RegionError(path, f"cannot be read ({_short(exc)}); is it a complete NetCDF/GeoTIFF file?") from None
    ds = _standardise_dims(ds, path)
    _check_size(ds, path)
    _check_coords(ds, path)
    ds = _north_up(ds)
    _check_crs(ds, path, projected)
    if chunks is None:
        # Without dask, read now and close the file: a handle kept open would pin the file,
        # and HDF5 mistakes a later file that reuses its inode for the open one ("HDF error").
        try:
            loaded = ds.load()
        except Exception as exc:
            raise RegionError(path, f"cannot be read ({_short(exc)}); is the file complete?") from None
        finally:
            ds.close()
        return loaded
    return ds


def get_variable(ds: xr.Dataset, path: Path, variable: str) -> xr.DataArray:
    """Fetch a variable or explain which ones the file has (a GeoTIFF has one: the name is ignored)."""
    if path.suffix.lower() in TIFF_SUFFIXES and len(ds.data_vars) == 1:
        return next(iter(ds.data_vars.values()))
    if variable not in ds.data_vars:
        available = ", ".join(sorted(map(str, ds.data_vars))) or "none"
        raise RegionError(path, f"variable not found (the file has: {available})", variable)
    return ds[variable]


def crs_of(ds: xr.Dataset | xr.DataArray) -> pyproj.CRS:
    """The dataset's CRS as a pyproj CRS (checked to exist by :func:`open_raster_file`)."""
    return pyproj.CRS.from_user_input(ds.rio.crs.to_wkt())


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _standardise_dims(ds: xr.Dataset, path: Path) -> xr.Dataset:
    """Rename projected axes found by CF attributes to x/y (e.g. 'easting', 'rlon')."""
    renames: dict[str, str] = {}
    for name in ds.dims:
        if name in ("x", "y") or name not in ds.coords:
            continue
        attrs = ds[name].attrs
        std, axis = attrs.get("standard_name", ""), attrs.get("axis", "")
        if std in ("projection_x_coordinate", "longitude") or axis == "X" or name in ("easting", "lon"):
            renames[name] = "x"
        elif std in ("projection_y_coordinate", "latitude") or axis == "Y" or name in ("northing", "lat"):
            renames[name] = "y"
    if renames:
        ds = ds.rename(renames)
    if "x" not in ds.dims or "y" not in ds.dims:
        dims = ", ".join(map(str, ds.dims)) or "none"
        raise RegionError(path, f"no projected x/y dimensions found (dimensions: {dims}); "
                                "expected 'x' and 'y' in metres")
    return ds


def _check_size(ds: xr.Dataset, path: Path) -> None:
    cells = int(ds.sizes["x"]) * int(ds.sizes["y"])
    if cells > max_cells():
        raise RegionError(path, f"grid of {ds.sizes['y']} x {ds.sizes['x']} = {cells:,} cells exceeds the "
                                f"limit of {max_cells():,} cells (set KOKI_MAX_CELLS to raise it); "
                                "nothing was read")
    if ds.sizes["x"] < 2 or ds.sizes["y"] < 2:
        raise RegionError(path, f"grid of {ds.sizes['y']} x {ds.sizes['x']} cells is too small (need at least 2 x 2)")


def _check_coords(ds: xr.Dataset, path: Path) -> None:
    for dim in ("x", "y"):
        if dim not in ds.coords:
            raise RegionError(path, f"dimension '{dim}' has no coordinate values")
        values = np.asarray(ds[dim].values, dtype=float)
        if not np.all(np.isfinite(values)):
            raise RegionError(path, f"coordinate '{dim}' contains NaN or infinite values", dim)
        steps = np.diff(values)
        if not (np.all(steps > 0) or np.all(steps < 0)):
            raise RegionError(path, f"coordinate '{dim}' is not monotonic (sorted); "
                                    "grids must have strictly increasing or decreasing coordinates", dim)
        if not np.allclose(steps, steps[0], rtol=1e-3):
            raise RegionError(path, f"coordinate '{dim}' is not regularly spaced "
                                    f"(steps from {abs(steps).min():g} to {abs(steps).max():g})", dim)


def _north_up(ds: xr.Dataset) -> xr.Dataset:
    """Ensure x ascending and y descending (the GeoTIFF convention the maps assume)."""
    if float(ds.x[1] - ds.x[0]) < 0:
        ds = ds.isel(x=slice(None, None, -1))
    if float(ds.y[1] - ds.y[0]) > 0:
        ds = ds.isel(y=slice(None, None, -1))
    return ds


def _check_crs(ds: xr.Dataset, path: Path, projected: bool) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            crs = ds.rio.crs
    except Exception as exc:
        raise RegionError(path, f"the CRS cannot be understood ({_short(exc)})") from None
    if crs is None:
        raise RegionError(path, "no CRS: add a CF grid_mapping variable with a 'crs_wkt' attribute "
                                "(e.g. rioxarray's ds.rio.write_crs('EPSG:25832'))")
    try:
        parsed = pyproj.CRS.from_user_input(crs.to_wkt())
    except pyproj.exceptions.CRSError as exc:
        raise RegionError(path, f"unknown CRS ({_short(exc)})") from None
    if projected and not parsed.is_projected:
        raise RegionError(path, f"CRS '{parsed.name}' is geographic (degrees); the region grid needs a "
                                "projected CRS in metres such as EPSG:25832")
