"""The scenario library on both databases it supports: SQLite (WAL) and a real PostgreSQL server.

Every test runs twice: on a SQLite file in a temporary folder, and on a fresh database of a
PostgreSQL server the suite starts itself (tests/postgres_server.py). Without the binaries
the PostgreSQL half is skipped with the reason -- except in CI, where that is a failure.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from koki_climate.errors import InputError, KokiError, ReadOnlyError
from koki_climate.scenario import LandUseChange, Scenario
from koki_climate.store import PublishedResult, ScenarioStore, differences
from koki_climate.store.database import open_database, schema_revision, upgrade


REPO = Path(__file__).resolve().parents[1]
WET = Scenario(pathway="rcp85", horizon="2071-2100", groundwater_offset_m=0.5)
BUILT = Scenario(pathway="rcp45", horizon="2021-2050",
                 land_use_changes=(LandUseChange("unseal", ("P1", "P2"), 0.5),), policy="precautionary")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    server = request.getfixturevalue("postgres_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))  # a generated name, not user input
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def store(url):
    opened = ScenarioStore(url)
    yield opened
    opened.close()


def test_round_trip_of_every_field(store):
    saved = store.save("Neubaugebiet Nord", BUILT, description="Wohnen an der Aue\nzweite Zeile",
                       author="Planungsamt", model_version="model-abc", data_checksum="c" * 64)
    loaded = store.version("Neubaugebiet Nord", 1)
    assert loaded == saved
    assert loaded.scenario == BUILT and loaded.scenario_hash == BUILT.hash
    assert (loaded.description, loaded.author) == ("Wohnen an der Aue\nzweite Zeile", "Planungsamt")
    assert (loaded.model_version, loaded.data_checksum) == ("model-abc", "c" * 64)
    assert loaded.published is False and loaded.published_at is None
    assert loaded.created_at.tzinfo is not None and abs(time.time() - loaded.created_at.timestamp()) < 600
    info = store.scenario("Neubaugebiet Nord")
    assert (info.description, info.author) == ("Wohnen an der Aue\nzweite Zeile", "Planungsamt")
    assert loaded.is_stale("model-abc", "c" * 64) is False
    assert loaded.is_stale("model-new", "c" * 64) and loaded.is_stale("model-abc", "d" * 64)


def test_a_published_version_never_changes_editing_makes_a_new_one(store):
    first = store.save("Aue", Scenario(), description="heute")
    assert store.save("Aue", Scenario(), description="same content").version == 1  # no duplicate
    store.publish("Aue", 1, actor="Frau Beispiel")
    second = store.save("Aue", WET, description="nass")
    assert second.version == 2 and not second.published
    published = store.version("Aue", 1)
    assert published.published and published.scenario == Scenario() == first.scenario
    assert differences(published, second) == {
        "pathway": ("historical", "rcp85"), "horizon": ("1991-2020", "2071-2100"),
        "groundwater_offset_m": (0.0, 0.5), "description": ("heute", "nass")}
    assert [v.ref for v in store.published()] == ["Aue@1"]
    store.unpublish("Aue", 1, actor="Frau Beispiel")
    assert store.published() == []
    assert [(e.action, e.version, e.actor) for e in store.audit_log()] == [
        ("unpublish", 1, "Frau Beispiel"), ("publish", 1, "Frau Beispiel")]


def test_published_result_round_trips_with_zones(store):
    store.save("Aue", WET)
    result = PublishedResult("key-1", {"area_ha": {"freihalten": 12.5}}, "EPSG:25832",
                             [("freihalten", b"\x01\x03abc"), ("auflagen", b"\x01\x03def")])
    store.publish("Aue", 1, actor="p", result=result)
    assert store.published_result("Aue", 1) == result


def test_delete_needs_an_unpublished_scenario(store):
    store.save("Alt", Scenario())
    store.publish("Alt", 1, actor="p")
    with pytest.raises(InputError, match="unpublish it first"):
        store.delete("Alt", actor="p")
    store.unpublish("Alt", 1, actor="p")
    store.delete("Alt", actor="p")
    assert store.scenarios() == []
    assert store.audit_log()[0].action == "delete"


def test_duplicate_starts_a_new_scenario_at_version_one(store):
    store.save("A", Scenario())
    store.save("A", WET)
    copy = store.duplicate("A", "B", author="x")
    assert copy.ref == "B@1" and copy.scenario == WET
    with pytest.raises(InputError, match="exists already"):
        store.duplicate("A", "B")


@pytest.mark.parametrize("bad", ["", "   ", "a\x00b", "x" * 201])
def test_bad_names_are_refused(store, bad):
    with pytest.raises(InputError):
        store.save(bad, Scenario())


def test_concurrent_saves_from_threads_lose_nothing_and_never_duplicate(store):
    contents = [Scenario(groundwater_offset_m=round(0.1 * i, 1)) for i in range(6)]
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            for scenario in contents[index % 3:] + contents:  # every content several times, in another order
                store.save("Wettlauf", scenario, author=f"t{index}")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = store.scenario("Wettlauf").versions
    assert sorted(v.version for v in versions) == list(range(1, 7))  # 6 contents, numbers 1..6 without gaps
    assert {v.scenario_hash for v in versions} == {s.hash for s in contents}


def test_concurrent_saves_from_two_processes(url, store):
    script = textwrap.dedent(f"""
        import sys
        from koki_climate.scenario import Scenario
        from koki_climate.store import ScenarioStore
        store = ScenarioStore({url!r})
        for i in range(15):
            store.save("Prozesse", Scenario(groundwater_offset_m=round(0.1 * (i % 10), 1)), author=sys.argv[1])
            store.save("Prozess " + sys.argv[1], Scenario(groundwater_offset_m=round(0.2 * (i % 5), 1)))
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", script, name], env=env, stderr=subprocess.PIPE)
             for name in ("eins", "zwei")]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    shared = store.scenario("Prozesse").versions
    assert sorted(v.version for v in shared) == list(range(1, 11))  # 10 distinct contents
    for name in ("Prozess eins", "Prozess zwei"):
        assert len(store.scenario(name).versions) == 5


