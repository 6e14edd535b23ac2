"""Historical flood extents of the sample region, simulated rather than drawn from a formula.

Each event is a 2-D hydrodynamic simulation on a coarse grid (cells of at least
``SIM_CELL_M``; the fine terrain inside each coarse cell kept as sub-grid tables), with the
local-inertial shallow-water scheme of Bates et al. (2010) and de Almeida et al. (2012) in
:mod:`.hydraulics`:

- rain falls on every cell: the event's 1-day rain with an event-specific spatial pattern,
  minus losses by land use and sealing (SCS curve numbers, sewers), see :mod:`.runoff`;
- the main river enters at the western edge with a hydrograph from the rain on its
  upstream catchment (area from the terrain's stream network, rain starting a few hours
  earlier upstream); the tributaries rise inside the region, so their water is the rain on
  the grid;
- water leaves across the region's edges at normal depth (free outfall);
- the channels start at base flow; the run goes from hour ``START_HOUR`` (the little rain
  that ran off before is put on the ground) to hour ``SIM_HOURS``, by when the flood wave
  from upstream has passed the region.

The highest simulated water level of each coarse cell is then downscaled to the fine grid
(:mod:`.inundation`): fine cells below the interpolated water surface that connect to the
simulated water flood; rain ponds in the hollows of sealed ground; groundwater emerges where
the water table, raised by infiltration and by the flood beside it, reaches the surface.
River cells always count as inundated. ``data/README.md`` explains the choices.

Nothing here computes a terrain index of the model (HAND, TWI, flow distance) or imports the
model's feature code (``tests/test_sample_floods.py`` checks), and the events differ by more
than their rain total (antecedent wetness, the rain's pattern, upstream rain): a bigger
event floods more only as a tendency of the physics.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from koki_climate.region.sample import runoff
from koki_climate.region.sample.hydraulics import Result, Subgrid, simulate, subgrid_tables
from koki_climate.region.sample.inundation import (SEALED_MIN, blocks, groundwater_emergence, ponding,
                                                   surface_water)
from koki_climate.region.sample.landuse import (AGRICULTURE, FOREST, GRASSLAND, INDUSTRY, PLANNED, SETTLEMENT,
                                                WATER, build_landuse)
from koki_climate.region.sample.grid import noise
from koki_climate.region.sample.terrain import MAIN_CHANNEL_HALF_WIDTH, Terrain

#: (date, 1-day areal rainfall in mm): synthetic, loosely after notable Bavarian floods
EVENTS = (
    ("1994-07-04", 45.0), ("1999-05-22", 135.0), ("2002-08-12", 100.0), ("2005-08-22", 118.0),
    ("2010-06-02", 58.0), ("2013-06-01", 150.0), ("2016-05-29", 72.0), ("2021-07-17", 86.0),
)
SIM_CELL_M = 500.0   # coarse simulation cell: 60 x 60 over the region (see data/README.md for the choice)
START_HOUR = 4    # the run starts here; the little rain that ran off before starts on the ground
SIM_HOURS = 30.0
#: Manning's n (s m^-1/3) by land use (Chow 1959; Arcement and Schneider 1989 for floodplains)
MANNING = {SETTLEMENT: 0.08, INDUSTRY: 0.05, AGRICULTURE: 0.06, GRASSLAND: 0.04, FOREST: 0.12, WATER: 0.03}


@dataclass
class Floods:
    inundated: np.ndarray  # uint8 (event, y, x)
    event: np.ndarray      # int ids 1..n
    dates: list[str]
    precip_mm: np.ndarray


def block_factor(cell: float) -> int:
    """Fine cells per coarse simulation cell along a side: coarse cells of at least ``SIM_CELL_M``."""
    return max(1, int(np.ceil(SIM_CELL_M / cell - 1e-9)))


def _pad(a: np.ndarray, size: int) -> np.ndarray:
    extra = size - a.shape[0]
    return np.pad(a, ((0, extra), (0, extra)), mode="edge") if extra else a


def manning_grid(landuse: np.ndarray, before_plan: np.ndarray) -> np.ndarray:
    """Manning's n of every cell (planned developments count as their current use)."""
    return runoff.per_class(landuse, before_plan, MANNING)


