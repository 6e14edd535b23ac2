"""Deterministic CF-1.8 NetCDF writing for the sample region (zlib, no timestamps)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import rioxarray  # noqa: F401  (registers the .rio accessor)
import xarray as xr

from koki_climate.io.netcdf import write_netcdf as write_locked
from koki_climate.region.sample.grid import CRS

INSTITUTION = "KoKI Klima sample generator"


def global_attrs(title: str, seed: int, cells: int, source: str, **extra: str) -> dict[str, str | int]:
    """Attributes every sample file carries: synthetic, title, source, seed."""
    return {"title": title, "institution": INSTITUTION, "source": source, "Conventions": "CF-1.8",
            "synthetic": "true", "seed": int(seed), "cells": int(cells),
            "comment": "Synthetic data for demonstration and tests; not a real place.", **extra}


def grid_dataset(x: np.ndarray, y: np.ndarray, variables: dict[str, tuple[tuple[str, ...], np.ndarray, dict]],
                 attrs: dict, coords: dict | None = None) -> xr.Dataset:
    """A Dataset on projected cell centres with CF axis attributes and the EPSG:25832 grid mapping."""
    ds = xr.Dataset(
        {name: (dims, data, dict(var_attrs)) for name, (dims, data, var_attrs) in variables.items()},
        coords={"x": ("x", np.asarray(x, dtype=np.float64)), "y": ("y", np.asarray(y, dtype=np.float64)),
                **(coords or {})},
        attrs=attrs,
    )
    ds = ds.rio.write_crs(CRS).rio.write_transform()
    for axis, name in (("X", "x"), ("Y", "y")):
        ds[name].attrs = {"standard_name": f"projection_{name}_coordinate",
                          "long_name": f"{name} coordinate of projection (cell centre)",
                          "units": "m", "axis": axis}
    ds["spatial_ref"].attrs["long_name"] = "CRS definition"
    for name in variables:  # as an attribute: explicit to_netcdf encodings would drop it
        ds[name].encoding.pop("grid_mapping", None)
        ds[name].attrs["grid_mapping"] = "spatial_ref"
    return ds


def write_netcdf(ds: xr.Dataset, path: Path) -> None:
    """Write with zlib compression and byte-stable settings."""
    encoding = {}
    for name, var in ds.data_vars.items():
        enc = {"zlib": True, "complevel": 4, "shuffle": True}
        if var.ndim >= 2:
            enc["chunksizes"] = tuple(min(n, 1 if d in ("event", "scenario") else 512)
                                      for d, n in zip(var.dims, var.shape))
        if np.issubdtype(var.dtype, np.floating) or np.issubdtype(var.dtype, np.integer):
            enc["_FillValue"] = None
        encoding[name] = enc
    for name in ds.coords:
        if ds[name].dtype.kind in "fiu":
            encoding[name] = {"_FillValue": None}
    write_locked(ds, path, engine="netcdf4", format="NETCDF4", encoding=encoding)


def toml_string(value: str) -> str:
    """A TOML basic string (manifest values are plain ASCII/UTF-8 text)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
