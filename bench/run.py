"""Benchmarks of the scenario evaluation hot path, against a naive baseline measured in the same run.

Prints one line per figure: cold and warm evaluation time of a scenario on the sample region,
prediction throughput, peak memory, and the same prediction work done naively (a per-cell
pandas DataFrame of all features for every cell and design event, scored by a default
RandomForest trained on the same rows), with the ratio. Goals: cold <= 5 s, warm <= 0.3 s.

Many sessions at once: ten viewers asking for the same cold scenario at the same moment
(threads on one shared engine, as a server runs them) against one viewer measured in the
same run — the goal is one computation and a ratio near 1 — and the server's resident
memory before, after ten different scenarios, and after the caches are dropped (given back).

Run with ``make bench`` (uses the trained model in the cache, training it first if needed).
The groundwater provider is the baseline one, so the figures measure the flood engine alone.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("KOKI_GROUNDWATER", "baseline")

import numpy as np  # noqa: E402

from koki_climate.engine import Engine  # noqa: E402
from koki_climate.io.entries import EntryStore  # noqa: E402
from naive import naive_forest, naive_predict  # noqa: E402
from koki_climate.scenario import LandUseChange, Scenario  # noqa: E402

SCENARIO = Scenario("rcp85", "2071-2100", land_use_changes=(LandUseChange("develop_planned"),))


def line(name: str, value: float, unit: str, note: str = "") -> dict:
    print(f"{name:<44} {value:>12,.3f} {unit:<8} {note}", flush=True)
    return {"name": name, "value": value, "unit": unit, "note": note}


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def peak_mib(fn) -> float:
    """Peak Python/numpy memory allocated while ``fn`` runs (tracemalloc), MiB."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def fresh_engine(region: Path, cache: Path) -> Engine:
    return Engine.open(region, cache_dir=cache, read_only=False)


def drop_result(engine: Engine, scenario: Scenario) -> None:
    """Remove a scenario from the disk cache (and memory): the next evaluation is cold."""
    shutil.rmtree(EntryStore(engine.cache_dir / "results").key_dir(engine.result_key(scenario)), ignore_errors=True)
    engine.forget()


