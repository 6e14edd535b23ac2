"""The one safe-write layer: atomic files, committed cache entries, user output folders."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koki_climate.errors import ReadOnlyError
from koki_climate.io.atomic import (
    atomic_path, clean_stale_temporaries, temporary_name, write_bytes, write_text,
)
from koki_climate.io.entries import POINTER, EntryStore
from koki_climate.io.outputs import OutputRefused, output_file, output_folder


def dead_pid() -> int:
    """The pid of a process that has ended (its number is free again)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def temporary_of(pid: int, name: str) -> str:
    """A temporary name as process ``pid`` on this host would have made it."""
    own = temporary_name(name)
    host, _pid, rest = own[len(".koki-tmp-"):].split("-", 2)
    return f".koki-tmp-{host}-{pid}-{rest}"


# --- atomic files -------------------------------------------------------------------------------

def test_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path) -> None:
    target = tmp_path / "zones.gpkg"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            Path(f"{tmp}-journal").write_bytes(b"sqlite sidecar")
            raise RuntimeError("disk full")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zones.gpkg"]
    assert target.read_bytes() == b"old"


def test_no_replace_refuses_an_existing_file(tmp_path) -> None:
    target = tmp_path / "a.txt"
    write_text(target, "first", replace=False)
    with pytest.raises(FileExistsError):
        write_text(target, "second", replace=False)
    assert target.read_text() == "first" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_stale_temporaries_of_dead_writers_are_removed_live_ones_kept(tmp_path) -> None:
    stale_file = tmp_path / temporary_of(dead_pid(), "risk.nc")
    stale_file.write_bytes(b"x" * 100)
    stale_dir = tmp_path / temporary_of(dead_pid(), "entry")
    stale_dir.mkdir()
    (stale_dir / "risk.nc").write_bytes(b"y")
    live = tmp_path / temporary_name("zones.gpkg")  # this process: alive
    live.write_bytes(b"z")
    user = tmp_path / ".koki-tmp-notes.txt"  # looks similar but is not one of ours
    user.write_text("mine")
    removed = clean_stale_temporaries(tmp_path)
    assert sorted(p.name for p in removed) == sorted([stale_file.name, stale_dir.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, user.name])


# --- cache entries ------------------------------------------------------------------------------

def test_entry_is_visible_only_when_committed(tmp_path) -> None:
    store = EntryStore(tmp_path)
    with pytest.raises(ValueError):
        with store.write("k1") as folder:
            (folder / "risk.nc").write_bytes(b"abc")
            assert store.folder("k1") is None  # not yet committed
            raise ValueError("failed half-way")
    assert store.folder("k1") is None and store.clean() == []
    with store.write("k1") as folder:
        (folder / "risk.nc").write_bytes(b"abc")
    assert (store.folder("k1") / "risk.nc").read_bytes() == b"abc"


def test_damaged_entry_reads_as_missing(tmp_path) -> None:
    store = EntryStore(tmp_path)
    with store.write("k") as folder:
        (folder / "summary.json").write_text('{"a": 1}')
    committed = store.folder("k")
    (committed / "summary.json").write_text('{"a"')  # truncated by a disk error
    assert store.folder("k") is None
    (tmp_path / "k" / POINTER).write_text("{not json")
    assert store.folder("k") is None


def test_replacing_an_entry_never_leaves_a_gap(tmp_path) -> None:
    """A reader polling while a writer replaces the entry 30 times always finds a complete one."""
    store = EntryStore(tmp_path)
    with store.write("k") as folder:
        (folder / "value.txt").write_text("0" * 1000)
    seen: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            folder = store.folder("k")
            if folder is None:
                seen.append("GAP")
                continue
            try:
                text = (folder / "value.txt").read_text()
            except FileNotFoundError:
                continue  # the old version was removed after the pointer moved on: the next look finds the new one
            seen.append("ok" if len(text) == 1000 and len(set(text)) == 1 else f"HALF {text[:10]}")

    reader = threading.Thread(target=read)
    reader.start()
    for index in range(1, 31):
        with store.write("k") as folder:
            (folder / "value.txt").write_text(str(index % 10) * 1000)
    stop.set()
    reader.join()
    assert seen and set(seen) == {"ok"}
    assert (store.folder("k") / "value.txt").read_text() == "0" * 1000  # 30 % 10
    assert sorted(p.name for p in (tmp_path / "k").iterdir() if p.name.startswith("v-")) == [store.folder("k").name]


