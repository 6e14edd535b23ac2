"""AppTest of the Vergleich page: the difference table, downloads, the council's pair switcher, links."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
VERGLEICH = "pages/vergleich.py"
FUTURE = "2100 ungebremst (RCP8.5)"


def open_vergleich(**params: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if at.title[0].value not in ("Vergleich", "Comparison"):
        # a browser opens /vergleich?a=…&b=… directly; here the landing page ran first and cleaned the URL
        for name, value in params.items():
            at.query_params[name] = value
        at.switch_page(VERGLEICH).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def download_labels(at: AppTest) -> list[str]:
    return [button.label for button in at.get("download_button")]


def area_table(at: AppTest):
    return next(frame.value for frame in at.dataframe if "Zone" in frame.value.columns)


def test_planner_compares_today_with_2100(app_env) -> None:
    app_env("planner")
    at = open_vergleich()
    assert at.selectbox(key="cmp_a_choice").value == "Heute"
    assert at.selectbox(key="cmp_b_choice").value == FUTURE
    table = area_table(at)
    a, b, diff = table.columns[1], table.columns[2], table.columns[3]
    assert np.allclose(table[diff], table[b] - table[a])
    assert abs(table[diff].sum()) < 1e-6 * max(1.0, table[a].sum())  # the same region is split differently
    assert table[diff].abs().sum() > 0
    # B's figures with the change from A
    assert any(metric.label == "Freihalten" and metric.proto.body for metric in at.metric)
    # three maps: A, B and the change; each one image plus simplified vectors
    specs = [json.loads(chart.proto.json) for chart in at.get("deck_gl_json_chart")]
    assert len(specs) == 3
    for spec in specs:
        images = [layer for layer in spec["layers"] if layer["@@type"] == "BitmapLayer"]
        assert images and all(layer["image"].strip("'\"").startswith("data:image/png") for layer in images)
    assert download_labels(at) == ["Handout (PDF)", "Zonen und Flurstücke B (GeoPackage)", "Rasterdaten B (NetCDF)",
                                   "Tabellen (CSV)"]
    assert at.query_params["a"] in ("Heute", ["Heute"]) and "s" not in at.query_params


def test_the_downloads_are_valid_files(trained_small) -> None:
    from koki_climate.compare import compare_results
    from koki_climate.engine import Engine
    from koki_climate.presets import presets
    from koki_climate.ui import compare_exports

    region, cache = trained_small
    engine = Engine.open(region, cache_dir=cache)
    named = {p.name: p.scenario for p in presets(engine.region, engine.static["hand"].values)}
    a, b = engine.evaluate(named["Heute"]), engine.evaluate(named[FUTURE])
    cmp = compare_results(a, b)
    pdf = compare_exports.handout_bytes(a, b, cmp, engine.card, region_name=engine.region.name, label_a="Heute",
                                        label_b=FUTURE, lang="de", parcels=engine.region.parcels)
    assert pdf.startswith(b"%PDF")
    assert compare_exports.gpkg_bytes(b, engine.region.parcels).startswith(b"SQLite format 3")
    assert compare_exports.netcdf_bytes(b)[:4] == b"\x89HDF"
    csv = compare_exports.csv_bytes(cmp, "de", "Heute", FUTURE).decode("utf-8-sig")
    assert "Differenz" in csv and "Flurstück" in csv


def test_council_lands_on_the_comparison_with_one_click_pairs(app_env) -> None:
    app_env("council")
    at = open_vergleich()
    assert at.title[0].value == "Vergleich"
    switcher = at.segmented_control(key="cmp_pair")
    assert len(switcher.options) >= 2
    assert not [w for w in at.selectbox if w.key and w.key.startswith("cmp_a")]  # no scenario editing
    assert not at.multiselect and not at.slider
    assert download_labels(at) == ["Handout (PDF)", "Tabellen (CSV)"]
    assert any("font-size" in m.value for m in at.markdown)  # big type for the projector
    before = {m.label: m.value for m in at.metric}
    switcher.set_value(1).run()
    assert not at.exception
    after = {m.label: m.value for m in at.metric}
    assert after != before
    assert at.query_params["a"] in (FUTURE, [FUTURE])


def test_council_ignores_a_broken_link(app_env) -> None:
    app_env("council")
    at = open_vergleich(a="Quatsch", b=FUTURE)
    assert at.warning and "Quatsch" in at.warning[0].value
    assert at.segmented_control(key="cmp_pair").value == 0
    assert at.metric


def test_link_sets_both_scenarios(app_env) -> None:
    app_env("public")
    at = open_vergleich(a=FUTURE, b="Heute", lang="en")
    assert at.title[0].value == "Comparison"
    assert at.selectbox(key="cmp_a_choice").value == FUTURE
    assert at.selectbox(key="cmp_b_choice").value == "Heute"
    assert not at.warning
    table = area_table(at)
    assert list(table.columns) == ["Zone", "A (ha)", "B (ha)", "Difference (ha)"]
    assert not at.multiselect and not at.slider  # public: presets only
    assert download_labels(at) == ["Handout (PDF)", "Tables (CSV)"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_change_legend_is_translated(app_env, lang: str) -> None:
    app_env("public")
    at = open_vergleich(lang=lang)
    text = " ".join(m.value for m in at.markdown)
    assert ("strengere Zone" if lang == "de" else "stricter zone") in text
