"""Depth to groundwater under a scenario: the interface the risk engine asks.

The engine needs two grids per scenario: the mean depth (a model feature) and the depth of
high groundwater (for the ``grundwasser`` zone). The baseline provider uses the region's
mean-depth layer for every climate; the projection provider (``groundwater.projection``)
replaces it with climate-driven projections from the wells. The scenario's plain offset is
applied by the engine on top of either.
"""
from __future__ import annotations

from typing import Protocol

import xarray as xr

from koki_climate.region import Region
from koki_climate.scenario import Scenario

#: typical rise of the seasonal high water table above its mean (m), used only by the
#: baseline provider where no projection exists (order of the observed seasonal amplitude
#: of shallow wells in southern German valleys)
BASELINE_HIGH_WATER_RISE_M = 0.5


class GroundwaterProvider(Protocol):
    """Gives (mean depth, high-water depth) grids in metres below ground for a scenario."""

    version: str

    def depths(self, scenario: Scenario) -> tuple[xr.DataArray, xr.DataArray]: ...

    def describe(self) -> dict: ...


class BaselineGroundwater:
    """Today's mean depth for every scenario; high water = mean minus a typical seasonal rise."""

    version = "baseline-1"

    def __init__(self, region: Region) -> None:
        self.region = region

    def depths(self, scenario: Scenario) -> tuple[xr.DataArray, xr.DataArray]:
        mean = self.region.grid["groundwater_depth"].astype("float32")
        high = (mean - BASELINE_HIGH_WATER_RISE_M).clip(min=0.0)
        return mean, high

    def describe(self) -> dict:
        return {"provider": "baseline", "version": self.version,
                "high_water_rise_m": BASELINE_HIGH_WATER_RISE_M,
                "note": "region mean depth for every climate scenario"}


class ProjectedChangeGroundwater:
    """Climate-projected groundwater, applied as a change to the region's observed depth layer.

    depth(scenario) = observed depth + (projected mean depth(scenario) - projected mean depth(reference)),
    high(scenario) = observed depth + (projected high depth(scenario) - projected mean depth(reference)).
    Using the projection's *change* keeps today's scenario exactly on the observed layer the
    model was trained with, and removes the interpolation's own bias from every scenario.
    """

    def __init__(self, region: Region, cache_dir, *, write: bool = True) -> None:
        from koki_climate.groundwater.regional import VERSION, ProjectedGroundwater

        self.region = region
        self.projection = ProjectedGroundwater(region, cache_dir, write=write)
        self.version = f"change-{VERSION}"

    def prepare(self, pairs, progress=None) -> None:
        """Compute (or load) the grids of all scenarios up front: wells are fitted once."""
        if progress:  # fitting the wells is the long part: say which well
            self.projection.progress = lambda f, m: progress(0.8 * f, m)
        for index, (pathway, horizon) in enumerate(pairs):
            if progress:
                progress(0.8 + 0.2 * index / max(len(pairs), 1), f"{pathway} {horizon}")
            self.projection.grids(pathway, horizon)

    def depths(self, scenario: Scenario) -> tuple[xr.DataArray, xr.DataArray]:
        observed = self.region.grid["groundwater_depth"].astype("float32")
        reference = self.projection.grids("historical", "1991-2020")
        future = self.projection.grids(scenario.pathway, scenario.horizon)
        mean = observed + (future["groundwater_depth"] - reference["groundwater_depth"]).values
        high = observed + (future["groundwater_depth_high"] - reference["groundwater_depth"]).values
        return mean.clip(min=0.0).astype("float32"), high.clip(min=0.0).astype("float32")

    def describe(self) -> dict:
        return {"provider": "projection (change applied to the observed depth layer)",
                "version": self.version, **{k: v for k, v in self.projection.describe().items()
                                            if k == "note"}}


def default_groundwater(region: Region, cache_dir=None, *, kind: str = "projection",
                        write: bool = True) -> GroundwaterProvider:
    """The provider a deployment asks for: ``projection`` (needs wells and climate) or ``baseline``."""
    if kind == "baseline" or region.wells is None or region.climate is None or cache_dir is None:
        return BaselineGroundwater(region)
    if kind != "projection":
        raise ValueError(f"KOKI_GROUNDWATER={kind!r}: choose 'projection' or 'baseline'")
    return ProjectedChangeGroundwater(region, cache_dir, write=write)
