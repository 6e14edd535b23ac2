"""AppTest of the Modell & Transparenz page, and the model-card builders behind it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from koki_climate.ui import model_view as mv

REPO = Path(__file__).resolve().parents[1]
PAGE = "pages/modell.py"


def card_of(cache: Path) -> dict:
    cards = sorted(cache.glob("models/*/v-*/card.json"))
    assert len(cards) == 1, cards
    return json.loads(cards[0].read_text(encoding="utf-8"))


def open_page() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.switch_page(PAGE).run()
    return at


@pytest.mark.parametrize("mode", ["planner", "council", "public"])
def test_modell_page(app_env, trained_small, mode: str) -> None:
    app_env(mode)
    card = card_of(trained_small[1])
    at = open_page()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]

    metrics = next(df.value for df in at.dataframe if "räumliche Prüfung" in df.value.columns)
    auc = metrics.iloc[0]
    assert auc["räumliche Prüfung"] == pytest.approx(card["metrics"]["spatial_cv"]["roc_auc"], abs=1e-4)
    assert auc["zufällige Prüfung"] == pytest.approx(card["metrics"]["random_cv"]["roc_auc"], abs=1e-4)
    assert len(metrics) == 3  # AUC, average precision, Brier

    body = "\n".join(str(m.value) for m in at.markdown)
    assert "räumlich geprüft" in body.lower() and "§ 76 WHG" in body

    # the model beside the two baselines, per design event, with the card's numbers
    checked = card["metrics"]["validation"]
    skill = next(df.value for df in at.dataframe if "Verfahren" in df.value.columns and "CSI" in df.value.columns)
    hq100 = skill[skill["Bemessungsereignis"].str.startswith("100-jährliches Regenereignis")]
    assert list(hq100["Verfahren"]) == ["Modell", "Höhenregel (nur Höhe über Gewässer)", "Logistische Regression"]
    for (_, row), method in zip(hq100.iterrows(), ("model", "height_rule", "logistic")):
        assert row["CSI"] == pytest.approx(checked["per_design_event"]["hq100"][method]["csi"], abs=1e-3)
    # the headline names the model's and both baselines' CSI, and that the data are synthetic
    csi = checked["per_design_event"]["hq100"]
    for value in (csi["model"]["csi"], csi["height_rule"]["csi"], csi["logistic"]["csi"]):
        assert f"{value:.2f}".replace(".", ",") in body
    assert "synthetischen Beispieldaten" in body
    coverage = next(df.value for df in at.dataframe if "gemessen" in df.value.columns)
    assert set(coverage["zugesagt"]) == {"90 %"} and len(coverage) == 3
    # calibration and importance charts, the footprint table with the training row
    assert len(at.get("vega_lite_chart")) == 2
    footprint = next(df.value for df in at.dataframe if "Energie (Wh)" in df.value.columns)
    assert footprint.iloc[0]["Energie (Wh)"] == pytest.approx(card["training_footprint"]["energy_wh"], abs=1e-4)
    downloads = at.get("download_button")
    assert (len(downloads) > 0) == (mode == "planner")


def test_importance_uses_plain_feature_names(trained_small) -> None:
    card = card_of(trained_small[1])
    german = mv.importance_frame(card, "de")
    english = mv.importance_frame(card, "en")
    assert "Grundwasserflurabstand" in set(german["feature"])
    assert "depth to groundwater" in set(english["feature"])
    assert list(german["importance"]) == sorted(german["importance"], reverse=True)


def test_footprints_of_evaluated_scenarios(trained_small) -> None:
    """Each scenario evaluated in this process appears with its own compute time and energy."""
    from koki_climate.engine import Engine
    from koki_climate.scenario import Scenario

    region, cache = trained_small
    engine = Engine.open(region, cache_dir=cache, read_only=False)
    assert mv.evaluated_results(engine) == []
    result = engine.evaluate(Scenario("rcp45", "2021-2050"))
    results = mv.evaluated_results(engine)
    assert results == [result]
    table = mv.footprint_table(engine.card, results, "en")
    assert len(table) == 2 and table.iloc[1]["Run"].startswith("Scenario rcp45 2021-2050")
    assert table.iloc[1]["Wall time (s)"] == pytest.approx(result.summary["footprint"]["wall_s"], abs=0.01)
    rows = mv.applicability_rows(engine.card, results, "en")
    assert rows["Item"].str.contains("Share inside").any()
    assert mv.evaluated_results(object()) == []  # no cache: nothing, no error
