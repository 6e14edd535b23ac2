"""Heads under a climate scenario by delta change of the observed weather.

Climate models are biased and coarse, so their daily series are not fed to the wells.
Instead the observed weather keeps its day-to-day sequence and is changed by the
scenario's *change signals* relative to the reference (historical 1991-2020):
precipitation is scaled by season (summer JJA and winter DJF by their ratios, spring and
autumn by the factor that makes the annual total change by the annual ratio), temperature
is shifted by the warming, and PET is scaled by Hamon's PET(T + dT) / PET(T) day by day.

Changes are reported for the mean head and for high groundwater (the mean of annual
maxima), each with a 95 % interval: exact (normal) for the mean, Monte Carlo over
parameter draws and AR(1) noise for the annual maxima. Both directions are possible: a
wetter winter can raise heads even where summers dry out. The uncertainty of the climate
signal itself (one value per scenario here) is not included.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from scipy.signal import lfilter
from scipy.stats import norm

from koki_climate.errors import InputError
from koki_climate.groundwater.io import validate_weather
from koki_climate.groundwater.pet import hamon_ratio, with_pet
from koki_climate.groundwater.response import ResponseModel
from koki_climate.region.manifest import SPREAD_ROLES

REFERENCE = ("historical", "1991-2020")
#: temperature used for the PET sensitivity when the weather has PET but no temperature
FALLBACK_TEMPERATURE_C = 10.0
SUMMER, WINTER = (6, 7, 8), (12, 1, 2)


@dataclass(frozen=True)
class ChangeSignals:
    """Scenario / reference: precipitation ratios (1 = no change) and warming in K."""

    pathway: str
    horizon: str
    precip_annual: float = 1.0
    precip_summer: float = 1.0
    precip_winter: float = 1.0
    delta_t: float = 0.0

    @property
    def key(self) -> str:
        return f"{self.pathway}_{self.horizon}"

    def to_dict(self) -> dict[str, object]:
        return {"pathway": self.pathway, "horizon": self.horizon,
                "precip_annual_ratio": round(self.precip_annual, 4),
                "precip_summer_ratio": round(self.precip_summer, 4),
                "precip_winter_ratio": round(self.precip_winter, 4),
                "delta_t_k": round(self.delta_t, 3)}


@dataclass(frozen=True)
class WellProjection:
    """Projected change of one well under one scenario (heads in m, positive = rise)."""

    pathway: str
    horizon: str
    mean_head_m: float  # simulated baseline mean head (observed weather)
    high_head_m: float  # simulated baseline mean of annual maxima
    mean_change_m: float
    mean_change_ci95: tuple[float, float]
    high_change_m: float
    high_change_ci95: tuple[float, float]

    def to_dict(self) -> dict[str, object]:
        r = lambda v: round(float(v), 4) + 0.0  # noqa: E731  (+0.0: no '-0.0' in reports)
        return {"pathway": self.pathway, "horizon": self.horizon,
                "mean_head_m": r(self.mean_head_m), "high_head_m": r(self.high_head_m),
                "mean_change_m": r(self.mean_change_m), "mean_change_ci95": [r(v) for v in self.mean_change_ci95],
                "high_change_m": r(self.high_change_m), "high_change_ci95": [r(v) for v in self.high_change_ci95]}


def scenario_pairs(climate: xr.Dataset) -> list[tuple[str, str]]:
    """(pathway, horizon) of every scenario in a climate dataset, reference first."""
    pairs = list(dict.fromkeys(zip(map(str, climate["pathway"].values), map(str, climate["horizon"].values))))
    return sorted(pairs, key=lambda p: (p != REFERENCE, p))


def change_signals(
    climate: xr.Dataset, pathway: str, horizon: str, x: float | None = None, y: float | None = None,
    spread: str = "median",
) -> ChangeSignals | None:
    """Change signals at a point (nearest climate cell) or, without a point, of the domain mean.

    ``spread="low"``/``"high"`` reads the climate ensemble's 15th/85th percentile roles
    (``<role>_low``/``<role>_high``, against the reference's median); ``None`` when the
    climate data do not hold them.
    """
    suffix = "" if spread == "median" else f"_{spread}"
    if suffix and not all(f"{role}{suffix}" in climate for role in SPREAD_ROLES):
        return None
    def values(p: str, h: str) -> xr.Dataset:
        mask = (climate["pathway"] == p) & (climate["horizon"] == h)
        index = np.flatnonzero(np.asarray(mask.values))
        if index.size == 0:
            raise InputError(f"climate data have no scenario {p} {h}")
        return climate.isel(scenario=int(index[0]))

    scen, ref = values(pathway, horizon), values(*REFERENCE)

    def at(ds: xr.Dataset, role: str) -> float:
        da = ds[role]
        value = float("nan")
        if x is not None and y is not None and {"x", "y"} <= set(da.dims):
            value = float(da.sel(x=x, y=y, method="nearest"))
        return value if np.isfinite(value) else float(da.mean(skipna=True))

    def ratio(role: str) -> float:
        base = at(ref, role)
        return at(scen, role + suffix) / base if base > 0 else 1.0

    return ChangeSignals(pathway, horizon, ratio("precip_annual"), ratio("precip_summer"),
                         ratio("precip_winter"), at(scen, "temperature" + suffix) - at(ref, "temperature"))


def delta_change(weather: pd.DataFrame, signals: ChangeSignals, latitude: float = 48.0) -> pd.DataFrame:
    """The observed weather changed by ``signals`` (same days, same sequence)."""
    return _delta_change(validate_weather(weather), signals, latitude)


def _delta_change(weather: pd.DataFrame, signals: ChangeSignals, latitude: float) -> pd.DataFrame:
    out = weather.copy()
    month = out.index.month
    p = out["precipitation_mm"]
    summer, winter = month.isin(SUMMER), month.isin(WINTER)
    other = ~(summer | winter)
    total, p_summer, p_winter, p_other = p.sum(), p[summer].sum(), p[winter].sum(), p[other].sum()
    # spring and autumn carry whatever the annual change needs beyond summer and winter
    f_other = ((signals.precip_annual * total - signals.precip_summer * p_summer
                - signals.precip_winter * p_winter) / p_other) if p_other > 0 else signals.precip_annual
    factor = np.where(summer, signals.precip_summer, np.where(winter, signals.precip_winter, max(f_other, 0.0)))
    out["precipitation_mm"] = p * factor
    if "pet_mm" in out:
        temp = out["temperature_c"].to_numpy() if "temperature_c" in out else np.full(len(out), FALLBACK_TEMPERATURE_C)
        out["pet_mm"] = out["pet_mm"] * hamon_ratio(temp, out.index, signals.delta_t, latitude)
    if "temperature_c" in out:
        out["temperature_c"] = out["temperature_c"] + signals.delta_t
    return out


def project_well(
    model: ResponseModel,
    weather: pd.DataFrame,
    signals: ChangeSignals | Sequence[ChangeSignals],
    *,
    n_draws: int = 200,
    seed: int = 0,
) -> WellProjection | list[WellProjection]:
    """Change of mean and high head of one fitted well under one or several scenarios.

    Several scenarios share the parameter draws and noise series (common random numbers),
    so their differences are not blurred by Monte Carlo noise. A fitted trend is held at
    its value at the end of training: changes are relative to today's level.
    """
    many = not isinstance(signals, ChangeSignals)
    scenarios = list(signals) if many else [signals]
    base_weather, _ = with_pet(validate_weather(weather), model.latitude)
    x_base = model.design(base_weather, freeze_trend=True)
    rng = np.random.default_rng(seed)
    betas = rng.multivariate_normal(model.params, model.cov, size=n_draws, method="eigh").T
    noise = _ar1_noise(rng, len(x_base), n_draws, model.ar_coef, model.noise_sd)
    starts = full_year_starts(base_weather.index)
    high_base = mean_annual_max(x_base @ betas + noise, starts)
    z = float(norm.ppf(0.975))
    out = []
    for scenario in scenarios:
        scen_weather, _ = with_pet(_delta_change(base_weather, scenario, model.latitude), model.latitude)
        x_scen = model.design(scen_weather, freeze_trend=True)
        d = (x_scen - x_base).mean(axis=0)
        mean_change = float(d @ model.params)
        mean_sd = float(np.sqrt(max(d @ model.cov @ d, 0.0)))
        high_change = mean_annual_max(x_scen @ betas + noise, starts) - high_base
        out.append(WellProjection(
            pathway=scenario.pathway,
            horizon=scenario.horizon,
            mean_head_m=float((x_base @ model.params).mean()),
            high_head_m=float(np.median(high_base)),
            mean_change_m=mean_change,
            mean_change_ci95=(mean_change - z * mean_sd, mean_change + z * mean_sd),
            high_change_m=float(np.median(high_change)),
            high_change_ci95=(float(np.quantile(high_change, 0.025)), float(np.quantile(high_change, 0.975))),
        ))
    return out if many else out[0]


def _ar1_noise(rng: np.random.Generator, n: int, draws: int, phi: float, sd: float) -> np.ndarray:
    """``draws`` stationary AR(1) series of length ``n`` with marginal s.d. ``sd`` (n x draws)."""
    innovations = rng.normal(0.0, sd * np.sqrt(max(1.0 - phi**2, 0.0)), size=(n, draws))
    start = rng.normal(0.0, sd, size=draws)
    out, _ = lfilter([1.0], [1.0, -phi], innovations, axis=0, zi=(phi * start)[None, :])
    return out


def full_year_starts(dates: pd.DatetimeIndex) -> np.ndarray:
    """Row offsets where each year starts, plus the end; partial first/last years are left out."""
    years = np.asarray(dates.year)
    starts = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    bounds = np.r_[starts, len(years)]
    full = [(a, b) for a, b in zip(bounds[:-1], bounds[1:]) if b - a >= 360]
    if not full:  # less than a full year: use the whole record as one "year"
        return np.array([0, len(years)])
    return np.array([a for a, _ in full] + [full[-1][1]])


def mean_annual_max(heads: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Mean over the full years (``bounds``: their starts and the end) of each column's annual maximum.

    Daily weather has no gaps, so the full years are consecutive and ``reduceat`` is exact.
    """
    maxima = np.maximum.reduceat(heads[bounds[0]:bounds[-1]], bounds[:-1] - bounds[0], axis=0)
    return maxima.mean(axis=0)
