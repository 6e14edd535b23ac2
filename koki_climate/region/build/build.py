"""``build_region``: a town's raw files, as a build spec names them, become a region folder.

The steps run in the order the layers depend on each other — boundary and grid, DEM,
land use and rivers, wells, groundwater depth, climate, flood labels — each one noting in
the :class:`BuildReport` what it did. The region is written into a hidden work folder,
opened with the ordinary validating loader, and only then moved into place
(:func:`koki_climate.io.outputs.output_folder`): a build that fails or is interrupted
leaves no half region.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
from rasterio.features import rasterize

from koki_climate.errors import InputError, KokiError
from koki_climate.io import tables
from koki_climate.io.outputs import check_output_folder, output_folder
from koki_climate.region.build import climate as climate_mod
from koki_climate.region.build import labels as labels_mod
from koki_climate.region.build.dem import mosaic_dem
from koki_climate.region.build.groundwater import depth_grid
from koki_climate.region.build.landuse import build_landuse, read_rivers
from koki_climate.region.build.report import BuildReport
from koki_climate.region.build.spec import BuildSpec, read_spec
from koki_climate.region.build.target import MAX_BUILD_CELLS, TargetGrid
from koki_climate.region.build.writer import LANDUSE_NODATA, BuiltLayers, write_region
from koki_climate.region.rasters import max_cells

OUTPUT_KIND = "region"
Progress = Callable[[float, str], None]


@dataclass
class BuildResult:
    """What ``region build`` made: where, on which grid, and the report of how."""

    folder: Path
    target: TargetGrid
    report: BuildReport
    files: list[str]
    timing_s: dict[str, float]

    def summary(self) -> dict:
        return {"folder": str(self.folder), "files": self.files,
                "grid": {"crs": self.target.crs.to_string(), "resolution_m": self.target.resolution,
                         "shape": list(self.target.shape), "cells": self.target.cells,
                         "bounds": list(self.target.bounds)},
                "timing_s": {k: round(v, 2) for k, v in self.timing_s.items()},
                "report": self.report.to_dict()}


def build_region(spec_path: str | Path, out: str | Path, *, force: bool = False,
                 progress: Progress | None = None) -> BuildResult:
    """Build the region a spec describes into ``out`` (new, empty, or an earlier build)."""
    report_progress = progress or (lambda fraction, message: None)
    spec = read_spec(spec_path)
    out = check_output_folder(out, OUTPUT_KIND, force=force)  # refuse before the long work
    report = BuildReport()
    timing: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str, fraction: float) -> None:
        nonlocal clock
        now = time.perf_counter()
        timing[name] = now - clock
        clock = now
        report_progress(fraction, name)

    report_progress(0.0, "boundary and grid")
    boundary, target = region_grid(spec, report)
    inside = rasterize(((geom, 1) for geom in boundary.geometry), out_shape=target.shape,
                       transform=target.transform, fill=0, dtype="uint8").astype(bool)
    step("boundary and grid", 0.05)
    elevation = mosaic_dem(list(spec.dem), target, dem_crs=spec.dem_crs, inside=inside, report=report,
                           progress=lambda f, m: report_progress(0.05 + 0.4 * f, f"DEM: {m}"))
    step("DEM", 0.45)
    land = build_landuse(spec.landuse, column=spec.landuse_column, target=target, report=report,
                         layer=spec.landuse_layer, mapping=spec.landuse_mapping, planned=spec.planned,
                         planned_layer=spec.planned_layer, impervious=spec.impervious)
    rivers = read_rivers(spec.rivers, layer=spec.rivers_layer, target=target, report=report)
    valid = np.isfinite(elevation)
    landuse = np.where(valid, land.landuse, LANDUSE_NODATA).astype("uint8")
    impervious = np.where(valid, land.impervious, np.nan).astype("float32")
    step("land use", 0.55)
    wells, heads, weather = read_wells_and_weather(spec, target, report)
    step("wells and weather", 0.6)
    depth = depth_grid(spec, target, elevation, inside, wells, heads, report)
    step("groundwater depth", 0.7)
    heavy_rain = climate_mod.read_heavy_rain_table(spec.heavy_rain, target, report,
                                                   extreme_return_period=spec.extreme_return_period)
    changes = climate_mod.read_change_signals(spec.changes, report)
    baseline = climate_mod.baseline_from_weather(weather, report, name=str(spec.weather))
    climate = climate_mod.climate_dataset(heavy_rain, changes, baseline, target, report)
    step("climate", 0.8)
    events = flood_labels(spec, target, heavy_rain, report, valid=np.isfinite(elevation))
    step("flood labels", 0.85)

    layers = BuiltLayers(
        name=spec.name, description=spec.description, synthetic=spec.synthetic, target=target,
        elevation=elevation, landuse=landuse, impervious=impervious, groundwater_depth=depth,
        boundary=boundary, parcels=land.parcels, river=None if rivers is None else rivers.river,
        rivers=None if rivers is None else rivers.rivers, flood_events=events, climate=climate,
        climate_variables=dict(climate_mod.CLIMATE_VARIABLES), wells=wells, heads=heads, weather=weather,
        sources=sources_of(spec))
    with output_folder(out, OUTPUT_KIND, force=force, last=("region.toml",)) as work:
        files = write_region(layers, work, {"spec": str(spec.path), "grid": _grid_summary(target),
                                            **report.to_dict()})
        step("write", 0.95)
        check_written(work, report)
        step("check", 1.0)
    return BuildResult(out, target, report, files, timing)


# --- boundary and grid -------------------------------------------------------------------------

def region_grid(spec: BuildSpec, report: BuildReport) -> tuple[gpd.GeoDataFrame, TargetGrid]:
    """The boundary (one polygon, region CRS) and the grid covering its bounds at the spec's resolution."""
    path = spec.boundary
    try:
        frame = gpd.read_file(path, layer=spec.boundary_layer, engine="pyogrio")
    except Exception as exc:  # pyogrio raises its own types for unreadable files and unknown layers
        raise InputError(f"{path}: cannot be read as a polygon file ({str(exc).splitlines()[0][:200]})") from None
    if frame.crs is None:
        raise InputError(f"{path}: the boundary has no CRS (a shapefile needs its .prj)")
    polygons = frame[frame.geometry.notna() & frame.geometry.geom_type.isin(["Polygon", "MultiPolygon"])]
    if polygons.empty:
        raise InputError(f"{path}: no polygon in the boundary file")
    source_crs = pyproj.CRS.from_user_input(frame.crs)
    if not source_crs.equals(spec.crs):
        polygons = polygons.to_crs(spec.crs)
        report.add("reprojected", f"boundary from {source_crs.to_string()} to {spec.crs.to_string()}", path)
    union = polygons.geometry.make_valid().union_all()
    boundary = gpd.GeoDataFrame(geometry=[union], crs=spec.crs)
    target = TargetGrid.from_bounds(spec.crs, union.bounds, spec.resolution_m)
    limit = min(MAX_BUILD_CELLS, max_cells())
    if target.cells > limit:
        raise InputError(f"{spec.path}: the region would have {target.cells:,} cells at {spec.resolution_m:g} m, "
                         f"more than the limit of {limit:,}; choose a coarser resolution_m")
    report.add("read", f"boundary: {union.area / 1e6:,.2f} km²; grid {target.width} x {target.height} cells of "
                       f"{target.resolution:g} m ({target.cells:,} cells) in {spec.crs.to_string()}", path)
    return boundary, target


