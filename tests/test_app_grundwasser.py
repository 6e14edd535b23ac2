"""AppTest of the Grundwasser page: well selector, trend figures, simulation, projection table."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
PAGE = "pages/grundwasser.py"


def open_page(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    return at


def texts(at: AppTest) -> list[str]:
    out = [m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.header]
    out += [s.value for s in at.subheader] + [i.value for i in at.info] + [w.value for w in at.warning]
    return [str(v) for v in out]


def deck_spec(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


@pytest.mark.parametrize("mode", ["planner", "public"])
def test_grundwasser_page(app_env, mode: str) -> None:
    app_env(mode)
    at = open_page()
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
