"""The place card: facts of a clicked point equal the result grids there; rendered in every language."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from koki_climate.risk.features import FEATURES, STATIC_FEATURES
from koki_climate.risk.place import lonlat_to_xy, place_facts
from koki_climate.risk.predict import APPLICABLE_INSIDE, APPLICABLE_SCREENED
from koki_climate.ui.i18n import PLAIN_LANGUAGES, t
from koki_climate.zoning import NODATA


@pytest.fixture(scope="module")
def evaluated(trained_small: tuple[Path, Path]):
    """The small region's engine with "Heute" and "2100 ungebremst (RCP8.5)" evaluated."""
    from koki_climate.engine import Engine

    region, cache = trained_small
    engine = Engine.open(region, cache_dir=cache, read_only=False)
    presets = {preset.name: preset.scenario for preset in engine.presets}
    return engine, engine.evaluate(presets["Heute"]), engine.evaluate(presets["2100 ungebremst (RCP8.5)"])


def centre(result, row: int, col: int) -> tuple[float, float]:
    return float(result.risk["x"][col]), float(result.risk["y"][row])


def predicted_cell(result) -> tuple[int, int]:
    """The predicted cell whose p of the 100-year event is closest to one half (zone edge: reasons both ways)."""
    p = np.where(result.risk["applicable_hq100"].values == APPLICABLE_INSIDE, result.risk["p_hq100"].values, np.nan)
    return tuple(int(i) for i in np.unravel_index(np.nanargmin(np.abs(p - 0.5)), p.shape))


def test_facts_are_the_grids_values_at_the_point(evaluated):
    engine, today, future = evaluated
    row, col = predicted_cell(today)
    x, y = centre(today, row, col)
    dx = float(abs(today.risk["x"][1] - today.risk["x"][0]))
    facts = place_facts(engine, today, x + 0.4 * dx, y - 0.4 * dx, [("2100", future)])  # still inside that cell
    assert facts.status == "inside" and facts.cell == (row, col)
    assert facts.zone == int(today.risk["zone"].values[row, col])
    for event in ("hq10", "hq100", "hqextrem"):
        assert facts.p[event] == pytest.approx(float(today.risk[f"p_{event}"].values[row, col]), abs=0)
        assert facts.spread[event] == pytest.approx(float(today.risk[f"p_spread_{event}"].values[row, col]), abs=0)
    other = facts.others[0]
    assert other.label == "2100" and other.zone == int(future.risk["zone"].values[row, col])
    assert other.p["hq100"] == float(future.risk["p_hq100"].values[row, col])


def test_reasons_are_the_contributions_of_the_cells_features(evaluated):
    """Each reason is p minus p with that one feature at its median, computed here from the model directly."""
    engine, today, _ = evaluated
    row, col = predicted_cell(today)
    facts = place_facts(engine, today, *centre(today, row, col))
    X = np.array([[float(engine.static[name].values[row, col]) for name in STATIC_FEATURES]
                  + [float(today.risk["impervious"].values[row, col]),
                     float(today.risk["groundwater_depth"].values[row, col]),
                     today.summary["design_events"]["hq100"]["precip_mm"]]], dtype=np.float32)
    p_cell = engine.model.estimator.predict_proba(X)[0, 1]
    # the row is the one the grid was predicted from: the same p (float32 grid)
    assert p_cell == pytest.approx(facts.p["hq100"], abs=1e-6)
    expected = {}
    for j, name in enumerate(FEATURES):
        typical = X.copy()
        typical[0, j] = engine.model.feature_medians[name]
        expected[name] = p_cell - engine.model.estimator.predict_proba(typical)[0, 1]
    assert 1 <= len(facts.reasons) <= 3
    for reason in facts.reasons:
        assert reason.contribution == pytest.approx(expected[reason.feature], abs=1e-9)
        assert reason.raises == (expected[reason.feature] > 0)
        assert reason.typical == engine.model.feature_medians[reason.feature]
    named = {reason.feature for reason in facts.reasons}
    weakest_named = min(abs(reason.contribution) for reason in facts.reasons)
    assert all(abs(value) <= weakest_named + 1e-12 for name, value in expected.items() if name not in named)
    sizes = [abs(reason.contribution) for reason in facts.reasons]
    assert sizes == sorted(sizes, reverse=True)