def _grid_summary(target: TargetGrid) -> dict:
    return {"crs": target.crs.to_string(), "resolution_m": target.resolution, "shape": list(target.shape),
            "bounds": list(target.bounds)}


# --- wells -------------------------------------------------------------------------------------

def read_wells_and_weather(spec: BuildSpec, target: TargetGrid, report: BuildReport
                           ) -> tuple[pd.DataFrame | None, dict[str, pd.Series], pd.DataFrame]:
    """Wells (region CRS, inside the grid), their daily heads, and the daily weather."""
    notes: list[str] = []
    weather = tables.read_weather(spec.weather, notes=notes)
    _note(report, notes, spec.weather)
    report.add("read", f"daily weather {weather.index[0]:%Y-%m-%d} to {weather.index[-1]:%Y-%m-%d} "
                       f"({', '.join(weather.columns)})", spec.weather)
    if spec.wells is None:
        return None, {}, weather
    notes = []
    wells = tables.read_wells(spec.wells, crs=spec.wells_crs, notes=notes)
    _note(report, notes, spec.wells)
    crs = spec.wells_crs or wells.attrs.get("crs")
    if crs and not pyproj.CRS.from_user_input(crs).equals(target.crs):
        moved = gpd.GeoSeries(gpd.points_from_xy(wells["x"], wells["y"]), crs=crs).to_crs(target.crs)
        wells = wells.assign(x=moved.x.to_numpy(), y=moved.y.to_numpy())
        report.add("reprojected", f"{len(wells)} well location(s) from {crs} to {target.crs.to_string()}", spec.wells)
    west, south, east, north = target.bounds
    outside = ~wells["x"].between(west, east) | ~wells["y"].between(south, north)
    if outside.any():
        report.add("dropped", f"{int(outside.sum())} well(s) outside the region grid: "
                              f"{', '.join(map(str, wells.loc[outside, 'well_id'][:10]))}", spec.wells)
        wells = wells[~outside]
    heads = read_heads_files(spec, wells, report)
    wells = wells[wells["well_id"].isin(heads)].reset_index(drop=True)
    report.add("read", f"{len(wells)} well(s) with heads", spec.wells)
    return (wells if len(wells) else None), heads, weather


