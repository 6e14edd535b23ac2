"""Design events of a scenario: how much rain the frequent, 100-year and extreme events bring.

The magnitudes come from the region's heavy-rain indices: the reference (1991-2020) areal
mean, times the scenario's change factor (scenario / reference, areal means). Areal means
match how the historical events are described (one areal 1-day rainfall per event), which
is what the model learned from.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

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

    def to_dict(self) -> dict:
        return {key: (round(value, 3) if isinstance(value, float) else value) for key, value in asdict(self).items()}


def _areal_mean(region: Region, pathway: str, horizon: str, role: str) -> float:
    data = region.climate_scenario(pathway, horizon)[role]
    values = np.asarray(data.values, dtype=float)
    if not np.isfinite(values).any():
        raise RegionError(region.manifest.climate.file, f"no valid values for {pathway} {horizon}", role)
    return float(np.nanmean(values))


def design_events(region: Region, scenario: Scenario) -> list[DesignEvent]:
    """The three design events (HQ10-, HQ100-, HQextreme-like) for the scenario's climate."""
    events = []
    for name, (role, _de, _en) in DESIGN_EVENTS.items():
        reference = _areal_mean(region, "historical", REFERENCE_HORIZON, role)
        future = _areal_mean(region, scenario.pathway, scenario.horizon, role)
        factor = future / reference
        events.append(DesignEvent(name, reference * factor, reference, factor))
    return events