def test_a_screened_cell_has_no_model_reasons(evaluated):
    engine, today, _ = evaluated
    screened = np.argwhere(today.risk["applicable_hq100"].values == APPLICABLE_SCREENED)
    row, col = (int(v) for v in screened[len(screened) // 2])
    facts = place_facts(engine, today, *centre(today, row, col))
    assert facts.screened and facts.reasons == () and facts.p["hq100"] == 0.0


@pytest.mark.parametrize("where", ["east", "south", "nan"])
def test_a_point_off_the_grid_is_outside(evaluated, where: str):
    engine, today, future = evaluated
    x, y = float(today.risk["x"].max()), float(today.risk["y"].min())
    dx = float(abs(today.risk["x"][1] - today.risk["x"][0]))
    point = {"east": (x + dx, y + 10 * dx), "south": (x - 10 * dx, y - dx), "nan": (float("nan"), y)}[where]
    facts = place_facts(engine, today, *point, [("2100", future)])
    assert facts.status == "outside" and facts.zone is None and facts.p == {} and facts.others == ()


def test_a_cell_without_data_says_so(evaluated):
    engine, today, future = evaluated
    row, col = predicted_cell(today)
    risk = today.risk.copy(deep=True)
    risk["zone"].values[row, col] = NODATA  # as outside the municipal boundary
    holed = dataclasses.replace(today, risk=risk)
    facts = place_facts(engine, holed, *centre(today, row, col))
    assert facts.status == "no_data" and facts.zone is None and facts.reasons == ()
    other = place_facts(engine, today, *centre(today, row, col), [("Loch", holed)]).others[0]
    assert other.zone is None and other.p == {}


def test_a_map_click_in_lon_lat_lands_on_the_same_point(evaluated):
    from pyproj import Transformer

    engine, today, _ = evaluated
    x, y = centre(today, *predicted_cell(today))
    lon, lat = Transformer.from_crs(engine.region.crs, "EPSG:4326", always_xy=True).transform(x, y)
    assert lonlat_to_xy(lon, lat, engine.region.crs) == pytest.approx((x, y), abs=1e-3)


# --- rendering ------------------------------------------------------------------------------------

def _card_app(lang: str, status: str) -> None:
    from koki_climate.risk.place import PlaceFacts, Reason, ScenarioAtPlace
    from koki_climate.ui.place_card import place_card

    facts = PlaceFacts(0.0, 0.0, status, "h", (1, 1), zone=3, p={"hq10": 0.1, "hq100": 0.6, "hqextrem": 0.95},
                       spread={"hq100": 0.01}, applicable={"hq100": 1},
                       reasons=(Reason("depression_depth", 0.2, 0.8, 0.0), Reason("hand", -0.05, 9.0, 2.6)),
                       others=(ScenarioAtPlace("**Fett** [Link](https://example.org)", "o", 2, {"hq100": 0.3},
                                               {"hq100": 0.01}),))
    place_card(facts, lang, scenario_label="Sitzung März")


@pytest.mark.parametrize("lang", PLAIN_LANGUAGES)
def test_the_card_renders_in_every_language(lang: str):
    at = AppTest.from_function(_card_app, args=(lang, "inside")).run()
    assert not at.exception
    assert [h.value for h in at.subheader] == [t("plain_place_title", lang)]
    shown = " ".join(m.value for m in at.markdown)
    assert t("plain_zone_label_3", lang) in shown and t("plain_place_raises", lang) in shown
    assert t("plain_zone_3", lang) in shown
    # the scenario name someone typed is inert: no link, no bold
    assert "[Link](https://example.org)" not in shown and "**Fett**" not in shown
    assert "\\[Link\\]\\(https\\:" in shown


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_a_point_outside_shows_only_the_notice(lang: str):
    at = AppTest.from_function(_card_app, args=(lang, "outside")).run()
    assert [i.value for i in at.info] == [t("plain_place_outside", lang)]
    assert not any(t("plain_place_why", lang) in m.value for m in at.markdown)


def _language_app() -> None:
    from koki_climate.ui.widgets import language
    import streamlit as st

    st.write(language())


@pytest.mark.parametrize("mode, lang, shown, rtl", [("public", "ar", "ar", True), ("public", "tr", "tr", False),
                                                     ("planner", "ar", "de", False), ("council", "en", "en", False)])
def test_the_picker_offers_plain_languages_to_citizens_and_mirrors_arabic(monkeypatch: pytest.MonkeyPatch,
                                                                         mode: str, lang: str, shown: str,
                                                                         rtl: bool):
    monkeypatch.setenv("KOKI_MODE", mode)
    at = AppTest.from_function(_language_app)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert at.sidebar.radio[0].value == shown
    assert len(at.sidebar.radio[0].options) == (5 if mode == "public" else 2)
    styles = [el.proto.body for el in at.get("html")]
    assert any("direction: rtl" in body for body in styles) == rtl
