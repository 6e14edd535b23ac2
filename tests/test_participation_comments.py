"""Citizens' comments: stored once, append-only, within limits, literally, and nothing else writable."""
from __future__ import annotations

import sqlite3
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from koki_climate.errors import ReadOnlyError
from koki_climate.participation.comments import (
    CommentLimits, CommentRefused, CommentStore, NewComment,
)
from koki_climate.scenario import Scenario
from koki_climate.store.library import ScenarioStore

CRS = "EPSG:25832"
#: what attackers send: stored as written, never interpreted
INJECTIONS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="fetch(\'//evil\')">',
    "[Klick hier](javascript:alert(1)) **fett** # Überschrift",
    "W" * 1500,
    "Zeile\r\nmit\tSteuer\x07zeichen\x1b[31m",
    "\u202eevil.exe\u202c \u2066isolated\u2069",
    "'; DROP TABLE comments; --",
]


def _library(tmp_path: Path, monkeypatch) -> str:
    monkeypatch.setenv("KOKI_MODE", "planner")
    url = f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    library = ScenarioStore(url, read_only=False)
    library.save("Entwurf", Scenario("rcp85", "2071-2100"), author="p")
    library.publish("Entwurf", 1, actor="p")
    library.save("Intern", Scenario("rcp45", "2021-2050"), author="p")  # saved, never published
    library.close()
    return url


def _comment(text: str = "Hier stand 2021 das Wasser knietief.", **fields) -> NewComment:
    values = dict(submission_id=uuid.uuid4().hex, scenario_name="Entwurf", scenario_version=1, x=500.0, y=700.0,
                  category="water_seen", text=text, crs=CRS, radius_m=15.0, language="de", zone="keine")
    values.update(fields)
    return NewComment(**values)


@pytest.fixture
def url(tmp_path, monkeypatch) -> str:
    return _library(tmp_path, monkeypatch)


@pytest.fixture
def participation(url, monkeypatch) -> CommentStore:
    planner = CommentStore(url, mode="planner")  # migrates, as the planner instance does on open
    planner.close()
    monkeypatch.setenv("KOKI_MODE", "participation")
    store = CommentStore(url, limits=CommentLimits(global_per_minute=10_000))
    yield store
    store.close()


def test_a_comment_is_stored_with_its_version_hash_and_pending(participation, url):
    stored = participation.post(_comment())
    again = participation.comments()
    assert [c.id for c in again] == [stored.id]
    assert again[0].scenario_ref == "Entwurf@1" and again[0].status == "pending"
    assert again[0].zone == "keine" and again[0].x == 500.0 and again[0].radius_m == 15.0
    assert again[0].scenario_hash == Scenario("rcp85", "2071-2100").hash  # the content that was commented
    assert participation.approved() == []  # nothing is public before a planner approves it


def test_the_same_submission_is_stored_once(participation):
    new = _comment()
    first, second = participation.post(new), participation.post(new)
    assert first.id == second.id and len(participation.comments()) == 1


def test_only_published_versions_take_comments(participation):
    with pytest.raises(CommentRefused) as refused:
        participation.post(_comment(scenario_name="Intern"))
    assert refused.value.reason == "version"
    assert participation.comments() == []


@pytest.mark.parametrize("text", INJECTIONS)
def test_injection_attempts_are_stored_literally(participation, text):
    stored = participation.post(_comment(text))
    assert participation.comments()[0].text == text == stored.text


@pytest.mark.parametrize("fields, reason", [
    ({"text": "   \n "}, "empty"),
    ({"text": "a\x00b"}, "nul"),
    ({"text": "x" * 2001}, "text"),
    ({"category": "spam"}, "category"),
    ({"x": float("nan")}, "point"),
    ({"radius_m": 5000.0}, "point"),
])
def test_bad_comments_are_refused_with_a_reason_and_nothing_stored(participation, fields, reason):
    with pytest.raises(CommentRefused) as refused:
        participation.post(_comment(**fields))
    assert refused.value.reason == reason and str(refused.value)
    assert participation.comments() == []


def test_text_at_the_limit_is_accepted(participation):
    assert len(participation.post(_comment("x" * 2000)).text) == 2000


def test_per_session_limit_counts_one_session_only(url, participation):
    participation.limits = CommentLimits(per_session=2, global_per_minute=10_000)
    participation.post(_comment(), session_key="s1")
    participation.post(_comment(), session_key="s1")
    with pytest.raises(CommentRefused) as refused:
        participation.post(_comment(), session_key="s1")
    assert refused.value.reason == "session"
    participation.post(_comment(), session_key="s2")  # another visitor is not affected
    assert len(participation.comments()) == 3


def test_global_rate_and_total_limits(participation):
    participation.limits = CommentLimits(global_per_minute=3)
    for _ in range(3):
        participation.post(_comment())
    with pytest.raises(CommentRefused) as refused:
        participation.post(_comment())
    assert refused.value.reason == "global"
    participation.limits = CommentLimits(global_per_minute=100, total=3)
    with pytest.raises(CommentRefused) as refused:
        participation.post(_comment())
    assert refused.value.reason == "total"
    assert len(participation.comments()) == 3


