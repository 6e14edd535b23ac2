"""The Szenarien page and the pickers: a planner saves and publishes, council and public pick it."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from koki_climate.scenario import Scenario
from koki_climate.store import ScenarioStore

REPO = Path(__file__).resolve().parents[1]
WET = Scenario(pathway="rcp85", horizon="2071-2100", groundwater_offset_m=0.5)


def _options(at: AppTest) -> list[str]:
    return list(at.selectbox[0].options)


def test_planner_saves_a_scenario_on_the_page(app_env, library_cache, monkeypatch):
    app_env("planner")
    monkeypatch.setenv("KOKI_CACHE_DIR", str(library_cache))
    at = AppTest.from_file(str(REPO / "pages/szenarien.py"), default_timeout=600).run()
    assert not at.exception
    at.text_input[0].input("Ratsvorlage <b>Aue</b>")
    at.text_area[0].input("Hochwasser\n[Link](javascript:alert(1))")
    at.text_input[1].input("Planungsamt")
    at.button[0].click().run()
    assert not at.exception
    # the name is shown with every Markdown character escaped: the markup stays text
    assert "Ratsvorlage \\<b\\>Aue\\</b\\>@1" in at.success[0].value
    store = ScenarioStore.for_cache(library_cache)
    saved = store.version("Ratsvorlage <b>Aue</b>")
    assert saved.description == "Hochwasser\n[Link](javascript:alert(1))" and saved.author == "Planungsamt"
    assert saved.model_version and saved.data_checksum  # stamped with the engine's model and data
    store.close()


@pytest.mark.parametrize("mode", ["council", "public"])
def test_published_versions_replace_the_presets_in_council_and_public(app_env, library_cache, monkeypatch,
                                                                     mode):
    cache = library_cache
    app_env("planner")
    store = ScenarioStore.for_cache(cache)
    store.save("Sitzung", WET, description="Vorlage")
    store.publish("Sitzung", 1, actor="Frau B.")
    store.close()
    app_env(mode)
    monkeypatch.setenv("KOKI_CACHE_DIR", str(cache))
    at = AppTest.from_file(str(REPO / "pages/karte.py"), default_timeout=600)
    at.query_params["s"] = "Sitzung@1"
    at.run()
    assert _options(at) == ["Sitzung@1"]  # only what was published; the link's version is picked
    assert at.selectbox[0].value == "Sitzung@1"
    model = AppTest.from_file(str(REPO / "pages/modell.py"), default_timeout=600).run()
    audit = next(df.value for df in model.dataframe if "wer" in df.value.columns)
    assert list(audit.iloc[0])[1:] == ["Frau B.", "publish", "Sitzung@1"]


def test_without_published_versions_the_presets_remain(app_env, library_cache, monkeypatch):
    app_env("public")
    monkeypatch.setenv("KOKI_CACHE_DIR", str(library_cache))
    at = AppTest.from_file(str(REPO / "pages/karte.py"), default_timeout=600).run()
    assert "Heute" in _options(at)
    assert not (library_cache / "scenarios.sqlite").exists()  # the public instance created nothing


def test_public_mode_cannot_write_through_the_page(app_env, library_cache, monkeypatch, snapshot):
    app_env("planner")
    monkeypatch.setenv("KOKI_CACHE_DIR", str(library_cache))
    store = ScenarioStore.for_cache(library_cache)
    store.save("Bestand", WET)
    store.close()
    # SQLite's own -wal/-shm files come and go with connections; the data file and the rest must not change
    def files() -> dict:
        return {k: v for k, v in snapshot(library_cache).items() if not k.endswith(("-wal", "-shm"))}

    before = files()
    app_env("public")  # the page is not in the public navigation; even run directly it cannot write
    at = AppTest.from_file(str(REPO / "pages/szenarien.py"), default_timeout=600).run()
    at.text_input[0].input("Neu")
    at.button[0].click().run()
    assert not at.success
    assert at.error  # refused, in plain words
    after = ScenarioStore.for_cache(library_cache, read_only=True)
    assert [i.name for i in after.scenarios()] == ["Bestand"]
    after.close()
    assert files() == before


def test_planner_is_told_when_a_published_result_is_outdated(app_env, library_cache, monkeypatch):
    from koki_climate.store import PublishedResult

    app_env("planner")
    monkeypatch.setenv("KOKI_CACHE_DIR", str(library_cache))
    store = ScenarioStore.for_cache(library_cache)
    store.save("Alt", WET)
    store.publish("Alt", 1, actor="p", result=PublishedResult("computed-by-an-older-model", {}, "", []))
    store.close()
    at = AppTest.from_file(str(REPO / "pages/szenarien.py"), default_timeout=600).run()
    assert not at.exception
    assert any("anderen Modell" in w.value for w in at.warning)
    assert any(b.label == "Neu berechnen" for b in at.button)
