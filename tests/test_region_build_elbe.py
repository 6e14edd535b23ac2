"""`region build` on real data: the Elbe floodplain near Dessau (BfG, see /work/shared/data/elbe-dessau).

Four 500 m DGM1 tiles (two GeoTIFF, two XYZ text) in EPSG:25833 become a region in
EPSG:25832 at 5 m, with the official active floodplain as the label of a 100-year event.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import rasterio
import shapely
from rasterio.transform import from_origin

from koki_climate.cli import main
from koki_climate.region import open_region
from tests.test_build_climate import tp29_reduction

ELBE = Path("/work/shared/data/elbe-dessau")
EXAMPLE_WEATHER = Path(__file__).parent / "data" / "groundwater-example" / "climate.csv"
TILES = shapely.box(309000, 5749000, 310000, 5750000)  # EPSG:25833, from the data's README
RESOLUTION = 5.0

pytestmark = pytest.mark.skipif(not ELBE.is_dir(), reason="the shared Elbe data are not on this machine")

SPEC = """
[region]
name = "Elbaue Dessau"
crs = "EPSG:25832"
resolution_m = 5
boundary = "grenze.gpkg"

[terrain]
dem = ["dgm1/*.tif", "dgm1/*.xyz"]
dem_crs = "EPSG:25833"

[landuse]
file = "nutzung.gpkg"
column = "objart"

[rivers]
file = "river_axis.gpkg"
layer = "elbe_axis"

[[flood_areas]]
file = "active_floodplain.gpkg"
layer = "active_floodplain"
return_period = 100

[groundwater]
depth = "flurabstand.tif"

