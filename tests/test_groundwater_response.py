"""Climate-driven head model on a real well: skill, honest intervals, no peeking at heads."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koki_climate.cli import main
from koki_climate.groundwater import fit_response, hamon_pet, read_climate_csv, read_heads_csv, score

DATA = Path(__file__).parent / "data" / "groundwater-example"
TRAIN_END = "2009-12-31"


@pytest.fixture(scope="module")
def heads() -> pd.Series:
    return read_heads_csv(DATA / "heads.csv")


@pytest.fixture(scope="module")
def weather() -> pd.DataFrame:
    return read_climate_csv(DATA / "climate.csv")


@pytest.fixture(scope="module")
def model(heads, weather):
    return fit_response(heads, weather, TRAIN_END)


def test_real_well_is_simulated_well_on_held_out_years(model, heads, weather) -> None:
    simulation = model.simulate(weather)
    training = score(heads[:TRAIN_END], simulation)
    held_out = score(heads["2010-01-01":"2015-12-31"], simulation)
    assert training is not None and held_out is not None
    assert held_out.n > 100
    assert training.nse >= 0.85
    assert held_out.nse >= 0.85
    assert 0.85 <= held_out.coverage_95 <= 0.99
    assert held_out.kge >= 0.8
    assert model.recharge_gain > 0
    assert model.converged


def test_simulation_never_uses_heads_after_train_end(model, heads, weather) -> None:
    rng = np.random.default_rng(7)
    wild = heads.copy()
    after = wild.index > pd.Timestamp(TRAIN_END)
    wild[after] = wild[after] + rng.normal(0.0, 50.0, after.sum()) + 100.0
    wild = pd.concat([wild, pd.Series([1e4], index=pd.DatetimeIndex(["2016-06-01"]))])
    refit = fit_response(wild, weather, TRAIN_END)
    pd.testing.assert_frame_equal(refit.simulate(weather), model.simulate(weather))


def test_cli_fit_writes_a_daily_simulation(tmp_path, capsys, heads, weather) -> None:
    out = tmp_path / "sim.csv"
    code = main(["groundwater", "fit", "--heads", str(DATA / "heads.csv"), "--climate", str(DATA / "climate.csv"),
                 "--train-end", TRAIN_END, "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    report = json.loads(captured.out)
    assert report["held_out"]["nse"] >= 0.85
    assert 0.85 <= report["held_out"]["coverage_95"] <= 0.99
    assert set(report["training"]) == {"nse", "rmse", "kge", "coverage_95", "n"}

    sim = pd.read_csv(out, parse_dates=["date"])
    assert list(sim.columns) == ["date", "head_m", "lower_95", "upper_95"]
    assert sim["date"].iloc[0] == heads.index[0]
    assert sim["date"].iloc[-1] == weather.index[-1]
    assert (sim["date"].diff().dropna() == pd.Timedelta(days=1)).all()
    assert (sim["lower_95"] <= sim["head_m"]).all() and (sim["head_m"] <= sim["upper_95"]).all()
    assert not list(tmp_path.glob(".*.tmp")), "temporary file left behind"


def test_pet_is_derived_from_temperature_when_missing() -> None:
    """Weather with temperature only: Hamon PET, and the model still recovers the heads."""
    rng = np.random.default_rng(3)
    dates = pd.date_range("2000-01-01", "2011-12-31", freq="D")
    doy = dates.day_of_year.to_numpy()
    temperature = 9.0 + 9.0 * np.cos(2 * np.pi * (doy - 200) / 365.25) + rng.normal(0, 2.0, len(dates))
    precipitation = np.where(rng.uniform(size=len(dates)) < 0.45, rng.gamma(0.8, 5.0, len(dates)), 0.0)
    weather = pd.DataFrame({"date": dates, "precipitation_mm": precipitation, "temperature_c": temperature})
    pet = hamon_pet(temperature, dates)
    assert 0.0 <= pet.min() and 3.0 < pet.max() < 7.0  # plausible mm/d at 48 deg N
    a = np.exp(-1 / 90.0)
    state = pd.Series(precipitation - 0.9 * pet).ewm(alpha=1 - a, adjust=False).mean().to_numpy()
    truth = 50.0 + 0.5 * state
    sampled = pd.Series(truth + rng.normal(0, 0.02, len(dates)), index=dates).iloc[::14]
    model = fit_response(sampled, weather, "2008-12-31")
    assert "Hamon" in model.pet_source
    assert 60 < model.tau_days < 130
    held_out = score(sampled["2009":], model.simulate(weather))
    assert held_out.nse > 0.9


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.integers(min_value=0, max_value=3 * 365 - 1), extra=st.floats(min_value=0.1, max_value=200.0))
def test_more_rain_never_lowers_the_simulated_head(model, weather, day, extra) -> None:
    assert model.recharge_gain > 0
    window = weather.loc["2005-01-01":"2007-12-31"]
    wetter = window.copy()
    wetter.iloc[day, wetter.columns.get_loc("precipitation_mm")] += extra
    base, more = model.simulate(window)["head_m"], model.simulate(wetter)["head_m"]
    assert (more.to_numpy() >= base.to_numpy() - 1e-12).all()
    assert more.iloc[day:].gt(base.iloc[day:]).any()
