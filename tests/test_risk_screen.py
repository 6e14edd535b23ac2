"""The physical screen: a quantile of the flooded cells' height above drainage, and what it misses."""
from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from koki_climate.risk.training import TrainingConfig, can_flood, screen_limit, screened_flooded_share


def grids(hand: list[float], flooded: list[list[int]], impervious: list[float]):
    static = xr.Dataset({"hand": (("y", "x"), np.array([hand], dtype=float))})
    events = xr.DataArray(np.array(flooded, dtype=np.int8)[:, None, :], dims=("event", "y", "x"))
    return static, events, np.array([impervious], dtype=float)


def test_one_flooded_hollow_far_above_the_streams_does_not_open_the_screen():
    # 100 flooded unsealed cells at HAND 0..99 m, one flooded hollow at 500 m, one dry cell at 800 m
    hand = list(range(100)) + [500.0, 800.0]
    static, events, impervious = grids(hand, [[1] * 101 + [0]], [0.0] * 102)
    config = TrainingConfig(screen_quantile=0.99, hand_margin_m=3.0)
    # the 0.99 quantile of 101 values sits at position 99 of the sorted list: 99 m; plus 3 m
    assert screen_limit(static, events, impervious, config) == pytest.approx(102.0)
    assert TrainingConfig(screen_quantile=1.0).screen_quantile == 1.0
    assert screen_limit(static, events, impervious, TrainingConfig(screen_quantile=1.0)) == pytest.approx(503.0)
    # the hollow is one of 101 flooded (cell, event) pairs above the limit: reported, not hidden
    assert screened_flooded_share(static, events, impervious, 102.0, 0.2) == pytest.approx(1 / 101)


def test_sealed_cells_are_never_screened_and_count_in_the_share():
    static, events, impervious = grids([1.0, 50.0, 60.0], [[1, 1, 0], [1, 0, 1]], [0.0, 0.0, 0.9])
    # the unsealed flooded HAND values are 1 and 50 (the sealed cell does not set the limit)
    limit = screen_limit(static, events, impervious, TrainingConfig(screen_quantile=0.5, hand_margin_m=0.0))
    assert limit == pytest.approx(25.5)
    assert can_flood(static["hand"].values, impervious, limit, 0.2).tolist() == [[True, False, True]]
    # 4 flooded pairs; only the unsealed 50 m cell in event 1 is screened out
    assert screened_flooded_share(static, events, impervious, limit, 0.2) == pytest.approx(1 / 4)
