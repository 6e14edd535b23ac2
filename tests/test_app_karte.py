"""AppTest of the Karte page: pages per mode, scenario switching, the map payload, shareable links."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from koki_climate.presets import Preset
from koki_climate.scenario import LandUseChange, Scenario
from koki_climate.ui.maps import NO_BASEMAP
from koki_climate.ui.url_state import parse_choice, parse_scenario, scenario_value

REPO = Path(__file__).resolve().parents[1]
KARTE = "pages/karte.py"
FUTURE = "2100 ungebremst (RCP8.5)"
MODE_PAGES = {  # as app.py defines them; a page is listed only if its file exists
    "planner": ("karte", "vergleich", "grundwasser", "szenarien", "beteiligung", "modell", "daten"),
    "council": ("vergleich", "karte", "modell"),
    "public": ("karte", "vergleich", "grundwasser", "modell", "mitwirken"),
    "participation": ("mitwirken", "karte", "vergleich", "grundwasser", "modell"),
}
#: the page each mode opens with
FIRST_TITLE = {"planner": "Karte", "council": "Vergleich", "public": "Karte", "participation": "Mitwirken"}


def run_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_karte(**params: str) -> AppTest:
    at = run_app(**params)
    if at.title[0].value not in ("Karte", "Map"):  # council lands on the Vergleich
        at.switch_page(KARTE).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def deck_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.json) for chart in at.get("deck_gl_json_chart")]


def unquote(value: str) -> str:
    return value.strip("'\"`")


# --- pages and controls per mode -----------------------------------------------------------------

@pytest.mark.parametrize("mode", ["planner", "council", "public", "participation"])
def test_each_mode_lists_its_pages_and_lands_on_its_default(app_env, mode: str) -> None:
    app_env(mode)
    at = run_app()
    registered = [Path(info["script_path"]).stem for info in at._registered_pages.values()]  # noqa: SLF001
    expected = [key for key in MODE_PAGES[mode] if (REPO / "pages" / f"{key}.py").exists()]
    assert registered == expected
    assert at.title[0].value == FIRST_TITLE[mode]
    assert any("§ 76 WHG" in caption.value for caption in at.caption)  # the legal note


def test_planner_karte_offers_custom_scenario_controls(app_env) -> None:
    app_env("planner")
    at = open_karte()
    keys = {widget.key for widget in at.selectbox}
    assert {"karte_choice", "karte_pathway", "karte_horizon", "karte_layer"} <= keys
    assert {widget.key for widget in at.multiselect} == {"karte_unseal", "karte_retention"}
    assert at.toggle(key="karte_develop") is not None
    assert any(info.value.startswith("Beispieldaten") for info in at.info)  # synthetic-data notice


@pytest.mark.parametrize("mode", ["public", "council"])
def test_public_and_council_karte_show_presets_only(app_env, mode: str) -> None:
    app_env(mode)
    at = open_karte()
    assert [widget.key for widget in at.selectbox if widget.key.startswith("karte_")] == ["karte_choice",
                                                                                         "karte_layer"]
    assert not at.get("file_uploader")
    assert not at.multiselect and not at.slider and not at.toggle
    assert not [b for b in at.button if b.key is None or "train" in b.key or "save" in b.key]


# --- scenario switching and the map ---------------------------------------------------------------

def test_switching_the_scenario_changes_the_headline_and_the_link(app_env) -> None:
    app_env("planner")
    at = open_karte()
    before = metrics(at)
    assert set(before) == {"Freihalten", "Bauen mit Auflagen", "Hohes Grundwasser", "Keine Einschränkung",
                           "Konflikte"}
    at.selectbox(key="karte_choice").set_value(FUTURE).run()
    assert not at.exception
    after = metrics(at)
    assert after != before
    assert after["Freihalten"] != before["Freihalten"]
    assert at.query_params["s"] in (FUTURE, [FUTURE])
    # choosing a preset loads its values into the custom controls
    assert at.selectbox(key="karte_pathway").value == "rcp85"
    assert at.toggle(key="karte_develop").value is True


def test_the_map_is_one_image_and_simplified_vectors(app_env, trained_small) -> None:
    from koki_climate.region import open_region

    app_env("planner")
    n_parcels = len(open_region(trained_small[0]).parcels)
    at = open_karte(layer="p", event="hq100")
    assert at.selectbox(key="karte_layer").value == "p"
    [spec] = deck_specs(at)
    raw = at.get("deck_gl_json_chart")[0].proto.json
    assert len(raw) < 3_000_000
    bitmaps = [layer for layer in spec["layers"] if layer["@@type"] == "BitmapLayer"]
    assert {layer["id"] for layer in bitmaps} >= {"relief", "overlay", "aoa"}
    for layer in bitmaps:
        assert unquote(layer["image"]).startswith("data:image/png;base64,")
        assert len(layer["bounds"]) == 4
    for layer in spec["layers"]:
        data = layer.get("data")
        size = len(data["features"]) if isinstance(data, dict) else len(data or [])
        assert size <= n_parcels + 5, layer["id"]
    parcels = next(layer for layer in spec["layers"] if layer["id"] == "parcels")
    assert parcels["pickable"] is True
    props = parcels["data"]["features"][0]["properties"]
    assert {"parcel_id", "use", "zones", "conflict_text", "reasons_text"} <= set(props)
    tooltip = json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip)
    assert "{reasons_text}" in tooltip["html"] and "Flurstück" in tooltip["html"]
    # offline: pydeck's "no basemap" style, which Streamlit draws as nothing (an absent style would
    # make it fetch Carto's from the internet)
    assert spec["mapStyle"] == NO_BASEMAP and "mapProvider" not in spec


def test_a_configured_basemap_is_the_decks_style(app_env, monkeypatch: pytest.MonkeyPatch) -> None:
    style = "http://127.0.0.1:8080/styles/basemap/style.json"
    monkeypatch.setenv("KOKI_BASEMAP_STYLE", style)
    app_env("public")
    [spec] = deck_specs(open_karte())
    assert spec["mapStyle"] == style and spec["mapProvider"] == "maplibre"
    assert spec["layers"][0]["id"] == "relief"  # our layers are still drawn on top


def test_one_deck_builder_serves_every_map(monkeypatch: pytest.MonkeyPatch) -> None:
    """Karte, Vergleich and the wells map all go through ``maps.deck``: compact JSON, the basemap setting."""
    import pydeck as pdk

    from koki_climate.ui import groundwater_view, risk_map
    from koki_climate.ui.maps import deck

    assert risk_map.deck is deck and groundwater_view.deck is deck
    view = pdk.ViewState(longitude=8.0, latitude=50.0, zoom=10)
    monkeypatch.delenv("KOKI_BASEMAP_STYLE", raising=False)
    raw = deck([], view).to_json()
    assert "\n" not in raw and json.loads(raw)["mapStyle"] == NO_BASEMAP
    monkeypatch.setenv("KOKI_BASEMAP_STYLE", "https://tiles.example.org/style.json")
    assert json.loads(deck([], view).to_json())["mapStyle"] == "https://tiles.example.org/style.json"


def test_zone_layer_draws_zone_polygons(app_env) -> None:
    app_env("public")
    at = open_karte()
    [spec] = deck_specs(at)
    zones = next(layer for layer in spec["layers"] if layer["id"] == "zones")
    assert zones["@@type"] == "GeoJsonLayer"
    assert {f["properties"]["zone"] for f in zones["data"]["features"]} <= {1, 2, 3}
    legend = at.markdown[[i for i, m in enumerate(at.markdown) if "koki-legend" in m.value][0]].value
    assert "Freihalten" in legend


# --- shareable links ------------------------------------------------------------------------------

def test_link_with_a_preset_opens_that_scenario(app_env) -> None:
    app_env("public")
    at = open_karte(s=FUTURE, layer="groundwater_depth")
    assert at.selectbox(key="karte_choice").value == FUTURE
    assert at.selectbox(key="karte_layer").value == "groundwater_depth"
    assert not at.warning


def test_garbage_in_the_link_gives_a_message_not_a_traceback(app_env) -> None:
    app_env("planner")
    at = open_karte(s='{"pathway": "rcp99"', layer="nonsense")
    assert at.warning and "ungültiges Szenario" in at.warning[0].value
    assert any("nonsense" in info.value for info in at.info)
    assert at.selectbox(key="karte_choice").value == "Heute"
    assert at.selectbox(key="karte_layer").value == "zone"
    assert at.metric  # the page still works


def test_public_links_accept_only_presets(app_env) -> None:
    app_env("public")
    custom = Scenario("rcp45", "2071-2100", groundwater_offset_m=0.5).canonical_json()
    at = open_karte(s=custom)
    assert at.warning and "vorbereitete Szenarien" in at.warning[0].value
    assert at.selectbox(key="karte_choice").value == "Heute"


def test_planner_link_with_scenario_json_opens_a_custom_scenario(app_env) -> None:
    app_env("planner")
    custom = Scenario("rcp85", "2071-2100", land_use_changes=(LandUseChange("develop_planned"),),
                      policy="precautionary")
    at = open_karte(s=custom.canonical_json())
    assert not at.warning
    # equal to a preset: recognised as that preset
    assert at.selectbox(key="karte_choice").value == "2100 RCP8.5 vorsorgend"
    assert at.radio(key="karte_policy").value == "precautionary"


def test_english_link_shows_english_titles(app_env) -> None:
    app_env("planner")
    at = open_karte(lang="en")
    assert at.title[0].value == "Map"
    assert "Keep free" in metrics(at)
    assert any("advisory" in caption.value for caption in at.caption)
    # preset names are shown in English; the German name stays the value (links, CLI)
    box = at.selectbox(key="karte_choice")
    assert box.value == "Heute"
    assert "Today" in box.format_func(box.value) and "Heute" not in box.format_func(box.value)


def test_details_say_how_the_design_rain_is_made_and_how_the_zone_compares(app_env, trained_small) -> None:
    """The details name the areal reduction, the screened share and the held-out CSI beside the baselines."""
    from koki_climate.engine import Engine
    from koki_climate.scenario import Scenario

    app_env("planner")
    at = open_karte()
    region, cache = trained_small
    summary = Engine.open(region, cache_dir=cache).evaluate(Scenario()).summary
    events = next(df.value for df in at.dataframe if "Flächenabminderung" in df.value.columns)
    # the 900 km² sample: 1 - 0.0876 (1 - e^(-0.01 * 900 / 2.59)) = 0.915
    assert events["Flächenabminderung"].iloc[0] == pytest.approx(0.915, abs=1e-3)
    assert events["Referenz (mm)"].iloc[0] == pytest.approx(events["Punktwert heute (mm)"].iloc[0] * 0.915, rel=2e-3)
    screened = f"{summary['screened_share'] * 100:.0f} % der Fläche"
    assert any(screened in caption.value for caption in at.caption)
    csi = summary["validation"]["per_design_event"]["hq100"]
    body = "\n".join(m.value for m in at.markdown)
    assert f"Modell {csi['model']['csi']:.2f}, Höhenregel {csi['height_rule']['csi']:.2f}" in body


# --- the pure URL parsing -------------------------------------------------------------------------

PRESETS = [Preset("Heute", Scenario(), "", ""), Preset("Zukunft", Scenario("rcp85", "2071-2100"), "", "")]


def test_url_values_parse_to_presets_custom_scenarios_or_plain_errors() -> None:
    assert parse_scenario("heute", PRESETS, allow_custom=False).preset == "Heute"
    future_json = Scenario("rcp85", "2071-2100").canonical_json()
    assert parse_scenario(future_json, PRESETS, allow_custom=False).preset == "Zukunft"
    custom = Scenario("rcp26", "2021-2050").canonical_json()
    parsed = parse_scenario(custom, PRESETS, allow_custom=True)
    assert parsed.preset is None and parsed.scenario.pathway == "rcp26"
    assert parse_scenario(custom, PRESETS, allow_custom=False).error
    assert "Quatsch" in parse_scenario("Quatsch", PRESETS, allow_custom=True).error
    assert "pathway" in parse_scenario('{"pathway": "rcp99"}', PRESETS, allow_custom=True).error
    assert parse_scenario("", PRESETS, allow_custom=True).error
    assert scenario_value(Scenario(), PRESETS) == "Heute"
    assert scenario_value(Scenario("rcp26", "2021-2050"), PRESETS).startswith("{")
    assert parse_choice("p", ("zone", "p"), "zone") == ("p", True)
    assert parse_choice("x", ("zone", "p"), "zone") == ("zone", False)
    assert parse_choice(None, ("zone", "p"), "zone") == ("zone", True)