def test_participation_connection_cannot_write_anything_but_comments(participation):
    with participation.engine.begin() as conn:
        with pytest.raises(Exception, match="not authorized"):
            conn.exec_driver_sql("UPDATE scenario_versions SET published = 0")
    with participation.engine.begin() as conn:
        with pytest.raises(Exception, match="not authorized"):
            conn.exec_driver_sql("DELETE FROM comments")
    with participation.engine.begin() as conn:
        with pytest.raises(Exception, match="not authorized"):
            conn.exec_driver_sql("INSERT INTO comment_reviews (comment_id, at, actor, status) "
                                 "VALUES (1, '2026-01-01', 'x', 'approved')")
    with participation.engine.begin() as conn:
        with pytest.raises(Exception, match="not authorized"):
            conn.exec_driver_sql("CREATE TABLE evil (x)")


def test_participation_cannot_review_or_confirm(participation):
    stored = participation.post(_comment())
    with pytest.raises(ReadOnlyError):
        participation.review(stored.id, "approved", actor="me")
    with pytest.raises(ReadOnlyError):
        participation.confirm_observed(stored.id, actor="me")


def test_public_instance_cannot_post(url, participation, monkeypatch):
    monkeypatch.setenv("KOKI_MODE", "public")
    public = CommentStore(url)
    with pytest.raises(ReadOnlyError):
        public.post(_comment())
    assert public.engine is None


def test_planner_review_makes_a_comment_public_and_newest_review_wins(participation, url, monkeypatch):
    stored = participation.post(_comment())
    monkeypatch.setenv("KOKI_MODE", "planner")
    planner = CommentStore(url)
    planner.review(stored.id, "approved", actor="Frau P.")
    assert [c.id for c in participation.approved()] == [stored.id]
    planner.review(stored.id, "hidden", actor="Frau P.")
    assert participation.approved() == [] and planner.comments(status="hidden")[0].id == stored.id
    with sqlite3.connect(url.removeprefix("sqlite:///")) as raw:  # append-only: both reviews are kept
        assert raw.execute("SELECT status FROM comment_reviews ORDER BY id").fetchall() == [("approved",), ("hidden",)]


def test_confirming_water_reports_makes_observed_points_once(participation, url, monkeypatch):
    water = participation.post(_comment())
    question = participation.post(_comment(category="question"))
    monkeypatch.setenv("KOKI_MODE", "planner")
    planner = CommentStore(url)
    assert planner.confirm_observed(water.id, actor="p") is True
    assert planner.confirm_observed(water.id, actor="p") is False
    with pytest.raises(Exception, match="not a report of water"):
        planner.confirm_observed(question.id, actor="p")
    points = planner.observed_floods()
    assert [(p["comment_id"], p["x"], p["y"]) for p in points] == [(water.id, 500.0, 700.0)]
    assert planner.comments()[0].observed is True


def test_200_concurrent_posts_are_all_stored_exactly_once(participation):
    comments = [_comment(f"Beitrag {i}") for i in range(200)]
    # every comment is sent twice (a double click), from 16 threads at once
    with ThreadPoolExecutor(max_workers=16) as pool:
        stored = list(pool.map(participation.post, comments + comments))
    rows = participation.comments()
    assert len(rows) == 200
    assert sorted(c.text for c in rows) == sorted(c.text for c in comments)
    assert len({c.id for c in stored}) == 200


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=300).filter(lambda s: s.strip() and "\x00" not in s))
def test_any_text_comes_back_exactly(participation, text):
    stored = participation.post(_comment(text))
    assert participation._by_submission(stored.submission_id).text == text


# --- PostgreSQL: the README's grants are what keeps a participation instance to comments -----------

#: exactly the statements README.md ("Participation") tells an operator to run
README_GRANTS = (
    "CREATE ROLE koki_participation LOGIN",
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO koki_participation",
    "GRANT INSERT ON comments TO koki_participation",
    "GRANT USAGE ON SEQUENCE comments_id_seq TO koki_participation",
)


def test_postgresql_participation_role_inserts_comments_and_nothing_else(postgres_url, monkeypatch):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"p_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))  # a generated name, not user input
    admin.dispose()
    planner_url = make_url(postgres_url).set(database=name)
    monkeypatch.setenv("KOKI_MODE", "planner")
    library = ScenarioStore(planner_url.render_as_string(hide_password=False), read_only=False)
    library.save("Entwurf", Scenario("rcp85", "2071-2100"))
    library.publish("Entwurf", 1, actor="p")
    library.close()
    CommentStore(planner_url.render_as_string(hide_password=False), mode="planner").close()
    owner = create_engine(planner_url, isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:
        for statement in README_GRANTS:
            conn.execute(text(statement))
    owner.dispose()

    monkeypatch.setenv("KOKI_MODE", "participation")
    url = planner_url.set(username="koki_participation").render_as_string(hide_password=False)
    store = CommentStore(url, limits=CommentLimits(global_per_minute=10_000))
    try:
        news = [_comment(f"Beitrag {i}") for i in range(50)]
        with ThreadPoolExecutor(max_workers=8) as pool:  # the advisory lock serialises the limit checks
            list(pool.map(store.post, news + news[:10]))
        assert sorted(c.text for c in store.comments()) == sorted(n.text for n in news)
        for statement in ("UPDATE scenario_versions SET published = false", "DELETE FROM comments",
                          "UPDATE comments SET text = 'x'",
                          "INSERT INTO comment_reviews (comment_id, at, actor, status) VALUES (1, now(), 'x', 'approved')",
                          "CREATE TABLE evil (x int)"):
            with pytest.raises(Exception, match="permission denied"):
                with store.engine.begin() as conn:
                    conn.execute(text(statement))
        assert len(store.comments()) == 50
    finally:
        store.close()
