"""Seasonality (periodogram + STL) and trend (OLS with HAC errors, Mann-Kendall/Sen).

Heads are strongly autocorrelated, so ordinary OLS p-values would call almost every
wiggle a trend. The OLS slope is therefore tested with Newey-West (HAC) standard errors,
and the Mann-Kendall test uses the Hamed-Rao variance correction for autocorrelation.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
import pymannkendall as mk
import statsmodels.api as sm
from scipy.signal import periodogram
from statsmodels.tsa.seasonal import STL

from koki_climate.groundwater.series import RegularSeries

#: seasonal strength (Wang, Smith & Hyndman 2006) above which a cycle counts as seasonal
MIN_SEASONAL_STRENGTH = 0.3
#: periods searched for a seasonal cycle, days
PERIOD_RANGE_DAYS = (60.0, 2 * 365.25)


@dataclass(frozen=True)
class Seasonality:
    """The dominant sub-two-year cycle; ``seasonal`` says whether it is strong enough to use."""

    period_days: float | None
    amplitude: float
    strength: float
    seasonal: bool

    def to_dict(self) -> dict[str, object]:
        return _rounded(asdict(self))


@dataclass(frozen=True)
class Trend:
    """Linear trend per year with two significance tests."""

    slope_per_year: float
    slope_se: float
    ci95: tuple[float, float]
    p_value_hac: float
    hac_maxlags: int
    sen_slope_per_year: float
    mk_tau: float
    mk_p_value: float
    mk_trend: str
    n: int

    def to_dict(self) -> dict[str, object]:
        return _rounded(asdict(self))


def seasonality(series: RegularSeries) -> tuple[Seasonality, pd.Series]:
    """Find the dominant cycle and its STL seasonal component (zeros when there is none)."""
    zero = pd.Series(0.0, index=series.filled.index)
    values = series.filled.to_numpy(dtype=float)
    n = len(values)
    lo = max(PERIOD_RANGE_DAYS[0], 2.0 * series.step_days)
    hi = min(PERIOD_RANGE_DAYS[1], n * series.step_days / 2.0)
    if hi <= lo:
        return Seasonality(None, 0.0, 0.0, False), zero
    freq, power = periodogram(values, detrend="linear")
    with np.errstate(divide="ignore"):
        period = np.where(freq > 0, series.step_days / freq, np.inf)
    window = (period >= lo) & (period <= hi)
    if not window.any():
        return Seasonality(None, 0.0, 0.0, False), zero
    best = float(period[window][np.argmax(power[window])])
    steps = int(round(best / series.step_days))
    if steps < 2 or n <= 2 * steps:
        return Seasonality(best, 0.0, 0.0, False), zero
    result = STL(series.filled, period=steps, robust=True).fit()
    seasonal = pd.Series(np.asarray(result.seasonal), index=series.filled.index)
    resid = np.asarray(result.resid)
    total = float(np.var(resid + seasonal.to_numpy()))
    strength = max(0.0, 1.0 - float(np.var(resid)) / total) if total > 0 else 0.0
    profile = seasonal.groupby(np.arange(n) % steps).mean()
    amplitude = float(profile.max() - profile.min()) / 2.0
    found = strength >= MIN_SEASONAL_STRENGTH
    return Seasonality(best, amplitude, strength, found), seasonal if found else zero


def linear_trend(series: RegularSeries, season: Seasonality, seasonal: pd.Series) -> Trend:
    """OLS slope (HAC errors, harmonics for the cycle) and Mann-Kendall/Sen on the deseasonalised series."""
    years = series.years
    mask = series.observed.notna().to_numpy()
    y = series.observed.to_numpy(dtype=float)[mask]
    t = years.to_numpy()[mask]
    columns = [np.ones_like(t), t]
    if season.seasonal and season.period_days:
        omega = 2.0 * np.pi * 365.25 / season.period_days
        for k in (1, 2):
            columns += [np.sin(k * omega * t), np.cos(k * omega * t)]
    x = np.column_stack(columns)
    first = sm.OLS(y, x).fit()
    lags = andrews_bandwidth(first.resid)
    fit = sm.OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True})
    lo, hi = fit.conf_int(alpha=0.05)[1]

    deseasonalised = (series.filled - seasonal).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mann = mk.hamed_rao_modification_test(deseasonalised)
        if not np.isfinite(mann.p):  # no residual variance (a constant or straight line): no correction needed
            mann = mk.original_test(deseasonalised)
    return Trend(
        slope_per_year=float(fit.params[1]),
        slope_se=float(fit.bse[1]),
        ci95=(float(lo), float(hi)),
        p_value_hac=float(fit.pvalues[1]),
        hac_maxlags=lags,
        sen_slope_per_year=float(mann.slope) * series.steps_per_year,
        mk_tau=float(mann.Tau),
        mk_p_value=float(mann.p),
        mk_trend=str(mann.trend),
        n=int(mask.sum()),
    )


def andrews_bandwidth(resid: np.ndarray) -> int:
    """Newey-West lag count from Andrews' (1991) AR(1) plug-in rule for the Bartlett kernel.

    The textbook rule ``4 (n/100)^(2/9)`` ignores how persistent the residuals are; for
    groundwater (lag-1 correlation often > 0.8) it gives far too few lags.
    """
    e = np.asarray(resid, dtype=float)
    n = len(e)
    rho = float(np.corrcoef(e[:-1], e[1:])[0, 1]) if n > 3 and np.std(e) > 0 else 0.0
    rho = min(max(rho, 0.0), 0.97)
    alpha = 4.0 * rho**2 / ((1.0 - rho) ** 2 * (1.0 + rho) ** 2)
    lags = int(math.ceil(1.1447 * (alpha * n) ** (1.0 / 3.0)))
    return int(min(max(lags, 1), n // 3))


def _rounded(values: dict[str, object]) -> dict[str, object]:
    def r(v: object) -> object:
        if isinstance(v, float):
            return round(v, 6) if math.isfinite(v) else None
        if isinstance(v, tuple):
            return [r(x) for x in v]
        return v

    return {k: r(v) for k, v in values.items()}
