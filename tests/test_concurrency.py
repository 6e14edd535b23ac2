"""Many sessions at once: one shared engine and one cache folder, each cold scenario computed once."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from koki_climate.engine import Engine
from koki_climate.scenario import Scenario

REPO = Path(__file__).resolve().parents[1]
#: three scenarios no other test evaluates (their offsets are unusual)
COLD = [Scenario(groundwater_offset_m=0.123), Scenario("rcp45", "2021-2050", 0.456),
        Scenario("rcp85", "2071-2100", -0.789, policy="precautionary")]


def same_result(a, b) -> None:
    for name in ("zone", "p_hq100", "p_hqextrem", "groundwater_depth"):
        np.testing.assert_array_equal(a.risk[name].values, b.risk[name].values, err_msg=name)
    assert a.summary["zones_ha"] == b.summary["zones_ha"]
    assert a.summary["conflicts"] == b.summary["conflicts"]


@pytest.fixture
def sequential(trained_small, tmp_path_factory) -> dict[str, object]:
    """The three results computed one after another, in a cache of their own."""
    import shutil

    cache = tmp_path_factory.mktemp("sequential")
    shutil.copytree(trained_small[1] / "models", cache / "models")
    engine = Engine.open(trained_small[0], cache_dir=cache)
    return {s.hash: engine.evaluate(s) for s in COLD}


def test_threads_compute_each_cold_scenario_once(trained_small, model_only_cache, sequential) -> None:
    engine = Engine.open(trained_small[0], cache_dir=model_only_cache)
    requests = COLD * 4  # twelve viewers, overlapping on three cold scenarios
    with ThreadPoolExecutor(max_workers=6) as pool:
        traced = list(pool.map(engine.evaluate_traced, requests))
    assert engine.stats["computed"] == 3
    assert engine.stats["computed"] + engine.stats["memory"] + engine.stats["disk"] == len(requests)
    for scenario, (result, _) in zip(requests, traced):
        same_result(result, sequential[scenario.hash])
    by_hash = {}
    for scenario, (result, _) in zip(requests, traced):
        by_hash.setdefault(scenario.hash, result)
        assert result is by_hash[scenario.hash], "every viewer gets the one shared result"


def test_two_processes_sharing_a_cache_compute_each_scenario_once(trained_small, model_only_cache,
                                                                  sequential) -> None:
    """Process 1 evaluates A, B; process 2 evaluates B, C, at the same time: B is computed once."""
    script = textwrap.dedent("""
        import json, sys
        from koki_climate.engine import Engine
        from koki_climate.scenario import Scenario
        region, cache, *texts = sys.argv[1:]
        engine = Engine.open(region, cache_dir=cache)
        print(json.dumps([engine.evaluate_traced(Scenario.from_json(t))[1] for t in texts]))
    """)
    a, b, c = (s.canonical_json() for s in COLD)
    Engine.open(trained_small[0], cache_dir=model_only_cache)  # terrain cached before both start
    env_args = [sys.executable, "-c", script, str(trained_small[0]), str(model_only_cache)]
    first = subprocess.Popen([*env_args, a, b], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    second = subprocess.Popen([*env_args, b, c], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    out1, err1 = first.communicate(timeout=600)
    out2, err2 = second.communicate(timeout=600)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    sources = json.loads(out1) + json.loads(out2)
    assert sources.count("computed") == 3 and sources.count("disk") == 1
    reader = Engine.open(trained_small[0], cache_dir=model_only_cache)
    for scenario in COLD:
        result, source = reader.evaluate_traced(scenario)
        assert source == "disk"
        same_result(result, sequential[scenario.hash])


def test_memory_cache_keeps_to_its_byte_limit(trained_small, model_only_cache) -> None:
    engine = Engine.open(trained_small[0], cache_dir=model_only_cache)
    first = engine.evaluate(COLD[0])
    from koki_climate.memory import result_nbytes

    engine.memory_limit_bytes = int(1.5 * result_nbytes(first))  # room for one result, not two
    for scenario in COLD[1:]:
        engine.evaluate(scenario)
    assert [r.scenario.hash for r in engine.evaluated()] == [COLD[2].hash]
    _, source = engine.evaluate_traced(COLD[0])
    assert source == "disk"  # evicted from memory, read back from the cache folder
