"""The participation instance as served: comments over HTTP, under load, through a kill, and nothing else changes.

The server is started as the Makefile starts it (``python -m koki_climate.ui.serve`` with
``KOKI_MODE=participation``). A planner library with one published, prepared version is
made first, as the planner instance would leave it.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from streamlit.testing.v1 import AppTest

from koki_climate.ui.comment_api import MAX_BODY_BYTES, ROUTE
from tests.browser.served import REPO, start_app, stop_app
from tests.conftest import tree_state
from tests.participation_library import DATABASE, REF, prepared_library as _prepared_library

ARTIFACTS = REPO / "test-artifacts"


def _body(point: tuple[float, float], text: str, changes: dict | None = None) -> dict:
    return {"submission_id": uuid.uuid4().hex, "scenario": REF, "x": point[0], "y": point[1],
            "category": "hint", "text": text, "language": "de", **(changes or {})}


def _post(url: str, body: dict | bytes, content_type: str = "application/json") -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body)
    return requests.post(f"{url}{ROUTE}", data=data, headers={"Content-Type": content_type}, timeout=120)


def _stored(cache: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(f"file:{cache / DATABASE}?mode=ro", uri=True) as db:
        return db.execute("SELECT id, submission_id, text FROM comments ORDER BY id").fetchall()


def _tables_except_comments(cache: Path) -> dict[str, str]:
    """SHA-256 of every table's rows (in key order), the comments table left out."""
    with sqlite3.connect(f"file:{cache / DATABASE}?mode=ro", uri=True) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {name: hashlib.sha256(repr(db.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()).encode())
                .hexdigest() for name in names if name != "comments"}


def _files_except_database(folder: Path) -> dict:
    return {path: state for path, state in tree_state(folder).items() if not path.startswith(DATABASE)}


@pytest.fixture(scope="module")
def served(trained_small, tmp_path_factory):
    region, cache, point = _prepared_library(trained_small, tmp_path_factory.mktemp("participation"))
    ARTIFACTS.mkdir(exist_ok=True)
    process, url = start_app(region, cache, "participation", ARTIFACTS / "server-participation.log",
                             env={"KOKI_COMMENTS_PER_MINUTE": "100000"})
    try:
        yield url, cache, point, region
    finally:
        stop_app(process)


def test_200_concurrent_http_posts_are_stored_exactly_once(served):
    url, cache, point, _ = served
    before = {sid for _, sid, _ in _stored(cache)}
    bodies = [_body(point, f"Lastprobe {i}") for i in range(200)]
    repeats = bodies[:50]  # a retried request must not make a second comment
    with ThreadPoolExecutor(max_workers=32) as pool:
        answers = list(pool.map(lambda b: _post(url, b), bodies + repeats))
    assert [a.status_code for a in answers] == [201] * 250
    ids = [a.json()["id"] for a in answers]
    assert ids[200:] == ids[:50] and len(set(ids[:200])) == 200
    rows = [(sid, text) for _, sid, text in _stored(cache) if sid not in before]
    assert sorted(rows) == sorted((b["submission_id"], b["text"]) for b in bodies)


@pytest.mark.parametrize("body, content_type, status, reason", [
    ({"text": "x" * 2001}, "application/json", 422, "text"),
    ({"text": " "}, "application/json", 422, "empty"),
    ({"scenario": "Intern@7"}, "application/json", 422, "version"),
    ({"x": -1e9}, "application/json", 422, "outside"),
    ({"category": "spam"}, "application/json", 422, "category"),
    ({"extra": 1}, "application/json", 400, "body"),
    ({}, "text/plain", 415, "content_type"),
    ({}, "application/x-www-form-urlencoded", 415, "content_type"),
])
def test_http_refusals_name_the_problem_and_store_nothing(served, body, content_type, status, reason):
    url, cache, point, _ = served
    before = _stored(cache)
    answer = _post(url, _body(point, "Hinweis", body), content_type)
    assert (answer.status_code, answer.json()["reason"]) == (status, reason)
    assert answer.json()["message"]
    assert _stored(cache) == before


