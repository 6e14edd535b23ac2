"""Pastas candidates and the choice rule, on a synthetic well whose answer is known.

The well's heads are generated from random daily weather through an exponential response
to recharge P - f*PET (the structure of Pastas' default model) plus white noise, so the
exponential candidate must recover them from the weather alone.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.signal import lfilter

pytest.importorskip("pastas")  # pastas 2.0.0 also needs tqdm at import (pastas#1345)

from koki_climate.groundwater import pastas_models as pm  # noqa: E402
from koki_climate.groundwater.skill import score  # noqa: E402

TRAIN_END = pd.Timestamp("2008-12-31")
NOISE_SD = 0.02  # m
GAIN, TAU, PET_FACTOR = 0.5, 60.0, 0.8  # m per mm/d, days, -


def synthetic_well(seed: int = 1) -> tuple[pd.Series, pd.DataFrame]:
    """Weekly heads 2002-2011 from weather 2000-2011 through a known exponential response."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2000-01-01", "2011-12-31", freq="D", name="date")
    season = np.sin(2 * np.pi * (days.day_of_year.to_numpy() - 80) / 365.25)
    rain = np.where(rng.random(len(days)) < 0.45, rng.gamma(0.8, 5.0, len(days)), 0.0)
    pet = np.clip(1.5 + 1.3 * season + rng.normal(0, 0.3, len(days)), 0.0, None)
    weather = pd.DataFrame({"precipitation_mm": rain, "pet_mm": pet}, index=days)
    a = np.exp(-1.0 / TAU)
    recharge = rain - PET_FACTOR * pet
    response, _ = lfilter([GAIN * (1 - a)], [1.0, -a], recharge, zi=[a * GAIN * recharge[:365].mean()])
    heads = pd.Series(10.0 + response + rng.normal(0, NOISE_SD, len(days)), index=days, name="head_m")
    weekly = heads.loc["2002-01-01":].iloc[::7]
    weekly = weekly.drop(weekly.index[200:215])  # a gap of 15 weeks in the training years
    return weekly, weather


@pytest.fixture(scope="module")
def well() -> tuple[pd.Series, pd.DataFrame]:
    return synthetic_well()


def test_exponential_candidate_recovers_known_response(well):
    heads, weather = well
    model = pm.fit_candidate(pm.CandidateSpec("exponential"), heads, weather, TRAIN_END)
    sim = model.simulate(weather)
    skill = score(heads[heads.index > TRAIN_END], sim)
    assert skill.nse > 0.9
    # 3 years of weekly heads: ~156 held-out values, each inside a true 95 % interval with
    # p = 0.95, so the share has a binomial sd of sqrt(0.95 * 0.05 / 156) = 0.017; allow
    # three of them below (0.90) and a little for the estimated noise sd -> 0.88.
    assert 0.88 <= skill.coverage_95 <= 1.0
    assert skill.n > 150
    assert (sim["lower_95"] <= sim["head_m"]).all() and (sim["head_m"] <= sim["upper_95"]).all()


def test_exponential_candidate_finds_time_constant_and_gain(well):
    heads, weather = well
    model = pm.fit_candidate(pm.CandidateSpec("exponential"), heads, weather, TRAIN_END)
    params = model.model_.parameters["optimal"]
    assert params["recharge_A"] == pytest.approx(GAIN, rel=0.1)
    assert params["recharge_a"] == pytest.approx(TAU, rel=0.15)
    assert params["recharge_f"] == pytest.approx(-PET_FACTOR, abs=0.1)


def test_fit_sees_no_heads_after_train_end(well):
    heads, weather = well
    model = pm.fit_candidate(pm.CandidateSpec("exponential"), heads, weather, TRAIN_END)
    assert model.heads_.index[-1] <= TRAIN_END
    assert model.model_.observations().index[-1] <= TRAIN_END


def test_choice_rule_is_given_only_training_years(well):
    heads, weather = well
    spoiled = heads.copy()
    spoiled[spoiled.index > TRAIN_END] += 100.0  # anything read from the test years would show
    handed: list[tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp]] = []

    def spy(spec, h, w, end):
        handed.append((h.index[-1], w.index[-1], pd.Timestamp(end)))
        return pm.fit_candidate(spec, h, w, end)

    candidates = (pm.CandidateSpec("exponential"), pm.CandidateSpec("gamma", rfunc="Gamma"))
    choice = pm.choose_candidate(spoiled, weather, TRAIN_END, candidates, fit=spy)
    # each candidate once per window, then each member once on all training years
    assert len(handed) == len(candidates) * pm.VALIDATION_FOLDS + len(choice.members)
    assert all(h <= TRAIN_END and w <= TRAIN_END and e <= TRAIN_END for h, w, e in handed)
    assert choice.last_head_seen <= TRAIN_END and choice.last_weather_seen <= TRAIN_END
    assert choice.split < TRAIN_END
    clean = pm.choose_candidate(heads[heads.index <= TRAIN_END], weather.loc[:TRAIN_END], TRAIN_END, candidates)
    assert clean.validation_mse == pytest.approx(choice.validation_mse)
    assert clean.chosen == choice.chosen and clean.member_names == choice.member_names
    # the true structure simulates the windows to about the white noise (0.02 m) plus the
    # error of parameters fitted on fewer years: well under 0.03 m
    assert np.sqrt(choice.validation_mse["exponential"]) < 0.03


