"""Well statistics on data with known answers: the Nile shift, a synthetic trend and cycle."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.datasets import nile

from koki_climate.cli import main
from koki_climate.groundwater import analyse_heads

DATA = Path(__file__).parent / "data" / "groundwater-example"


def synthetic_weekly(trend: float = 0.05, amplitude: float = 0.3, years: int = 20, seed: int = 1) -> pd.Series:
    """Weekly heads: linear trend (m/yr) + annual sine + AR(1) noise."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2001-01-01", periods=years * 52, freq="W-MON")
    t = ((dates - dates[0]).days / 365.25).to_numpy()
    noise = np.zeros(len(t))
    for i in range(1, len(t)):
        noise[i] = 0.7 * noise[i - 1] + rng.normal(0.0, 0.05)
    return pd.Series(100.0 + trend * t + amplitude * np.sin(2 * np.pi * t) + noise, index=dates)


def test_nile_level_shift_is_found_at_1898() -> None:
    data = nile.load_pandas().data
    flow = pd.Series(data["volume"].to_numpy(), index=pd.to_datetime(data["year"].astype(int).astype(str) + "-01-01"))
    result = analyse_heads(flow, name="nile")
    assert len(result.change_points) == 1
    shift = result.change_points[0]
    assert abs(shift.last_before.year - 1898) <= 1 and abs(shift.date.year - 1898) <= 1
    assert shift.mean_before == pytest.approx(1097.75, abs=1.0)
    assert shift.mean_after == pytest.approx(849.97, abs=1.0)
    assert not result.seasonality.seasonal  # annual values cannot show a seasonal cycle


def test_synthetic_trend_and_annual_cycle_are_recovered() -> None:
    result = analyse_heads(synthetic_weekly())
    assert result.trend.slope_per_year == pytest.approx(0.05, rel=0.10)
    assert result.trend.sen_slope_per_year == pytest.approx(0.05, rel=0.10)
    assert result.trend.p_value_hac < 0.01 and result.trend.mk_p_value < 0.01
    assert result.trend.ci95[0] < 0.05 < result.trend.ci95[1]
    assert result.seasonality.seasonal
    assert result.seasonality.period_days == pytest.approx(365.25, abs=10)
    assert result.seasonality.amplitude == pytest.approx(0.3, rel=0.15)
    assert result.change_points == []  # a steady trend is not a level shift


def test_a_step_in_a_seasonal_series_is_a_change_point() -> None:
    series = synthetic_weekly(trend=0.0, seed=5)
    series[series.index >= "2010-06-07"] -= 0.5
    shifts = analyse_heads(series).change_points
    assert len(shifts) == 1
    assert abs((shifts[0].date - pd.Timestamp("2010-06-07")).days) <= 60
    assert shifts[0].shift == pytest.approx(-0.5, abs=0.1)


def test_no_trend_is_significant_in_pure_autocorrelated_noise() -> None:
    result = analyse_heads(synthetic_weekly(trend=0.0, amplitude=0.0, seed=11))
    assert result.trend.p_value_hac > 0.05
    assert not result.seasonality.seasonal


@settings(max_examples=5, deadline=None)
@given(added=st.floats(min_value=-0.2, max_value=0.2), seed=st.integers(0, 1000))
def test_adding_a_trend_adds_exactly_that_slope(added: float, seed: int) -> None:
    base = synthetic_weekly(trend=0.02, years=6, seed=seed)
    t = ((base.index - base.index[0]).days / 365.25).to_numpy()
    before = analyse_heads(base).trend.slope_per_year
    after = analyse_heads(base + added * t).trend.slope_per_year
    assert after - before == pytest.approx(added, abs=1e-8)


def test_cli_trend_json(capsys) -> None:
    code = main(["groundwater", "trend", "--heads", str(DATA / "heads.csv"), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    report = json.loads(captured.out)
    assert {"slope_per_year", "p_value_hac", "sen_slope_per_year", "mk_tau", "mk_p_value"} <= set(report["trend"])
    assert report["seasonality"]["seasonal"] and abs(report["seasonality"]["period_days"] - 365) < 15
    assert isinstance(report["change_points"], list)
