"""Rain, losses and river inflow of the sample region's historical flood events.

What the flood simulation (:mod:`.hydraulics`) receives: the effective rain on every cell
hour by hour, and the discharge of the rivers that enter the region from upstream.

- **Rain**: the event's 1-day areal total, spread over 24 hours with a triangular profile
  that peaks after 8 hours (an early peak, as in long frontal rain), and over space with an
  event-specific smooth pattern (±12 %, about 6 km correlation length) whose regional mean
  is the event total.
- **Losses** by the SCS curve-number method (USDA-NRCS 1986, TR-55; in Germany DVWK-Regeln
  113, 1984): runoff ``(P - 0.2 S)² / (P + 0.8 S)`` with ``S = 25400 / CN - 254`` mm,
  applied to the cumulative rain so that the first rain soaks in and later rain runs off.
  Curve numbers follow land use (soil group B, TR-55 table 2-2); sealed ground has CN 98,
  and the sewers take up to ``SEWER_MM_H`` of its runoff (a long rain overwhelms them only at
  its peak). Antecedent wetness shifts all curve numbers of an event by up to ±5.
- **River inflow**: where a stream enters the region, the SCS runoff of its upstream
  catchment (its catchment area from the terrain's stream network, curve number
  ``UPSTREAM_CN``) routed by a Nash cascade of three linear reservoirs (Nash 1957) whose
  lag grows with the catchment area (0.8 A^0.4 hours), on top of a base flow of 12 l/s per
  km² (about the mean flow of pre-Alpine rivers of that size). The rain reaches the
  catchment upstream (west) ``UPSTREAM_LEAD_H`` hours before the region: weather moves east.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from koki_climate.region.sample.grid import EXTENT, Grid, child_rng, noise
from koki_climate.region.sample.landuse import AGRICULTURE, FOREST, GRASSLAND, INDUSTRY, PLANNED, SETTLEMENT, WATER
from koki_climate.region.sample.terrain import Stream

RAIN_HOURS = 24
PEAK_HOUR = 8.0
#: curve numbers of the unsealed part of each land-use class (soil group B, moderate antecedent wetness)
CURVE_NUMBER = {SETTLEMENT: 69.0, INDUSTRY: 74.0, AGRICULTURE: 78.0, GRASSLAND: 61.0, FOREST: 55.0, WATER: 100.0}
SEALED_CN = 98.0
SEWER_MM_H = 6.0          # mm/h of sealed-surface runoff the sewers carry away
ANTECEDENT_CN = 5.0       # curve-number shift of the wettest (+) and driest (-) antecedent state
UPSTREAM_CN = 72.0        # mixed farmland and forest of the catchment upstream
BASE_FLOW_L_S_KM2 = 12.0
UPSTREAM_LEAD_H = 6       # the rain reaches the catchment upstream (west) this much earlier


@dataclass(frozen=True)
class EventWeather:
    """What one event brings: its rain total, spatial pattern key and antecedent wetness (-1..1)."""

    precip_mm: float
    antecedent: float
    upstream_factor: float   # upstream areal rain relative to the region's
    pattern_key: int


def event_weather(seed: int, totals: list[float]) -> list[EventWeather]:
    """Antecedent wetness and upstream rain of each event (deterministic per seed)."""
    rng = child_rng(seed, 90)
    wet = rng.uniform(-1.0, 1.0, len(totals))
    upstream = np.clip(1.0 + 0.1 * rng.standard_normal(len(totals)), 0.8, 1.2)
    return [EventWeather(float(p), float(a), float(u), 91 + k)
            for k, (p, a, u) in enumerate(zip(totals, wet, upstream))]


def hyetograph(total_mm: float) -> np.ndarray:
    """Cumulative rain (mm) at hours 0..RAIN_HOURS: triangular intensity peaking at PEAK_HOUR."""
    hours = np.arange(RAIN_HOURS + 1, dtype=float)
    rise = np.minimum(hours, PEAK_HOUR)
    fall = np.clip(hours - PEAK_HOUR, 0.0, None)
    tail = RAIN_HOURS - PEAK_HOUR
    area = rise ** 2 / (2 * PEAK_HOUR) + fall - fall ** 2 / (2 * tail)
    return total_mm * area / (PEAK_HOUR / 2 + tail / 2)


def scs_runoff(p_mm: np.ndarray, cn: np.ndarray) -> np.ndarray:
    """SCS curve-number runoff (mm) of cumulative rain ``p_mm``, initial abstraction 0.2 S."""
    s = 25400.0 / np.clip(cn, 30.0, 100.0) - 254.0
    ia = 0.2 * s
    p = np.asarray(p_mm, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = np.where(p > ia, (p - ia) ** 2 / np.maximum(p + 0.8 * s, 1e-9), 0.0)
    return q


def per_class(landuse: np.ndarray, before_plan: np.ndarray, values: dict[int, float]) -> np.ndarray:
    """A value per land-use class for every cell (planned developments count as their current use;
    classes not in ``values`` take the agricultural one)."""
    current = np.where(landuse == PLANNED, before_plan, landuse)
    table = np.full(256, values[AGRICULTURE])
    for cls, value in values.items():
        table[cls] = value
    return table[current]


def curve_numbers(landuse: np.ndarray, before_plan: np.ndarray) -> np.ndarray:
    """Curve number of each cell's unsealed part."""
    return per_class(landuse, before_plan, CURVE_NUMBER)


