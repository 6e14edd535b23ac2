"""Land use and sealing of the sample region, placed by rules a planner would recognise.

Settlements and industry sit at fixed places relative to the rivers (a town on the lower
terrace at a tributary mouth, villages in side valleys and on terraces), so the landscape
is the same at every resolution. Grassland and floodplain forest line the rivers, forest
covers steep slopes and hilltops, fields fill the rest. Some planned developments lie on
the floodplain on purpose: they are the conflicts the dashboard should reveal.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from koki_climate.region.sample.grid import Grid, child_rng, noise
from koki_climate.region.sample.terrain import Terrain

CLASSES = ("settlement", "industry", "agriculture", "grassland", "forest", "water", "planned_development")
SETTLEMENT, INDUSTRY, AGRICULTURE, GRASSLAND, FOREST, WATER, PLANNED = range(1, 8)


@dataclass
class LandUse:
    landuse: np.ndarray      # uint8 classes 1..7
    impervious: np.ndarray   # float32 0..1
    before_plan: np.ndarray  # uint8: the current use under planned-development cells
    lakes: np.ndarray        # bool: gravel-pit lakes (water, but not river)
    town_centre: tuple[float, float]  # local metres


def _blob(grid: Grid, centre: tuple[float, float], rx: float, ry: float, angle: float,
          rough: np.ndarray, roughness: float = 0.25) -> np.ndarray:
    """An irregular ellipse: the shape of a village or a building area."""
    lx, ly = grid.local
    dx, dy = lx - centre[0], ly - centre[1]
    c, s = np.cos(angle), np.sin(angle)
    r = np.hypot((c * dx + s * dy) / rx, (-s * dx + c * dy) / ry)
    return r + roughness * rough < 1.0


def _at(grid: Grid, arr: np.ndarray, x: float, y: float) -> float:
    row, col = grid.index_of(np.array([x]), np.array([y]))
    return float(arr[row[0], col[0]])


def _floodplain_edge(t: Terrain, x: float, side: int, offset: float) -> tuple[float, float]:
    """A point ``offset`` m beyond the floodplain edge (negative: inside the floodplain)."""
    y_r = float(t.main.y(x))
    w = _at(t.grid, t.floodplain_w, x, y_r + side * 50.0)
    return x, y_r + side * (w + offset)


def _along(stream, s_from_mouth: float, offset: float) -> tuple[float, float]:
    """A point beside a tributary, ``s_from_mouth`` m upstream, ``offset`` m to its left."""
    s = np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(stream.lx[::-1]), np.diff(stream.ly[::-1])))])
    i = int(np.clip(np.searchsorted(s, s_from_mouth), 1, len(s) - 1))
    x, y = stream.lx[::-1][i], stream.ly[::-1][i]
    dx, dy = x - stream.lx[::-1][i - 1], y - stream.ly[::-1][i - 1]
    norm = np.hypot(dx, dy) or 1.0
    return x - offset * dy / norm, y + offset * dx / norm


def build_landuse(t: Terrain, seed: int) -> LandUse:
    """Classes 1..7 and the impervious fraction, from terrain and fixed settlement sites."""
    grid, rng = t.grid, child_rng(seed, 30)
    rough = noise(seed, 31, 450.0).on(grid, order=1)
    n_forest = noise(seed, 32, 900.0).on(grid, order=1)
    n_grass = noise(seed, 33, 350.0).on(grid, order=1)
    n_seal = noise(seed, 34, 150.0).on(grid, order=1)
    gy, gx = np.gradient(t.elevation, grid.cell)
    slope = np.hypot(gx, gy)
    floodplain = t.d_main < t.floodplain_w

    lu = np.full((grid.n, grid.n), AGRICULTURE, dtype=np.uint8)
    lu[(floodplain & (n_grass > -0.8)) | ((t.d_stream < 150.0) & (t.hand < 3.0)) | (n_grass > 1.6)] = GRASSLAND
    forest = ((slope > 0.10) & (n_forest > -0.9)) | ((t.hand > 80.0) & (n_forest > 0.3)) | (n_forest > 1.5)
    forest |= (t.d_main < 160.0) & (n_grass > 0.0)  # patches of Auwald along the main river
    lu[forest] = FOREST

    tribs = {s.name: s for s in t.streams[1:]}
    mouth = tribs["Forstbach"]
    town = (float(mouth.lx[-1]) + 700.0, float(t.main.y(mouth.lx[-1] + 700.0)))
    town = _floodplain_edge(t, town[0], 1, 450.0)
    settlement = _blob(grid, town, 1900.0, 1300.0, rng.uniform(-0.3, 0.3), rough, 0.3)
    settlement &= t.d_main > 120.0
    villages = [_along(tribs[n], s, o) for n, s, o in
                (("Steinbach", 3500.0, 200.0), ("Erlbach", 4200.0, -220.0), ("Kaltenbach", 5000.0, 200.0),
                 ("Aubach", 6000.0, -200.0), ("Rothbach", 2600.0, 220.0), ("Steinbach", 8500.0, -180.0))]
    villages += [_floodplain_edge(t, x, side, off) for x, side, off in
                 ((2500.0, 1, 500.0), (7000.0, -1, 300.0), (11_500.0, -1, 900.0), (22_000.0, 1, 350.0),
                  (26_500.0, -1, 600.0), (17_500.0, -1, 250.0))]
    for v in villages:
        settlement |= _blob(grid, v, rng.uniform(350, 600), rng.uniform(280, 450), rng.uniform(0, np.pi), rough)
    for hx, hy in rng.uniform(1500.0, 28_500.0, size=(16, 2)):  # hamlets and farmsteads
        settlement |= _blob(grid, (hx, hy), rng.uniform(120, 260), rng.uniform(100, 200), rng.uniform(0, np.pi), rough)
    lu[settlement] = SETTLEMENT

    ind_a = _floodplain_edge(t, town[0] + 2600.0, 1, -150.0)
    industry = _blob(grid, ind_a, 800.0, 330.0, 0.1, rough, 0.2)
    industry |= _blob(grid, (villages[8][0] + 500.0, villages[8][1] - 300.0), 420.0, 260.0, 0.4, rough, 0.2)
    industry &= t.d_main > 100.0
    lu[industry] = INDUSTRY

    planned_sites = [
        ((town[0] + 300.0, town[1] + 1500.0), 480.0, 300.0),      # north edge of town, terrace: safe
        ((town[0] - 2100.0, town[1] + 150.0), 420.0, 280.0),      # west edge of town, terrace
        ((town[0] - 700.0, float(t.main.y(town[0] - 700.0)) + 380.0), 380.0, 230.0),  # floodplain!
        ((ind_a[0] + 1100.0, ind_a[1] - 250.0), 450.0, 240.0),    # industry extension, floodplain
        (_along(tribs["Erlbach"], 3400.0, -120.0), 300.0, 180.0),  # valley floor of a side valley
        (_floodplain_edge(t, 7600.0, -1, -150.0), 350.0, 220.0),  # half on the floodplain
        ((villages[3][0] + 450.0, villages[3][1] + 350.0), 300.0, 200.0),  # hillside village
    ]
    planned = np.zeros_like(settlement)
    for centre, rx, ry in planned_sites:
        planned |= _blob(grid, centre, rx, ry, rng.uniform(0, np.pi), rough, 0.15)
    planned &= (lu != SETTLEMENT) & (lu != INDUSTRY) & (t.d_main > 100.0) & ~t.river
    before_plan = np.where(planned, np.where(floodplain, GRASSLAND, AGRICULTURE), 0).astype(np.uint8)
    lu[planned] = PLANNED

    lakes = np.zeros_like(settlement)
    for x, side, frac in ((6200.0, 1, 0.55), (17_000.0, -1, 0.5), (25_300.0, -1, 0.6)):
        y_r = float(t.main.y(x))
        w = _at(grid, t.floodplain_w, x, y_r + side * 50.0)
        lakes |= _blob(grid, (x, y_r + side * frac * w), 260.0, 140.0, rng.uniform(0, np.pi), rough, 0.15)
    lakes &= (lu != SETTLEMENT) & (lu != INDUSTRY) & (lu != PLANNED)
    lu[lakes | t.river] = WATER

    lx, ly = grid.local
    core = np.exp(-(((lx - town[0]) ** 2 + (ly - town[1]) ** 2) / 900.0 ** 2))
    base = np.array([0.0, 0.55, 0.80, 0.02, 0.01, 0.0, 0.0, 0.03])[lu]
    spread = np.array([0.0, 0.12, 0.07, 0.01, 0.01, 0.0, 0.0, 0.01])[lu]
    imp = base + spread * n_seal + 0.25 * core * (lu == SETTLEMENT)
    imp = np.round(np.clip(imp, 0.0, 0.98), 2).astype(np.float32)
    return LandUse(lu, imp, before_plan, lakes, town)
