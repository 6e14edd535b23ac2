"""The public instance is read-only at every layer: pages, CLI and library write nothing.

A cache is prepared on the planner side (`prepare`), then every page of the public mode runs
in AppTest and every CLI command runs with KOKI_MODE=public; the region and cache folders
must be byte-identical afterwards. The library's write functions refuse whatever they are
passed.
"""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
import xarray as xr
from streamlit.testing.v1 import AppTest

from koki_climate.cli import main
from koki_climate.errors import NotPreparedError, ReadOnlyError

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
PUBLIC_PAGES = ("pages/karte.py", "pages/vergleich.py", "pages/grundwasser.py", "pages/modell.py")


@pytest.fixture(scope="module")
def prepared(trained_small, tmp_path_factory) -> tuple[Path, Path]:
    """(region, cache) copied from the trained small region and prepared as README says (`prepare`)."""
    from koki_climate.groundwater.well_reports import prepare_well_reports
    from koki_climate.region import open_region

    base = tmp_path_factory.mktemp("public")
    region, cache = base / "region", base / "cache"
    shutil.copytree(trained_small[0], region)
    shutil.copytree(trained_small[1] / "models", cache / "models")
    assert main(["prepare", "--region", str(region), "--cache-dir", str(cache), "--no-wells"]) == 0
    opened = open_region(region)
    prepare_well_reports(opened, cache, well_ids=[str(w) for w in opened.wells["well_id"][:1]])
    return region, cache


@pytest.fixture
def public(prepared, monkeypatch):
    region, cache = prepared
    monkeypatch.setenv("KOKI_MODE", "public")
    monkeypatch.setenv("KOKI_REGION", str(region))
    monkeypatch.setenv("KOKI_CACHE_DIR", str(cache))
    return region, cache


def test_prepare_fills_what_the_public_instance_reads(prepared, capsys) -> None:
    region, cache = prepared
    assert main(["prepare", "--region", str(region), "--cache-dir", str(cache), "--no-wells", "--json"]) == 0
    import json

    again = json.loads(capsys.readouterr().out)
    assert again["model"] == "reused" and len(again["scenarios"]) >= 5
    assert {item["source"] for item in again["scenarios"]} <= {"disk", "memory"}  # nothing computed twice


def test_every_page_and_command_leaves_region_and_cache_byte_identical(public, snapshot, tmp_path, capsys) -> None:
    region, cache = public
    before = (snapshot(region), snapshot(cache))

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for page in PUBLIC_PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        shown = " ".join(str(e.value) for e in [*at.error, *at.warning, *at.info])
        assert str(cache) not in shown and str(region) not in shown, page
    daten = AppTest.from_file(str(REPO / "pages" / "daten.py"), default_timeout=60).run()  # opened directly
    assert daten.error and not daten.get("file_uploader") and not daten.text_input

    heads = region / "wells" / "heads"
    a_heads = sorted(heads.glob("*.csv"))[0]
    common = ["--region", str(region), "--cache-dir", str(cache)]
    commands = {  # command -> expected exit code on the public instance
        ("check", str(region)): 0,
        ("scenarios", *common): 0,
        ("train", *common): 0,  # reuses the prepared model, trains nothing
        ("compare", *common, "Heute", "2100 ungebremst (RCP8.5)"): 0,
        ("groundwater", "trend", "--heads", str(a_heads)): 0,
        ("evaluate", *common, "--scenario", "Heute", "--out", str(tmp_path / "out")): 2,
        ("compare", *common, "Heute", "2100 ungebremst (RCP8.5)", "--out", str(tmp_path / "cmp")): 2,
        ("evaluate", *common, "--scenario", '{"groundwater_offset_m": 4.2}', "--out", str(tmp_path / "x")): 2,
        ("prepare", *common): 2,
        ("sample", "--out", str(tmp_path / "sample"), "--cells", "60"): 2,
        ("groundwater", "project", "--region", str(region), "--cache-dir", str(cache)): 2,
        ("groundwater", "fit", "--heads", str(a_heads), "--climate", str(region / "wells" / "weather.csv"),
         "--out", str(tmp_path / "sim.csv")): 2,
    }
    for args, expected in commands.items():
        code = main(list(args))
        _, err = capsys.readouterr()
        assert code == expected, (args, err)
        if expected:
            assert "Traceback" not in err and ("read-only" in err or "not been computed" in err), (args, err)
    assert (snapshot(region), snapshot(cache)) == before
    assert list(tmp_path.iterdir()) == []


