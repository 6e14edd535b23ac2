"""Climate-driven head model: heads simulated from precipitation and PET alone.

The model is a linear reservoir, the simplest transfer-function noise model that works
for most shallow wells::

    head(t) = c + b_p * EW_tau(P)(t) + b_e * EW_tau(PET)(t) + eta(t)

``EW_tau`` is an exponentially weighted mean over past days (unit gain, time constant
``tau`` days), so ``b_p`` is the steady-state rise in metres per mm/d of lasting extra
rain and ``-b_e / b_p`` the weight of PET against rain (the crop factor and whatever the
linear reservoir cannot say about soil storage). ``eta`` is an AR(1) process. With
``trend=True`` a linear term in time is added (pumping, drainage); it is zero at the end of
training, so ``c`` is then today's level.

``tau`` is chosen by least squares of the simulation (a profile over ``tau``); then the
coefficients and the AR(1) noise are fitted by maximum likelihood with statsmodels'
SARIMAX, whose Kalman filter copes with irregular sampling (days without a head are
missing values).

A *simulation* never sees heads, so its error is the whole noise ``eta``: the 95 %
interval uses the stationary variance ``sigma^2 / (1 - phi^2)`` (not the one-step
innovation variance) plus the parameter uncertainty ``x' C x`` of each day. The
uncertainty of ``tau`` itself is not propagated.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import minimize_scalar
from scipy.signal import lfilter
from scipy.stats import norm
from statsmodels.tsa.statespace.sarimax import SARIMAX

from koki_climate.errors import InputError
from koki_climate.groundwater.io import validate_heads, validate_weather
from koki_climate.groundwater.pet import DEFAULT_LATITUDE, with_pet

#: fewest head observations in the training period for a fit
MIN_TRAIN_OBS = 20
#: longest time step of the AR(1) noise grid, days
MAX_NOISE_STEP_DAYS = 7
#: range searched for the reservoir time constant, days
TAU_BOUNDS = (2.0, 3000.0)
Z95 = float(norm.ppf(0.975))


def exponential_mean(values: np.ndarray, tau: float) -> np.ndarray:
    """Unit-gain exponentially weighted mean with time constant ``tau`` (in samples).

    The filter starts from the mean of the first year, so the first simulated months
    are not biased by an empty reservoir.
    """
    x = np.asarray(values, dtype=float)
    a = float(np.exp(-1.0 / tau))
    start = float(np.mean(x[: min(len(x), 365)]))
    out, _ = lfilter([1.0 - a], [1.0, -a], x, zi=[a * start])
    return out


@dataclass(frozen=True)
class ResponseModel:
    """A fitted well: simulate heads (m) for any daily weather with :meth:`simulate`."""

    tau_days: float
    params: np.ndarray  # const, precipitation gain (m per mm/d), pet gain (m per mm/d)[, trend m/yr]
    cov: np.ndarray  # covariance of ``params``
    ar_coef: float  # daily AR(1) coefficient of the noise
    innovation_var: float  # m^2
    pet_source: str
    train_start: pd.Timestamp
    train_end: pd.Timestamp
    n_train: int
    latitude: float = DEFAULT_LATITUDE
    converged: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def noise_sd(self) -> float:
        """Standard deviation of the stationary AR(1) noise: the error of a pure simulation."""
        return float(np.sqrt(self.innovation_var / max(1.0 - self.ar_coef**2, 1e-12)))

    @property
    def recharge_gain(self) -> float:
        """Head rise (m) per lasting extra mm/d of precipitation."""
        return float(self.params[1])

    @property
    def has_trend(self) -> bool:
        return len(self.params) == 4

    def design(self, weather: pd.DataFrame, *, freeze_trend: bool = False) -> np.ndarray:
        """Regressors for each day of ``weather`` (validated, with pet_mm).

        ``freeze_trend`` holds the trend at the end of training: the weather's effect
        around today's level, as projections need it.
        """
        years = None
        if self.has_trend:
            years = np.zeros(len(weather)) if freeze_trend else _years_since(weather.index, self.train_end)
        return _design(weather["precipitation_mm"].to_numpy(), weather["pet_mm"].to_numpy(), self.tau_days, years)

    def simulate(self, weather: pd.DataFrame) -> pd.DataFrame:
        """Daily heads with 95 % simulation interval, from the weather alone (no heads)."""
        weather = validate_weather(weather)
        weather, _ = with_pet(weather, self.latitude)
        x = self.design(weather)
        head = x @ self.params
        param_var = np.einsum("ij,jk,ik->i", x, self.cov, x)
        sd = np.sqrt(self.noise_sd**2 + param_var)
        return pd.DataFrame(
            {"head_m": head, "lower_95": head - Z95 * sd, "upper_95": head + Z95 * sd},
            index=weather.index,
        )

    def to_dict(self) -> dict[str, object]:
        """Plain numbers for JSON reports."""
        const, gain_p, gain_e = (float(v) for v in self.params[:3])
        se = np.sqrt(np.diag(self.cov))
        trend = {"trend_m_per_year": round(float(self.params[3]), 5),
                 "trend_se": round(float(se[3]), 5)} if self.has_trend else {}
        return {
            "tau_days": round(self.tau_days, 2),
            "constant_m": round(const, 4),
            "precipitation_gain_m_per_mm_d": round(gain_p, 5),
            "precipitation_gain_se": round(float(se[1]), 5),
            "pet_gain_m_per_mm_d": round(gain_e, 5),
            "pet_gain_se": round(float(se[2]), 5),
            "pet_factor": round(-gain_e / gain_p, 4) if gain_p else None,
            **trend,
            "ar1_daily": round(self.ar_coef, 5),
            "noise_sd_m": round(self.noise_sd, 4),
            "pet_source": self.pet_source,
            "train_start": self.train_start.strftime("%Y-%m-%d"),
            "train_end": self.train_end.strftime("%Y-%m-%d"),
            "n_train": self.n_train,
            "converged": self.converged,
            "notes": list(self.notes),
        }


def fit_response(
    heads: pd.Series | pd.DataFrame,
    weather: pd.DataFrame,
    train_end: str | pd.Timestamp | None = None,
    *,
    latitude: float = DEFAULT_LATITUDE,
    heads_name: str = "heads",
    weather_name: str = "weather",
    trend: bool = False,
) -> ResponseModel:
    """Fit the response model on the heads up to ``train_end`` (inclusive; default: all).

    ``trend`` adds a linear trend in time; a pure weather simulation (the default) has none.
    """
    heads = validate_heads(heads, heads_name)
    weather = validate_weather(weather, weather_name)
    weather, pet_source = with_pet(weather, latitude)
    train = _training_heads(heads, weather, train_end, heads_name, weather_name)

    p = weather["precipitation_mm"].to_numpy()
    e = weather["pet_mm"].to_numpy()
    rows = weather.index.get_indexer(train.index)
    y = train.to_numpy(dtype=float)

    years = _years_since(weather.index, train.index[-1]) if trend else None

    def design(tau: float) -> np.ndarray:
        return _design(p, e, tau, years)

    def sse(log_tau: float) -> float:
        x = design(float(np.exp(log_tau)))[rows]
        beta, *_ = np.linalg.lstsq(x, y, rcond=None)
        return float(np.sum((y - x @ beta) ** 2))

    grid = np.linspace(np.log(TAU_BOUNDS[0]), np.log(TAU_BOUNDS[1]), 31)
    best = int(np.argmin([sse(g) for g in grid]))
    lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)]
    tau = float(np.exp(minimize_scalar(sse, bounds=(lo, hi), method="bounded").x))

    x_all = design(tau)
    notes: list[str] = []
    if tau >= TAU_BOUNDS[1] * 0.95 or tau <= TAU_BOUNDS[0] * 1.05:
        notes.append(f"time constant {tau:.0f} d is at the edge of the searched range")
    params, cov, phi, sigma2, converged = _fit_ar_errors(x_all, rows, y)
    if not converged:
        notes.append("maximum likelihood did not fully converge")
    if params[1] <= 0:
        notes.append("precipitation gain is not positive: the well does not respond to rain as expected")
    return ResponseModel(
        tau_days=tau,
        params=params,
        cov=cov,
        ar_coef=phi,
        innovation_var=sigma2,
        pet_source=pet_source,
        train_start=train.index[0],
        train_end=train.index[-1],
        n_train=len(train),
        latitude=latitude,
        converged=converged,
        notes=tuple(notes),
    )


def _years_since(dates: pd.DatetimeIndex, origin: pd.Timestamp) -> np.ndarray:
    return np.asarray((dates - origin).days, dtype=float) / 365.25


def _design(p: np.ndarray, e: np.ndarray, tau: float, years: np.ndarray | None) -> np.ndarray:
    columns = [np.ones(len(p)), exponential_mean(p, tau), exponential_mean(e, tau)]
    if years is not None:
        columns.append(years)
    return np.column_stack(columns)


def _training_heads(
    heads: pd.Series, weather: pd.DataFrame, train_end: object, heads_name: str, weather_name: str
) -> pd.Series:
    """Heads inside the weather period and up to ``train_end``; errors name both tables."""
    first, last = weather.index[0], weather.index[-1]
    inside = heads[(heads.index >= first) & (heads.index <= last)]
    if inside.empty:
        raise InputError(
            f"{heads_name} and {weather_name}: no overlap between the heads "
            f"({heads.index[0]:%Y-%m-%d} to {heads.index[-1]:%Y-%m-%d}) and the weather "
            f"({first:%Y-%m-%d} to {last:%Y-%m-%d})"
        )
    if train_end is not None:
        try:
            end = pd.Timestamp(train_end)
        except (ValueError, TypeError):
            raise InputError(f"train end {train_end!r} is not a date (use YYYY-MM-DD)") from None
        inside = inside[inside.index <= end]
    if len(inside) < MIN_TRAIN_OBS:
        until = f" up to {pd.Timestamp(train_end):%Y-%m-%d}" if train_end is not None else ""
        raise InputError(
            f"{heads_name}: too few observations to fit: {len(inside)} head value(s) within the "
            f"weather period{until}; at least {MIN_TRAIN_OBS} are needed"
        )
    if inside.std() == 0:
        raise InputError(f"{heads_name}: all heads in the training period are equal; nothing to fit")
    return inside


def _fit_ar_errors(
    x_all: np.ndarray, rows: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float, float, bool]:
    """Regression with AR(1) errors, by maximum likelihood (SARIMAX, Kalman filter).

    The noise runs on a grid of ``step`` days, the shortest gap between heads (at most a
    week), so weekly or fortnightly heads cost a seventh of a daily grid; the regressors
    are still taken on each head's own day. Returns the daily AR(1) coefficient and
    innovation variance that give the same stationary variance.
    """
    # Heads are fitted in standard units: the optimiser stalls on variances of 1e-4 m^2.
    centre, scale = float(np.mean(y)), float(np.std(y))
    y_std = (y - centre) / scale
    step = int(np.clip(np.diff(rows).min(), 1, MAX_NOISE_STEP_DAYS)) if len(rows) > 1 else 1
    cells = (rows - rows[0]) // step  # distinct, because every gap is at least ``step``
    endog = np.full(int(cells[-1]) + 1, np.nan)
    endog[cells] = y_std
    exog = x_all[rows[0] + np.arange(len(endog)) * step].copy()
    exog[cells] = x_all[rows]
    beta0, *_ = np.linalg.lstsq(x_all[rows], y_std, rcond=None)
    # the innovation variance is concentrated out of the likelihood: one parameter less, twice as fast
    model = SARIMAX(endog, exog=exog, order=(1, 0, 0), trend="n", concentrate_scale=True)
    start_params = np.r_[beta0, 0.95**step]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = model.fit(start_params=start_params, disp=False, cov_type="approx", maxiter=200)
    converged = bool(result.mle_retvals.get("converged", True)) and not any(
        "converge" in str(w.message).lower() for w in caught
    )
    k = exog.shape[1]
    params = np.asarray(result.params, dtype=float)
    cov = _nearest_psd(np.asarray(result.cov_params(), dtype=float)[:k, :k]) * scale**2
    if not np.all(np.isfinite(cov)):
        cov = np.zeros((k, k))
        converged = False
    beta = params[:k] * scale
    beta[0] += centre
    phi_step = float(params[k])
    stationary_var = float(result.scale) * scale**2 / max(1.0 - phi_step**2, 1e-12)
    phi_day = float(np.sign(phi_step) * abs(phi_step) ** (1.0 / step))
    return beta, cov, phi_day, stationary_var * (1.0 - phi_day**2), converged


def _nearest_psd(cov: np.ndarray) -> np.ndarray:
    """Symmetrise a numerical covariance and clip negative eigenvalues (rounding noise)."""
    if not np.all(np.isfinite(cov)):
        return cov
    sym = (cov + cov.T) / 2.0
    values, vectors = np.linalg.eigh(sym)
    return (vectors * np.clip(values, 0.0, None)) @ vectors.T
