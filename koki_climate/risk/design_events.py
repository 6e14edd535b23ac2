"""Design events of a scenario: how much rain the frequent, 100-year and extreme events bring.

These are *rain* events: the HQ10/HQ100/HQextrem names say which return period of 1-day rain
is meant, not a river discharge. The magnitudes come from the region's heavy-rain indices:
the reference (1991-2020) value averaged over the region (not over the whole climate file)
and reduced from point to area with the areal reduction factor of the region's size (both
in :mod:`koki_climate.areal_rain`), times the scenario's change factor (scenario /
reference, same areal weights). Areal values match how the historical events are described
(one areal 1-day rainfall per event), which is what the model learned from.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from koki_climate.areal_rain import areal_mean, areal_reduction_factor, region_weights
from koki_climate.errors import RegionError
from koki_climate.region import Region
from koki_climate.scenario import REFERENCE_HORIZON, Scenario

#: design event -> (climate role, German label, English label)
DESIGN_EVENTS: dict[str, tuple[str, str, str]] = {
    "hq10": ("heavy_rain_rp10", "häufiges Ereignis (HQ10-ähnlich)", "frequent event (HQ10-like)"),
    "hq100": ("heavy_rain_rp100", "100-jährliches Ereignis (HQ100-ähnlich)", "100-year event (HQ100-like)"),
    "hqextrem": ("heavy_rain_extreme", "Extremereignis (HQextrem-ähnlich)", "extreme event (HQextreme-like)"),
}


@dataclass(frozen=True)
class DesignEvent:
    """One design event: its areal 1-day rainfall under the scenario and where it came from."""

    name: str
    precip_mm: float
    reference_mm: float
    change_factor: float
    point_reference_mm: float = math.nan  # the region's mean point rain before the areal reduction
    areal_reduction_factor: float = 1.0

    def to_dict(self) -> dict:
        return {key: (round(value, 3) if isinstance(value, float) else value) for key, value in asdict(self).items()}


def _areal_mean(region: Region, weights: np.ndarray, pathway: str, horizon: str, role: str) -> float:
    data = region.climate_scenario(pathway, horizon)[role]
    value = areal_mean(np.asarray(data.values, dtype=float), weights)
    if not math.isfinite(value):
        raise RegionError(region.manifest.climate.file, f"no valid values over the region for {pathway} {horizon}",
                          role)
    return value


def design_events(region: Region, scenario: Scenario) -> list[DesignEvent]:
    """The three design events (HQ10-, HQ100-, HQextreme-like) for the scenario's climate."""
    valid = region.grid["elevation"].notnull()
    weights = region_weights(valid, region.crs, region.climate, region.climate.rio.crs)
    if not weights.any():
        raise RegionError(region.manifest.climate.file, "the climate grid does not cover the region")
    area_km2 = float(valid.sum()) * region.cell_area_m2 / 1e6
    reduction = areal_reduction_factor(area_km2)
    events = []
    for name, (role, _de, _en) in DESIGN_EVENTS.items():
        point = _areal_mean(region, weights, "historical", REFERENCE_HORIZON, role)
        future = _areal_mean(region, weights, scenario.pathway, scenario.horizon, role)
        factor = future / point
        reference = point * reduction
        events.append(DesignEvent(name, reference * factor, reference, factor, point, reduction))
    return events
