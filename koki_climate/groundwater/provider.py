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


def default_groundwater(region: Region, cache_dir=None) -> GroundwaterProvider:
    """The best available provider for a region (baseline until projections are wired in)."""
    return BaselineGroundwater(region)
