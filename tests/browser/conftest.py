"""Real-browser tests: the app served by Streamlit, driven by Playwright in Debian's Chromium.

No browser is downloaded: ``make test`` installs Debian's ``chromium`` when it is missing,
and Playwright launches that binary. Each server runs the small sample region with a model
trained once per session (the public one also with the preset scenarios prepared, as a
public instance is served). A failing test leaves a screenshot in ``test-artifacts/``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest

from tests.browser.served import REPO, start_app, stop_app

ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Debian's chromium is not installed: run the tests with `make test`, which installs it")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def prepared_small(trained_small, tmp_path_factory) -> tuple[Path, Path]:
    """(region dir, cache dir) prepared as for a public instance: ``python -m koki_climate prepare``.

    A copy of the trained cache, so the planner tests still find their scenarios cold; the
    wells' analyses are left out (minutes of fitting; the Grundwasser page then says so).
    """
    region, trained = trained_small
    cache = tmp_path_factory.mktemp("cache-prepared-small")
    shutil.copytree(trained, cache, dirs_exist_ok=True)
    subprocess.run([sys.executable, "-m", "koki_climate", "prepare", "--region", str(region), "--cache-dir",
                    str(cache), "--no-wells"], cwd=REPO, env={**os.environ, "KOKI_GROUNDWATER": "baseline"},
                   check=True, capture_output=True)
    return region, cache


def _server(region_and_cache: tuple[Path, Path], mode: str, env: dict[str, str] | None = None,
            name: str | None = None) -> Iterator[str]:
    region, cache = region_and_cache
    ARTIFACTS.mkdir(exist_ok=True)
    process, url = start_app(region, cache, mode, ARTIFACTS / f"streamlit-{name or mode}.log", env=env)
    try:
        yield url
    finally:
        stop_app(process)


@pytest.fixture(scope="session")
def planner_url(trained_small) -> Iterator[str]:
    yield from _server(trained_small, "planner")


@pytest.fixture(scope="session")
def public_url(prepared_small) -> Iterator[str]:
    yield from _server(prepared_small, "public")


@pytest.fixture(scope="session")
def council_url(trained_small) -> Iterator[str]:
    yield from _server(trained_small, "council")


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def wait_for_app(page, url: str, selector: str = "[data-testid=stMain] h1") -> None:
    """Open ``url``, wait for ``selector`` (default: the page title), then for the run to end."""
    page.goto(url)
    page.wait_for_selector("[data-testid=stApp]")
    page.wait_for_selector(selector, timeout=120_000)
    wait_idle(page)


def wait_idle(page, timeout_s: float = 90) -> None:
    """Wait until the script run is over.

    Streamlit marks its root with ``data-test-script-state`` ("running", "notRunning", …), as its
    own end-to-end tests use; the status widget alone shows up only after a delay, so a quick
    check could pass while the run is still drawing.
    """
    deadline = time.monotonic() + timeout_s
    page.wait_for_timeout(300)
    while time.monotonic() < deadline:
        state = page.locator("[data-testid=stApp]").first.get_attribute("data-test-script-state")
        if state == "notRunning" and page.locator("[data-testid=stStatusWidget]").count() == 0:
            return
        page.wait_for_timeout(200)
    raise TimeoutError("the app kept running")
