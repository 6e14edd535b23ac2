"""NetCDF reads and writes behind one process-wide lock.

The HDF5 library under netCDF4 is not thread-safe: two threads of one server writing two
different result files at once ended in "NetCDF: HDF error". xarray serialises single calls,
not a whole file's open-write-close; this lock does, for every NetCDF file KoKI reads or
writes whole. (Lazily opened, dask-backed region files rely on xarray's own locks.)
"""
from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

import xarray as xr

#: held for a whole NetCDF read or write; re-entrant, so nested helpers may take it again
HDF5_IO_LOCK = threading.RLock()


def write_netcdf(ds: xr.Dataset, path: str | os.PathLike[str], **options: Any) -> None:
    """``ds.to_netcdf(path, **options)`` under the lock (callers choose the path: see io.atomic)."""
    with HDF5_IO_LOCK:
        ds.to_netcdf(path, **options)


def netcdf_bytes(ds: xr.Dataset, **options: Any) -> bytes:
    """The NetCDF file of ``ds`` as bytes, made in memory under the lock."""
    with HDF5_IO_LOCK:
        return bytes(ds.to_netcdf(None, **options))


def read_netcdf(path: str | os.PathLike[str], **options: Any) -> xr.Dataset:
    """Open, load completely and close a NetCDF file under the lock (no handle stays open)."""
    with HDF5_IO_LOCK:
        with xr.open_dataset(path, **options) as ds:
            return ds.load()


@contextlib.contextmanager
def open_lazily(path: str | os.PathLike[str], **options: Any) -> Iterator[xr.Dataset]:
    """A NetCDF file opened as dask blocks read on demand, closed when the block ends."""
    with HDF5_IO_LOCK:
        ds = xr.open_dataset(path, chunks={}, **options)
    try:
        yield ds
    finally:
        ds.close()


def open_grids(path: str | os.PathLike[str], **options: Any) -> xr.Dataset:
    """Grids from a NetCDF file: read whole up to ``KOKI_GRIDS_IN_MEMORY_MB``, else opened lazily.

    Lazily opened grids are dask-backed blocks of the engine's chunk size, read on demand (a
    100 M-cell region's terrain features alone are 2.4 GB); the file then stays open while the
    dataset is in use, and closes with it.
    """
    from koki_climate.chunks import chunked
    from koki_climate.config import settings

    with HDF5_IO_LOCK:
        ds = xr.open_dataset(path, chunks={}, **options)
        if ds.nbytes <= settings().grids_in_memory_mb * 2**20:
            ds.load()
            ds.close()
            return ds
    return chunked(ds)


__all__ = ["HDF5_IO_LOCK", "netcdf_bytes", "open_grids", "open_lazily", "read_netcdf", "write_netcdf"]
