"""AppTest of the Grundwasser page: well selector, trend figures, simulation, projection table.

Well reports are computed on the planner side and stored; the public instance only reads them
and never fits a model (proved by making every fitting function raise).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from koki_climate.groundwater import regional
from koki_climate.groundwater import well_reports as wr
from koki_climate.region import Region, open_region
from koki_climate.ui.i18n import t

REPO = Path(__file__).resolve().parents[1]
PAGE = "pages/grundwasser.py"


def open_page(lang: str | None = None) -> AppTest:
    """The page as served: through app.py's navigation."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    return at


def open_page_alone(lang: str | None = None) -> AppTest:
    """Only the Grundwasser page (no default page first: its cache folder need not hold a model)."""
    at = AppTest.from_file(str(REPO / PAGE), default_timeout=180)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def texts(at: AppTest) -> list[str]:
    out = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.header]
    out += [s.value for s in at.subheader] + [i.value for i in at.info] + [w.value for w in at.warning]
    out += [e.value for e in at.error] + [c.value for c in at.code] + [s.value for s in at.title]
    return [str(v) for v in out]


def deck_spec(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def skill_frame(at: AppTest):
    return next(df.value for df in at.dataframe if "NSE" in list(df.value.iloc[:, 0]))


@pytest.fixture(autouse=True)
def fresh_memory_cache() -> None:
    """Each test starts without reports in st.cache_data, so what it shows comes from the store or a fit."""
    st.cache_data.clear()


@pytest.fixture(scope="module")
def small_region(small_region_dir: Path) -> Region:
    return open_region(small_region_dir)


@pytest.fixture(scope="module")
def first_well(small_region: Region) -> str:
    return str(small_region.wells["well_id"].iloc[0])


@pytest.fixture(scope="module")
def prepared_first_well(trained_small: tuple[Path, Path], small_region: Region, first_well: str) -> dict:
    """The first well's report, prepared (planner side) in the shared app cache folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KOKI_MODE", "planner")
        wr.prepare_well_reports(small_region, trained_small[1], well_ids=[first_well])
    report = wr.load_well_report(small_region, trained_small[1], first_well)
    assert report is not None
    return report


@pytest.fixture
def no_fitting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every function that fits or analyses a well raises (and is recorded): the page must only read."""
    attempts: list[str] = []

    def forbidden(name: str):
        def refuse(*args, **kwargs):
            attempts.append(name)
            raise AssertionError(f"{name} called: the public instance must not fit")
        return refuse

    for module, name in ((wr, "choose_candidate"), (wr, "analyse_heads"), (wr, "project_ensemble"),
                         (regional, "choose_candidate"), (regional, "fit_region_wells")):
        monkeypatch.setattr(module, name, forbidden(f"{module.__name__}.{name}"))
    return attempts


@pytest.fixture
def own_cache(small_region_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the app at the small region and a cache folder of this test's own; returns a mode switch."""
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("KOKI_REGION", str(small_region_dir))
    monkeypatch.setenv("KOKI_CACHE_DIR", str(cache))

    def use_mode(mode: str) -> Path:
        monkeypatch.setenv("KOKI_MODE", mode)
        return cache

    return use_mode


# --- the page as served ------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["planner", "public"])
def test_grundwasser_page(app_env, prepared_first_well, request: pytest.FixtureRequest, mode: str) -> None:
    app_env(mode)
    attempts = request.getfixturevalue("no_fitting") if mode == "public" else []
    at = open_page()
    assert attempts == []
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]

    well = at.selectbox(key="gw_well")
    assert well.value == well.options[0] and len(well.options) > 5

    # the map: one image for the depth grid, the wells as points, the selected one highlighted
    layers = {layer["@@type"]: layer for layer in deck_spec(at)["layers"]}
    assert "BitmapLayer" in layers and "ScatterplotLayer" in layers
    assert len(layers["ScatterplotLayer"]["data"]) == len(well.options)

    # trend in plain words, with the technical figures one click away
    body = "\n".join(texts(at))
    assert "cm pro Jahr" in body
    frames = [df.value for df in at.dataframe]
    trend = next(f for f in frames if "Kennzahl" in f.columns and f["Kennzahl"].str.contains("Sen").any())
    assert trend["Wert"].str.contains("cm/a").any()
    assert any("Mann-Kendall" in v for v in trend["Kennzahl"])

    # simulation skill on the held-out years and the projection table (6 scenarios)
    assert any("NSE" in list(f.iloc[:, 0]) for f in frames)
    projection = next(f for f in frames if "Mittlerer Stand (cm)" in f.columns)
    assert len(projection) == 6 and projection["Szenario"].str.contains("RCP8.5").any()
    assert len(at.get("vega_lite_chart")) >= 2  # heads with simulation band, projection bars

    # no untranslated keys reach the page
    assert not [t for t in texts(at) if t.startswith(("gw_", "page_"))]


def test_grundwasser_other_well_and_grid_in_english(app_env) -> None:
    app_env("planner")
    at = open_page(lang="en")
    assert not at.exception
    well = at.selectbox(key="gw_well")
    well.set_value(well.options[1]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(f"Well {well.options[1]}" in h.value for h in at.header)
    assert "cm per year" in "\n".join(texts(at))

    # a projected scenario on the map: shown if cached, else the command to compute it
    grid = at.selectbox(key="gw_grid")
    grid.set_value(grid.options[-1]).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(c.value for c in at.caption) + "\n".join(c.value for c in at.code)
    assert "Projected mean depth" in shown or "groundwater project" in shown


# --- the public instance only reads ------------------------------------------------------------
def test_public_page_shows_prepared_figures_without_fitting(app_env, prepared_first_well, no_fitting,
                                                            trained_small, snapshot) -> None:
    app_env("public")
    before = snapshot(trained_small[1])
    at = open_page()
    assert not at.exception, [e.value for e in at.exception]
    assert no_fitting == []
    # the figures are the stored report's (formatted as the page formats them: 2 decimals, count)
    skill = skill_frame(at)
    assert skill.iloc[0, 1] == f"{prepared_first_well['skill']['nse']:.2f}"
    assert skill.iloc[-1, 1] == str(prepared_first_well["skill"]["n"])
    assert any(f"{prepared_first_well['analysis']['n_obs']} Messwerte" in c.value for c in at.caption)
    assert snapshot(trained_small[1]) == before


@pytest.mark.parametrize("lang", ["de", "en"])
def test_public_page_without_prepared_reports_says_so_plainly(own_cache, small_region_dir: Path, no_fitting,
                                                              snapshot, lang: str) -> None:
    cache = own_cache("public")
    before = snapshot(cache), snapshot(small_region_dir)
    at = open_page_alone(lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert [w.value for w in at.warning] == [t("not_prepared_wells", lang)]

    # the rest of the page still works: title, map, well selector; a missing grid is said plainly too
    assert at.selectbox(key="gw_well").options and deck_spec(at)["layers"]
    grid = at.selectbox(key="gw_grid")
    grid.set_value(grid.options[-1]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("not_prepared_groundwater", lang) in [i.value for i in at.info]
    assert not at.code  # no command to run

    shown = "\n".join(texts(at))
    assert str(cache) not in shown and str(small_region_dir) not in shown and "python -m" not in shown
    assert "/" not in "\n".join(w.value for w in at.warning) + "\n".join(i.value for i in at.info)
    assert no_fitting == []
    assert (snapshot(cache), snapshot(small_region_dir)) == before  # nothing written


# --- planner and council modes compute what is missing, once, and store it -----------------------
@pytest.mark.parametrize("mode", ["planner", "council"])
def test_page_computes_a_missing_report_once_and_stores_it(own_cache, small_region, first_well, fits,
                                                           mode: str) -> None:
    cache = own_cache(mode)
    at = open_page_alone()
    assert not at.exception, [e.value for e in at.exception]
    assert len(fits) == 1  # the first well's ensemble, chosen once (its members refitted for the projection)
    stored = wr.load_well_report(small_region, cache, first_well)
    assert stored is not None
    assert skill_frame(at).iloc[0, 1] == f"{stored['skill']['nse']:.2f}"

    at.run()  # a rerun in the same session
    st.cache_data.clear()
    open_page_alone()  # another session after a restart: read from the store
    assert len(fits) == 1


def test_report_computed_by_the_planner_is_served_publicly(own_cache, small_region, first_well,
                                                           monkeypatch) -> None:
    own_cache("planner")
    assert not open_page_alone().exception
    own_cache("public")
    monkeypatch.setattr(wr, "choose_candidate", lambda *a, **k: pytest.fail("fitted on the public instance"))
    at = open_page_alone()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning and skill_frame(at) is not None


@pytest.mark.parametrize("mode", ["planner", "public"])
def test_damaged_report_is_recomputed_or_not_prepared(own_cache, trained_small, prepared_first_well, small_region,
                                                      first_well, fits, snapshot, mode: str) -> None:
    cache = own_cache("planner")
    shutil.copytree(trained_small[1] / "wells", cache / "wells")
    folder = wr.report_store(small_region, cache).folder(wr.report_key(first_well))
    simulation = folder / "simulation.json"
    simulation.write_bytes(simulation.read_bytes()[:1000])  # truncated, as by a full disk

    own_cache(mode)
    before = snapshot(cache)
    at = open_page_alone()
    assert not at.exception, [e.value for e in at.exception]
    if mode == "public":
        assert [w.value for w in at.warning] == [t("not_prepared_wells", "de")]
        assert fits == [] and snapshot(cache) == before
    else:
        assert len(fits) == 1 and not at.warning
        assert wr.load_well_report(small_region, cache, first_well) is not None
