"""Assemble the sample region: run each generator step and write its files in order."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import ndimage

from koki_climate.region.sample import climate as clim
from koki_climate.region.sample.floods import build_floods
from koki_climate.region.sample.grid import EXTENT, X0, Y_TOP, Grid
from koki_climate.region.sample.groundwater import build_wells, groundwater_depth
from koki_climate.region.sample.landuse import CLASSES, build_landuse
from koki_climate.region.sample.manifest import README, REGION_TOML
from koki_climate.region.sample.terrain import build_terrain
from koki_climate.region.sample.vectors import boundary, parcels, rivers, write_vectors
from koki_climate.region.sample.weather import generate_weather
from koki_climate.region.sample.writer import global_attrs, grid_dataset, write_netcdf

SOURCE = "python -m koki_climate sample --seed {seed} --cells {cells}"
#: Above this many cells per side the landscape, its hydrology and its floods are simulated at
#: this size and refined to the requested grid (bilinear for quantities, nearest for classes and
#: flood extents): the simulation holds dozens of whole-grid arrays (2.8 GB at 3,162 cells per
#: side), which at 10,000 per side would exceed the machine. Finer grids then carry the same
#: landscape with more cells: what the scale benchmarks need.
SIMULATION_MAX_CELLS = 3200


def refine(values: np.ndarray, cells: int, *, categorical: bool = False) -> np.ndarray:
    """``values`` (…, n, n) on ``cells`` x ``cells`` cells over the same extent (cell-centred)."""
    n = values.shape[-1]
    if n == cells:
        return values
    out = np.empty(values.shape[:-2] + (cells, cells), dtype=values.dtype)
    for index in np.ndindex(values.shape[:-2]):
        zoomed = ndimage.zoom(values[index], cells / n, order=0 if categorical else 1, grid_mode=True,
                              mode="nearest")
        out[index] = zoomed[:cells, :cells]
    return out


def write_region_files(folder: Path, seed: int, cells: int, progress: Callable[[str], None]) -> None:
    """Generate every layer and write it into ``folder``; ``region.toml`` comes last."""
    grid = Grid(min(cells, SIMULATION_MAX_CELLS))  # where the landscape is simulated
    out = Grid(cells)  # what the files hold
    source = SOURCE.format(seed=seed, cells=cells)

    def attrs(title: str, **extra: str) -> dict:
        return global_attrs(title, seed, cells, source, **extra)

    progress(f"terrain ({cells} x {cells} cells, {out.cell:g} m"
             + (f"; simulated at {grid.n} x {grid.n})" if grid.n != cells else ")"))
    terrain = build_terrain(grid, seed)
    land = build_landuse(terrain, seed)
    elevation = np.where(land.lakes, terrain.elevation - 1.0, terrain.elevation).astype(np.float32)
    yx = ("y", "x")
    write_netcdf(grid_dataset(out.x, out.y, {
        "elevation": (yx, refine(elevation, cells), {"units": "m", "standard_name": "surface_altitude",
                                      "long_name": "ground elevation above sea level"}),
        "landuse": (yx, refine(land.landuse, cells, categorical=True), {"units": "1", "long_name": "land use class",
                                       "flag_values": np.arange(1, 8, dtype=np.uint8),
                                       "flag_meanings": " ".join(CLASSES)}),
        "impervious": (yx, refine(land.impervious, cells, categorical=True), {"units": "1", "long_name": "impervious (sealed) surface fraction",
                                             "valid_min": np.float32(0), "valid_max": np.float32(1)}),
        "river": (yx, refine(terrain.river.astype(np.uint8), cells, categorical=True), {"units": "1", "long_name": "river or stream cell",
                                                       "flag_values": np.array([0, 1], dtype=np.uint8),
                                                       "flag_meanings": "no_river river"}),
    }, attrs("Musterstadt terrain and land use (synthetic)")), folder / "terrain.nc")

    progress("groundwater depth")
    depth = groundwater_depth(terrain, land.lakes, seed)
    write_netcdf(grid_dataset(out.x, out.y, {
        "groundwater_depth": (yx, refine(depth, cells), {"units": "m", "long_name": "mean depth to groundwater below ground",
                                          "positive": "down"}),
    }, attrs("Musterstadt mean groundwater depth (synthetic)")), folder / "groundwater.nc")

    progress("flood events")
    floods = build_floods(terrain, land.impervious, depth, seed)
    write_netcdf(grid_dataset(out.x, out.y, {
        "inundated": (("event", "y", "x"), refine(floods.inundated, cells, categorical=True), {
            "units": "1", "long_name": "observed inundation extent",
            "flag_values": np.array([0, 1], dtype=np.uint8), "flag_meanings": "dry inundated"}),
    }, attrs("Musterstadt historical flood extents (synthetic)"), coords={
        "event": ("event", floods.event, {"long_name": "event number", "units": "1"}),
        "event_date": ("event", np.array(floods.dates, dtype=object), {"long_name": "date of the event"}),
        "event_precip_mm": ("event", floods.precip_mm, {
            "units": "mm", "standard_name": "lwe_thickness_of_precipitation_amount",
            "long_name": "areal 1-day precipitation of the event"}),
    }), folder / "floods.nc")

    progress("climate scenarios")
    smooth = ndimage.gaussian_filter(terrain.elevation, sigma=max(500.0 / grid.cell, 0.5))
    climate = clim.build_climate(seed, lambda lx, ly: smooth[grid.index_of(lx, ly)])
    east, north = clim.climate_coords()
    keys = clim.scenarios()
    sxy = ("scenario", "y", "x")
    mm = {"units": "mm", "standard_name": "lwe_thickness_of_precipitation_amount"}
    long_names = {"pr_annual": "annual precipitation total", "pr_summer": "summer (JJA) precipitation total",
                  "pr_winter": "winter (DJF) precipitation total",
                  "pr_1d_rp10": "1-day precipitation with a 10-year return period",
                  "pr_1d_rp100": "1-day precipitation with a 100-year return period",
                  "pr_1d_extreme": "extreme 1-day precipitation (about 1.5 x 100-year)"}
    variables = {name: (sxy, climate[name], {**mm, "long_name": ln, "cell_methods": "time: mean over years"})
                 for name, ln in long_names.items()}
    variables["tas"] = (sxy, climate["tas"], {"units": "degC", "standard_name": "air_temperature",
                                             "long_name": "annual mean near-surface air temperature"})
    for name in clim.SPREAD_VARIABLES:  # the climate ensemble's 15th / 85th percentiles
        base, level = name.rsplit("_", 1)
        percentile = "15th" if level == "low" else "85th"
        meta = variables[base][2]
        variables[name] = (sxy, climate[name], {**meta, "long_name": f"{meta['long_name']}, {percentile} "
                                                                     "percentile of the climate ensemble"})
    write_netcdf(grid_dataset(X0 + east, Y_TOP - EXTENT + north, variables,
                              attrs("Musterstadt climate scenarios (synthetic)", references=clim.REFERENCES),
                              coords={
        "scenario": ("scenario", np.array([f"{p}_{h}" for p, h in keys], dtype=object),
                     {"long_name": "climate scenario (pathway_horizon)"}),
        "pathway": ("scenario", np.array([p for p, _ in keys], dtype=object),
                    {"long_name": "emission pathway (historical, rcp26, rcp45, rcp85)"}),
        "horizon": ("scenario", np.array([h for _, h in keys], dtype=object),
                    {"long_name": "30-year period"}),
    }), folder / "climate.nc")

    progress("weather and wells")
    weather = generate_weather(seed, events=dict(zip(floods.dates, floods.precip_mm)))
    wells = build_wells(terrain, depth, land.lakes | terrain.river, weather, seed)
    heads_dir = folder / "wells" / "heads"
    heads_dir.mkdir(parents=True)
    weather.to_csv(folder / "wells" / "weather.csv", index=False, lineterminator="\n")
    wells.table.to_csv(folder / "wells" / "wells.csv", index=False, lineterminator="\n")
    for well_id, frame in wells.heads.items():
        frame.to_csv(heads_dir / f"{well_id}.csv", index=False, lineterminator="\n")

    progress("vectors")
    write_vectors(folder / "vectors.gpkg", {"parcels": parcels(grid, land.landuse, land.before_plan),
                                            "rivers": rivers(terrain.streams), "boundary": boundary(seed)})

    readme = README.format(seed=seed, cells=cells, cell=f"{out.cell:g}", references=clim.REFERENCES)
    if grid.n != cells:
        readme += (f"\nThis grid is finer than the simulation: landscape, hydrology and floods were simulated "
                   f"on {grid.n} x {grid.n} cells ({grid.cell:g} m) and refined to {cells} x {cells} (bilinear "
                   "for elevation and groundwater depth, nearest cell for classes, sealing and flood extents).\n")
    (folder / "README.md").write_text(readme, encoding="utf-8")
    (folder / "region.toml").write_text(REGION_TOML.format(seed=seed, cells=cells), encoding="utf-8")
