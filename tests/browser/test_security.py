"""In a real browser: no page of any mode talks to another origin or trips the Content-Security-Policy.

Every request the page makes is recorded (documents, scripts, fetches, the websocket,
workers); a violation of the policy shows as a ``securitypolicyviolation`` event in the
page or as a console message, and both are collected. A configured basemap is the one
other origin the page may reach.
"""
from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image

from tests.browser.conftest import ARTIFACTS, _server, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DECK = "[data-testid=stDeckGlJsonChart]"
#: the MapLibre (or Mapbox) map Streamlit puts under a deck when the deck has a basemap style; it
#: is created with the deck, before it fetches its style, so its absence is certain as soon as
#: the deck's canvas is there (the style request itself may come later than any wait)
BASEMAP = f"{DECK} .maplibregl-map, {DECK} .mapboxgl-map"
CHART = "[data-testid=stVegaLiteChart]"
#: every page of every mode: (mode, URL path, title, what shows when it is drawn: (selector, at least));
#: the first page of a mode is at "/". Waiting for the maps and charts makes sure deck.gl, its
#: workers and Vega ran under the policy before the traffic is judged.
PAGES = [
    ("planner", "", "Karte", ((DECK, 1),)),
    ("planner", "vergleich", "Vergleich", ((DECK, 2),)),
    ("planner", "grundwasser", "Grundwasser", ((DECK, 1), (CHART, 1))),
    ("planner", "modell", "Modell & Transparenz", ((CHART, 1),)),
    ("planner", "daten", "Daten", ()),
    ("council", "", "Vergleich", ((DECK, 2),)),
    ("council", "karte", "Karte", ((DECK, 1),)),
    ("council", "modell", "Modell & Transparenz", ((CHART, 1),)),
    ("public", "", "Karte", ((DECK, 1),)),
    ("public", "vergleich", "Vergleich", ((DECK, 2),)),
    ("public", "grundwasser", "Grundwasser", ((DECK, 1),)),
    ("public", "modell", "Modell & Transparenz", ((CHART, 1),)),
]
#: registered before any script of the page runs: the browser's own report of each blocked load
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
    (event) => window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
"""


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Traffic:
    """What a page asked for and what the browser refused, while it was open."""

    origin: str
    urls: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def elsewhere(self, *allowed: str) -> list[str]:
        """URLs outside the app's origin (and ``allowed``); data: and same-origin blob: stay inside."""
        host = urlsplit(self.origin).netloc
        inside = {self.origin, f"ws://{host}", *allowed}
        return [url for url in self.urls
                if not (url.startswith("data:") or url.startswith(f"blob:{self.origin}/") or url == "about:blank"
                        or origin(url) in inside)]


def watch(page, url: str) -> Traffic:
    """Record every request, websocket and worker of ``page`` and every policy violation."""
    traffic = Traffic(origin(url))
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on("request", lambda request: traffic.urls.append(request.url))
    page.on("websocket", lambda socket: traffic.urls.append(socket.url))
    page.on("worker", lambda worker: traffic.urls.append(worker.url))

    def note(text: str) -> None:
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            traffic.violations.append(text)

    page.on("console", lambda message: note(message.text))
    page.on("pageerror", lambda error: note(str(error)))
    return traffic


def open_page(page, url: str, title: str, ready: tuple[tuple[str, int], ...] = ((DECK, 1),)) -> None:
    """Open ``url``, wait for ``title``, for the ``ready`` elements and the end of the run, and for the maps."""
    page.goto(url)
    page.wait_for_selector("[data-testid=stApp]")
    page.locator("[data-testid=stMain] h1").filter(has_text=title).first.wait_for(timeout=120_000)
    for selector, least in ready:
        page.locator(selector).nth(least - 1).wait_for(timeout=180_000)
    wait_idle(page, 180)
    for index in range(page.locator(DECK).count()):
        page.locator(DECK).nth(index).locator("canvas").first.wait_for(state="visible")
    page.wait_for_timeout(2000)  # images, workers and tiles load after the first frame


def violations(page, traffic: Traffic) -> list[str]:
    return traffic.violations + page.evaluate("window.__cspViolations || []")


@pytest.mark.parametrize("mode, path, title, ready", PAGES, ids=[f"{m}-{p or 'start'}" for m, p, *_ in PAGES])
def test_pages_stay_on_their_origin_within_the_policy(page, request, mode: str, path: str, title: str,
                                                      ready: tuple[tuple[str, int], ...]) -> None:
    url = request.getfixturevalue(f"{mode}_url")
    traffic = watch(page, url)
    open_page(page, f"{url}/{path}", title, ready)
    assert traffic.urls  # the recorder saw the page load
    assert any(u.startswith("ws://") for u in traffic.urls)  # websockets are recorded too
    assert page.locator(BASEMAP).count() == 0  # no basemap that could fetch a style from elsewhere
    assert traffic.elsewhere() == []
    assert violations(page, traffic) == []
    text = page.locator("[data-testid=stMain]").inner_text()
    assert "does not seem to exist" not in page.content() and "Traceback" not in text


def test_public_error_details_stay_hidden_in_the_browser(page, public_url) -> None:
    """A link with a scenario nested 3,000 levels deep: no traceback, no path, the map page still works."""
    traffic = watch(page, public_url)
    open_page(page, f"{public_url}/?s={'[' * 3000}{']' * 3000}", "Karte")
    text = page.locator("[data-testid=stApp]").inner_text()
    for leak in ("Traceback", "RecursionError", "File \"", ".py", "/tmp/", "site-packages"):
        assert leak not in text, leak
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator(DECK).count() == 1
    assert violations(page, traffic) == []


# --- a configured basemap ----------------------------------------------------------------------------

#: a MapLibre style drawing nothing but a magenta background: easy to find on the screenshot
STYLE = {"version": 8, "sources": {}, "layers": [{"id": "bg", "type": "background",
                                                  "paint": {"background-color": "#ff00ff"}}]}


@pytest.fixture(scope="module")
def style_server() -> Iterator[tuple[str, list[str]]]:
    """A basemap style on another origin (CORS open, as tile servers are); yields its URL and the paths asked."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            asked.append(self.path)
            body = json.dumps(STYLE).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/style.json", asked
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def basemap_url(prepared_small, style_server) -> Iterator[str]:
    yield from _server(prepared_small, "public", env={"KOKI_BASEMAP_STYLE": style_server[0]}, name="basemap")


def test_a_configured_basemap_is_the_one_other_origin(page, basemap_url, style_server) -> None:
    style_url, asked = style_server
    traffic = watch(page, basemap_url)
    open_page(page, basemap_url, "Karte")
    assert page.locator(BASEMAP).count() == 1
    for _ in range(120):  # MapLibre asks for its style once the map has started
        if asked:
            break
        page.wait_for_timeout(500)
    page.wait_for_timeout(2000)  # and draws it after it arrived
    assert asked == ["/style.json"]
    assert style_url in traffic.urls
    assert traffic.elsewhere(origin(style_url)) == []
    assert violations(page, traffic) == []
    pixels = np.asarray(Image.open(io.BytesIO(page.locator(DECK).first.screenshot())).convert("RGB")).reshape(-1, 3)
    # the region covers the middle of the map; around it the style's background shows
    assert ((pixels == (255, 0, 255)).all(axis=1)).mean() > 0.05, "the basemap's background is not drawn"
    page.screenshot(path=str(ARTIFACTS / "basemap.png"))