def test_a_process_killed_while_publishing_leaves_the_old_state(url, store, tmp_path):
    store.save("Sitzung", WET)
    marker = tmp_path / "inside-publish"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from sqlalchemy import event
        from koki_climate.store import PublishedResult, ScenarioStore
        store = ScenarioStore({url!r})

        @event.listens_for(store.engine, "after_execute")
        def pause(conn, clauseelement, *args):
            if "published_zones" in str(clauseelement):  # result rows written, flag not yet committed
                Path({str(marker)!r}).write_text("x")
                time.sleep(120)

        store.publish("Sitzung", 1, actor="p", result=PublishedResult("k", {{}}, "", [("freihalten", b"wkb")]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": str(REPO)})
    while not marker.exists():  # no deadline of our own: pytest-timeout ends a hang
        assert proc.poll() is None, "the publishing process ended before it reached the zones"
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    after = ScenarioStore(url)  # a new process' view: the old state, readable and writable
    assert not after.version("Sitzung", 1).published
    assert after.published_result("Sitzung", 1) is None
    assert after.audit_log() == []
    after.publish("Sitzung", 1, actor="p")  # and the lock is gone
    assert after.version("Sitzung", 1).published
    after.close()


def test_migrations_from_empty_and_from_the_previous_schema(url):
    engine = open_database(url, read_only=False)
    upgrade(engine, "0001")
    assert schema_revision(engine) == "0001"
    with engine.begin() as conn:  # a database of the previous release, with one saved scenario
        conn.execute(text("INSERT INTO scenarios (name, description, author, created_at) "
                          "VALUES (:n, '', 'alt', :t)"), {"n": "Bestand", "t": "2026-01-05 10:00:00"})
        scenario_id = conn.execute(text("SELECT id FROM scenarios WHERE name = :n"), {"n": "Bestand"}).scalar()
        conn.execute(text(
            "INSERT INTO scenario_versions (scenario_id, version, scenario_json, scenario_hash, description, author, "
            "created_at, model_version, data_checksum, published, published_at) VALUES (:s, 1, :j, :h, '', 'alt', "
            ":t, 'm', 'c', :p, :t)"),
            {"s": scenario_id, "j": WET.canonical_json(), "h": WET.hash, "t": "2026-01-05 10:00:00", "p": True})
    assert not inspect(engine).has_table("audit_log")
    engine.dispose()
    store = ScenarioStore(url)  # the upgraded app opens it
    assert schema_revision(store.engine) == "0003"  # the newest revision: audit log, published results, comments
    assert inspect(store.engine).has_table("comments")
    assert [v.ref for v in store.published()] == ["Bestand@1"] and store.version("Bestand").scenario == WET
    store.publish("Bestand", 1, actor="neu")
    assert store.audit_log()[0].actor == "neu"
    store.close()


def test_public_mode_refuses_every_write_in_the_library(url, store, monkeypatch):
    store.save("Öffentlich", WET)
    store.publish("Öffentlich", 1, actor="p")
    monkeypatch.setenv("KOKI_MODE", "public")
    public = ScenarioStore(url, read_only=False)  # asking for write access does not give it
    assert public.read_only and [v.ref for v in public.published()] == ["Öffentlich@1"]
    for write in (lambda: public.save("X", Scenario()), lambda: public.publish("Öffentlich", 1, actor="x"),
                  lambda: public.unpublish("Öffentlich", 1, actor="x"), lambda: public.delete("Öffentlich", actor="x"),
                  lambda: store.save("Y", Scenario())):  # also the planner's store object, in this process
        with pytest.raises(ReadOnlyError):
            write()
    with pytest.raises(Exception, match="(?i)read.?only"):  # and the connection itself refuses SQL writes
        with public.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    public.close()


def test_public_mode_without_a_database_lists_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("KOKI_MODE", "public")
    empty = ScenarioStore.for_cache(tmp_path)
    assert empty.published() == [] and empty.scenarios() == []
    assert not (tmp_path / "scenarios.sqlite").exists()  # nothing created
    with pytest.raises((ReadOnlyError, KokiError)):
        empty.save("X", Scenario())
