"""`region build`: a town's raw files become a region that check, train, evaluate and the app open.

The raw files are the sample town's as a planning office would hold them (`sample --raw`):
DGM tiles in EPSG:25833 (GeoTIFF and XYZ, one with semicolons and decimal commas), ALKIS
land use as a shapefile, development areas, mapped floods, German CSV wells and weather, a
KOSTRA-like table and change signals. Because they come from a known region, the built
layers can be compared with the originals.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from koki_climate.cli import main
from koki_climate.region import open_region
from koki_climate.region.sample.raw import write_raw_town

REPO = Path(__file__).resolve().parents[1]
RESOLUTION = 250.0  # the small sample has 125 m cells: every built cell averages 2 x 2 of them


@pytest.fixture(scope="module")
def raw_town(small_region_dir, tmp_path_factory) -> Path:
    return write_raw_town(small_region_dir, tmp_path_factory.mktemp("raw") / "stadt", resolution_m=RESOLUTION)


@pytest.fixture(scope="module")
def built(raw_town, tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("built") / "region"
    assert main(["region", "build", str(raw_town), "--out", str(out), "--json"]) == 0
    return out, {}


def test_built_region_passes_check_and_keeps_the_sample_terrain(built, small_region_dir, capsys) -> None:
    folder, _ = built
    assert main(["check", str(folder), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["grid"]["crs"] == "EPSG:25832"
    region = open_region(folder)
    original = open_region(small_region_dir)
    assert region.cell_area_m2 == RESOLUTION ** 2
    # elevations went 25832 -> 25833 (bilinear, 125 m) -> 25832 (area average, 250 m): each built cell
    # is close to the mean of the four original cells it covers, within the relief inside a cell
    coarse = original.grid["elevation"].coarsen(x=2, y=2, boundary="trim").mean()
    built_z = region.grid["elevation"].interp(x=coarse.x, y=coarse.y, method="nearest")
    both = np.isfinite(built_z.values) & np.isfinite(coarse.values)
    spread = original.grid["elevation"].coarsen(x=2, y=2, boundary="trim").std().values[both]
    diff = np.abs(built_z.values[both] - coarse.values[both])
    assert both.sum() > 0.5 * both.size
    assert np.median(diff) <= np.median(spread) + 0.5  # no shift: typical error within the relief of a cell
    # land use came back through ALKIS codes: settlement stays settlement where a whole built cell was
    classes = original.grid["landuse"].coarsen(x=2, y=2, boundary="trim").max()
    pure = (original.grid["landuse"].coarsen(x=2, y=2, boundary="trim").min() == classes).values
    built_classes = region.grid["landuse"].interp(x=classes.x, y=classes.y, method="nearest").values
    same = pure & both & (classes.values != 7)  # planned areas are farmland in ALKIS, class 7 from the plan
    agreement = (built_classes[same] == classes.values[same]).mean()
    assert agreement > 0.95


def test_built_region_trains_evaluates_and_opens_in_the_app(built, tmp_path, capsys, monkeypatch) -> None:
    folder, _ = built
    cache = tmp_path / "cache"
    common = ["--region", str(folder), "--cache-dir", str(cache)]
    assert main(["train", *common, "--json"]) == 0
    trained = json.loads(capsys.readouterr().out)
    assert trained["metrics"]["spatial_cv"]["roc_auc"] > 0.5  # learned something from the mapped floods
    assert main(["evaluate", *common, "--scenario", "2100 ungebremst (RCP8.5)", "--out", str(tmp_path / "ev"),
                 "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["region"] == "Musterstadt (aus Rohdaten)" and sum(summary["zones_ha"].values()) > 0
    monkeypatch.setenv("KOKI_REGION", str(folder))
    monkeypatch.setenv("KOKI_CACHE_DIR", str(cache))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Karte" and not at.error


def test_flood_labels_and_wells_come_through(built, raw_town) -> None:
    folder, _ = built
    region = open_region(folder)
    events = region.grid["flood_events"]
    spec_dates = sorted(p.stem.removeprefix("hochwasser_") for p in raw_town.parent.glob("hochwasser_*.gpkg"))
    assert sorted(map(str, events["event_date"].values)) == spec_dates
    # each mapped flood's share of the grid equals its polygon area over the grid area within the boundary cells
    grid_area = region.shape[0] * region.shape[1] * region.cell_area_m2
    for index, date in enumerate(map(str, events["event_date"].values)):
        polygons = gpd.read_file(raw_town.parent / f"hochwasser_{date}.gpkg")
        expected = polygons.area.sum() / grid_area
        cells = polygons.boundary.length.sum() / RESOLUTION  # cells an outline crosses, at most
        share = float(events.isel(event=index).mean())
        assert abs(share - expected) <= cells * RESOLUTION ** 2 / grid_area
    assert region.wells is not None and len(region.wells) >= 3
    heads = region.read_heads(str(region.wells["well_id"].iloc[0]))
    assert len(heads) > 100


def test_the_report_says_what_was_done(built) -> None:
    folder, _ = built
    report = json.loads((folder / "build_report.json").read_text(encoding="utf-8"))
    text = json.dumps(report, ensure_ascii=False)
    assert {"read", "reprojected", "resampled", "converted", "derived", "assumed"} <= set(report)
    assert "EPSG:25833" in text and "decimal comma" in text and "Flurabstand" in text
    assert "sealed" in text or "sealing" in text


def test_an_interrupted_or_failed_build_leaves_no_half_region(raw_town, tmp_path, capsys) -> None:
    town = tmp_path / "stadt"
    shutil.copytree(raw_town.parent, town)
    frame = gpd.read_file(town / "alkis_nutzung.shp")
    middle = gpd.read_file(town / "grenze.gpkg").to_crs(frame.crs).geometry.iloc[0].representative_point()
    frame.loc[frame.distance(middle).idxmin(), "objart"] = 99999  # not an ALKIS type, in the middle of town
    frame.to_file(town / "alkis_nutzung.shp")
    out = tmp_path / "region"
    assert main(["region", "build", str(town / "build.toml"), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "alkis_nutzung.shp" in err and "99999" in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("edit, words", [
    (lambda town: (town / "build.toml").write_text((town / "build.toml").read_text().replace(
        'dem_crs = "EPSG:25833"\n', "")), ("dgm_", "dem_crs")),
    (lambda town: (town / "wetter.csv").write_text((town / "wetter.csv").read_text(encoding="cp1252").replace(
        "05.01.1990", "05.13.1990"), encoding="cp1252"), ("wetter.csv", "05.13.1990")),
    (lambda town: gpd.read_file(town / "hochwasser_2013-06-01.gpkg").iloc[:0].to_file(
        town / "hochwasser_2013-06-01.gpkg"), ("hochwasser_2013-06-01.gpkg",)),
    (lambda town: gpd.GeoDataFrame(geometry=[__import__("shapely").box(9.0, 47.0, 9.01, 47.01)],
                                   crs="EPSG:4326").to_file(town / "grenze.gpkg", layer="grenze"),
     ("DEM", "outside")),
], ids=["xyz-without-crs", "bad-date", "empty-flood-area", "boundary-outside-dem"])
def test_bad_input_gets_a_message_naming_the_file(raw_town, tmp_path, capsys, edit, words) -> None:
    town = tmp_path / "stadt"
    shutil.copytree(raw_town.parent, town)
    edit(town)
    assert main(["region", "build", str(town / "build.toml"), "--out", str(tmp_path / "region")]) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert "Traceback" not in err and len(errors) == 1, err  # one plain message after the progress lines
    for word in words:
        assert word in errors[0], (word, errors[0])
