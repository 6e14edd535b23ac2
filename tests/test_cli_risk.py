"""The risk CLI as a planner uses it: presets, train, evaluate every preset, compare, bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import rioxarray  # noqa: F401
import xarray as xr

from koki_climate.cli import main


@pytest.fixture(scope="module")
def cli_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli-cache")


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def trained(small_region_dir: Path, cli_cache: Path) -> dict:
    """`train --json` once for the module (fits the model on the small region)."""
    result = subprocess.run([sys.executable, "-m", "koki_climate", "train", "--region", str(small_region_dir),
                             "--cache-dir", str(cli_cache), "--json"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_train_prints_spatial_and_random_cv(trained: dict) -> None:
    for split in ("spatial_cv", "random_cv"):
        assert {"roc_auc", "average_precision", "brier"} <= set(trained["metrics"][split])
    assert trained["reused"] is False


def test_train_again_reuses_the_model(small_region_dir, cli_cache, trained, capsys) -> None:
    code, out, _ = run_cli(capsys, "train", "--region", str(small_region_dir), "--cache-dir", str(cli_cache), "--json")
    assert code == 0
    again = json.loads(out)
    assert again["reused"] is True and again["model_key"] == trained["model_key"]


def test_scenarios_lists_presets_with_hash(small_region_dir, cli_cache, trained, capsys) -> None:
    code, out, _ = run_cli(capsys, "scenarios", "--region", str(small_region_dir), "--cache-dir", str(cli_cache),
                           "--json")
    assert code == 0
    names = [p["name"] for p in json.loads(out)["presets"]]
    assert names[:4] == ["Heute", "2050 Klimaschutz (RCP2.6)", "2050 moderat (RCP4.5)", "2100 ungebremst (RCP8.5)"]
    for preset in json.loads(out)["presets"]:
        assert len(preset["hash"]) == 16 and json.loads(preset["canonical_json"]) == preset["scenario"]


def test_evaluate_every_preset_writes_valid_outputs(small_region_dir, cli_cache, trained, tmp_path, capsys) -> None:
    code, out, _ = run_cli(capsys, "scenarios", "--region", str(small_region_dir), "--cache-dir", str(cli_cache),
                           "--json")
    for index, preset in enumerate(json.loads(out)["presets"]):
        target = tmp_path / f"out {index}"
        code, out, err = run_cli(capsys, "evaluate", "--region", str(small_region_dir), "--cache-dir",
                                 str(cli_cache), "--scenario", preset["name"], "--out", str(target), "--json")
        assert code == 0, err
        summary = json.loads(out)
        assert summary["scenario_hash"] == preset["hash"]
        assert {"scenario", "region_ha", "zones_ha", "conflicts", "model", "provenance", "timing_s"} <= set(summary)
        assert set(summary["zones_ha"]) == {"keine", "grundwasser", "auflagen", "freihalten"}
        run = summary.pop("run")  # how this run went: where the result came from, what it wrote
        assert run["files"] == ["parcels.csv", "risk.nc", "summary.json", "zones.gpkg"]
        assert json.loads((target / "summary.json").read_text()) == summary

        with xr.open_dataset(target / "risk.nc", decode_coords="all") as risk:
            assert risk.rio.crs.to_epsg() == 25832
            for name in ("p_hq10", "p_hq100", "p_hqextrem", "p_spread_hq100",
                         "applicable_hq100", "zone"):
                assert name in risk and "units" in risk[name].attrs, name
            assert float(risk["p_hq100"].max()) <= 1.0
        zones = gpd.read_file(target / "zones.gpkg", layer="zones")
        parcels = gpd.read_file(target / "zones.gpkg", layer="parcels")
        assert zones.crs.to_epsg() == 25832 and parcels.crs.to_epsg() == 25832
        assert {"zone", "name", "area_ha"} <= set(zones.columns)
        assert {"parcel_id", "conflict", "share_freihalten"} <= set(parcels.columns)
        assert int(parcels["conflict"].sum()) == summary["n_conflicts"]


def test_compare_reports_area_differences(small_region_dir, cli_cache, trained, capsys) -> None:
    code, out, err = run_cli(capsys, "compare", "--region", str(small_region_dir), "--cache-dir", str(cli_cache),
                             "Heute", "2100 ungebremst (RCP8.5)", "--json")
    assert code == 0, err
    data = json.loads(out)
    rows = {row["name"]: row for row in data["areas"]}
    for row in rows.values():
        assert row["diff_ha"] == pytest.approx(row["b_ha"] - row["a_ha"], abs=0.01)
    assert sum(row["diff_ha"] for row in rows.values()) == pytest.approx(0.0, abs=0.1)
    assert "conflicts_gained" in data and "conflicts_lost" in data


@pytest.mark.parametrize("scenario, message", [
    ('{"pathway": "rcp85", "horizon": "2071-2100", "rain": 3}', "unknown scenario field(s) ['rain']"),
    ('{"pathway": rcp85}', "not valid JSON"),
    ("Übermorgen", "unknown scenario 'Übermorgen'"),
])
def test_bad_scenarios_end_with_a_message_not_a_traceback(small_region_dir, cli_cache, trained, tmp_path,
                                                          scenario, message) -> None:
    result = subprocess.run([sys.executable, "-m", "koki_climate", "evaluate", "--region", str(small_region_dir),
                             "--cache-dir", str(cli_cache), "--scenario", scenario, "--out", str(tmp_path / "x")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


def test_region_problem_ends_with_a_message(tmp_path) -> None:
    result = subprocess.run([sys.executable, "-m", "koki_climate", "train", "--region", str(tmp_path / "missing"),
                             "--cache-dir", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 2
    assert "missing" in result.stderr and "Traceback" not in result.stderr