def rss_mib() -> float:
    """Resident memory of this process (what the operating system counts), MiB."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def concurrent_viewers(engine: Engine, figures: list, viewers: int) -> None:
    """``viewers`` threads ask for one cold scenario at once; one viewer alone is the baseline."""
    from concurrent.futures import ThreadPoolExecutor

    scenario = SCENARIO.replace(groundwater_offset_m=0.25)
    drop_result(engine, scenario)
    _, single_s = timed(lambda: engine.evaluate(scenario))
    drop_result(engine, scenario)
    before = engine.stats["computed"]
    with ThreadPoolExecutor(max_workers=viewers) as pool:
        _, many_s = timed(lambda: list(pool.map(engine.evaluate, [scenario] * viewers)))
    figures.append(line("cold scenario, 1 viewer", single_s, "s", "baseline of this run"))
    figures.append(line(f"cold scenario, {viewers} viewers at once", many_s, "s", "threads, one shared engine"))
    figures.append(line(f"computations for {viewers} viewers", engine.stats["computed"] - before, "", "goal 1"))
    figures.append(line(f"ratio {viewers} viewers / 1 viewer (wall time)", many_s / single_s, "x", "goal ~1"))


def memory_when_idle(engine: Engine, figures: list, scenarios: int = 10) -> None:
    """Resident memory before, after ``scenarios`` different evaluations, and once the caches are dropped."""
    engine.forget()
    start = rss_mib()
    for index in range(scenarios):
        engine.evaluate(SCENARIO.replace(groundwater_offset_m=round(-1.0 + 0.2 * index, 1)))
    busy = rss_mib()
    engine.forget()
    idle = rss_mib()
    figures.append(line("resident memory before", start, "MiB"))
    figures.append(line(f"resident memory after {scenarios} scenarios", busy, "MiB",
                        f"memory cache limit {engine.memory_limit_bytes / 2**20:,.0f} MiB"))
    figures.append(line("resident memory after dropping the caches", idle, "MiB", "freed memory given back"))


def inference_comparison(engine: Engine, figures: list) -> float:
    """The same prediction with scikit-learn's trees and with the compiled ones, in this run.

    Returns the compiled prediction time (the naive baseline's ratio is against it).
    """
    from koki_climate.risk.compiled import TOLERANCE
    from koki_climate.risk.predict import predict_events

    inputs = engine.scenario_inputs(SCENARIO)
    features = inputs.features
    magnitudes = {event.name: event.precip_mm for event in inputs.events}
    compiled = engine.model.predictor
    times, outputs = {}, {}
    for name, predictor in (("scikit-learn", None), ("compiled", compiled)):
        engine.model.predictor = predictor
        outputs[name], times[name] = timed(lambda: predict_events(engine.model, features, magnitudes).compute())
    engine.model.predictor = compiled
    figures.append(line("predict 3 events, scikit-learn trees", times["scikit-learn"], "s", "same cells, this run"))
    if compiled is None:
        figures.append(line("predict 3 events, compiled trees", float("nan"), "s", "not available (see log)"))
        return times["scikit-learn"]
    figures.append(line("predict 3 events, compiled trees", times["compiled"], "s", "treelite/tl2cgen, gcc"))
    figures.append(line("ratio scikit-learn / compiled", times["scikit-learn"] / times["compiled"], "x"))
    cells = engine.region.shape[0] * engine.region.shape[1]
    figures.append(line("prediction throughput (grid cells x events)", 3 * cells / times["compiled"], "cells/s"))
    gap = max(float(np.nanmax(np.abs(outputs["compiled"][name] - outputs["scikit-learn"][name])))
              for name in outputs["compiled"].data_vars)
    figures.append(line("max |p compiled - p scikit-learn|", gap, "", f"tolerance {TOLERANCE:g}"))
    return times["compiled"]


def naive_baseline(engine: Engine, magnitudes: dict[str, float], figures: list, ours_predict_s: float) -> None:
    """Per-cell DataFrame of every feature for every cell and event + default RandomForest."""
    (forest, rows), fit_s = timed(lambda: naive_forest(engine))
    figures.append(line("baseline: RandomForest fit (same rows)", fit_s, "s", f"{rows:,} rows"))
    _, base_s = timed(lambda: naive_predict(engine, forest, magnitudes))
    cells = engine.region.shape[0] * engine.region.shape[1]
    figures.append(line("baseline: predict all cells x 3 events", base_s, "s",
                        f"{3 * cells / base_s:,.0f} cells/s"))
    base_mib = peak_mib(lambda: naive_predict(engine, forest, magnitudes))
    figures.append(line("baseline: peak memory of prediction", base_mib, "MiB"))
    figures.append(line("ratio baseline / ours (prediction time)", base_s / ours_predict_s, "x"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default=str(REPO / "data" / "musterstadt"))
    parser.add_argument("--cache-dir", default=str(REPO / ".cache"))
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--viewers", type=int, default=10, help="concurrent viewers of one cold scenario")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    region, cache = Path(args.region), Path(args.cache_dir)
    figures: list[dict] = []

    engine, open_s = timed(lambda: fresh_engine(region, cache))
    figures.append(line("open engine (region, terrain, model)", open_s, "s",
                        "includes training when no model is cached"))
    cells = engine.region.shape[0] * engine.region.shape[1]
    figures.append(line("grid cells", cells, "cells"))

    drop_result(engine, SCENARIO)
    result, cold_s = timed(lambda: engine.evaluate(SCENARIO))
    timing = result.summary["timing_s"]
    figures.append(line("cold evaluation of one scenario (compute)", timing["total_s"], "s", "goal <= 2 s"))
    figures.append(line("cold evaluation incl. writing the disk cache", cold_s, "s"))
    labels = {"inputs_s": "scenario inputs", "grids_s": "grids (p, AOA, zones, by blocks)",
              "zoning_s": "zone polygons and parcels", "contributions_s": "parcel reasons"}
    for key, label in labels.items():
        figures.append(line(f"  of which {label}", timing[key], "s"))

    _, warm_memory_s = timed(lambda: engine.evaluate(SCENARIO))
    figures.append(line("warm evaluation (in memory)", warm_memory_s, "s", "goal <= 0.3 s"))
    other = fresh_engine(region, cache)
    _, warm_disk_s = timed(lambda: other.evaluate(SCENARIO))
    figures.append(line("warm evaluation (disk cache, new process state)", warm_disk_s, "s", "goal <= 0.3 s"))

    drop_result(engine, SCENARIO)
    figures.append(line("peak memory of a cold evaluation", peak_mib(lambda: engine.evaluate(SCENARIO)), "MiB",
                        "tracemalloc (Python + numpy)"))

    predict_s = inference_comparison(engine, figures)
    concurrent_viewers(engine, figures, args.viewers)
    memory_when_idle(engine, figures)

    if not args.skip_baseline:
        magnitudes = {name: event["precip_mm"] for name, event in result.summary["design_events"].items()}
        naive_baseline(engine, magnitudes, figures, predict_s)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