def read_heads_files(spec: BuildSpec, wells: pd.DataFrame, report: BuildReport) -> dict[str, pd.Series]:
    """Each heads file's daily series, matched to its well by the file's ``Messstelle`` line or its name."""
    ground = dict(zip(wells["well_id"].astype(str), wells["ground_elevation_m"]))
    heads: dict[str, pd.Series] = {}
    seen: set[str] = set()  # conversions already reported (numbers aside): the same export, file after file
    unmatched: list[str] = []
    for path in spec.heads:
        table = tables.read_table(path, kind="heads")
        well_id = (table.meta_text("well_id") or path.stem).strip()
        if well_id not in ground:
            unmatched.append(well_id)
            continue
        if well_id in heads:
            raise InputError(f"{path}: a second heads file for well '{well_id}'")
        elevation = ground[well_id]
        notes: list[str] = []
        heads[well_id] = tables.read_heads(path, ground_elevation_m=None if pd.isna(elevation) else float(elevation),
                                           name=f"well {well_id}", notes=notes)
        new = [note for note in notes if _shape(note) not in seen]
        seen.update(_shape(note) for note in new)
        _note(report, new, path)
    if len(spec.heads) > 1:
        report.add("note", f"conversions are listed for the first heads file that needed them; the other "
                           f"{len(spec.heads) - 1} file(s) were read the same way", spec.heads[0].parent)
    if unmatched:
        report.add("dropped", f"heads files of {len(unmatched)} well(s) that are not in the wells table or lie "
                              f"outside the region: {', '.join(unmatched[:10])}{' …' if len(unmatched) > 10 else ''}",
                   spec.heads[0].parent)
    missing = sorted(set(ground) - set(heads))
    if missing:
        report.add("dropped", f"{len(missing)} well(s) without a heads file: {', '.join(missing[:10])}", spec.wells)
    if not heads and spec.heads:
        raise InputError(f"{spec.wells}: none of the {len(spec.heads)} heads file(s) belongs to a well of this table")
    return heads


def _shape(note: str) -> str:
    """A note without its numbers and quoted names: equal for the same conversion in another file."""
    return re.sub(r"'[^']*'|[\d.,]+", "#", note)


def _note(report: BuildReport, notes: list[str], path: Path) -> None:
    for note in dict.fromkeys(notes):  # once each
        report.add("converted", note, path)


# --- labels ------------------------------------------------------------------------------------

def flood_labels(spec: BuildSpec, target: TargetGrid, heavy_rain, report: BuildReport,
                 valid: np.ndarray | None = None):
    """The flood_events layer from the spec's hazard areas and mapped floods (None without any)."""
    from koki_climate.region.build.landuse import read_polygons

    if not spec.flood_areas:
        report.add("note", "no [[flood_areas]]: the region can be viewed, but the flood model needs labels to train")
        return None
    areas = []
    for area in spec.flood_areas:
        polygons = read_polygons(area.file, layer=area.layer, target=target, what=f"flood area {area.label}",
                                 report=report)
        areas.append(labels_mod.FloodArea(polygons, str(area.file), return_period=area.return_period,
                                          date=area.date, precip_mm=area.precip_mm))
    return labels_mod.flood_events(areas, target, report, heavy_rain=heavy_rain, valid=valid)


def sources_of(spec: BuildSpec) -> dict[str, str]:
    """Where each layer came from (written into the NetCDF attributes)."""
    sources = {"elevation": ", ".join(p.name for p in spec.dem[:5]) + (" …" if len(spec.dem) > 5 else ""),
               "landuse": spec.landuse.name, "impervious": (spec.impervious or spec.landuse).name}
    if spec.rivers:
        sources["river"] = spec.rivers.name
    sources["groundwater_depth"] = spec.groundwater_depth.name if spec.groundwater_depth else \
        f"interpolated from the wells in {spec.wells.name}" if spec.wells else ""
    return sources


# --- the result must open ------------------------------------------------------------------------

def check_written(folder: Path, report: BuildReport) -> None:
    """Open the written region with the ordinary loader: a build never commits a region `check` would refuse."""
    from koki_climate.region import open_region

    try:
        region = open_region(folder)
    except KokiError as exc:
        raise InputError(f"the built region does not pass the region check: {exc}") from None
    for warning in region.warnings:
        report.add("note", warning)
    region.close()


__all__ = ["BuildResult", "OUTPUT_KIND", "build_region"]