def test_oversized_and_malformed_bodies_are_refused(served):
    url, cache, point, _ = served
    before = _stored(cache)
    assert _post(url, b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}").status_code == 413
    assert _post(url, b"\xff\xfe not json").status_code == 400
    assert _post(url, b"[1, 2]").status_code == 400
    assert _stored(cache) == before


def test_injection_attempts_over_http_are_stored_literally(served):
    url, cache, point, _ = served
    texts = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "\u202eabc\u202c", "Z" * 1999,
             "a\x07b\x1b[0m\r\n"]
    ids = [_post(url, _body(point, text)).json()["id"] for text in texts]
    stored = {row_id: text for row_id, _, text in _stored(cache)}
    assert [stored[i] for i in ids] == texts


def test_a_killed_server_loses_no_acknowledged_comment(trained_small, tmp_path):
    region, cache, point = _prepared_library(trained_small, tmp_path)
    process, url = start_app(region, cache, "participation", ARTIFACTS / "server-participation-kill.log",
                             env={"KOKI_COMMENTS_PER_MINUTE": "100000"})
    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def keep_posting() -> None:
        while not stop.is_set():
            body = _body(point, "vor dem Absturz")
            try:
                answer = _post(url, body)
            except requests.RequestException:
                return  # the server is gone
            if answer.status_code == 201:
                with lock:
                    acknowledged.append(body["submission_id"])

    try:
        threads = [threading.Thread(target=keep_posting) for _ in range(8)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 120
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)  # in the middle of the writes
        process.wait()
        stop.set()
        for thread in threads:
            thread.join(timeout=130)
    finally:
        stop.set()
        if process.poll() is None:
            stop_app(process)
    assert len(acknowledged) >= 60
    stored = [sid for _, sid, _ in _stored(cache)]
    assert set(acknowledged) <= set(stored)  # nothing acknowledged is lost
    assert len(stored) == len(set(stored))  # and nothing is stored twice


@pytest.mark.parametrize("mode", ["public", "planner"])
def test_only_the_participation_instance_has_the_comment_route(trained_small, tmp_path, mode):
    region, cache, point = _prepared_library(trained_small, tmp_path)
    process, url = start_app(region, cache, mode, ARTIFACTS / f"server-{mode}-no-comments.log")
    try:
        answer = _post(url, _body(point, "Hallo"))
        assert answer.status_code in (404, 405)
    finally:
        stop_app(process)
    assert _stored(cache) == []


def test_participation_changes_nothing_but_the_comment_table(served, monkeypatch):
    url, cache, point, region = served
    files, region_files, tables = _files_except_database(cache), tree_state(region), _tables_except_comments(cache)
    before = len(_stored(cache))
    # an HTTP session: the pages a visitor opens, and a comment
    for path in ("/", "/mitwirken", "/karte", "/vergleich", "/grundwasser", "/modell"):
        assert requests.get(f"{url}{path}", timeout=60).status_code == 200
    assert _post(url, _body(point, "per HTTP")).status_code == 201
    # an AppTest session of the page in the same mode, posting through the form
    monkeypatch.setenv("KOKI_MODE", "participation")
    monkeypatch.setenv("KOKI_REGION", str(region))
    monkeypatch.setenv("KOKI_CACHE_DIR", str(cache))
    monkeypatch.setenv("KOKI_COMMENTS_PER_MINUTE", "100000")  # the load test above posted hundreds
    at = AppTest.from_file(str(REPO / "pages/mitwirken.py"), default_timeout=600).run()
    at.number_input(key="mit_x").set_value(point[0])
    at.number_input(key="mit_y").set_value(point[1])
    at.text_area[0].input("per Formular")
    at.button[0].click().run()
    assert not at.exception and at.success
    for page in ("karte", "vergleich", "modell"):
        assert not AppTest.from_file(str(REPO / f"pages/{page}.py"), default_timeout=600).run().exception
    assert len(_stored(cache)) == before + 2
    assert _files_except_database(cache) == files
    assert tree_state(region) == region_files
    assert _tables_except_comments(cache) == tables
