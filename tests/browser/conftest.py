"""Real-browser tests: the app served by Streamlit, driven by Playwright in Debian's Chromium.

No browser is downloaded: ``make test`` installs Debian's ``chromium`` when it is missing,
and Playwright launches that binary. Each server runs the small sample region with a model
trained once per session. A failing test leaves a screenshot in ``test-artifacts/``.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(region: Path, cache: Path, mode: str, log: Path) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run app.py`` on a free loopback port; wait until it is healthy."""
    port = free_port()
    env = {**os.environ, "KOKI_REGION": str(region), "KOKI_CACHE_DIR": str(cache), "KOKI_MODE": mode,
           "KOKI_GROUNDWATER": "baseline"}
    handle = open(log, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "koki_climate.ui.serve", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early; see {log}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"streamlit did not become healthy in 90 s; see {log}")


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


def _server(trained_small, tmp_path_factory, mode: str) -> Iterator[str]:
    region, cache = trained_small
    ARTIFACTS.mkdir(exist_ok=True)
    process, url = start_app(region, cache, mode, ARTIFACTS / f"streamlit-{mode}.log")
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def planner_url(trained_small, tmp_path_factory) -> Iterator[str]:
    yield from _server(trained_small, tmp_path_factory, "planner")


@pytest.fixture(scope="session")
def public_url(trained_small, tmp_path_factory) -> Iterator[str]:
    yield from _server(trained_small, tmp_path_factory, "public")


@pytest.fixture(scope="session")
def council_url(trained_small, tmp_path_factory) -> Iterator[str]:
    yield from _server(trained_small, tmp_path_factory, "council")


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
    """Wait until the script run is over (no 'running' status widget)."""
    deadline = time.monotonic() + timeout_s
    page.wait_for_timeout(300)
    while time.monotonic() < deadline:
        if page.locator("[data-testid=stStatusWidget]").count() == 0:
            return
        page.wait_for_timeout(200)
    raise TimeoutError("the app kept running")
