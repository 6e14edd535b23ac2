"""NetCDF reads and writes behind one process-wide lock.

The HDF5 library under netCDF4 is not thread-safe: two threads of one server writing two
different result files at once ended in "NetCDF: HDF error". xarray serialises single calls,
not a whole file's open-write-close; this lock does, for every NetCDF file KoKI reads or
writes whole. (Lazily opened, dask-backed region files rely on xarray's own locks.)
"""
from __future__ import annotations

import os
import threading
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


__all__ = ["HDF5_IO_LOCK", "netcdf_bytes", "read_netcdf", "write_netcdf"]
