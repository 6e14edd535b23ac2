"""Groundwater of the sample region: a depth grid and wells whose heads answer the weather.

Depth grows with height above the stream whose valley holds the cell (``Terrain.hand``:
shallow in the floodplain, tens of metres under the hills). Each well's head is its ground
elevation minus that depth, plus the recharge signal (soil bucket, then a gamma-shaped
response with the well's own response time), a few pumping trends and level shifts, and
measurement noise: the things a groundwater analysis must find.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import signal

from koki_climate.region.sample.grid import child_rng, noise
from koki_climate.region.sample.terrain import Terrain

N_WELLS = 40
TRENDS = {3: -0.03, 11: -0.03, 17: 0.02, 28: -0.015}      # m/year (pumping, rising)
SHIFTS = {7: ("2006-03-01", -0.40), 25: ("2013-07-01", 0.30)}  # change points
GAPS = {5: (1996, 2), 19: (2003, 1), 30: (2010, 3)}          # start year, years missing
LATE_START = {33: "2001-01-01", 38: "2008-06-01"}


def groundwater_depth(t: Terrain, lakes: np.ndarray, seed: int) -> np.ndarray:
    """Mean depth to groundwater, m below ground (0 under rivers and lakes)."""
    n1 = noise(seed, 40, 1500.0).on(t.grid, order=1)
    n2 = noise(seed, 41, 300.0).on(t.grid, order=1)
    depth = 0.3 + 27.0 * (1.0 - np.exp(-np.maximum(t.hand - 0.8, 0.0) / 55.0)) * (1.0 + 0.15 * n1) + 0.15 * n2
    depth = np.clip(depth, 0.3, 35.0)
    depth[t.river | lakes] = 0.0
    return np.round(depth, 2).astype(np.float32)


@dataclass
class Wells:
    table: pd.DataFrame           # well_id, x, y, ground_elevation_m
    heads: dict[str, pd.DataFrame]  # well_id -> date, head_m


def place_wells(t: Terrain, depth: np.ndarray, exclude: np.ndarray, seed: int) -> pd.DataFrame:
    """40 wells, mostly in the valley and on the terraces, at least 600 m apart."""
    rng = child_rng(seed, 50)
    weight = np.exp(-t.hand / 20.0) * ~exclude * (t.d_stream > 60.0)
    p = (weight / weight.sum()).ravel()
    candidates = rng.choice(p.size, size=600, replace=False, p=p)
    grid = t.grid
    chosen: list[int] = []
    for c in candidates:  # greedy thinning of 600 candidates
        r, k = divmod(int(c), grid.n)
        if all(np.hypot(grid.x[k] - grid.x[j % grid.n], grid.y[r] - grid.y[j // grid.n]) > 600.0 for j in chosen):
            chosen.append(int(c))
        if len(chosen) == N_WELLS:
            break
    rows, cols = np.divmod(np.array(chosen), grid.n)
    return pd.DataFrame({
        "well_id": [f"GWM{i + 1:03d}" for i in range(len(chosen))],
        "x": np.round(grid.x[cols], 1), "y": np.round(grid.y[rows], 1),
        "ground_elevation_m": np.round(t.elevation[rows, cols], 2),
        "depth_m": depth[rows, cols].astype(float),
    })


def recharge(weather: pd.DataFrame, capacity: float = 120.0) -> np.ndarray:
    """Daily recharge (mm) from a soil bucket: what overflows after evapotranspiration."""
    p = weather["precipitation_mm"].to_numpy()
    pet = weather["pet_mm"].to_numpy()
    out = np.zeros_like(p)
    store = capacity / 2
    for i in range(len(p)):  # one pass over days, shared by all wells
        store = store + p[i] - pet[i] * min(1.0, store / (0.7 * capacity))
        if store > capacity:
            out[i] = store - capacity
            store = capacity
        store = max(store, 0.0)
    return out


def simulate_heads(wells: pd.DataFrame, weather: pd.DataFrame, seed: int) -> dict[str, pd.DataFrame]:
    """Weekly heads (m a.s.l.) per well: mean level + climate response + trend/shift + noise."""
    rng = child_rng(seed, 51)
    r = recharge(weather)
    dates = pd.to_datetime(weather["date"])
    years = ((dates - dates.iloc[0]).dt.days / 365.25).to_numpy()
    weekly = np.arange(0, len(dates), 7)
    heads = {}
    for i, row in enumerate(wells.itertuples(index=False)):
        tau = float(np.exp(rng.uniform(np.log(30.0), np.log(300.0))))
        a = np.exp(-2.0 / tau)  # two reservoirs of tau/2 in series: a gamma(2) response
        resp = signal.lfilter([1 - a], [1, -a], signal.lfilter([1 - a], [1, -a], r - r.mean()))
        sigma = min(0.12 + 0.04 * row.depth_m, 0.35 * row.depth_m, 1.2) * rng.uniform(0.7, 1.3)
        head = resp / resp[365:].std() * sigma
        head += TRENDS.get(i, 0.0) * (years - years.mean())
        if i in SHIFTS:
            when, size = SHIFTS[i]
            after = (dates >= when).to_numpy()
            head += size * (after - after.mean())
        head = head - head[365:].mean() + row.ground_elevation_m - row.depth_m
        head = head[weekly] + rng.normal(0.0, 0.02, weekly.size)
        frame = pd.DataFrame({"date": weather["date"].to_numpy()[weekly], "head_m": np.round(head, 2)})
        if i in GAPS:
            start, length = GAPS[i]
            year = frame["date"].str[:4].astype(int)
            frame = frame[(year < start) | (year >= start + length)]
        if i in LATE_START:
            frame = frame[frame["date"] >= LATE_START[i]]
        heads[row.well_id] = frame.reset_index(drop=True)
    return heads


def build_wells(t: Terrain, depth: np.ndarray, exclude: np.ndarray, weather: pd.DataFrame, seed: int) -> Wells:
    """Well locations and their head series."""
    table = place_wells(t, depth, exclude, seed)
    heads = simulate_heads(table, weather, seed)
    return Wells(table.drop(columns="depth_m"), heads)

