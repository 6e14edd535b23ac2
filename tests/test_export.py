"""Exports read back with the libraries a planner's tools use; interrupted writes leave nothing."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import rioxarray  # noqa: F401
import shapely
import xarray as xr

from koki_climate.compare import Comparison
from koki_climate.export.geopackage import write_zones_gpkg, zones_gpkg_bytes
from koki_climate.export.netcdf import netcdf_bytes, write_cf_netcdf
from koki_climate.export.pdf import format_cell, handout_pdf
from koki_climate.export.png import change_map_png, zone_map_png
from koki_climate.io.serialize import write_csv, write_json
from koki_climate.ui.compare_exports import area_table, change_key, handout_text, zone_key
from koki_climate.compare import compare_zoning
from koki_climate.zoning import ZoningRules, parcel_overlay, zone_classes, zone_polygons

CELL = 10.0


def grid(values) -> xr.DataArray:
    values = np.asarray(values)
    ny, nx = values.shape
    x = 500_000 + (np.arange(nx) + 0.5) * CELL
    y = 5_500_000 + (np.arange(ny)[::-1] + 0.5) * CELL
    return xr.DataArray(values, coords={"y": y, "x": x}, dims=("y", "x")).rio.write_crs("EPSG:25832")


@pytest.fixture
def result():
    p = np.zeros((12, 12))
    p[:4] = 0.8
    pext = np.zeros((12, 12))
    pext[:7] = 0.8
    gw = np.full((12, 12), 2.0)
    gw[:, :3] = 0.4
    classes = zone_classes(grid(p), grid(pext), grid(gw), ZoningRules(min_area_ha=0.0))
    ds = xr.Dataset({
        "p_hq100": grid(p).assign_attrs(units="1", long_name="probability of inundation, HQ100-like event"),
        "uncertainty": grid(np.full((12, 12), 0.1)).assign_attrs(units="1"),
        "applicable": grid(np.ones((12, 12), dtype=bool)),
        "zone_class": classes,
    })
    parcels = gpd.GeoDataFrame(
        {"parcel_id": ["A", "B", "C"], "current_use": ["agriculture"] * 3,
         "planned_use": ["planned_development", "grassland", "planned_development"]},
        geometry=[shapely.box(500_000, 5_500_080, 500_040, 5_500_120),
                  shapely.box(500_040, 5_500_000, 500_080, 5_500_040),
                  # a self-intersecting "bow tie": QGIS needs it repaired
                  shapely.Polygon([(500_080, 5_500_000), (500_120, 5_500_040), (500_120, 5_500_000),
                                   (500_080, 5_500_040)])],
        crs="EPSG:25832",
    )
    return ds, classes, parcels


def no_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_bytes_exports_equal_the_files(tmp_path, result):
    ds, classes, parcels = result
    data = netcdf_bytes(ds, {"scenario_hash": "abc123"})
    (tmp_path / "from-bytes.nc").write_bytes(data)
    with xr.open_dataset(tmp_path / "from-bytes.nc", decode_coords="all") as back:
        assert back.rio.crs.to_epsg() == 25832 and back.attrs["scenario_hash"] == "abc123"
        np.testing.assert_array_equal(back["zone_class"].values, classes.values)
    gpkg = zones_gpkg_bytes(zone_polygons(classes), parcels, parcel_overlay(classes, parcels))
    (tmp_path / "from-bytes.gpkg").write_bytes(gpkg)
    assert set(dict(pyogrio.list_layers(tmp_path / "from-bytes.gpkg"))) == {"zones", "parcels"}


def test_netcdf_roundtrip(tmp_path, result):
    ds, classes, _ = result
    path = write_cf_netcdf(tmp_path / "risk.nc", ds,
                                    {"scenario_hash": "abc123", "provenance": {"model": "v1", "seed": np.int64(7)}})
    assert no_leftovers(tmp_path) == ["risk.nc"]
    with xr.open_dataset(path, decode_coords="all") as back:
        assert back.rio.crs.to_epsg() == 25832
        assert back.attrs["Conventions"].startswith("CF-")
        assert back.attrs["scenario_hash"] == "abc123"
        assert json.loads(back.attrs["provenance"]) == {"model": "v1", "seed": 7}
        assert back["p_hq100"].attrs["units"] == "1"
        assert back["uncertainty"].attrs["long_name"] == "uncertainty"
        assert back["zone_class"].attrs["flag_meanings"] == "keine grundwasser auflagen freihalten"
        assert back["p_hq100"].encoding["zlib"] is True
        assert back["x"].attrs["standard_name"] == "projection_x_coordinate"
        np.testing.assert_array_equal(back["zone_class"].values, classes.values)
        np.testing.assert_array_equal(back["p_hq100"].values, ds["p_hq100"].values)
    assert "units" not in ds["uncertainty"].attrs or ds["uncertainty"].attrs["units"] == "1"
    assert "Conventions" not in ds.attrs  # the caller's dataset is untouched
    assert ds["zone_class"].attrs["_FillValue"] == 255 and "grid_mapping" not in ds["p_hq100"].attrs


def test_netcdf_refuses_missing_units(tmp_path, result):
    ds, _, _ = result
    ds["depth"] = grid(np.zeros((12, 12)))
    with pytest.raises(ValueError, match="depth"):
        write_cf_netcdf(tmp_path / "risk.nc", ds)
    assert no_leftovers(tmp_path) == []


def test_interrupted_netcdf_leaves_nothing_and_keeps_old_file(tmp_path, result, monkeypatch):
    ds, _, _ = result
    target = tmp_path / "risk.nc"
    target.write_bytes(b"old")
    original = xr.Dataset.to_netcdf

    def half_then_crash(self, path, *args, **kwargs):
        original(self, path, *args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(xr.Dataset, "to_netcdf", half_then_crash)
    with pytest.raises(OSError, match="disk full"):
        write_cf_netcdf(target, ds)
    assert no_leftovers(tmp_path) == ["risk.nc"] and target.read_bytes() == b"old"


def test_geopackage_layers(tmp_path, result):
    _, classes, parcels = result
    zones = zone_polygons(classes)
    overlay = parcel_overlay(classes, parcels)
    path = write_zones_gpkg(tmp_path / "zones.gpkg", zones, parcels, overlay)
    assert no_leftovers(tmp_path) == ["zones.gpkg"]
    layers = dict(pyogrio.list_layers(path))
    assert set(layers) == {"zones", "parcels"}
    back_zones = gpd.read_file(path, layer="zones")
    back_parcels = gpd.read_file(path, layer="parcels")
    assert back_zones.crs.to_epsg() == 25832 and back_parcels.crs.to_epsg() == 25832
    assert list(back_zones["name"]) == list(zones["name"])
    np.testing.assert_allclose(back_zones.area / 1e4, zones["area_ha"])
    assert back_parcels.geometry.is_valid.all()
    assert {"share_freihalten", "dominant_zone", "conflict", "conflict_class"} <= set(back_parcels.columns)
    a = back_parcels.set_index("parcel_id").loc["A"]
    assert a["share_freihalten"] == pytest.approx(1.0) and bool(a["conflict"])


def test_interrupted_geopackage_leaves_nothing(tmp_path, result, monkeypatch):
    _, classes, parcels = result
    original = gpd.GeoDataFrame.to_file
    calls = []

    def second_layer_fails(self, path, *args, **kwargs):
        calls.append(kwargs.get("layer"))
        if len(calls) == 2:
            raise RuntimeError("crash while writing parcels")
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", second_layer_fails)
    with pytest.raises(RuntimeError):
        write_zones_gpkg(tmp_path / "zones.gpkg", zone_polygons(classes), parcels)
    assert calls == ["zones", "parcels"]
    assert no_leftovers(tmp_path) == []


def test_csv_and_json(tmp_path, monkeypatch):
    frame = pd.DataFrame({"zone": [3, 2], "name": ["freihalten", "auflagen"], "area_ha": [1.5, 2.25]})
    write_csv(tmp_path / "areas.csv", frame)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "areas.csv"), frame)
    obj = {"n": np.int64(3), "x": np.float32(0.5), "nan": float("nan"), "arr": np.arange(3),
           "flag": np.bool_(True), "when": dt.date(2024, 5, 1), "table": frame}
    write_json(tmp_path / "s.json", obj)
    back = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert back == {"n": 3, "x": 0.5, "nan": None, "arr": [0, 1, 2], "flag": True, "when": "2024-05-01",
                    "table": [{"zone": 3, "name": "freihalten", "area_ha": 1.5},
                              {"zone": 2, "name": "auflagen", "area_ha": 2.25}]}

    def crash(self, path, *args, **kwargs):
        Path(path).write_text("zone,na")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", crash)
    with pytest.raises(KeyboardInterrupt):
        write_csv(tmp_path / "other.csv", frame)
    assert no_leftovers(tmp_path) == ["areas.csv", "s.json"]


def test_png_maps(result):
    _, classes, parcels = result
    png = zone_map_png(classes, "Szenario A – Überschwemmung", zone_key("de"), parcels=parcels)
    assert png.startswith(b"\x89PNG")
    change = compare_zoning(classes, classes).change
    assert change_map_png(change, "Änderung", change_key("en")).startswith(b"\x89PNG")


def page_count(pdf: bytes) -> int:
    """The /Count of the page-tree root (the /Pages object)."""
    for body in re.findall(rb"\d+ 0 obj\s*<<(.*?)>>\s*endobj", pdf, re.S):
        if re.search(rb"/Type\s*/Pages\b", body):
            return int(re.search(rb"/Count\s+(\d+)", body).group(1))
    raise AssertionError("no /Pages object")


def test_handout_pdf(tmp_path, result):
    _, classes, parcels = result
    other = classes.copy()
    other.values[4:7] = 3
    cmp = compare_zoning(classes, other)
    maps = [("Heute", zone_map_png(classes, "1991–2020", zone_key("de"), parcels)),
            ("RCP8.5, 2071–2100", zone_map_png(other, "2071–2100", zone_key("de"), parcels)),
            ("Änderung", change_map_png(cmp.change, "Änderung", change_key("de")))]
    data = handout_pdf(
        tmp_path / "handout.pdf", title="Hochwasservorsorge Musterstadt – Flächennutzungsplan",
        text=handout_text("de"), subtitle="Szenarienvergleich für den Gemeinderat", date="01.05.2024", maps=maps,
        table=area_table(cmp, "de", "Heute", "2071–2100"),
        model_summary={"Modell": "HistGradientBoosting", "Brier-Score (räumliche CV)": 0.081},
        provenance={"Daten-Prüfsumme": "sha256:" + "ab" * 32, "Szenario": "rcp85/2071-2100/vorsorgend"},
        lang="de",
    )
    assert data.startswith(b"%PDF")
    assert (tmp_path / "handout.pdf").read_bytes() == data
    assert no_leftovers(tmp_path) == ["handout.pdf"]
    assert page_count(data) >= 2
    assert b"DejaVu" in data  # the Unicode font is embedded

    buffer = io.BytesIO()
    short = handout_pdf(buffer, title="Übersicht", text=handout_text("en"), date="2024-05-01", table=cmp.areas,
                        lang="en")
    assert buffer.getvalue() == short
    assert page_count(short) == 2  # title page, then the table page


def test_print_area_table_and_numbers():
    areas = pd.DataFrame({"zone": [3, 0], "name": ["freihalten", "keine"], "a_ha": [1234.5, 2.0],
                          "b_ha": [1300.0, 1.0], "diff_ha": [65.5, -1.0]})
    empty = pd.DataFrame(columns=["parcel_id"])
    table = area_table(Comparison(None, None, areas, empty), "de", "Heute", "2050")
    assert list(table.columns) == ["Zone", "Heute (ha)", "2050 (ha)", "Differenz (ha)"]
    assert list(table["Zone"]) == ["Freihalten", "Keine Einschränkung"]
    assert format_cell(1234.5, "de") == "1.234,50"
    assert format_cell(1234.5, "en") == "1,234.50"
    assert format_cell(0.0812, "de", decimals=None) == "0,0812"
    assert format_cell(True, "de", handout_text("de")) == "ja"
