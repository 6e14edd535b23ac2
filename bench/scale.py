"""Scale benchmark: generated sample regions of about 1 M and 10 M cells (``make bench``) and 100 M
(``make bench-large``), each measured in child processes so every figure is that size's own.

Per size: generating the region (``sample --cells N``), opening it (terrain features, training,
compiling: once per region), a cold scenario evaluation (compute wall time, prediction alone,
cells per second, the process's peak resident memory), the map payload per view (bytes of the
deck a browser receives), and the naive baselines measured in the same run where they fit: a
per-cell DataFrame + default RandomForest for the prediction, per-cell JSON for the map.

Run ``python bench/scale.py --cells 1000 3162`` (what ``make bench`` does) or ``--cells 10000``.
Regions and caches live in ``data/bench-<cells>`` and ``.cache/bench-<cells>`` (reused).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("KOKI_GROUNDWATER", "baseline")

#: the baselines are skipped above this many cells (the per-cell DataFrame alone would need 7 GB at 100 M)
BASELINE_MAX_CELLS = 20_000_000


def line(name: str, value: float, unit: str, note: str = "") -> dict:
    print(f"{name:<52} {value:>14,.3f} {unit:<8} {note}", flush=True)
    return {"name": name, "value": value, "unit": unit, "note": note}


def measured(args: list[str]) -> tuple[float, float, str]:
    """Run a child process; (wall s, that child's own peak resident memory in MiB, its stdout)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err, text=True, cwd=REPO)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        out.seek(0), err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(args[1:6])} failed:\n{err.read()[-3000:]}")
        return wall, usage.ru_maxrss / 1024, out.read().strip().splitlines()[-1]  # libraries may print before


def _rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# --- children ---------------------------------------------------------------------------------

def _scenario():
    from koki_climate.scenario import LandUseChange, Scenario

    return Scenario("rcp85", "2071-2100", land_use_changes=(LandUseChange("develop_planned"),))


def child_open(region: str, cache: str) -> dict:
    from koki_climate.engine import Engine

    start = time.perf_counter()
    engine = Engine.open(region, cache_dir=cache, read_only=False)
    return {"open_s": time.perf_counter() - start, "trained": engine.trained}


def child_evaluate(region: str, cache: str) -> dict:
    """A cold evaluation as the app runs it (grids streamed into the result cache), then the
    prediction alone, then the payload of two map views drawn from that result."""
    import shutil

    from koki_climate.chunks import chunked, scheduler
    from koki_climate.engine import Engine
    from koki_climate.risk.predict import predict_events
    from koki_climate.ui.risk_map import view_deck

    shutil.rmtree(Path(cache) / "results", ignore_errors=True)  # cold: no result of an earlier run
    engine = Engine.open(region, cache_dir=cache)
    scenario = _scenario()
    rss_open = _rss_mib()
    result, source = engine.evaluate_traced(scenario)
    assert source == "computed"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    inputs = engine.scenario_inputs(scenario)
    features = chunked(inputs.features)
    magnitudes = {event.name: event.precip_mm for event in inputs.events}
    start = time.perf_counter()
    with scheduler():
        predict_events(engine.model, features, magnitudes).compute()
    predict_s = time.perf_counter() - start
    payload = {view: len(view_deck(engine.region, result, view, "hq100").to_json()) for view in ("p", "zone")}
    return {"cells": int(engine.region.shape[0] * engine.region.shape[1]), "timing": result.summary["timing_s"],
            "predict_s": predict_s, "rss_open_mib": rss_open, "peak_mib": peak, "payload": payload,
            "magnitudes": magnitudes, "inference": result.summary["provenance"]["inference"],
            "grids": result.summary["blocks"]["grids"]}


def child_naive(region: str, cache: str, magnitudes: str) -> dict:
    sys.path.insert(0, str(REPO / "bench"))
    from naive import naive_forest, naive_map_bytes, naive_predict

    from koki_climate.engine import Engine

    engine = Engine.open(region, cache_dir=cache, read_only=True)
    forest, _ = naive_forest(engine)
    rss = _rss_mib()
    start = time.perf_counter()
    naive_predict(engine, forest, json.loads(magnitudes))
    predict_s = time.perf_counter() - start
    risk = engine._compute(_scenario()).risk  # computes without writing (the parent's child wrote nothing either)
    map_bytes = naive_map_bytes(risk["p_hq100"].values, risk["x"].values, risk["y"].values)
    return {"predict_s": predict_s, "rss_before_mib": rss, "map_bytes": map_bytes}


# --- the parent --------------------------------------------------------------------------------

def bench_size(cells_per_side: int, figures: list, skip_baseline: bool) -> None:
    region = REPO / "data" / f"bench-{cells_per_side}"
    cache = REPO / ".cache" / f"bench-{cells_per_side}"
    me = [sys.executable, str(Path(__file__).resolve())]
    print(f"--- {cells_per_side} x {cells_per_side} cells ---", flush=True)
    if not (region / "region.toml").exists():
        wall, rss, _ = measured([sys.executable, "-m", "koki_climate", "sample", "--out", str(region),
                                 "--cells", str(cells_per_side)])
        figures.append(line("generate the region (sample --cells)", wall, "s", f"peak {rss:,.0f} MiB"))
    wall, rss, out = measured(me + ["--child", "open", str(region), str(cache)])
    opened = json.loads(out)
    figures.append(line("open: terrain, training, compiling (once)", wall, "s",
                        f"peak {rss:,.0f} MiB{'' if opened['trained'] else ', model from the cache'}"))
    wall, rss, out = measured(me + ["--child", "evaluate", str(region), str(cache)])
    ours = json.loads(out)
    cells = ours["cells"]
    total = ours["timing"]["total_s"]
    figures.append(line("grid cells", cells, "cells"))
    figures.append(line("cold evaluation (compute)", total, "s", "goal <= 2 s at 1.44 M cells"))
    figures.append(line("  of which grids (p, AOA, zones, by blocks)", ours["timing"]["grids_s"], "s"))
    figures.append(line("  of which zone polygons and parcels", ours["timing"]["zoning_s"], "s"))
    figures.append(line("cells per second (cold evaluation)", cells / total, "cells/s"))
    figures.append(line("prediction alone, 3 events", ours["predict_s"], "s", ours["inference"]))
    figures.append(line("peak resident memory, evaluating process", ours["peak_mib"], "MiB",
                        f"{ours['rss_open_mib']:,.0f} MiB after opening; result grids {ours['grids']}"))
    for view, size in ours["payload"].items():
        figures.append(line(f"map payload, view '{view}'", size / 1e6, "MB", "goal <= 1.5 MB"))
    if skip_baseline or cells > BASELINE_MAX_CELLS:
        why = "--skip-baseline" if skip_baseline else f"above {BASELINE_MAX_CELLS:,} cells"
        figures.append(line("baseline", float("nan"), "", f"skipped ({why})"))
        return
    wall, rss, out = measured(me + ["--child", "naive", str(region), str(cache), json.dumps(ours["magnitudes"])])
    naive = json.loads(out)
    figures.append(line("baseline: per-cell DataFrame + RandomForest, 3 events", naive["predict_s"], "s",
                        f"peak {rss:,.0f} MiB"))
    figures.append(line("ratio baseline / ours (prediction alone)", naive["predict_s"] / ours["predict_s"], "x",
                        "goal >= 10"))
    figures.append(line("ratio baseline prediction / our whole evaluation", naive["predict_s"] / total, "x"))
    figures.append(line("baseline: per-cell JSON map of p", naive["map_bytes"] / 1e6, "MB",
                        f"{naive['map_bytes'] / ours['payload']['p']:,.0f} x ours"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, nargs="+", default=[1000, 3162], help="cells per side of each region")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        print(json.dumps({"open": child_open, "evaluate": child_evaluate, "naive": child_naive}[kind](*rest)))
        return 0
    figures: list[dict] = []
    for cells in args.cells:
        bench_size(cells, figures, args.skip_baseline)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
