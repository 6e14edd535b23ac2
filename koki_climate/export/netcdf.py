"""CF-1.8 NetCDF of result grids: units checked, CRS as a grid-mapping variable, compressed."""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import rioxarray  # noqa: F401  (registers the .rio accessor)
import xarray as xr

from koki_climate.io.atomic import atomic_path
from koki_climate.io.netcdf import HDF5_IO_LOCK
from koki_climate.io.netcdf import netcdf_bytes as to_bytes
from koki_climate.io.netcdf import write_netcdf
from koki_climate.io.serialize import to_jsonable
from koki_climate.memory import release_free_memory

CF_CONVENTIONS = "CF-1.8"


def _attr_value(value: Any) -> Any:
    """NetCDF attributes hold strings and numbers; anything else goes in as JSON text."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (str, int, float, np.integer, np.floating)):
        return value
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        return value
    return json.dumps(to_jsonable(value), sort_keys=True)


def cf_dataset(ds: xr.Dataset, global_attrs: Mapping[str, Any] | None = None) -> xr.Dataset:
    """A copy of ``ds`` with CF metadata checked and completed, ready for ``to_netcdf``.

    Every data variable needs ``units`` (flag variables and booleans excepted) and gets a
    ``long_name`` from its name if it has neither that nor ``standard_name``; the CRS becomes
    a ``spatial_ref`` grid-mapping variable with ``crs_wkt``. Missing units raise: guessing
    them would hand a planner a wrong number.
    """
    crs = ds.rio.crs
    if crs is None:
        crs = next((ds[v].rio.crs for v in ds.data_vars if ds[v].rio.crs is not None), None)
    if crs is None:
        raise ValueError("the dataset has no CRS: attach one with ds.rio.write_crs('EPSG:25832')")
    out = ds.copy(deep=False)
    missing = []
    for name in out.data_vars:
        var = out[name]
        attrs = dict(var.attrs)
        if var.dtype == bool:
            attrs.setdefault("flag_values", np.array([0, 1], dtype="int8"))
            attrs.setdefault("flag_meanings", "false true")
        if "standard_name" not in attrs and "long_name" not in attrs:
            attrs["long_name"] = str(name).replace("_", " ")
        if "units" not in attrs and "flag_values" not in attrs and "flag_masks" not in attrs:
            missing.append(str(name))
        if name == "spatial_ref":
            continue
        out[name].attrs = {k: _attr_value(v) for k, v in attrs.items() if k != "grid_mapping"}
    if missing:
        raise ValueError(f"variable(s) without 'units': {', '.join(missing)} (use '1' for fractions and probabilities)")
    out = out.rio.write_crs(crs).rio.write_coordinate_system()
    for name in out.data_vars:
        if {"x", "y"} <= set(out[name].dims):
            out[name] = out[name].rio.write_grid_mapping("spatial_ref")
    attrs = {k: _attr_value(v) for k, v in dict(ds.attrs).items()}
    attrs.update({k: _attr_value(v) for k, v in dict(global_attrs or {}).items()})
    attrs["Conventions"] = CF_CONVENTIONS
    out.attrs = attrs
    return out


def _encoding(ds: xr.Dataset, complevel: int = 4) -> dict[str, dict[str, Any]]:
    """Per-variable encoding: compression, fill values, grid mapping; stale encodings dropped.

    ``to_netcdf(encoding=...)`` replaces a variable's encoding, so everything kept goes here.
    """
    keep = ("dtype", "_FillValue", "scale_factor", "add_offset", "grid_mapping", "units", "calendar", "chunksizes")
    encoding: dict[str, dict[str, Any]] = {}
    for name in ds.data_vars:
        var = ds[name]
        enc: dict[str, Any] = {k: v for k, v in var.encoding.items() if k in keep}
        if "_FillValue" in var.attrs:
            enc["_FillValue"] = var.attrs.pop("_FillValue")
        if var.dtype.kind in "iufb" and var.ndim > 0:
            enc.update(zlib=complevel > 0, complevel=complevel, shuffle=complevel > 0)
        encoding[str(name)] = enc
    for name in ("x", "y"):
        if name in ds.coords:
            encoding[name] = {"_FillValue": None}  # CF: coordinate variables have no missing values
    return encoding


def write_cf_netcdf(path: str | os.PathLike[str], ds: xr.Dataset, global_attrs: Mapping[str, Any] | None = None,
                      *, complevel: int = 4) -> Path:
    """Write a Dataset as compressed CF NetCDF (with CRS and ``global_attrs``), atomically.

    ``complevel`` 1 writes several times faster than 4 for a little more disk (the cache uses it).
    """
    out = cf_dataset(ds, global_attrs)
    encoding = _encoding(out, complevel)
    with atomic_path(path) as tmp:
        if any(out[name].chunks for name in out.data_vars):
            _write_by_strips(out, tmp, encoding)
        else:
            write_netcdf(out, tmp, engine="netcdf4", encoding=encoding)
    return Path(path)


def _write_by_strips(out: xr.Dataset, path: Path, encoding: dict[str, dict[str, Any]]) -> None:
    """Write dask-backed grids one strip of blocks at a time: compute a strip, write it, drop it.

    ``to_netcdf`` of a dask graph let the scheduler compute blocks far ahead of the serialised
    writes: at 10 M cells 240 finished blocks (all of them) waited in memory. Here memory holds
    one strip of blocks (its blocks still computed in parallel); computing the next strip while
    writing this one held two and was no faster at 100 M cells. Values are encoded exactly as
    ``to_netcdf`` encodes them (xarray's CF encoder with the same encoding).
    """
    import netCDF4
    from xarray.backends.locks import HDF5_LOCK

    lazy = [str(name) for name in out.data_vars if out[name].chunks and "y" in out[name].dims]
    with HDF5_IO_LOCK:  # file, metadata, coordinates and the grids already in memory
        out.to_netcdf(path, engine="netcdf4", encoding=encoding, compute=False)

    def write(y0: int, y1: int, strip: xr.Dataset) -> None:
        encoded = {}
        for name in lazy:
            variable = strip[name].variable.copy(deep=False)
            variable.encoding = dict(encoding.get(name, {}))
            encoded[name] = xr.conventions.encode_cf_variable(variable, name=name)
        with HDF5_IO_LOCK, HDF5_LOCK, netCDF4.Dataset(path, "a") as nc:
            nc.set_auto_maskandscale(False)
            for name, variable in encoded.items():
                rows = tuple(slice(y0, y1) if dim == "y" else slice(None) for dim in variable.dims)
                nc.variables[name][rows] = np.asarray(variable.values)

    edges = [int(edge) for edge in np.cumsum((0,) + tuple(out[lazy[0]].chunksizes["y"]))]
    for y0, y1 in zip(edges[:-1], edges[1:]):
        write(y0, y1, out[lazy].isel(y=slice(y0, y1)).compute())
        release_free_memory()  # freed blocks go back to the system, not into the threads' heaps


def append_cf_netcdf(path: str | os.PathLike[str], ds: xr.Dataset, *, complevel: int = 4) -> Path:
    """Add grids to a file :func:`write_cf_netcdf` wrote (same grid and CRS), with the same CF metadata.

    For grids computed in a second pass from the file's own grids (the zone classes). Not atomic:
    only for a file inside a work folder that is committed whole afterwards.
    """
    out = cf_dataset(ds)
    out = out.drop_vars([name for name in ("x", "y", "spatial_ref") if name in out.variables])
    out.attrs = {}  # the file's global attributes stay as they are
    write_netcdf(out, path, mode="a", engine="netcdf4", encoding=_encoding(out, complevel))
    return Path(path)


def netcdf_bytes(ds: xr.Dataset, global_attrs: Mapping[str, Any] | None = None, *, complevel: int = 4) -> bytes:
    """The same CF NetCDF as :func:`write_cf_netcdf`, as bytes (downloads; nothing stays on disk)."""
    out = cf_dataset(ds, global_attrs)
    return to_bytes(out, engine="netcdf4", encoding=_encoding(out, complevel))


__all__ = ["CF_CONVENTIONS", "append_cf_netcdf", "cf_dataset", "netcdf_bytes", "write_cf_netcdf"]