[climate]
heavy_rain = "kostra.csv"
changes = "signale.csv"
weather = "wetter.csv"
"""


def source_range() -> tuple[float, float]:
    """Lowest and highest elevation in the four tiles, read from the files themselves."""
    low, high = np.inf, -np.inf
    for path in sorted((ELBE / "dgm1").iterdir()):
        if path.suffix == ".tif":
            with rasterio.open(path) as src:
                values = src.read(1, masked=True).compressed()
        else:
            values = pd.read_csv(path, sep=r"\s+", header=None).iloc[:, 2].to_numpy()
        low, high = min(low, float(values.min())), max(high, float(values.max()))
    return low, high


@pytest.fixture(scope="module")
def elbe(tmp_path_factory) -> tuple[Path, Path]:
    town = tmp_path_factory.mktemp("elbe") / "dessau"
    shutil.copytree(ELBE, town)
    gpd.GeoDataFrame(geometry=[TILES], crs="EPSG:25833").to_file(town / "grenze.gpkg")
    gpd.GeoDataFrame({"objart": [43001]}, geometry=[TILES], crs="EPSG:25833").to_file(town / "nutzung.gpkg")
    with rasterio.open(town / "flurabstand.tif", "w", driver="GTiff", width=20, height=20, count=1,
                       dtype="float32", crs="EPSG:25833", transform=from_origin(308900, 5750100, 60, 60)) as dst:
        dst.write(np.full((1, 20, 20), 2.5, dtype="float32"))
    (town / "kostra.csv").write_text("dauerstufe_min;wiederkehrzeit_a;niederschlag_mm\n"
                                     "1440;10;55,0\n1440;100;80,0\n", encoding="utf-8")
    rows = ["pathway,horizon,variable,change_percent,change_degC"]
    for pathway in ("rcp26", "rcp45", "rcp85"):
        for horizon in ("2021-2050", "2071-2100"):
            rows += [f"{pathway},{horizon},{v},5," for v in ("heavy_rain", "precip_annual", "precip_summer",
                                                             "precip_winter")]
            rows.append(f"{pathway},{horizon},temperature,,1.5")
    (town / "signale.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    shutil.copy(EXAMPLE_WEATHER, town / "wetter.csv")
    (town / "build.toml").write_text(SPEC, encoding="utf-8")
    out = town.parent / "region"
    assert main(["region", "build", str(town / "build.toml"), "--out", str(out)]) == 0
    return town, out


def test_real_tiles_make_a_region_without_seams_within_the_source_range(elbe) -> None:
    _, folder = elbe
    assert main(["check", str(folder)]) == 0
    region = open_region(folder)
    z = region.grid["elevation"]
    assert region.crs.to_epsg() == 25832 and region.cell_area_m2 == RESOLUTION ** 2
    low, high = source_range()
    assert low <= float(z.min()) and float(z.max()) <= high  # averages never leave the range of the 1 m cells
    # where the tile borders (x = 309500 and y = 5749500 in EPSG:25833) run through the region grid
    xx, yy = np.meshgrid(z.x.values, z.y.values)
    e33, n33 = pyproj.Transformer.from_crs(25832, 25833, always_xy=True).transform(xx, yy)
    values = z.values
    step_x = np.abs(np.diff(values, axis=1))  # east-west neighbours
    crosses = np.diff(np.sign(e33 - 309500.0), axis=1) != 0
    inner = np.isfinite(step_x) & (np.abs(n33[:, 1:] - 5749500) > 20) & (np.abs(n33[:, 1:] - 5749500) < 400)
    across, elsewhere = step_x[crosses & inner], step_x[~crosses & inner]
    # a seam would be a step of the tiles' offset; without one, steps across the border are like any others
    assert across.size > 50
    assert np.mean(across) <= np.mean(elsewhere) + 3 * np.std(elsewhere) / np.sqrt(across.size)
    step_y = np.abs(np.diff(values, axis=0))
    crosses_y = np.diff(np.sign(n33 - 5749500.0), axis=0) != 0
    inner_y = np.isfinite(step_y) & (np.abs(e33[1:, :] - 309500) > 20) & (np.abs(e33[1:, :] - 309500) < 400)
    across_y, elsewhere_y = step_y[crosses_y & inner_y], step_y[~crosses_y & inner_y]
    assert np.mean(across_y) <= np.mean(elsewhere_y) + 3 * np.std(elsewhere_y) / np.sqrt(across_y.size)


def test_the_floodplain_becomes_a_label_with_its_area_share(elbe) -> None:
    town, folder = elbe
    region = open_region(folder)
    events = region.grid["flood_events"]
    assert events.sizes["event"] == 1 and str(events["event_date"].values[0]) == "HQ100"
    # the T = 100 a depth of the table, reduced from point to the area of the cells with terrain
    area_km2 = float(np.isfinite(region.grid["elevation"].values).sum()) * region.cell_area_m2 / 1e6
    assert float(events["event_precip_mm"].values[0]) == pytest.approx(80.0 * tp29_reduction(area_km2))
    # expected share: the floodplain's area inside the boundary over the boundary's area (both in EPSG:25832)
    boundary = gpd.GeoSeries([TILES], crs=25833).to_crs(25832).iloc[0]
    plain = gpd.read_file(town / "active_floodplain.gpkg", layer="active_floodplain").to_crs(25832).union_all()
    inside_plain = plain.intersection(boundary)
    expected = inside_plain.area / boundary.area
    inside = np.isfinite(region.grid["elevation"].values)
    share = float(events.isel(event=0).values[inside].mean())
    # cell-centre rasterisation is off by at most the cells the outlines cross (floodplain edge and boundary)
    tolerance = (inside_plain.boundary.length + boundary.length) / RESOLUTION * RESOLUTION ** 2 / boundary.area
    assert abs(share - expected) <= tolerance
    assert expected > 0.9  # the README: 98 % of the tile area lies in the active floodplain


def test_the_build_report_names_the_real_files(elbe) -> None:
    _, folder = elbe
    report = json.loads((folder / "build_report.json").read_text(encoding="utf-8"))
    reprojected = " ".join(entry["message"] for entry in report["reprojected"])
    assert "EPSG:25833" in reprojected
    converted = " ".join(str(entry["file"]) for entry in report.get("converted", []))
    assert ".xyz" in converted
