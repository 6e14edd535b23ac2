"""The sample town as a planning office would hand it over: raw files and a build spec.

From a generated sample region, :func:`write_raw_town` writes what a German municipality
holds instead of a ready region — DGM tiles in another CRS (GeoTIFF and XYZ text), ALKIS
land-use polygons as a shapefile, the land-use plan's development areas, mapped past
floods, wells and heads exported as German CSV (some as depth below ground), daily
weather, a KOSTRA-like heavy-rain table, climate change signals — and a ``build.toml``
for ``python -m koki_climate region build``. It is the demo of the build's input formats
and the fixture of its end-to-end tests; all of it is synthetic.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rioxarray  # noqa: F401  (registers the .rio accessor)
import shapely
import xarray as xr
from rasterio.enums import Resampling
from rasterio.features import shapes

from koki_climate.grid import cell_size
from koki_climate.region.core import REFERENCE
from koki_climate.region.manifest import read_manifest

#: ALKIS object type codes written for the sample's land-use classes (planned areas are farmland today)
ALKIS_CODE = {1: 41001, 2: 41002, 3: 43001, 4: 43004, 5: 43002, 6: 44001, 7: 43001}
TILE_CRS = "EPSG:25833"
#: how the heads of every third well are exported: as depth below ground instead of a level
DEPTH_EVERY = 3


def _german_number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def _polygons(values: np.ndarray, transform, crs, *, keep=None) -> gpd.GeoDataFrame:
    """Polygons of equal values of a grid (``keep``: which values to keep)."""
    mask = np.ones(values.shape, bool) if keep is None else keep(values)
    parts = [(shapely.geometry.shape(geom), value) for geom, value in
             shapes(values.astype("int32"), mask=mask, transform=transform)]
    return gpd.GeoDataFrame({"value": [int(v) for _, v in parts]}, geometry=[g for g, _ in parts], crs=crs)


def _write_dem_tiles(elevation: xr.DataArray, folder: Path, tiles_per_side: int) -> list[str]:
    """The DEM in EPSG:25833 as tiles: odd tiles GeoTIFF, even ones XYZ text (one with ``;`` and decimal commas)."""
    moved = elevation.rio.reproject(TILE_CRS, resolution=cell_size(elevation)[0], resampling=Resampling.bilinear,
                                    nodata=np.nan)
    folder.mkdir(parents=True)
    ny, nx = moved.shape
    rows, cols = np.array_split(np.arange(ny), tiles_per_side), np.array_split(np.arange(nx), tiles_per_side)
    names = []
    for i, row in enumerate(rows):
        for j, col in enumerate(cols):
            tile = moved.isel(y=row, x=col)
            stem = f"dgm_{int(float(tile.x[0]))}_{int(float(tile.y[-1]))}"
            if (i + j) % 2:
                tile.astype("float32").rio.to_raster(folder / f"{stem}.tif", compress="deflate")
                names.append(f"{stem}.tif")
                continue
            xx, yy = np.meshgrid(tile.x.values, tile.y.values)
            z = tile.values
            ok = np.isfinite(z)
            table = pd.DataFrame({"x": xx[ok], "y": yy[ok], "z": z[ok]})
            if i == 0:  # as some state portals deliver: semicolons, decimal commas
                lines = [f"{_german_number(a, 2)};{_german_number(b, 2)};{_german_number(c, 2)}"
                         for a, b, c in table.itertuples(index=False)]
                (folder / f"{stem}.xyz").write_text("\n".join(lines) + "\n", encoding="utf-8")
            else:
                table.to_csv(folder / f"{stem}.xyz", sep=" ", header=False, index=False, float_format="%.2f")
            names.append(f"{stem}.xyz")
    return names


def _write_wells(region_dir: Path, manifest, out: Path) -> None:
    wells = pd.read_csv(manifest.wells.locations, dtype={"well_id": str})
    table = ["Messstelle;Rechtswert;Hochwert;Geländehöhe [m NN]"]
    table += [f"{w.well_id};{_german_number(w.x, 1)};{_german_number(w.y, 1)};{_german_number(w.ground_elevation_m, 2)}"
              for w in wells.itertuples(index=False)]
    (out / "messstellen.csv").write_text("\n".join(table) + "\n", encoding="cp1252")
    heads_dir = out / "ganglinien"
    heads_dir.mkdir()
    for index, well in enumerate(wells.itertuples(index=False)):
        heads = pd.read_csv(manifest.wells.heads_dir / f"{well.well_id}.csv", parse_dates=["date"])
        lines = [f"Messstelle;{well.well_id}", f"Rechtswert;{_german_number(well.x, 1)}",
                 f"Hochwert;{_german_number(well.y, 1)}", f"Geländehöhe [m NN];{_german_number(well.ground_elevation_m, 2)}",
                 ""]
        if index % DEPTH_EVERY == 2:
            lines.append("Datum;Flurabstand [m u. GOK]")
            values = [round(well.ground_elevation_m - h, 2) for h in heads["head_m"]]
        else:
            lines.append("Datum;Grundwasserstand [m NN]")
            values = list(heads["head_m"])
        lines += [f"{d:%d.%m.%Y};{_german_number(v, 2)}" for d, v in zip(heads["date"], values)]
        (heads_dir / f"{well.well_id}.csv").write_text("\n".join(lines) + "\n", encoding="cp1252")


def _write_weather(manifest, out: Path) -> None:
    weather = pd.read_csv(manifest.wells.weather, parse_dates=["date"])
    lines = ["Datum;Niederschlag [mm];pot. Verdunstung [mm];Temperatur [°C]"]
    lines += [f"{r.date:%d.%m.%Y};{_german_number(r.precipitation_mm, 1)};{_german_number(r.pet_mm, 2)};"
              f"{_german_number(r.temperature_c, 1)}" for r in weather.itertuples(index=False)]
    (out / "wetter.csv").write_text("\n".join(lines) + "\n", encoding="cp1252")


def _areal(climate: xr.Dataset, pathway: str, horizon: str, name: str) -> float:
    mask = (climate["pathway"] == pathway) & (climate["horizon"] == horizon)
    return float(climate[name].isel(scenario=int(np.flatnonzero(mask.values)[0])).mean())


def _write_climate_tables(manifest, out: Path) -> None:
    """A KOSTRA-like table (D = 1 h and 24 h) from the reference heavy rain, and change signals per scenario."""
    names = manifest.climate.variables
    with xr.open_dataset(manifest.climate.file) as climate:
        climate = climate.load()
    rp10 = _areal(climate, *REFERENCE, names["heavy_rain_rp10"])
    rp100 = _areal(climate, *REFERENCE, names["heavy_rain_rp100"])
    rows = ["dauerstufe_min;wiederkehrzeit_a;niederschlag_mm"]
    for duration, factor in ((60, 0.45), (1440, 1.0)):
        for years, value in ((10, rp10), (100, rp100)):
            rows.append(f"{duration};{years};{_german_number(factor * value, 1)}")
        rows.append(f"{duration};1;{_german_number(factor * (rp10 - (rp100 - rp10) / 2), 1)}")  # ln-linear below T=10
    (out / "kostra_d24.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    signals = ["pathway,horizon,variable,change_percent,change_degC"]
    pairs = sorted({(str(p), str(h)) for p, h in zip(climate.pathway.values, climate.horizon.values)} - {REFERENCE})
    for pathway, horizon in pairs:
        for variable, role in (("heavy_rain", "heavy_rain_rp100"), ("precip_annual", "precip_annual"),
                               ("precip_summer", "precip_summer"), ("precip_winter", "precip_winter")):
            ratio = _areal(climate, pathway, horizon, names[role]) / _areal(climate, *REFERENCE, names[role])
            signals.append(f"{pathway},{horizon},{variable},{100 * (ratio - 1):.1f},")
        delta = _areal(climate, pathway, horizon, names["temperature"]) - _areal(climate, *REFERENCE,
                                                                                  names["temperature"])
        signals.append(f"{pathway},{horizon},temperature,,{delta:.2f}")
    (out / "klimasignale.csv").write_text("\n".join(signals) + "\n", encoding="utf-8")


SPEC = """# Build spec of the synthetic sample town (python -m koki_climate region build build.toml --out DIR)
[region]
name = "Musterstadt (aus Rohdaten)"
crs = "EPSG:25832"
resolution_m = {resolution:g}
boundary = "grenze.gpkg"
synthetic = true
description = "Built from the raw files of the synthetic sample town"