def bridge_diagonals(z: np.ndarray, river: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Channels that continue only diagonally, opened through a side cell for the simulation.

    Water crosses cell faces, not corners: where two stream cells touch only at a corner, one
    of the two cells beside them gets the higher of their bed levels (a channel pixel).
    """
    z, river = z.copy(), river.copy()
    for dc in (1, -1):
        a = river[:-1, max(0, -dc):river.shape[1] - max(0, dc)]
        b = river[1:, max(0, dc):river.shape[1] - max(0, -dc)]
        side = river[1:, max(0, -dc):river.shape[1] - max(0, dc)]
        other = river[:-1, max(0, dc):river.shape[1] - max(0, -dc)]
        rows, cols = np.nonzero(a & b & ~side & ~other)
        cols = cols + max(0, -dc)
        bed = np.maximum(z[rows, cols], z[rows + 1, cols + dc])
        z[rows + 1, cols] = np.minimum(z[rows + 1, cols], bed)
        river[rows + 1, cols] = True
    return z, river


def initial_volume(z: np.ndarray, river: np.ndarray, area_km2: np.ndarray, main: np.ndarray, cell: float,
                   k: int) -> np.ndarray:
    """Water in the channels at base flow (normal depth, Manning), per coarse cell (m³).

    Base flow is ``BASE_FLOW_L_S_KM2`` of the catchment; the main river's channel is at
    least 50 m wide, a tributary's one cell; the bed slopes are 1 ‰ and 3 ‰.
    """
    q = runoff.BASE_FLOW_L_S_KM2 / 1000.0 * area_km2
    width = np.where(main, max(cell, 2 * MAIN_CHANNEL_HALF_WIDTH), cell)
    slope = np.where(main, 1e-3, 3e-3)
    depth = (q * MANNING[WATER] / (width * np.sqrt(slope))) ** 0.6
    water = np.where(river, depth * np.minimum(width, cell) / cell, 0.0)
    return blocks(water, k).sum(axis=-1) * cell ** 2


@dataclass
class Setup:
    """What every event's simulation shares: the coarse grid, land cover and initial state."""

    t: Terrain
    k: int
    size: int
    z: np.ndarray          # fine terrain padded to whole coarse cells
    sim: Subgrid
    volume0: np.ndarray
    cn: np.ndarray
    cover: runoff.Cover
    impervious: np.ndarray
    sealed: np.ndarray
    sources: list[runoff.Inflow]
    source_cells: np.ndarray
    gw_depth: np.ndarray
    gw_detail: np.ndarray


@dataclass
class EventFlood:
    """One event: the simulation's result and the fine cells wet by each mechanism."""

    result: Result
    surface: np.ndarray
    ponded: np.ndarray
    groundwater: np.ndarray

    @property
    def inundated(self) -> np.ndarray:
        return self.surface | self.ponded | self.groundwater


def setup(t: Terrain, impervious: np.ndarray, gw_depth: np.ndarray, seed: int) -> Setup:
    """Coarse grid with its sub-grid tables, roughness, curve numbers and the channels' water."""
    grid = t.grid
    land = build_landuse(t, seed)
    k = block_factor(grid.cell)
    size = -(-grid.n // k) * k
    z = _pad(t.elevation, size)
    z_sim, river = bridge_diagonals(z, _pad(t.river, size))
    sim = subgrid_tables(z_sim, _pad(manning_grid(land.landuse, land.before_plan), size), grid.cell, k)
    main = _pad(t.river & (t.d_main <= max(MAIN_CHANNEL_HALF_WIDTH, grid.cell)), size)
    volume0 = initial_volume(z_sim, river, _pad(t.area_km2, size), main, grid.cell, k)
    sources = runoff.inflows(t.streams)
    cells = np.array([[r // k, c // k] for r, c in (grid.index_of(s.lx, s.ly) for s in sources)],
                     dtype=np.int64).reshape(-1, 2)
    # the true water table before an event: the mapped mean depth misses local detail
    detail = 0.15 * noise(seed, 72, 300.0).on(grid, order=1)
    cn = runoff.curve_numbers(land.landuse, land.before_plan)
    cover = runoff.cover(_pad(cn, size), _pad(impervious, size), lambda a: blocks(a, k).sum(axis=-1))
    return Setup(t, k, size, z, sim, volume0, cn, cover, impervious, impervious >= SEALED_MIN, sources, cells,
                 gw_depth, detail)


def event_flood(s: Setup, event: runoff.EventWeather, seed: int) -> EventFlood:
    """Simulate one event and downscale its water to the fine grid."""
    t, k, size, grid = s.t, s.k, s.size, s.t.grid
    hours = int(np.ceil(SIM_HOURS))
    rain_mm = runoff.rain_field(grid, seed, event)
    rain = runoff.effective_rain(blocks(_pad(rain_mm, size), k).mean(axis=-1), s.cover, event.antecedent)
    rain *= grid.cell ** 2 / 1000.0  # mm times fine cells -> m³
    infiltrated = runoff.infiltration(rain_mm, s.cn, s.impervious, event.antecedent)
    q = np.array([runoff.inflow_hydrograph(src, event, hours) for src in s.sources]).reshape(len(s.sources), -1)
    volume0 = s.volume0 + rain[START_HOUR]
    result = simulate(s.sim, volume0, rain, START_HOUR, (SIM_HOURS - START_HOUR) * 3600.0, s.source_cells, q)
    surface, level = surface_water(s.z, result.level_max, k)
    surface, level = surface[:grid.n, :grid.n], level[:grid.n, :grid.n]
    ponded = ponding(s.z, grid.cell, _pad(s.sealed, size), result.volume_max, k)[:grid.n, :grid.n] & ~surface
    before = np.maximum(s.gw_depth + s.gw_detail - 0.3 * event.antecedent, 0.0)
    emerging = groundwater_emergence(t.elevation, before, infiltrated, surface, level, t.z_drain, grid.cell)
    emerging &= (s.gw_depth > 0) & ~ponded  # rivers and lakes are water already
    return EventFlood(result, surface, ponded, emerging)


def build_floods(t: Terrain, impervious: np.ndarray, gw_depth: np.ndarray, seed: int) -> Floods:
    """Inundation extents of the historical events, one hydrodynamic simulation per event."""
    s = setup(t, impervious, gw_depth, seed)
    weather = runoff.event_weather(seed, [mm for _, mm in EVENTS])
    out = np.zeros((len(EVENTS), t.grid.n, t.grid.n), dtype=np.uint8)
    for e, event in enumerate(weather):
        out[e] = event_flood(s, event, seed).inundated | t.river
    return Floods(out, np.arange(1, len(EVENTS) + 1, dtype=np.int32),
                  [d for d, _ in EVENTS], np.array([mm for _, mm in EVENTS]))
