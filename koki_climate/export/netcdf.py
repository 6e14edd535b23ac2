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
from koki_climate.io.netcdf import netcdf_bytes as to_bytes
from koki_climate.io.netcdf import write_netcdf
from koki_climate.io.serialize import to_jsonable

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
    keep = ("dtype", "_FillValue", "scale_factor", "add_offset", "grid_mapping", "units", "calendar")
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
        write_netcdf(out, tmp, engine="netcdf4", encoding=encoding)
    return Path(path)


def netcdf_bytes(ds: xr.Dataset, global_attrs: Mapping[str, Any] | None = None, *, complevel: int = 4) -> bytes:
    """The same CF NetCDF as :func:`write_cf_netcdf`, as bytes (downloads; nothing stays on disk)."""
    out = cf_dataset(ds, global_attrs)
    return to_bytes(out, engine="netcdf4", encoding=_encoding(out, complevel))


__all__ = ["CF_CONVENTIONS", "cf_dataset", "netcdf_bytes", "write_cf_netcdf"]
