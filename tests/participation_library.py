"""A planner library as a participation instance finds it: one published, prepared version, the comments table."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from koki_climate.engine import Engine
from koki_climate.participation.comments import CommentStore
from koki_climate.scenario import Scenario
from koki_climate.store import ScenarioStore

WET = Scenario(pathway="rcp85", horizon="2071-2100", groundwater_offset_m=0.5)
REF = "Entwurf@1"
DATABASE = "scenarios.sqlite"


def prepared_library(trained_small, folder: Path) -> tuple[Path, Path, tuple[float, float]]:
    """(region, a cache with the model and version ``Entwurf@1`` published and computed, a point inside)."""
    region, trained = trained_small
    cache = folder / "cache"
    shutil.copytree(trained, cache, ignore=shutil.ignore_patterns("results", DATABASE + "*", "bench-*", "*.lock"))
    previous = os.environ.get("KOKI_MODE")
    os.environ["KOKI_MODE"] = "planner"
    try:
        library = ScenarioStore.for_cache(cache)
        library.save("Entwurf", WET)
        library.publish("Entwurf", 1, actor="Planung")
        library.close()
        CommentStore.for_cache(cache, mode="planner").close()
        risk = Engine.open(region, cache_dir=cache).evaluate(WET).risk
    finally:
        if previous is None:
            os.environ.pop("KOKI_MODE")
        else:
            os.environ["KOKI_MODE"] = previous
    point = (float(risk["x"][risk.sizes["x"] // 2]), float(risk["y"][risk.sizes["y"] // 2]))
    return region, cache, point