def rain_field(grid: Grid, seed: int, event: EventWeather) -> np.ndarray:
    """The event's 1-day rain (mm) on every cell: the total times a smooth pattern of mean 1."""
    pattern = 1.0 + 0.12 * noise(seed, event.pattern_key, 6000.0).on(grid, order=1)
    return event.precip_mm * pattern / pattern.mean()


@dataclass(frozen=True)
class Cover:
    """Land cover of each coarse cell as the losses see it: how much unsealed ground of each
    curve number (in fine cells, each weighted by its unsealed share) and how much sealed."""

    curve_numbers: np.ndarray  # (c,) the distinct curve numbers
    unsealed: np.ndarray       # (c, y, x) unsealed fine-cell equivalents with that curve number
    sealed: np.ndarray         # (y, x) sealed fine-cell equivalents


def cover(cn: np.ndarray, impervious: np.ndarray, to_blocks) -> Cover:
    """Sum the fine cells' cover into coarse cells with ``to_blocks`` (fine grid -> (y, x) sums)."""
    values = np.unique(cn)
    open_share = 1.0 - impervious
    unsealed = np.stack([to_blocks(np.where(cn == v, open_share, 0.0)) for v in values])
    return Cover(values, unsealed, to_blocks(impervious.astype(np.float64)))


def effective_rain(rain_mm: np.ndarray, c: Cover, antecedent: float) -> np.ndarray:
    """Cumulative effective rain (mm times fine cells) per coarse cell at hours 0..RAIN_HOURS.

    ``rain_mm`` is the event's rain on the coarse cells (it varies over kilometres, so one
    value per coarse cell serves all its fine cells). Sealed runoff beyond what the sewers
    carry stays on the surface; what the sewers carry leaves the region.
    """
    shift = ANTECEDENT_CN * antecedent
    cn_event = np.where(c.curve_numbers >= 100.0, 100.0, np.clip(c.curve_numbers + shift, 30.0, 100.0))
    sealed_cn = np.full(rain_mm.shape, min(SEALED_CN + 0.2 * shift, 99.0))
    out = np.empty((RAIN_HOURS + 1, *rain_mm.shape))
    prev_sealed = np.zeros(rain_mm.shape)
    ponded = np.zeros(rain_mm.shape)
    for h, frac in enumerate(hyetograph(1.0)):
        p = rain_mm * frac
        sealed_q = scs_runoff(p, sealed_cn)
        ponded = ponded + np.maximum(sealed_q - prev_sealed - SEWER_MM_H, 0.0)
        prev_sealed = sealed_q
        open_q = sum(w * scs_runoff(p, np.full(p.shape, v)) for v, w in zip(cn_event, c.unsealed))
        out[h] = open_q + c.sealed * ponded
    return out


def infiltration(rain_mm: np.ndarray, cn: np.ndarray, impervious: np.ndarray, antecedent: float) -> np.ndarray:
    """Rain (mm) that soaks into each fine cell over the event: its unsealed share's SCS losses."""
    cn_event = np.where(cn >= 100.0, 100.0, np.clip(cn + ANTECEDENT_CN * antecedent, 30.0, 100.0))
    return (1.0 - impervious) * (rain_mm - scs_runoff(rain_mm, cn_event))


def nash_unit_hydrograph(lag_h: float, hours: int, n: int = 3) -> np.ndarray:
    """Share of a unit of effective rain leaving in each hour (Nash cascade of ``n`` reservoirs)."""
    from scipy.stats import gamma

    edges = np.arange(hours + 1, dtype=float)
    return np.diff(gamma.cdf(edges, a=n, scale=lag_h / n))


@dataclass(frozen=True)
class Inflow:
    """A river entering the region: where (local metres) and its catchment upstream (km²)."""

    name: str
    lx: float
    ly: float
    area_km2: float


def inflows(streams: list[Stream], margin: float = 500.0) -> list[Inflow]:
    """Streams whose upstream end lies at the region's edge: their water comes from outside."""
    out = []
    for s in streams:
        x, y = float(s.lx[0]), float(s.ly[0])
        if min(x, y, EXTENT - x, EXTENT - y) <= margin:
            out.append(Inflow(s.name, x, y, float(s.area_km2[0])))
    return out


def inflow_hydrograph(inflow: Inflow, event: EventWeather, hours: int) -> np.ndarray:
    """Discharge (m³/s) at whole hours 0..hours of a river entering the region.

    The rain upstream starts ``UPSTREAM_LEAD_H`` before the region's (hour 0).
    """
    base = BASE_FLOW_L_S_KM2 / 1000.0 * inflow.area_km2
    p_cum = hyetograph(event.precip_mm * event.upstream_factor)
    q_cum = scs_runoff(p_cum, np.full(p_cum.shape, UPSTREAM_CN + ANTECEDENT_CN * event.antecedent))
    per_hour = np.diff(q_cum) / 1000.0 * inflow.area_km2 * 1e6  # m³ of effective rain in each hour
    span = hours + UPSTREAM_LEAD_H + 1
    uh = nash_unit_hydrograph(0.8 * inflow.area_km2 ** 0.4, span)
    leaving = np.convolve(per_hour, uh)[:span] / 3600.0  # mean m³/s in each hour after the rain began
    at_hours = np.concatenate([[0.0], 0.5 * (leaving[:-1] + leaving[1:])])  # at whole hours
    return base + at_hours[UPSTREAM_LEAD_H:UPSTREAM_LEAD_H + hours + 1]
