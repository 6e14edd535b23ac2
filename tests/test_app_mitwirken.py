"""The Mitwirken page: a citizen comments on a published version; only approved comments are public."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from koki_climate.engine import Engine
from koki_climate.participation.comments import CommentStore
from koki_climate.scenario import Scenario
from koki_climate.store import ScenarioStore
from koki_climate.zoning import ZONE_CLASSES

REPO = Path(__file__).resolve().parents[1]
WET = Scenario(pathway="rcp85", horizon="2071-2100", groundwater_offset_m=0.5)
TRICK = "<b>fett</b> [Link](javascript:alert(1)) \u202eevil"


@pytest.fixture
def published(app_env, library_cache, monkeypatch) -> Path:
    app_env("planner")
    monkeypatch.setenv("KOKI_CACHE_DIR", str(library_cache))
    store = ScenarioStore.for_cache(library_cache)
    store.save("Entwurf Aue", WET, description="Vorlage")
    store.publish("Entwurf Aue", 1, actor="Planung")
    store.close()
    CommentStore.for_cache(library_cache, mode="planner").close()  # the planner instance migrates on open
    import os

    Engine.open(os.environ["KOKI_REGION"], cache_dir=library_cache).evaluate(WET)  # prepared when published
    return library_cache


def _flooded_cell(cache: Path, region: str) -> tuple[float, float, str]:
    """Centre of a cell in the strictest zone of the published result, and that zone's name."""
    engine = Engine.open(region, cache_dir=cache, read_only=False)  # the planner prepared what it published
    zone = engine.evaluate(WET).risk["zone"]
    codes = np.asarray(zone.values)
    strictest = max(int(c) for c in np.unique(codes) if int(c) in ZONE_CLASSES)
    row, col = (int(i[0]) for i in np.nonzero(codes == strictest))
    return float(zone["x"][col]), float(zone["y"][row]), ZONE_CLASSES[strictest]


def _page(lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(REPO / "pages/mitwirken.py"), default_timeout=600)
    at.query_params["lang"] = lang
    return at.run()


def test_citizen_posts_a_comment_that_stays_hidden_until_approved(published, app_env, monkeypatch):
    import os

    x, y, zone = _flooded_cell(published, os.environ["KOKI_REGION"])
    app_env("participation")
    at = _page()
    assert not at.exception
    at.number_input(key="mit_x").set_value(x)
    at.number_input(key="mit_y").set_value(y)
    at.radio(key="mit_category").set_value("water_seen")
    at.text_area[0].input(TRICK)
    at.button[0].click().run()
    assert not at.exception and len(at.success) == 1
    stored = CommentStore.for_cache(published, mode="public").comments()
    assert [(c.text, c.zone, c.scenario_ref, c.category, c.status) for c in stored] == [
        (TRICK, zone, "Entwurf Aue@1", "water_seen", "pending")]
    assert not any(TRICK in text.value for text in at.text)  # not public before review

    app_env("planner")
    CommentStore.for_cache(published, mode="planner").review(stored[0].id, "approved", actor="Planung")
    app_env("public")
    public = _page()
    shown = [text.value for text in public.text]
    # shown as text, the bidi override made visible: no HTML, no Markdown, no reversed text
    assert "<b>fett</b> [Link](javascript:alert(1)) ⟨U+202E⟩evil" in shown
    assert not public.text_area  # the public instance has no form


def test_participation_refuses_a_point_outside_the_region(published, app_env):
    app_env("participation")
    at = _page("en")
    at.number_input(key="mit_x").set_value(-1e7)
    at.number_input(key="mit_y").set_value(-1e7)
    at.text_area[0].input("Hier!")
    at.button[0].click().run()
    assert at.error and not at.success
    assert CommentStore.for_cache(published, mode="public").comments() == []


def test_without_a_published_version_the_page_says_so(app_env, library_cache, monkeypatch):
    app_env("participation")
    monkeypatch.setenv("KOKI_CACHE_DIR", str(library_cache))
    at = _page()
    assert not at.exception and at.info and not at.text_area


@pytest.mark.parametrize("lang, title", [("de", "Was bedeutet das für diese Stelle?"), ("ar", None)])
def test_a_chosen_place_gets_its_place_card(published, app_env, lang, title):
    import os

    from koki_climate.ui.i18n import TEXTS

    x, y, _ = _flooded_cell(published, os.environ["KOKI_REGION"])
    app_env("participation")
    at = _page(lang)
    at.number_input(key="mit_x").set_value(x)
    at.number_input(key="mit_y").set_value(y)
    at.run()
    assert not at.exception
    expected = title or next(v[lang] for v in TEXTS.values() if v.get("de") == "Was bedeutet das für diese Stelle?")
    assert expected in [h.value for h in at.subheader]
