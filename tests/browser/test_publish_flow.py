"""Planner → public in real browsers: a planner saves and publishes a scenario, a public server shows it."""
from __future__ import annotations

import shutil

import pytest

from tests.browser.conftest import ARTIFACTS, wait_for_app, wait_idle
from tests.browser.served import start_app, stop_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DECK = "[data-testid=stDeckGlJsonChart]"
NAME = "Ratssitzung <i>März</i>"  # markup in a name must stay text


def test_planner_publishes_and_the_public_instance_shows_it(page, trained_small, tmp_path) -> None:
    region, trained = trained_small
    cache = tmp_path / "cache"
    shutil.copytree(trained, cache)
    ARTIFACTS.mkdir(exist_ok=True)

    planner, url = start_app(region, cache, "planner", ARTIFACTS / "streamlit-publish-planner.log")
    try:
        wait_for_app(page, f"{url}/szenarien")
        page.get_by_label("Name", exact=True).fill(NAME)
        page.get_by_label("Beschreibung").fill("Vorlage für den Rat")
        page.get_by_role("button", name="Speichern").click()
        page.get_by_text(f"Gespeichert als {NAME}@1.").wait_for(timeout=60_000)
        wait_idle(page)
        page.locator("[data-testid=stExpander] summary").filter(has_text="Ratssitzung").click()
        page.get_by_role("button", name="Veröffentlichen").click()
        page.get_by_text(f"{NAME}@1 ist veröffentlicht.").wait_for(timeout=300_000)
        wait_idle(page)
    finally:
        stop_app(planner)

    public, url = start_app(region, cache, "public", ARTIFACTS / "streamlit-publish-public.log")
    try:
        wait_for_app(page, url, DECK)
        picker = page.locator("[data-testid=stSelectbox]").first
        shown = picker.inner_text() + " ".join(i.input_value() for i in picker.locator("input").all())
        assert f"{NAME}@1" in shown  # the published version, not the presets
        assert page.locator("i", has_text="März").count() == 0  # the name was shown as text, not markup
        assert page.locator(DECK).count() >= 1  # its result was precomputed: the map draws
        assert "nicht vorbereitet" not in page.content()
        page.screenshot(path=str(ARTIFACTS / "public-published.png"))
    finally:
        stop_app(public)
