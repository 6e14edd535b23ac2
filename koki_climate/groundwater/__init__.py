"""Groundwater: well statistics, climate-driven head simulation, projection and gridding.

Plain data in, plain data out (pandas, xarray); :mod:`~koki_climate.groundwater.regional`
connects these pieces to a :class:`~koki_climate.region.Region`.
"""
from __future__ import annotations

from koki_climate.groundwater.analysis import WellAnalysis, analyse_heads
from koki_climate.groundwater.changepoints import ChangePoint, change_points
from koki_climate.groundwater.gridding import project_depth_grid
from koki_climate.groundwater.io import read_climate_csv, read_heads_csv, validate_heads, validate_weather
from koki_climate.groundwater.pet import hamon_pet
from koki_climate.groundwater.projection import (
    ChangeSignals,
    WellProjection,
    change_signals,
    delta_change,
    project_well,
)
from koki_climate.groundwater.response import ResponseModel, fit_response
from koki_climate.groundwater.skill import Skill, score
from koki_climate.groundwater.well_reports import (
    DEFAULT_TRAIN_END,
    ensure_well_report,
    load_well_report,
    prepare_well_reports,
    well_report,
)

__all__ = [
    "WellAnalysis", "analyse_heads", "ChangePoint", "change_points", "project_depth_grid",
    "read_climate_csv", "read_heads_csv", "validate_heads", "validate_weather", "hamon_pet",
    "ChangeSignals", "WellProjection", "change_signals", "delta_change", "project_well",
    "ResponseModel", "fit_response", "Skill", "score",
    "DEFAULT_TRAIN_END", "ensure_well_report", "load_well_report", "prepare_well_reports", "well_report",
]
