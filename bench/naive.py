"""The naive baselines the benchmarks measure against, in the same run (one implementation).

Prediction: a per-cell pandas DataFrame of every feature for every cell and design event,
scored by a default ``RandomForestClassifier`` trained on the model's own training rows.
Map: every cell's value as one JSON object (what a per-cell pydeck layer would send).
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

from koki_climate.engine import Engine
from koki_climate.risk.features import FEATURES, STATIC_FEATURES
from koki_climate.risk.training import sample_training_rows


def naive_forest(engine: Engine):
    """A default RandomForest fitted on the same rows as the model (all cores)."""
    from sklearn.ensemble import RandomForestClassifier

    X, y, *_ = sample_training_rows(engine.region, engine.static, engine.model.config)
    return RandomForestClassifier(random_state=0, n_jobs=-1).fit(X.to_numpy(np.float32), y), len(y)


def naive_predict(engine: Engine, forest, magnitudes: dict[str, float]) -> None:
    """Every cell x every event through a per-cell DataFrame."""
    grids = engine.static.assign(impervious=engine.region.grid["impervious"],
                                 groundwater_depth=engine.region.grid["groundwater_depth"])
    columns = {name: np.asarray(grids[name].values).ravel() for name in STATIC_FEATURES + ("impervious",
                                                                                          "groundwater_depth")}
    for magnitude in magnitudes.values():
        frame = pd.DataFrame(columns)
        frame["event_precip_mm"] = magnitude
        frame = frame[list(FEATURES)].fillna(0.0)
        forest.predict_proba(frame)[:, 1]


def naive_map_bytes(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> int:
    """Bytes of a per-cell JSON layer of ``p`` (one object per cell with a value, as a ScatterplotLayer)."""
    rows, cols = np.nonzero(np.isfinite(p) & (p > 0))
    total = 2
    step = 1_000_000  # built in slices so the baseline's own measurement fits in memory
    for start in range(0, rows.size, step):
        r, c = rows[start:start + step], cols[start:start + step]
        records = [{"x": float(a), "y": float(b), "p": round(float(v), 4)} for a, b, v in zip(x[c], y[r], p[r, c])]
        total += len(json.dumps(records)) - 1
    return total