[terrain]
dem = ["dgm/*.tif", "dgm/*.xyz"]
dem_crs = "{tile_crs}"

[landuse]
file = "alkis_nutzung.shp"
column = "objart"
mapping = "alkis"
planned = "fnp_planung.gpkg"

[rivers]
file = "gewaesser.gpkg"
{flood_areas}
[groundwater]
{depth_line}wells = "messstellen.csv"
heads = "ganglinien/*.csv"

[climate]
heavy_rain = "kostra_d24.csv"
changes = "klimasignale.csv"
weather = "wetter.csv"
"""


def write_raw_town(region_dir: Path, out: Path, *, resolution_m: float | None = None, tiles_per_side: int = 2,
                   depth_grid: bool = False) -> Path:
    """Write the raw files of the sample region in ``region_dir`` into the empty folder ``out``; returns the spec.

    ``resolution_m`` is the planning resolution of the spec (default: the sample's cell size);
    ``depth_grid`` adds the groundwater depth grid (else the build interpolates it from the wells).
    """
    manifest = read_manifest(region_dir)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with xr.open_dataset(region_dir / "terrain.nc", decode_coords="all") as terrain:
        terrain = terrain.load()
    elevation, landuse = terrain["elevation"], terrain["landuse"]
    crs = elevation.rio.crs
    transform = elevation.rio.transform()
    resolution = float(resolution_m or cell_size(elevation)[0])
    _write_dem_tiles(elevation, out / "dgm", tiles_per_side)

    vectors = manifest.vectors.file
    gpd.read_file(vectors, layer="boundary").to_crs("EPSG:4326").to_file(out / "grenze.gpkg", layer="grenze")
    gpd.read_file(vectors, layer="rivers").to_file(out / "gewaesser.gpkg", layer="gewaesser")
    parcels = gpd.read_file(vectors, layer="parcels")
    parcels[parcels["planned_use"] == "planned_development"][["parcel_id", "geometry"]].to_file(
        out / "fnp_planung.gpkg", layer="planung")
    polygons = _polygons(np.asarray(landuse.values), transform, crs, keep=lambda v: v > 0)
    polygons["objart"] = polygons.pop("value").map(ALKIS_CODE)
    polygons.to_file(out / "alkis_nutzung.shp")

    flood_blocks = []
    with xr.open_dataset(region_dir / "floods.nc", decode_coords="all") as floods:
        floods = floods.load()
    for index in range(floods.sizes["event"]):
        event = floods["inundated"].isel(event=index)
        date = str(floods["event_date"].values[index])
        area = _polygons(np.asarray(event.values), transform, crs, keep=lambda v: v == 1)
        if area.empty:
            continue
        name = f"hochwasser_{date}.gpkg"
        area.drop(columns="value").to_file(out / name, layer="ueberschwemmung")
        precip = float(floods["event_precip_mm"].values[index])
        flood_blocks.append(f'\n[[flood_areas]]\nfile = "{name}"\ndate = "{date}"\nprecip_mm = {precip:g}\n')

    depth_line = ""
    if depth_grid:
        with xr.open_dataset(region_dir / "groundwater.nc", decode_coords="all") as groundwater:
            groundwater["groundwater_depth"].load().rio.write_crs(crs).rio.to_raster(out / "gw_flurabstand.tif")
        depth_line = 'depth = "gw_flurabstand.tif"\n'
    _write_wells(region_dir, manifest, out)
    _write_weather(manifest, out)
    _write_climate_tables(manifest, out)
    spec = out / "build.toml"
    spec.write_text(SPEC.format(resolution=resolution, tile_crs=TILE_CRS, flood_areas="".join(flood_blocks),
                                depth_line=depth_line), encoding="utf-8")
    return spec


__all__ = ["ALKIS_CODE", "write_raw_town"]
