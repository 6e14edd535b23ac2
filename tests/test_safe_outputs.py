"""`--out` never destroys: a user's files survive every command that writes a folder or a file."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from koki_climate.cli import main

RESULT_FILES = ["parcels.csv", "risk.nc", "summary.json", "zones.gpkg"]


@pytest.fixture
def evaluate(trained_small, capsys):
    """Run `evaluate --scenario Heute --out OUT [extra]` on the small trained region; (code, stdout, stderr)."""
    region, cache = trained_small

    def run(out: str | Path, *extra: str) -> tuple[int, str, str]:
        code = main(["evaluate", "--region", str(region), "--cache-dir", str(cache), "--scenario", "Heute",
                     "--out", str(out), "--json", *extra])
        stdout, stderr = capsys.readouterr()
        return code, stdout, stderr
    return run


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".koki-output-"))


def test_new_folder_gets_the_result_files(evaluate, tmp_path) -> None:
    code, out, err = evaluate(tmp_path / "new" / "sub")
    assert code == 0, err
    assert visible(tmp_path / "new" / "sub") == RESULT_FILES
    assert json.loads(out)["run"]["files"] == RESULT_FILES


def test_foreign_folder_is_refused_and_unchanged(evaluate, tmp_path, snapshot) -> None:
    folder = tmp_path / "meine Daten"
    (folder / "Unterordner").mkdir(parents=True)
    (folder / "keep.txt").write_text("Protokoll Gemeinderat", encoding="utf-8")
    (folder / "Unterordner" / "plan.gpkg").write_bytes(b"\x00\x01")
    before = snapshot(folder)
    code, out, err = evaluate(folder)
    assert code == 2 and out == ""
    assert "not empty" in err and "keep.txt" in err and "Traceback" not in err
    assert snapshot(folder) == before


def test_force_writes_beside_foreign_files_and_keeps_them_byte_identical(evaluate, tmp_path, snapshot) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "keep.txt").write_text("bleibt", encoding="utf-8")
    os.chmod(folder, 0o755)
    before = snapshot(folder)
    code, _, err = evaluate(folder, "--force")
    assert code == 0, err
    after = snapshot(folder)
    assert after["keep.txt"] == before["keep.txt"] and after["."] == before["."]  # content and permissions
    assert visible(folder) == sorted(["keep.txt", *RESULT_FILES])


def test_force_never_overwrites_a_foreign_file_with_an_output_name(evaluate, tmp_path, snapshot) -> None:
    folder = tmp_path / "clash"
    folder.mkdir()
    (folder / "summary.json").write_text('{"mine": true}', encoding="utf-8")
    before = snapshot(folder)
    code, _, err = evaluate(folder, "--force")
    assert code == 2 and "summary.json" in err
    assert snapshot(folder) == before


def test_earlier_output_is_replaced_cleanly_and_user_additions_stay(evaluate, tmp_path) -> None:
    folder = tmp_path / "out"
    assert evaluate(folder)[0] == 0
    (folder / "notes.txt").write_text("added by the planner later", encoding="utf-8")
    first = (folder / "summary.json").stat().st_mtime_ns
    code, _, err = evaluate(folder)
    assert code == 0, err
    assert visible(folder) == sorted(["notes.txt", *RESULT_FILES])
    assert (folder / "summary.json").stat().st_mtime_ns >= first
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "added by the planner later"
    assert not list(folder.glob(".koki-tmp-*"))


def test_out_dot_in_a_user_folder_is_refused(evaluate, tmp_path, monkeypatch, snapshot) -> None:
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "keep.txt").write_text("x")
    monkeypatch.chdir(tmp_path / "work")
    before = snapshot(tmp_path / "work")
    code, _, err = evaluate(".")
    assert code == 2 and "not empty" in err and "Traceback" not in err
    assert snapshot(tmp_path / "work") == before


def test_out_dot_in_an_empty_folder_writes_there(evaluate, tmp_path, monkeypatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path / "empty")
    code, _, err = evaluate(".")
    assert code == 0, err
    assert visible(tmp_path / "empty") == RESULT_FILES


def test_out_naming_a_file_is_refused(evaluate, tmp_path, snapshot) -> None:
    target = tmp_path / "result.nc"
    target.write_bytes(b"user data")
    before = snapshot(tmp_path)
    code, _, err = evaluate(target)
    assert code == 2 and "is a file" in err and "Traceback" not in err
    assert snapshot(tmp_path) == before


def test_compare_out_follows_the_same_rules(trained_small, tmp_path, capsys, snapshot) -> None:
    region, cache = trained_small
    args = ["compare", "--region", str(region), "--cache-dir", str(cache), "Heute", "2100 ungebremst (RCP8.5)"]
    folder = tmp_path / "cmp"
    folder.mkdir()
    (folder / "keep.txt").write_text("x")
    before = snapshot(folder)
    assert main([*args, "--out", str(folder)]) == 2
    assert snapshot(folder) == before
    assert main([*args, "--out", str(tmp_path / "cmp-new"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert visible(tmp_path / "cmp-new") == ["areas.csv", "change.nc", "comparison.json", "parcels_changed.csv"]
    written = json.loads((tmp_path / "cmp-new" / "comparison.json").read_text())
    assert written["areas"] == data["areas"] and written["b_hash"] != written["a_hash"]


def test_groundwater_fit_never_replaces_a_file_without_force(tmp_path, capsys) -> None:
    data = Path(__file__).parent / "data" / "groundwater-example"
    target = tmp_path / "sim.csv"
    target.write_text("mine", encoding="utf-8")
    code = main(["groundwater", "fit", "--heads", str(data / "heads.csv"), "--climate", str(data / "climate.csv"),
                 "--out", str(target)])
    assert code == 2 and "exists" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"