def test_an_unprepared_scenario_is_not_computed(public, snapshot) -> None:
    from koki_climate.engine import Engine
    from koki_climate.scenario import Scenario

    region, cache = public
    before = snapshot(cache)
    engine = Engine.open(region, cache_dir=cache, read_only=False)  # asking for writes changes nothing
    assert engine.read_only
    with pytest.raises(NotPreparedError) as caught:
        engine.evaluate(Scenario(groundwater_offset_m=3.3))
    assert caught.value.what == "scenario"
    assert snapshot(cache) == before


def test_an_empty_cache_is_not_trained_into(public, tmp_path, snapshot) -> None:
    from koki_climate.engine import Engine

    region, _ = public
    with pytest.raises(NotPreparedError) as caught:
        Engine.open(region, cache_dir=tmp_path, read_only=False, train=True)
    assert caught.value.what == "model"
    assert list(tmp_path.iterdir()) == []


def library_writers(region: Path, cache: Path, target: Path) -> dict:
    """Every function of the library that writes a file, called as a caller would."""
    from koki_climate.engine import Engine
    from koki_climate.export.geopackage import write_zones_gpkg
    from koki_climate.export.netcdf import write_cf_netcdf
    from koki_climate.export.pdf import handout_pdf
    from koki_climate.groundwater.regional import write_depth_grids
    from koki_climate.groundwater.well_reports import prepare_well_reports, store_well_report
    from koki_climate.io.serialize import write_csv, write_json
    from koki_climate.region import open_region
    from koki_climate.region.sample import generate_sample_region
    from koki_climate.region.upload import extract_region_zip
    from koki_climate.results import write_result_files
    from koki_climate.risk.store import load_model, model_store, save_model
    from koki_climate.terrain_cache import cached_static_features
    from koki_climate.ui.compare_exports import handout_text

    engine = Engine.open(region, cache_dir=cache)
    result = engine.evaluate(engine.presets[0].scenario)
    opened = engine.region
    zones = gpd.GeoDataFrame({"zone": [3]}, geometry=[shapely.box(0, 0, 10, 10)], crs="EPSG:25832")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("region.toml", "x = 1\n")
    model, card = load_model(model_store(cache).folder(engine.model_key))
    return {
        "save_model": lambda: save_model(model, model_store(target), "k", card),
        "write_result_files": lambda: write_result_files(result, target, opened.parcels),
        "write_cf_netcdf": lambda: write_cf_netcdf(target / "r.nc", result.risk[["zone"]]),
        "write_zones_gpkg": lambda: write_zones_gpkg(target / "z.gpkg", zones, None),
        "handout_pdf to a path": lambda: handout_pdf(target / "h.pdf", title="T", text=handout_text("de"),
                                                     date="1.1.2026"),
        "write_json": lambda: write_json(target / "s.json", {"a": 1}),
        "write_csv": lambda: write_csv(target / "a.csv", result.parcels),
        "write_depth_grids": lambda: write_depth_grids(xr.Dataset({"a": ("x", [1.0])}), target / "g.nc"),
        "terrain cache": lambda: cached_static_features(open_region(region), target, write=True),
        "generate_sample_region": lambda: generate_sample_region(target / "sample", cells=60),
        "extract_region_zip": lambda: extract_region_zip(archive.getvalue(), target),
        "prepare_well_reports": lambda: prepare_well_reports(opened, target),
        "store_well_report": lambda: store_well_report(opened, target, {"well_id": "W", "train_end": "2014-12-31",
                                                                         "errors": {}}),
    }


def test_every_library_writer_refuses_whatever_it_is_passed(prepared, tmp_path, monkeypatch) -> None:
    region, cache = prepared
    writers = library_writers(region, cache, tmp_path)  # built in planner mode
    monkeypatch.setenv("KOKI_MODE", "public")
    for name, write in writers.items():
        with pytest.raises(ReadOnlyError):
            write()
    assert list(tmp_path.iterdir()) == [], "a refused writer may create nothing, not even a folder"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_public_page_without_a_prepared_cache_speaks_plainly(prepared, tmp_path, monkeypatch, lang) -> None:
    from koki_climate.ui.i18n import t

    region, _ = prepared
    monkeypatch.setenv("KOKI_MODE", "public")
    monkeypatch.setenv("KOKI_REGION", str(region))
    monkeypatch.setenv("KOKI_CACHE_DIR", str(tmp_path / "empty-cache"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [str(e.value) for e in at.error]
    assert shown == [t("not_prepared_model", lang)]
    assert not (tmp_path / "empty-cache").exists()
