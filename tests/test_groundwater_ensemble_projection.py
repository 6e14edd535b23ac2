"""Projected change from a model ensemble: parameters, model choice and climate signal kept apart.

The members here are stand-ins whose head is a known linear function of the year's rain, so
every change is reasoned out by hand: with rain scaled by r everywhere, the mean head of a
member with gain k changes by k * (r - 1) * mean daily rain.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from koki_climate.groundwater import pastas_models as pm
from koki_climate.groundwater.ensemble_projection import ScenarioSignals, project_ensemble
from koki_climate.groundwater.projection import ChangeSignals, change_signals
from koki_climate.region import open_region

RAIN_MM = 2.0  # every day
DAYS = pd.date_range("2001-01-01", "2010-12-31", freq="D")


class LinearInRain:
    """Head = 10 m + gain * rain (m per mm/d); drawn parameter sets scale the gain by 1 +- 10 %."""

    def __init__(self, gain: float) -> None:
        self.gain = gain

    def runs(self, weather: pd.DataFrame, n_draws: int) -> pd.DataFrame:
        factors = np.r_[1.0, np.linspace(0.9, 1.1, n_draws - 1)] if n_draws > 1 else np.array([1.0])
        rain = weather["precipitation_mm"].to_numpy()[:, None]
        return pd.DataFrame(10.0 + self.gain * factors[None, :] * rain, index=weather.index)


def choice_of(*gains: float, bias: float = 0.0) -> pm.Choice:
    spec = pm.CandidateSpec("linear")
    members = [pm.Member(spec, LinearInRain(g), 1.0, np.full(100, bias)) for g in gains]
    return pm.Choice(chosen=spec, members=members, validation_mse={}, split=DAYS[0], train_end=DAYS[-1],
                     last_head_seen=DAYS[-1], last_weather_seen=DAYS[-1])


def uniform(ratio: float, name: str = "rcp85") -> ChangeSignals:
    """Rain scaled by ``ratio`` in every season, no warming."""
    return ChangeSignals(name, "2071-2100", ratio, ratio, ratio, 0.0)


@pytest.fixture
def weather() -> pd.DataFrame:
    return pd.DataFrame({"precipitation_mm": RAIN_MM, "pet_mm": 1.0, "temperature_c": 10.0}, index=DAYS)


def test_one_member_without_climate_spread(weather):
    (p,) = project_ensemble(choice_of(0.5, bias=0.2), weather, [ScenarioSignals(uniform(1.1))], n_runs=5)
    # 0.5 m per mm/d x 10 % of 2 mm/d = 0.1 m; today's head 10 + 0.5 * 2 = 11 m plus the 0.2 m validation bias
    assert p.mean_change_m == pytest.approx(0.1)
    assert p.mean_head_m == pytest.approx(11.2) and p.high_head_m == pytest.approx(11.2)
    # parameter draws scale the gain by 0.9 ... 1.1: changes 0.09 ... 0.11 m
    assert 0.09 - 1e-9 <= p.mean_change_ci95[0] < 0.1 < p.mean_change_ci95[1] <= 0.11 + 1e-9
    assert p.mean_change_span == pytest.approx(p.mean_change_ci95)  # no climate spread: the span is the range
    assert not p.climate_spread and p.members == ("linear",)


def test_model_choice_and_climate_signal_widen_the_range(weather):
    scenario = ScenarioSignals(uniform(1.1), low=uniform(0.95), high=uniform(1.3))
    (p,) = project_ensemble(choice_of(0.5, 1.0), weather, [scenario], n_runs=1)
    # members change by 0.1 m and 0.2 m under the median signal (optimum only): range 0.1 ... 0.2 m
    assert p.mean_change_ci95[0] == pytest.approx(0.1 + 0.025 * 0.1)
    assert p.mean_change_ci95[1] == pytest.approx(0.2 - 0.025 * 0.1)
    # low signal -5 %: -0.05 / -0.1 m; high +30 %: 0.3 / 0.6 m -> the span reaches (almost) both ends
    assert p.mean_change_span[0] == pytest.approx(-0.1 + 0.025 * 0.05)
    assert p.mean_change_span[1] == pytest.approx(0.6 - 0.025 * 0.3)
    assert p.climate_spread


def climate(with_spread: bool) -> xr.Dataset:
    pathway = ["historical", "rcp85"]
    horizon = ["1991-2020", "2071-2100"]
    data = {"precip_annual": [800.0, 880.0], "precip_summer": [300.0, 270.0], "precip_winter": [200.0, 240.0],
            "temperature": [9.0, 12.0]}
    if with_spread:
        data.update({"precip_annual_low": [800.0, 800.0], "precip_annual_high": [800.0, 960.0],
                     "precip_summer_low": [300.0, 240.0], "precip_summer_high": [300.0, 300.0],
                     "precip_winter_low": [200.0, 220.0], "precip_winter_high": [200.0, 260.0],
                     "temperature_low": [9.0, 11.0], "temperature_high": [9.0, 14.0]})
    return xr.Dataset({k: ("scenario", v) for k, v in data.items()},
                      coords={"pathway": ("scenario", pathway), "horizon": ("scenario", horizon)})


def test_change_signals_read_the_climate_ensemble_percentiles():
    ds = climate(with_spread=True)
    median = change_signals(ds, "rcp85", "2071-2100")
    low = change_signals(ds, "rcp85", "2071-2100", spread="low")
    high = change_signals(ds, "rcp85", "2071-2100", spread="high")
    # against the reference's median: 880/800, 800/800, 960/800; warming 3, 2 and 5 K
    assert (median.precip_annual, low.precip_annual, high.precip_annual) == pytest.approx((1.1, 1.0, 1.2))
    assert (median.precip_summer, low.precip_summer, high.precip_summer) == pytest.approx((0.9, 0.8, 1.0))
    assert (median.delta_t, low.delta_t, high.delta_t) == pytest.approx((3.0, 2.0, 5.0))
    assert change_signals(climate(with_spread=False), "rcp85", "2071-2100", spread="low") is None


def test_sample_region_holds_an_ordered_climate_spread(small_region_dir):
    ds = open_region(small_region_dir).climate
    future = (ds["pathway"] != "historical").values
    for role in ("precip_annual", "precip_winter", "temperature"):
        low, mid, high = ds[f"{role}_low"].values[future], ds[role].values[future], ds[f"{role}_high"].values[future]
        assert (low < mid).all() and (mid < high).all(), role
    reference = ~future
    np.testing.assert_allclose(ds["temperature_low"].values[reference], ds["temperature"].values[reference])
