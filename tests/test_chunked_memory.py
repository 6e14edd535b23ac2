"""Memory of a block-by-block evaluation, measured in a child process on a mid-size region.

tracemalloc counts what Python and numpy allocate (the grids), deterministically, unlike the
resident size of a process sharing a busy machine. The bound, reasoned: the result's grids
(1x), their assembly from blocks (1x), the scenario's input grids (3 float32 per cell, about
0.3x) and the blocks in flight (a few blocks of 120 x 120 cells, under 10 MB) — within 3x the
result. One block over the whole grid needs every intermediate of every cell at once.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHILD = """
import json, os, sys, tracemalloc
from koki_climate.engine import Engine
from koki_climate.scenario import LandUseChange, Scenario
engine = Engine.open(sys.argv[1], cache_dir=sys.argv[2], read_only=True)
scenario = Scenario("rcp85", "2071-2100", land_use_changes=(LandUseChange("develop_planned"),))
engine._compute(scenario)  # imports and one-off caches are not the evaluation's memory
engine.forget()
tracemalloc.start()
result = engine._compute(scenario)
print(json.dumps({"peak": tracemalloc.get_traced_memory()[1], "result": int(result.risk.nbytes)}))
"""


def measure(region: Path, cache: Path, chunk_cells: int) -> dict:
    env = {**os.environ, "KOKI_CHUNK_CELLS": str(chunk_cells), "KOKI_GROUNDWATER": "baseline",
           "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(region), str(cache)], env=env, cwd=REPO,
                         capture_output=True, text=True, timeout=600, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.slow
def test_blocks_bound_the_memory_of_an_evaluation(tmp_path_factory) -> None:
    from koki_climate.engine import Engine
    from koki_climate.region.sample import generate_sample_region

    region = tmp_path_factory.mktemp("mid") / "region"
    cache = region.parent / "cache"
    generate_sample_region(region, seed=42, cells=480)  # 230,400 cells
    Engine.open(region, cache_dir=cache, read_only=False)  # train and compile once
    blocks = measure(region, cache, 120 * 120)
    whole = measure(region, cache, 480 * 480)
    assert blocks["result"] == whole["result"] > 0
    assert blocks["peak"] <= 3 * blocks["result"], blocks
    assert whole["peak"] >= 1.25 * blocks["peak"], (whole, blocks)
