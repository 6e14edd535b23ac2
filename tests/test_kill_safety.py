"""Killed at any moment: a SIGKILL while writing a result, a model or an output folder leaves
nothing that is later read as valid, the next start removes the leftovers, the next run completes.

The writing process is a real subprocess; the test chooses where it dies by counting the
renames it performs (every file and every entry becomes visible through one rename) and
killing it with SIGKILL just before the n-th one.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from koki_climate.cli import main
from koki_climate.engine import Engine
from koki_climate.io.entries import EntryStore
from koki_climate.risk.store import load_model, model_store, save_model
from koki_climate.scenario import Scenario

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
SCENARIO = Scenario("rcp26", "2021-2050", 0.321)

#: prepended to every script: SIGKILL this process just before its KILL_AT-th rename
KILLER = textwrap.dedent("""
    import os, signal, sys
    KILL_AT = int(os.environ["KILL_AT"])
    calls = [0]
    def dying(real):
        def rename(src, dst, *args, **kwargs):
            calls[0] += 1
            if calls[0] == KILL_AT:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(src, dst, *args, **kwargs)
        return rename
    os.replace, os.rename = dying(os.replace), dying(os.rename)
""")


def run_killed(script: str, kill_at: int, *args: str) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-c", KILLER + textwrap.dedent(script), *args], cwd=REPO, text=True,
                          capture_output=True, timeout=600, env={**os.environ, "KILL_AT": str(kill_at)})


def leftovers(folder: Path) -> list[str]:
    """Temporaries and uncommitted versions anywhere below ``folder``."""
    found = []
    for path in folder.rglob("*"):
        if path.name.startswith(".koki-tmp-"):
            found.append(str(path.relative_to(folder)))
        elif path.name.startswith("v-") and path.parent.parent.name in ("results", "models"):
            store = EntryStore(path.parent.parent)
            if store.folder(path.parent.name) != path:
                found.append(str(path.relative_to(folder)))
    return sorted(found)


@pytest.fixture
def prepared_cache(trained_small, model_only_cache) -> Path:
    """A cache with model and terrain, but without the scenario's result."""
    Engine.open(trained_small[0], cache_dir=model_only_cache)
    return model_only_cache


# 6 renames save a result: risk.nc, zones.gpkg, parcels.csv, summary.json, the entry folder, the pointer
@pytest.mark.parametrize("kill_at", [1, 5, 6])
def test_killed_while_saving_a_result(trained_small, prepared_cache, kill_at) -> None:
    region, reference_cache = trained_small
    done = run_killed("""
        from koki_climate.engine import Engine
        from koki_climate.scenario import Scenario
        Engine.open(sys.argv[1], cache_dir=sys.argv[2]).evaluate(Scenario.from_json(sys.argv[3]))
    """, kill_at, str(region), str(prepared_cache), SCENARIO.canonical_json())
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert leftovers(prepared_cache), "the kill left work in progress (else the test kills too late)"

    engine = Engine.open(region, cache_dir=prepared_cache)  # the next start
    assert leftovers(prepared_cache) == []
    result, source = engine.evaluate_traced(SCENARIO)
    assert source == "computed"  # nothing partial was taken for a result
    expected = Engine.open(region, cache_dir=reference_cache).evaluate(SCENARIO)
    np.testing.assert_array_equal(result.risk["zone"].values, expected.risk["zone"].values)
    assert Engine.open(region, cache_dir=prepared_cache).evaluate_traced(SCENARIO)[1] == "disk"


# 2 renames save a model: the entry folder, then the pointer
@pytest.mark.parametrize("kill_at", [1, 2])
def test_killed_while_saving_a_model(trained_small, tmp_path, kill_at) -> None:
    source = model_store(trained_small[1])
    key = next(p.name for p in (trained_small[1] / "models").iterdir() if source.folder(p.name))
    done = run_killed("""
        from koki_climate.risk.store import load_model, model_store, save_model
        source, target, key = sys.argv[1:]
        model, card = load_model(model_store(source).folder(key))
        save_model(model, model_store(target), key, card)
    """, kill_at, str(trained_small[1]), str(tmp_path), key)
    assert done.returncode == -signal.SIGKILL, done.stderr
    store = model_store(tmp_path)
    assert store.folder(key) is None  # a reader finds no model, not half of one
    assert store.clean() and leftovers(tmp_path) == []
    model, card = load_model(source.folder(key))
    save_model(model, store, key, card)  # the next run completes
    assert load_model(store.folder(key))[1]["model_key"] == key


# 10 renames write an --out folder: 4 files in the work folder, the marker, 4 moves, the final marker
@pytest.mark.parametrize("kill_at", [3, 7, 10])
def test_killed_while_writing_an_output_folder(trained_small, capsys, tmp_path, kill_at) -> None:
    region, cache = trained_small
    out = tmp_path / "out"
    args = ["evaluate", "--region", str(region), "--cache-dir", str(cache), "--scenario", "Heute", "--out", str(out)]
    assert main(args) == 0  # the result is in the cache now; the killed run only writes the folder
    capsys.readouterr()
    out.rename(tmp_path / "first")
    done = run_killed("""
        from koki_climate.cli import main
        main(sys.argv[1:])
    """, kill_at, *args)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert main([*args, "--json"]) == 0  # the next run completes, without --force
    run = json.loads(capsys.readouterr().out)["run"]
    names = sorted(p.name for p in out.iterdir())
    assert names == [".koki-output-result.json", *run["files"]]
    marker = json.loads((out / ".koki-output-result.json").read_text())
    assert marker["state"] == "complete"
    assert (out / "parcels.csv").read_bytes() == (tmp_path / "first" / "parcels.csv").read_bytes()
    with xr.open_dataset(out / "risk.nc") as now, xr.open_dataset(tmp_path / "first" / "risk.nc") as before:
        np.testing.assert_array_equal(now["zone"].values, before["zone"].values)
