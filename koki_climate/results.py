"""The Result of one scenario and its on-disk form (the cache and the CLI's ``--out``).

A result folder holds ``risk.nc`` (CF grids), ``zones.gpkg`` (layers ``zones`` and
``parcels``), ``parcels.csv`` and ``summary.json``. The files are written into a work
folder that is then committed whole: as a cache entry (:class:`koki_climate.io.entries.EntryStore`)
or into a user's output folder (:func:`koki_climate.io.outputs.output_folder`), so a reader
never sees half a result.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import xarray as xr

from koki_climate.errors import KokiError
from koki_climate.export.geopackage import write_zones_gpkg
from koki_climate.export.netcdf import append_cf_netcdf, write_cf_netcdf
from koki_climate.io.netcdf import open_grids
from koki_climate.io.serialize import write_csv, write_json
from koki_climate.scenario import Scenario

RISK_FILE, ZONES_FILE, SUMMARY_FILE, PARCELS_FILE = "risk.nc", "zones.gpkg", "summary.json", "parcels.csv"

#: CF metadata of the result grids: variable prefix -> (units, long_name)
RISK_ATTRS: dict[str, tuple[str, str]] = {
    "p_spread": ("1", "spread (standard deviation) of flood probability across the fold models; not an interval"),
    "p": ("1", "probability of inundation"),
    "applicable": ("1", "area of applicability (Meyer & Pebesma 2021): 1 predicted, inside; 0 predicted, outside; "
                        "2 not predicted (physically screened, p = 0); 255 no data"),
    "zone": ("1", "zone class: 0 keine, 1 grundwasser, 2 auflagen, 3 freihalten, 255 no data"),
    "groundwater_depth_high": ("m", "depth below ground of high groundwater under the scenario"),
    "groundwater_depth": ("m", "mean depth to groundwater below ground under the scenario"),
    "impervious": ("1", "impervious (sealed) fraction under the scenario"),
    "retention": ("1", "1 = designated retention area"),
    "dissimilarity": ("1", "dissimilarity index of the cell's features to the training data (AOA); NaN where not "
                           "predicted (physically screened, p = 0)"),
}


@dataclass
class Result:
    """Everything one scenario evaluation produced."""

    scenario: Scenario
    risk: xr.Dataset
    zones: gpd.GeoDataFrame
    parcels: pd.DataFrame | None
    summary: dict

    def parcels_frame(self, parcels: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """Parcel geometries joined with their zone shares, conflicts and reasons."""
        if self.parcels is None:
            return parcels
        columns = [c for c in self.parcels.columns if c not in parcels.columns or c == "parcel_id"]
        return parcels.merge(self.parcels[columns], on="parcel_id", how="left")


def annotate(risk: xr.Dataset) -> xr.Dataset:
    """Attach CF units and long names to every result grid."""
    risk = risk.copy()
    for name in risk.data_vars:
        for prefix, (units, long_name) in RISK_ATTRS.items():
            if name == prefix or name.startswith(prefix + "_"):
                suffix = name[len(prefix) + 1:]
                risk[name].attrs.update(units=units, long_name=long_name + (f", design event {suffix}" if suffix else ""))
                break
    return risk


def result_attrs(result: Result) -> dict:
    """Global NetCDF attributes of a result: what it is, from which data, model and scenario."""
    return grid_attrs(result.scenario, result.summary["provenance"]["data_checksum"],
                      result.summary["provenance"]["model_key"])


def grid_attrs(scenario: Scenario, data_checksum: str, model_key: str) -> dict:
    """Global NetCDF attributes of result grids (known before the summary: grids stream first)."""
    return {"title": "KoKI Klima flood-risk result", "scenario_hash": scenario.hash,
            "scenario": scenario.canonical_json(), "data_checksum": data_checksum, "model_key": model_key,
            "advisory": "Flood areas are designated by the water authority (§ 76 WHG)"}


def write_risk_grids(path: Path, risk: xr.Dataset, attrs: dict, *, complevel: int = 4) -> Path:
    """Write result grids as CF NetCDF; dask-backed grids are computed and written block by block.

    Each block is written as soon as it is computed (``to_netcdf`` stores dask arrays chunk by
    chunk), so memory follows the blocks in flight, not the grid.
    """
    risk = annotate(risk)
    for name, grid in risk.data_vars.items():
        if grid.chunks:  # the file's chunks are the blocks: each block is written whole, once
            risk[name].encoding["chunksizes"] = tuple(int(sizes[0]) for sizes in grid.chunks)
    return write_cf_netcdf(path, risk, global_attrs=attrs, complevel=complevel)


def append_risk_grids(path: Path, grids: xr.Dataset, *, complevel: int = 4) -> Path:
    """Add grids computed from a written result file (a second pass) to that file."""
    return append_cf_netcdf(path, annotate(grids), complevel=complevel)


def open_risk_grids(path: Path) -> xr.Dataset:
    """Result grids from a NetCDF file: in memory, or lazily when large (see :func:`open_grids`).

    Not masked: the zone classes keep their own no-data class 255 as uint8 (xarray's default
    decoding turned them into floats with NaN, which the summary's class counts cannot take);
    float grids store NaN themselves, so they read the same either way.
    """
    return open_grids(path, decode_coords="all", mask_and_scale=False)


def is_lazy(data: xr.Dataset | xr.DataArray) -> bool:
    """Whether ``data`` holds dask-backed (not yet read) grids."""
    variables = data.variables.values() if isinstance(data, xr.Dataset) else [data.variable]
    return any(variable.chunks for variable in variables)


def write_result_files(result: Result, folder: Path, parcels_geometry: gpd.GeoDataFrame | None = None,
                       *, complevel: int = 4, grids_written: bool = False) -> list[Path]:
    """Write a result's files into ``folder`` (a fresh work folder of a cache entry or an output).

    ``grids_written``: the engine already streamed ``risk.nc`` into ``folder`` block by block.
    """
    folder = Path(folder)
    written = [folder / RISK_FILE if grids_written else
               write_risk_grids(folder / RISK_FILE, result.risk, result_attrs(result), complevel=complevel),
               write_zones_gpkg(folder / ZONES_FILE, result.zones, parcels_geometry, result.parcels)]
    if result.parcels is not None:
        written.append(write_csv(folder / PARCELS_FILE, result.parcels))
    written.append(write_json(folder / SUMMARY_FILE, result.summary))
    return written


#: what a damaged or foreign result folder raises while being read: treated as "not there"
UNREADABLE = (OSError, ValueError, KeyError, TypeError, RuntimeError, KokiError)


def load_result(folder: Path) -> Result | None:
    """Read a result folder back; None when it is incomplete or unreadable (the caller recomputes)."""
    folder = Path(folder)
    if not all((folder / name).exists() for name in (RISK_FILE, ZONES_FILE, SUMMARY_FILE)):
        return None
    try:
        summary = json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8"))
        risk = open_risk_grids(folder / RISK_FILE)
        zones = gpd.read_file(folder / ZONES_FILE, layer="zones", engine="pyogrio")
        parcels_csv = folder / PARCELS_FILE
        parcels = pd.read_csv(parcels_csv, dtype={"parcel_id": str}) if parcels_csv.exists() else None
        if parcels is not None and "reasons" in parcels:
            parcels["reasons"] = parcels["reasons"].fillna("")
        return Result(Scenario.from_dict(summary["scenario"]), risk, zones, parcels, summary)
    except UNREADABLE:
        return None