def test_clean_removes_uncommitted_versions_of_dead_writers(tmp_path) -> None:
    store = EntryStore(tmp_path)
    with store.write("k") as folder:
        (folder / "a").write_text("1")
    current = store.folder("k")
    host = current.name.split("-")[1]
    orphan = tmp_path / "k" / f"v-{host}-{dead_pid()}-abcd1234"  # renamed, killed before the pointer
    orphan.mkdir()
    (orphan / "a").write_text("2")
    unfinished = tmp_path / "k" / temporary_of(dead_pid(), "entry")
    unfinished.mkdir()
    assert sorted(p.name for p in store.clean()) == sorted([orphan.name, unfinished.name])
    assert store.folder("k") == current and (current / "a").read_text() == "1"


def test_lock_serialises_threads_on_one_key(tmp_path) -> None:
    store = EntryStore(tmp_path)
    inside, overlaps = [0], []

    def work() -> None:
        with store.lock("k"):
            inside[0] += 1
            overlaps.append(inside[0])
            threading.Event().wait(0.01)
            inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == [1] * 8


# --- output folders -----------------------------------------------------------------------------

NAMES = st.text(alphabet="abcdefgh", min_size=1, max_size=3)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(foreign=st.dictionaries(NAMES, st.binary(max_size=20), max_size=5),
       outputs=st.sets(NAMES, min_size=1, max_size=4), force=st.booleans())
def test_output_folder_never_changes_a_users_file(tmp_path_factory, foreign, outputs, force) -> None:
    folder = tmp_path_factory.mktemp("out")
    for name, data in foreign.items():
        (folder / name).write_bytes(data)
    try:
        with output_folder(folder, "result", force=force) as work:
            for name in outputs:
                (work / name).write_bytes(b"koki " + name.encode())
        written = True
    except OutputRefused:
        written = False
    for name, data in foreign.items():
        assert (folder / name).read_bytes() == data
    clash = bool(set(foreign) & outputs)
    assert written == ((not foreign or force) and not clash)
    if written:
        for name in outputs:
            assert (folder / name).read_bytes() == b"koki " + name.encode()
    assert not list(folder.glob(".koki-tmp-*"))


def test_a_second_output_replaces_only_its_own_files(tmp_path) -> None:
    with output_folder(tmp_path, "result") as work:
        (work / "risk.nc").write_text("1")
        (work / "parcels.csv").write_text("1")
    (tmp_path / "mine.txt").write_text("keep")
    with output_folder(tmp_path, "result") as work:  # this time without parcels
        (work / "risk.nc").write_text("2")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".koki-output-result.json", "mine.txt", "risk.nc"]
    assert (tmp_path / "risk.nc").read_text() == "2"
    marker = json.loads((tmp_path / ".koki-output-result.json").read_text())
    assert marker["state"] == "complete" and marker["files"] == {"risk.nc": 1}


def test_output_file_replaces_only_with_force(tmp_path) -> None:
    target = tmp_path / "sim.csv"
    target.write_text("mine")
    with pytest.raises(OutputRefused, match="exists"):
        with output_file(target) as tmp:
            tmp.write_text("new")
    assert target.read_text() == "mine"
    with output_file(target, force=True) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"


# --- public mode: refused at the bottom ----------------------------------------------------------

def test_every_writer_refuses_on_the_public_instance(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KOKI_MODE", "public")
    store = EntryStore(tmp_path / "results")
    attempts = {
        "atomic_path": lambda: atomic_path(tmp_path / "a.nc").__enter__(),
        "write_bytes": lambda: write_bytes(tmp_path / "b.bin", b"x"),
        "write_text (even replace=False)": lambda: write_text(tmp_path / "c.txt", "x", replace=False),
        "entry write": lambda: store.write("k").__enter__(),
        "entry lock": lambda: store.lock("k").__enter__(),
        "output folder (even force)": lambda: output_folder(tmp_path / "out", "result", force=True).__enter__(),
        "output file (even force)": lambda: output_file(tmp_path / "sim.csv", force=True).__enter__(),
        "cleaning temporaries": lambda: clean_stale_temporaries(tmp_path),
        "cleaning entries": lambda: store.clean(),
    }
    for name, attempt in attempts.items():
        with pytest.raises(ReadOnlyError, match="public read-only instance"):
            attempt()
    assert list(tmp_path.iterdir()) == [], "nothing may be created"
