"""Write a built region in the documented format (docs/region-format.md) into a work folder.

The folder is then validated with the ordinary region loader and committed whole by the
caller (:func:`koki_climate.io.outputs.output_folder`), so a region that would not open is
never written where a user looks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import xarray as xr

from koki_climate.export.netcdf import write_cf_netcdf
from koki_climate.io.serialize import write_csv, write_json
from koki_climate.region.build.target import TargetGrid
from koki_climate.region.sample.writer import toml_string

LANDUSE_CLASSES = ("settlement", "industry", "agriculture", "grassland", "forest", "water", "planned_development")
#: land-use cell value for "no polygon here" (outside the boundary, or a hole in the land-use data)
LANDUSE_NODATA = 0


@dataclass
class BuiltLayers:
    """Everything a build produced, on one :class:`TargetGrid`, ready to be written."""

    name: str
    description: str
    synthetic: bool
    target: TargetGrid
    elevation: np.ndarray  # float32 m, NaN = no data
    landuse: np.ndarray  # uint8 classes 1..7, 0 = no data
    impervious: np.ndarray  # float32 0..1
    groundwater_depth: np.ndarray  # float32 m below ground
    boundary: gpd.GeoDataFrame
    parcels: gpd.GeoDataFrame
    river: np.ndarray | None = None  # uint8 0/1
    rivers: gpd.GeoDataFrame | None = None
    flood_events: xr.DataArray | None = None  # (event, y, x) uint8 with event_date, event_precip_mm
    climate: xr.Dataset | None = None
    climate_variables: dict[str, str] = field(default_factory=dict)  # role -> variable name
    wells: pd.DataFrame | None = None  # well_id, x, y, ground_elevation_m (region CRS)
    heads: dict[str, pd.Series] = field(default_factory=dict)  # well_id -> daily head (m a.s.l.)
    weather: pd.DataFrame | None = None  # date index; precipitation_mm, pet_mm and/or temperature_c
    sources: dict[str, str] = field(default_factory=dict)  # layer -> where it came from


def write_region(layers: BuiltLayers, folder: Path, report: dict) -> list[str]:
    """Write every file of the region and its manifest into ``folder``; returns the file names."""
    target = layers.target
    attrs = {"title": f"{layers.name}: region layers", "Conventions": "CF-1.8",
             "source": "python -m koki_climate region build", "synthetic": "true" if layers.synthetic else "false"}
    terrain = xr.Dataset({
        "elevation": target.data_array(layers.elevation.astype("float32"), "elevation",
                                       {"units": "m", "standard_name": "surface_altitude",
                                        "long_name": "ground elevation above sea level", **_source(layers, "elevation")}),
        "landuse": target.data_array(layers.landuse.astype("uint8"), "landuse",
                                     {"units": "1", "long_name": "land use class", "_FillValue": LANDUSE_NODATA,
                                      "flag_values": np.arange(1, 8, dtype="uint8"),
                                      "flag_meanings": " ".join(LANDUSE_CLASSES), **_source(layers, "landuse")}),
        "impervious": target.data_array(layers.impervious.astype("float32"), "impervious",
                                        {"units": "1", "long_name": "impervious (sealed) surface fraction",
                                         **_source(layers, "impervious")}),
    })
    if layers.river is not None:
        terrain["river"] = target.data_array(layers.river.astype("uint8"), "river",
                                             {"units": "1", "long_name": "river or stream cell",
                                              "flag_values": np.array([0, 1], "uint8"),
                                              "flag_meanings": "no_river river", **_source(layers, "river")})
    files = ["terrain.nc", "groundwater.nc"]
    write_cf_netcdf(folder / "terrain.nc", terrain, attrs)
    groundwater = xr.Dataset({"groundwater_depth": target.data_array(
        layers.groundwater_depth.astype("float32"), "groundwater_depth",
        {"units": "m", "long_name": "mean depth to groundwater below ground", "positive": "down",
         **_source(layers, "groundwater_depth")})})
    write_cf_netcdf(folder / "groundwater.nc", groundwater, attrs)
    if layers.flood_events is not None:
        events = layers.flood_events
        floods = xr.Dataset({"inundated": events.assign_attrs(
            units="1", long_name="flooded area (hazard map or mapped event)",
            flag_values=np.array([0, 1], "uint8"), flag_meanings="dry inundated")})
        floods = floods.rio.write_crs(target.crs.to_wkt())
        write_cf_netcdf(folder / "floods.nc", floods, attrs)
        files.append("floods.nc")
    if layers.climate is not None:
        write_cf_netcdf(folder / "climate.nc", layers.climate, attrs)
        files.append("climate.nc")
    files += _write_vectors(layers, folder)
    if layers.wells is not None:
        files += _write_wells(layers, folder)
    write_json(folder / "build_report.json", report)
    (folder / "region.toml").write_text(manifest_text(layers), encoding="utf-8")
    return files + ["build_report.json", "region.toml"]


def _source(layers: BuiltLayers, name: str) -> dict[str, str]:
    return {"source": layers.sources[name]} if name in layers.sources else {}


def _write_vectors(layers: BuiltLayers, folder: Path) -> list[str]:
    path = folder / "vectors.gpkg"
    layers.boundary[["geometry"]].to_file(path, layer="boundary", driver="GPKG", engine="pyogrio")
    layers.parcels[["parcel_id", "current_use", "planned_use", "geometry"]].to_file(
        path, layer="parcels", driver="GPKG", engine="pyogrio")
    if layers.rivers is not None and len(layers.rivers):
        rivers = layers.rivers if "name" in layers.rivers else layers.rivers.assign(name="")
        rivers[["name", "geometry"]].to_file(path, layer="rivers", driver="GPKG", engine="pyogrio")
    return ["vectors.gpkg"]


def _write_wells(layers: BuiltLayers, folder: Path) -> list[str]:
    wells_dir = folder / "wells"
    (wells_dir / "heads").mkdir(parents=True)
    write_csv(wells_dir / "wells.csv", layers.wells[["well_id", "x", "y", "ground_elevation_m"]])
    for index, (well_id, heads) in enumerate(layers.heads.items()):
        frame = pd.DataFrame({"date": heads.index.strftime("%Y-%m-%d"), "head_m": heads.to_numpy()})
        write_csv(wells_dir / "heads" / f"{well_file_stem(well_id, index)}.csv", frame, float_format="%.3f")
    weather = layers.weather.reset_index()
    weather["date"] = pd.to_datetime(weather["date"]).dt.strftime("%Y-%m-%d")
    write_csv(wells_dir / "weather.csv", weather, float_format="%.3f")
    return ["wells/"]


def well_file_stem(well_id: str, index: int) -> str:
    """The heads file name of a well: its id where that is a safe file name, else a numbered one."""
    safe = all(c.isalnum() or c in "-_." for c in well_id) and not well_id.startswith(".")
    return well_id if safe and well_id else f"well_{index:04d}"


def manifest_text(layers: BuiltLayers) -> str:
    """The region.toml of the built region (docs/region-format.md)."""
    lines = ["format_version = 1", "", "[region]", f"name = {toml_string(layers.name)}",
             f"crs = {toml_string(_crs_text(layers.target))}",
             f"synthetic = {'true' if layers.synthetic else 'false'}",
             f"description = {toml_string(layers.description or 'Built with python -m koki_climate region build')}",
             ""]

    def layer(role: str, file: str, variable: str, units: str | None = None) -> None:
        lines.extend([f"[layers.{role}]", f'file = "{file}"', f'variable = "{variable}"'])
        if units:
            lines.append(f'units = "{units}"')
        lines.append("")

    layer("elevation", "terrain.nc", "elevation", "m")
    layer("landuse", "terrain.nc", "landuse")
    layer("impervious", "terrain.nc", "impervious", "1")
    if layers.river is not None:
        layer("river", "terrain.nc", "river")
    layer("groundwater_depth", "groundwater.nc", "groundwater_depth", "m")
    if layers.flood_events is not None:
        layer("flood_events", "floods.nc", "inundated")
    if layers.climate is not None:
        lines += ["[climate]", 'file = "climate.nc"', "[climate.variables]"]
        lines += [f'{role} = "{name}"' for role, name in layers.climate_variables.items()] + [""]
    if layers.wells is not None:
        lines += ["[wells]", 'locations = "wells/wells.csv"', 'heads_dir = "wells/heads"',
                  'weather = "wells/weather.csv"', ""]
    lines += ["[vectors]", 'file = "vectors.gpkg"', 'parcels = "parcels"', 'boundary = "boundary"']
    if layers.rivers is not None and len(layers.rivers):
        lines.append('rivers = "rivers"')
    return "\n".join(lines) + "\n"


def _crs_text(target: TargetGrid) -> str:
    epsg = target.crs.to_epsg()
    return f"EPSG:{epsg}" if epsg else target.crs.to_wkt()


__all__ = ["BuiltLayers", "LANDUSE_NODATA", "manifest_text", "well_file_stem", "write_region"]
