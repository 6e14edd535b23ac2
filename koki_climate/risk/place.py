"""What does this mean for this place? The plain facts of one clicked point.

A citizen clicks a point; the place card says which zone it is in, how likely water is there
in each design (rain) event, why (the features that move its probability most), and what
other scenarios change there. This module gathers those facts from the result grids (no
words: the card's words live in ``koki_climate/ui``), so what the card says is what the map
shows: p and zone are read from the same grids the map draws.

The reasons reuse :func:`koki_climate.risk.contributions.feature_contributions`, the
mechanism behind the parcels' reasons, on the one cell's feature row.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from koki_climate.grid import cell_at
from koki_climate.risk.contributions import MIN_REASON, feature_contributions
from koki_climate.risk.features import FEATURES, STATIC_FEATURES
from koki_climate.risk.predict import APPLICABLE_NO_DATA, APPLICABLE_SCREENED
from koki_climate.zoning import NODATA

if TYPE_CHECKING:
    from koki_climate.engine import Engine
    from koki_climate.results import Result

PlaceStatus = Literal["inside", "outside", "no_data"]
#: the design event whose reasons the card gives: the 100-year event defines the "keep free" zone
REASONS_EVENT = "hq100"
#: how many reasons the card names at most (more is a list nobody reads)
TOP_REASONS = 3


@dataclass(frozen=True)
class Reason:
    """One feature of the point and how it moves p: ``contribution`` = p - p with the typical value."""

    feature: str
    contribution: float
    value: float
    typical: float

    @property
    def raises(self) -> bool:
        return self.contribution > 0


@dataclass(frozen=True)
class ScenarioAtPlace:
    """Zone and p of another scenario at the same point (``zone`` None: no data there)."""

    label: str
    scenario_hash: str
    zone: int | None
    p: dict[str, float] = field(default_factory=dict)
    spread: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PlaceFacts:
    """Everything the place card says about one point, as numbers and codes.

    ``status`` is ``"outside"`` (not on the region's grid), ``"no_data"`` (on the grid, but
    outside the region or an input is missing: no zone) or ``"inside"``. ``p``/``spread``/
    ``applicable`` are per design event (``hq10``, ``hq100``, ``hqextrem``); ``screened``
    means the physical screen ruled water out (p = 0 unpredicted, no model reasons).
    """

    x: float
    y: float
    status: PlaceStatus
    scenario_hash: str
    cell: tuple[int, int] | None = None
    zone: int | None = None
    p: dict[str, float] = field(default_factory=dict)
    spread: dict[str, float] = field(default_factory=dict)
    applicable: dict[str, int] = field(default_factory=dict)
    screened: bool = False
    reasons: tuple[Reason, ...] = ()
    reasons_event: str = REASONS_EVENT
    others: tuple[ScenarioAtPlace, ...] = ()


def lonlat_to_xy(lon: float, lat: float, crs) -> tuple[float, float]:
    """A map click (WGS 84 longitude/latitude) in the region's projected CRS."""
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat)
    return float(x), float(y)


def _events(result: "Result") -> list[str]:
    return [name for name in result.summary.get("design_events", {}) if f"p_{name}" in result.risk]


def _value(result: "Result", name: str, cell: tuple[int, int]) -> float:
    return float(np.asarray(result.risk[name].isel(y=cell[0], x=cell[1]).values))


def _zone(result: "Result", cell: tuple[int, int]) -> int | None:
    code = int(_value(result, "zone", cell))
    return None if code == NODATA else code


def _at(result: "Result", cell: tuple[int, int], prefix: str) -> dict[str, float]:
    return {event: _value(result, f"{prefix}_{event}", cell) for event in _events(result)}


def cell_feature_row(engine: "Engine", result: "Result", cell: tuple[int, int], event: str) -> np.ndarray:
    """The model's feature row of one cell under the result's scenario and one design event.

    Terrain from the engine's static features; sealing and groundwater depth from the
    result's own grids (what the scenario made of them); the event's areal rainfall.
    """
    row, col = cell
    values = [float(np.asarray(engine.static[name].isel(y=row, x=col).values)) for name in STATIC_FEATURES]
    values += [_value(result, "impervious", cell), _value(result, "groundwater_depth", cell),
               float(result.summary["design_events"][event]["precip_mm"])]
    return np.array(values, dtype=np.float64)


def cell_reasons(engine: "Engine", result: "Result", cell: tuple[int, int], *, event: str = REASONS_EVENT,
                 top: int = TOP_REASONS) -> tuple[Reason, ...]:
    """The features that move the cell's p most (either way), largest first.

    Contributions below :data:`~koki_climate.risk.contributions.MIN_REASON` are left out,
    as for parcels; a cell with a missing feature has no reasons.
    """
    X = cell_feature_row(engine, result, cell, event)
    _, contrib = feature_contributions(engine.model, X[None, :])
    medians = engine.model.feature_medians
    picked = [j for j in np.argsort(-np.abs(np.nan_to_num(contrib[0], nan=0.0)))
              if np.isfinite(contrib[0, j]) and abs(contrib[0, j]) >= MIN_REASON][:top]
    return tuple(Reason(FEATURES[j], float(contrib[0, j]), float(X[j]), float(medians[FEATURES[j]]))
                 for j in picked)


def place_facts(engine: "Engine", result: "Result", x: float, y: float,
                others: Sequence[tuple[str, "Result"]] = (), *, event: str = REASONS_EVENT,
                top: int = TOP_REASONS) -> PlaceFacts:
    """The facts of point (x, y) (region CRS) under ``result``, and under each of ``others``.

    ``others`` are (label, result) pairs of other scenarios on the same region (e.g. the
    published ones); their label is shown to people as given. A point off the grid gives
    ``status="outside"``, a cell without data ``"no_data"``: never an exception.
    """
    cell = cell_at(result.risk, x, y) if math.isfinite(x) and math.isfinite(y) else None
    if cell is None:
        return PlaceFacts(float(x), float(y), "outside", result.scenario.hash)
    zone = _zone(result, cell)
    if zone is None:
        return PlaceFacts(float(x), float(y), "no_data", result.scenario.hash, cell=cell)
    applicable = {name: int(_value(result, f"applicable_{name}", cell)) for name in _events(result)
                  if f"applicable_{name}" in result.risk}
    code = applicable.get(event, APPLICABLE_NO_DATA)
    screened = code == APPLICABLE_SCREENED
    reasons = () if screened or event not in _events(result) else cell_reasons(engine, result, cell, event=event,
                                                                               top=top)
    at_others = []
    for label, other in others:
        other_zone = _zone(other, cell)
        at_others.append(ScenarioAtPlace(str(label), other.scenario.hash, other_zone,
                                         _at(other, cell, "p") if other_zone is not None else {},
                                         _at(other, cell, "p_spread") if other_zone is not None else {}))
    return PlaceFacts(float(x), float(y), "inside", result.scenario.hash, cell=cell, zone=zone,
                      p=_at(result, cell, "p"), spread=_at(result, cell, "p_spread"), applicable=applicable,
                      screened=screened, reasons=reasons, reasons_event=event, others=tuple(at_others))
