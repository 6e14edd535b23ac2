"""Citizens → planner → public in real browsers: a comment on the published map, moderated, then public.

One cache (one SQLite library) shared by a participation, a planner and a public server,
as one deployment would share its database.
"""
from __future__ import annotations

import pytest

from tests.browser.conftest import ARTIFACTS, wait_for_app, wait_idle
from tests.browser.served import start_app, stop_app
from tests.participation_library import prepared_library

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DECK = "[data-testid=stDeckGlJsonChart]"
CANVAS = f"{DECK} canvas"  # the chart with selection events: its wrapper counts as hidden to Playwright
TEXT = "Im Juli 2021 stand hier <b>knietief</b> Wasser."
OTHER_VOICES = [
    "Der Radweg an der Aue ist bei Regen überflutet.", "Bitte mehr Bäume an der Hauptstraße pflanzen.",
    "Der Keller in der Mühlenstraße lief 2021 voll Wasser.", "Warum ist die Wiese am Bach keine Bauzone?",
    "Die Kanalisation in der Altstadt ist zu klein für Starkregen.", "Mehr Grünflächen statt Parkplätze!",
    "Der Bach tritt jedes Frühjahr über die Ufer.", "Wird das Neubaugebiet Nord vor Hochwasser geschützt?",
    "Die Straße am Bahnhof steht bei Gewitter unter Wasser.", "Bitte Regenrückhaltebecken am Ortsrand bauen.",
    "Die Schule braucht einen sicheren Fußweg.",
]


def _post_from_the_map(page, url: str) -> None:
    wait_for_app(page, f"{url}/", CANVAS)  # Mitwirken is the participation instance's first page
    deck = page.locator(CANVAS).first
    deck.scroll_into_view_if_needed()
    box = deck.bounding_box()
    easting = page.get_by_label("Ostwert (m)")
    assert easting.input_value() == ""  # nothing chosen yet
    page.mouse.click(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.wait_for_function("() => { const e = [...document.querySelectorAll('input')].find("
                           "i => i.getAttribute('aria-label') === 'Ostwert (m)'); return e && e.value !== ''; }",
                           timeout=180_000)  # the software renderer rebuilds the deck: seconds
    wait_idle(page, 180)
    page.get_by_text("Hier stand schon Wasser").click()
    page.get_by_role("textbox", name="Ihr Text").fill(TEXT)
    page.get_by_role("button", name="Hinweis senden").click()
    page.locator("[data-testid=stAlertContentSuccess]").wait_for(timeout=60_000)
    wait_idle(page)


def test_a_citizen_comments_on_the_map_and_the_public_sees_it_after_approval(page, trained_small, tmp_path):
    region, cache, centre = prepared_library(trained_small, tmp_path)
    ARTIFACTS.mkdir(exist_ok=True)
    participation, url = start_app(region, cache, "participation", ARTIFACTS / "streamlit-participation.log")
    try:
        _post_from_the_map(page, url)
        page.screenshot(path=str(ARTIFACTS / "participation-posted.png"), full_page=True)
        assert page.get_by_text(TEXT).count() == 0  # not public before a planner approved it

        wait_for_app(page, f"{url}/?lang=ar", CANVAS)
        direction = page.locator("[data-testid=stMainBlockContainer]").first.evaluate(
            "e => getComputedStyle(e).direction")
        assert direction == "rtl"
        page.screenshot(path=str(ARTIFACTS / "participation-arabic.png"), full_page=True)
    finally:
        stop_app(participation)

    from koki_climate.participation.comments import CommentStore, NewComment

    stored = CommentStore.for_cache(cache, mode="public").comments()
    assert [(c.text, c.category, c.scenario_ref) for c in stored] == [(TEXT, "water_seen", "Entwurf@1")]
    assert stored[0].zone is not None and stored[0].radius_m > 0
    # the click in the middle of the map chose a place in the middle of the region (30 km wide)
    assert abs(stored[0].x - centre[0]) < 2_000 and abs(stored[0].y - centre[1]) < 2_000
    others = CommentStore.for_cache(cache, mode="participation")  # more voices, so the digest has material
    for i, text in enumerate(OTHER_VOICES):
        others.post(NewComment(f"more-{i}", "Entwurf", 1, stored[0].x, stored[0].y, "hint", text, stored[0].crs))
    others.close()

    planner, url = start_app(region, cache, "planner", ARTIFACTS / "streamlit-participation-planner.log")
    try:
        wait_for_app(page, f"{url}/beteiligung")
        # in the moderation table (a canvas grid: its cells are in the DOM for screen readers, as text)
        page.locator("[role=gridcell]", has_text=TEXT).first.wait_for(state="attached")
        assert page.locator("b", has_text="knietief").count() == 0
        page.get_by_role("button", name="Themen berechnen").click()
        page.get_by_text(f"aus {len(OTHER_VOICES) + 1} Kommentaren").first.wait_for(timeout=120_000)
        wait_idle(page)
        page.locator("[data-testid=stMultiSelect]").filter(has_text="Kommentare auswählen").click()
        page.keyboard.type(f"#{stored[0].id} · Hier")  # exactly one option left
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        wait_idle(page)
        page.get_by_role("button", name="Freigeben").click()
        wait_idle(page)
        for _ in range(120):  # the page's review lands in the database
            if CommentStore.for_cache(cache, mode="public").approved():
                break
            page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "participation-planner.png"), full_page=True)
    finally:
        stop_app(planner)
    assert [c.id for c in CommentStore.for_cache(cache, mode="public").approved()] == [stored[0].id]

    public, url = start_app(region, cache, "public", ARTIFACTS / "streamlit-participation-public.log")
    try:
        wait_for_app(page, f"{url}/mitwirken", CANVAS)
        page.get_by_text(TEXT).wait_for(timeout=60_000)  # shown, and as text: the <b> is not markup
        assert page.locator("b", has_text="knietief").count() == 0
        assert page.get_by_role("button", name="Hinweis senden").count() == 0  # no form on the public instance
        assert page.get_by_text(OTHER_VOICES[0]).count() == 0  # not approved, not shown
    finally:
        stop_app(public)