def test_ensemble_on_known_well_scores_and_covers(well):
    heads, weather = well
    candidates = (pm.CandidateSpec("exponential"), pm.CandidateSpec("gamma", rfunc="Gamma"),
                  pm.CandidateSpec("flex", recharge="flex"))
    choice = pm.choose_candidate(heads, weather, TRAIN_END, candidates)
    assert "exponential" in choice.member_names  # the true structure is never left out
    assert choice.members[0].validation_mse == min(m.validation_mse for m in choice.members)
    assert all(m.validation_mse <= pm.MEMBER_TOLERANCE * choice.members[0].validation_mse for m in choice.members)
    skill = score(heads[heads.index > TRAIN_END], choice.simulate(weather))
    assert skill.nse > 0.9
    assert 0.88 <= skill.coverage_95 <= 1.0  # as for one candidate: 156 weekly heads, binomial sd 0.017
    card = choice.to_dict()
    assert card["members"] == choice.member_names and card["train_end"] == "2008-12-31"


class _Fixed:
    """A fitted member stand-in that simulates a constant head (every parameter set alike)."""

    def __init__(self, value: float) -> None:
        self.value = value

    def runs(self, weather: pd.DataFrame, n_draws: int) -> pd.DataFrame:
        return pd.DataFrame(self.value, index=weather.index, columns=range(n_draws))


def test_ensemble_pools_members_shifted_by_their_validation_errors():
    days = pd.date_range("2020-01-01", periods=3, freq="D")
    weather = pd.DataFrame({"precipitation_mm": 1.0, "pet_mm": 0.5}, index=days)
    spec = pm.CandidateSpec("x")
    biased = pm.Member(spec, _Fixed(10.0), 1.0, np.full(100, 1.0))  # always 1 m too low in validation
    spread = pm.Member(spec, _Fixed(10.0), 1.0, np.linspace(-1.0, 1.0, 100))  # unbiased, +-1 m
    choice = pm.Choice(chosen=spec, members=[biased, spread], validation_mse={}, split=days[0], train_end=days[0],
                       last_head_seen=days[0], last_weather_seen=days[0])
    sim = choice.simulate(weather)
    # pool: 100 values of 11 m and 100 evenly from 9 to 11 m -> mean 10.5; the top 2.5 % are 11 m;
    # the bottom 2.5 % are the 5th-6th smallest of the spread member: 9 + 4.975 * 2/99 = 9.1005
    assert sim["head_m"].tolist() == pytest.approx([10.5] * 3)
    assert sim["upper_95"].tolist() == pytest.approx([11.0] * 3)
    assert sim["lower_95"].tolist() == pytest.approx([9.0 + 4.975 * 2 / 99] * 3)


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60, unique=True),
       st.integers(min_value=1, max_value=30))
def test_thinning_keeps_the_first_head_of_every_block(offsets, days):
    dates = pd.Timestamp("2001-03-05") + pd.to_timedelta(sorted(offsets), unit="D")
    heads = pd.Series(np.arange(len(dates), dtype=float), index=dates)
    thinned = pm.thin_heads(heads, days)
    blocks = (dates - dates[0]).days // days
    assert len(thinned) == len(set(blocks))  # one head per block that has heads
    assert thinned.index[0] == dates[0]
    assert set(thinned.index) <= set(dates) and (thinned == heads.loc[thinned.index]).all()
    kept_blocks = (thinned.index - dates[0]).days // days
    assert all(heads[blocks == b].index[0] == t for b, t in zip(kept_blocks, thinned.index))


def test_snow_candidate_needs_temperature():
    weather = pd.DataFrame({"precipitation_mm": [1.0], "pet_mm": [0.5]})
    assert "flex_snow" not in {c.name for c in pm.candidates_for(weather)}
    assert "flex_snow" in {c.name for c in pm.candidates_for(weather.assign(temperature_c=3.0))}


@pytest.mark.parametrize("name", ["exponential", "response"])
def test_negative_pet_and_weather_gaps_do_not_crash(well, name):
    heads, weather = well
    rough = weather.copy()
    rough.iloc[100:110, rough.columns.get_loc("pet_mm")] = -0.3  # dew
    rough.iloc[500, rough.columns.get_loc("precipitation_mm")] = np.nan
    rough = rough.drop(rough.index[[900, 901, 3000]])  # missing days
    spec = next(c for c in pm.CANDIDATES if c.name == name)
    model = pm.fit_candidate(spec, heads, rough, TRAIN_END)
    sim = model.simulate(rough)
    assert np.isfinite(sim.to_numpy()).all()
    assert len(sim) >= len(weather) - 400  # daily, gaps filled (Pastas drops its warm-up start)
