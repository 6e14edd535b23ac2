"""`python -m koki_climate store …`: the planner's library on the command line, refused when public."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from koki_climate.cli import main
from koki_climate.scenario import Scenario


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def cache(trained_small, tmp_path) -> tuple[Path, Path]:
    """(region, a copy of the trained cache): the library file lands in this test's copy."""
    region, trained_cache = trained_small
    copy = tmp_path / "cache"
    shutil.copytree(trained_cache, copy)
    return region, copy


def test_save_publish_show_and_delete(cache, capsys):
    region, folder = cache
    common = ["--region", str(region), "--cache-dir", str(folder), "--json"]
    code, out, err = run(capsys, "store", "save", "--name", "Sitzung März", "--scenario", "Heute",
                         "--description", "Vorlage für den Rat", "--author", "Planungsamt", *common)
    assert code == 0, err
    saved = json.loads(out)
    assert (saved["name"], saved["version"], saved["scenario"]) == ("Sitzung März", 1, Scenario().to_dict())
    assert saved["model_version"] and len(saved["data_checksum"]) == 64  # stamped with model and data
    wet = '{"pathway": "rcp85", "horizon": "2071-2100"}'
    code, out, _ = run(capsys, "store", "save", "--name", "Sitzung März", "--scenario", wet, *common)
    assert json.loads(out)["version"] == 2
    code, out, err = run(capsys, "store", "publish", "Sitzung März", "--version", "2", "--actor", "Frau B.", *common)
    assert code == 0, err
    assert json.loads(out)["published"] is True and "evaluating" in err  # progress on stderr
    code, out, _ = run(capsys, "store", "list", *common)
    listed = json.loads(out)
    assert [(v["version"], v["published"]) for v in listed[0]["versions"]] == [(1, False), (2, True)]
    code, out, _ = run(capsys, "store", "show", "Sitzung März", "--region", str(region), "--cache-dir", str(folder))
    assert "pathway: 'historical' -> 'rcp85'" in out and "published" in out
    code, _, err = run(capsys, "store", "delete", "Sitzung März", "--yes", *common)
    assert code == 2 and "unpublish it first" in err
    assert run(capsys, "store", "unpublish", "Sitzung März", "--version", "2", *common)[0] == 0
    code, _, err = run(capsys, "store", "delete", "Sitzung März", *common)
    assert code == 2 and "--yes" in err  # a deletion needs confirmation
    assert run(capsys, "store", "delete", "Sitzung März", "--yes", *common)[0] == 0
    code, out, _ = run(capsys, "store", "list", *common)
    assert json.loads(out) == []


def test_public_mode_refuses_every_write(cache, capsys, monkeypatch):
    region, folder = cache
    common = ["--region", str(region), "--cache-dir", str(folder)]
    assert run(capsys, "store", "save", "--name", "A", "--scenario", "Heute", *common)[0] == 0
    database = folder / "scenarios.sqlite"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    monkeypatch.setenv("KOKI_MODE", "public")
    for args in (["save", "--name", "B", "--scenario", "Heute"], ["publish", "A"], ["unpublish", "A"],
                 ["delete", "A", "--yes"]):
        code, out, err = run(capsys, "store", *args, *common)
        assert code == 2 and "public" in err.lower() and out == "", args
    code, out, _ = run(capsys, "store", "list", "--json", *common)  # reading still works
    assert code == 0 and [i["name"] for i in json.loads(out)] == ["A"]
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_participation_open_publishes_once_and_readies_the_comments_table(cache, capsys, monkeypatch):
    import sqlite3

    region, folder = cache
    monkeypatch.setenv("KOKI_GROUNDWATER", "baseline")
    args = ("participation", "open", "--region", str(region), "--cache-dir", str(folder), "--scenario", "Heute")
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert out.strip() == "published Entwurf zur Beteiligung@1"
    code, out, _ = run(capsys, *args)  # a second start keeps what is published
    assert out.strip() == "published already: Entwurf zur Beteiligung@1"
    with sqlite3.connect(folder / "scenarios.sqlite") as db:
        assert db.execute("SELECT count(*) FROM comments").fetchone() == (0,)  # the table exists, empty
        assert db.execute("SELECT count(*) FROM published_results").fetchone() == (1,)  # result precomputed


def test_participation_open_is_refused_on_citizens_instances(cache, capsys, monkeypatch):
    from tests.conftest import tree_state

    region, folder = cache
    before = tree_state(folder)
    for mode in ("public", "participation"):
        monkeypatch.setenv("KOKI_MODE", mode)
        code, _, err = run(capsys, "participation", "open", "--region", str(region), "--cache-dir", str(folder))
        assert code == 2 and "read-only" in err
    assert tree_state(folder) == before  # no library created or changed
