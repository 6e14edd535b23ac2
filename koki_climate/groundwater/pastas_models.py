"""Pastas transfer-function models as candidates for a well, and a rule that picks one.

Why: our own response model (:mod:`koki_climate.groundwater.response`) is one linear
reservoir; Pastas (Collenteur et al. 2019) offers other response shapes (Gamma, double
exponential, four-parameter) and non-linear recharge (FlexModel, with snow). This module
fits them the same way as ours -- on the heads up to a train end, simulating any later
years from the weather alone -- so a benchmark can compare them and a rule can choose one
per well without looking at the held-out years.

- :class:`CandidateSpec` names one model structure; :data:`CANDIDATES` is the default set.
- :class:`CandidateModel` is estimator-like: ``__init__`` stores the spec, :meth:`~CandidateModel.fit`
  returns ``self`` (learned attributes end in ``_``), :meth:`~CandidateModel.simulate` returns
  ``head_m``, ``lower_95``, ``upper_95`` by date, the frame :func:`~koki_climate.groundwater.skill.score`
  takes.
- :func:`choose_candidate` is the choice rule: it cuts heads *and* weather at the train end
  first; then, rolling origin over the last 30 % of the training period in three windows,
  fits every candidate on the heads before a window and scores its weather-only simulation
  in the window (NSE pooled over the windows), picks the best and refits it on the whole
  training period. :attr:`Choice.last_head_seen` / :attr:`Choice.last_weather_seen` record
  the latest dates any fit was given, so a caller (or a test) can check nothing after the
  train end was used.

The 95 % interval of a Pastas model follows Pastas' own ``solver.prediction_interval``
(parameter sets drawn from the fitted covariance, each simulated, plus normal noise with
the standard deviation of the training residuals; the 2.5/97.5 % quantiles), but with a
fixed seed so the benchmark is repeatable, and on weather that may reach past the fitted
model's stresses.

Pastas 2.0.0 imports ``tqdm`` at import time without declaring it (pastas#1345, #1351),
so ``tqdm`` must be installed next to it. No streamlit here.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Callable, Literal

import numpy as np
import pandas as pd

from koki_climate.groundwater.io import validate_heads, validate_weather
from koki_climate.groundwater.response import MIN_TRAIN_OBS, Z95, fit_response
from koki_climate.groundwater.skill import score

Recharge = Literal["linear", "flex", "flex_snow"]
ResponseShape = Literal["Exponential", "Gamma", "DoubleExponential", "FourParam"]

#: share of the training period (by time) held back to score candidates in :func:`choose_candidate`
VALIDATION_SHARE = 0.3
#: consecutive validation windows in that share (rolling origin); 1 = one fit/score split
VALIDATION_FOLDS = 3
#: parameter sets drawn for a Pastas prediction interval
INTERVAL_SAMPLES = 200
INTERVAL_SEED = 20240611
#: fewer usable parameter sets than this: the interval is residual noise only
MIN_INTERVAL_SAMPLES = 20


@dataclass(frozen=True)
class CandidateSpec:
    """One model structure: which response, which recharge, with or without AR(1) noise.

    ``kind="response"`` is the product's own model (:func:`~koki_climate.groundwater.response.fit_response`);
    ``needs_temperature`` candidates are skipped for weather without ``temperature_c``.
    """

    name: str
    kind: Literal["pastas", "response"] = "pastas"
    rfunc: ResponseShape = "Exponential"
    recharge: Recharge = "linear"
    noise: bool = False

    @property
    def needs_temperature(self) -> bool:
        return self.recharge == "flex_snow"


#: The Pastas default: ``ps.Model`` + ``ps.RechargeModel(prec, evap)`` (linear recharge P - f*E,
#: exponential response), no noise model (Pastas 2 adds none unless asked), default solve.
PASTAS_DEFAULT = CandidateSpec("pastas_default")

#: Candidates the choice rule tries, in this order (ties go to the earlier, simpler one).
CANDIDATES: tuple[CandidateSpec, ...] = (
    CandidateSpec("exponential"),
    CandidateSpec("gamma", rfunc="Gamma"),
    CandidateSpec("double_exponential", rfunc="DoubleExponential"),
    CandidateSpec("four_param", rfunc="FourParam"),
    CandidateSpec("exponential_ar1", noise=True),
    CandidateSpec("flex", recharge="flex"),
    CandidateSpec("flex_snow", recharge="flex_snow"),
    CandidateSpec("response", kind="response"),
)


def candidates_for(weather: pd.DataFrame, candidates: tuple[CandidateSpec, ...] = CANDIDATES) -> tuple[CandidateSpec, ...]:
    """The candidates this weather can drive (snow needs a temperature column)."""
    return tuple(c for c in candidates if not c.needs_temperature or "temperature_c" in weather.columns)


def _pastas():
    import pastas as ps  # imported late: heavy (numba), and only this module needs it

    ps.set_log_level("ERROR")
    logging.getLogger("pastas").setLevel(logging.ERROR)
    return ps


def _build(spec: CandidateSpec, heads: pd.Series, weather: pd.DataFrame):
    """A Pastas model of ``spec`` on these heads, driven by these stresses (mm/d)."""
    ps = _pastas()
    ml = ps.Model(heads.rename("head_m"))
    prec = weather["precipitation_mm"].rename("prec")
    evap = weather["pet_mm"].rename("evap")
    kwargs: dict[str, object] = {}
    if spec.rfunc != "Exponential":
        kwargs["rfunc"] = getattr(ps, spec.rfunc)()
    if spec.recharge == "flex":
        kwargs["recharge"] = ps.rch.FlexModel()
    elif spec.recharge == "flex_snow":
        kwargs["recharge"] = ps.rch.FlexModel(snow=True)
        kwargs["temp"] = weather["temperature_c"].rename("temp")
    ps.RechargeModel(ml, prec, evap, **kwargs)
    if spec.noise:
        ps.ArNoiseModel(ml)
    return ml


class CandidateModel:
    """Fit one candidate on heads up to a train end; simulate heads from weather alone.

    Parameters
    ----------
    spec : CandidateSpec
        The model structure.
    n_samples, seed : int
        Parameter sets and seed of the Pastas prediction interval.
    """

    def __init__(self, spec: CandidateSpec, n_samples: int = INTERVAL_SAMPLES, seed: int = INTERVAL_SEED) -> None:
        self.spec = spec
        self.n_samples = n_samples
        self.seed = seed

    def fit(self, heads: pd.Series | pd.DataFrame, weather: pd.DataFrame,
            train_end: str | pd.Timestamp | None = None) -> "CandidateModel":
        """Fit on the heads up to ``train_end`` (inclusive); return ``self``.

        Sets ``model_`` (a solved ``ps.Model`` or a ``ResponseModel``), ``heads_`` (the
        training heads), ``train_end_``, ``fit_seconds_``, and ``last_head_seen_`` /
        ``last_weather_seen_`` (the latest dates handed to the fit).
        """
        heads = validate_heads(heads)
        weather = validate_weather(weather)
        end = pd.Timestamp(train_end) if train_end is not None else heads.index[-1]
        train = heads[(heads.index <= end) & (heads.index >= weather.index[0]) & (heads.index <= weather.index[-1])]
        self.last_head_seen_ = heads.index[-1]
        self.last_weather_seen_ = weather.index[-1]
        started = time.perf_counter()
        if self.spec.kind == "response":
            self.model_ = fit_response(train, weather, end)
        else:
            if self.spec.needs_temperature and "temperature_c" not in weather.columns:
                raise ValueError(f"candidate {self.spec.name} needs a temperature_c column")
            if len(train) < MIN_TRAIN_OBS:
                raise ValueError(f"candidate {self.spec.name}: only {len(train)} heads to fit")
            ml = _build(self.spec, train, weather)
            ml.solve(tmax=end, report=False)
            self.model_ = ml
            self.residual_sd_ = float(np.nanstd(ml.residuals().to_numpy()))
        self.fit_seconds_ = time.perf_counter() - started
        self.heads_ = train
        self.train_end_ = end
        return self

    def simulate(self, weather: pd.DataFrame) -> pd.DataFrame:
        """Daily ``head_m`` with ``lower_95``/``upper_95`` over ``weather``, from the weather alone."""
        weather = validate_weather(weather)
        if self.spec.kind == "response":
            return self.model_.simulate(weather)
        ml = self.model_
        sim_model = _build(self.spec, self.heads_, weather)
        tmin, tmax = weather.index[0], weather.index[-1]
        params = ml.parameters["optimal"].to_numpy(dtype=float)
        head = sim_model.simulate(p=params, tmin=tmin, tmax=tmax)
        runs = np.empty((0, len(head)))
        try:
            sample = ml.solver.get_parameter_sample(n=self.n_samples, seed=self.seed)
        except (RuntimeError, ValueError, np.linalg.LinAlgError, TypeError):
            sample = []  # no usable covariance
        kept = []
        for p in sample:
            try:
                kept.append(sim_model.simulate(p=p, tmin=tmin, tmax=tmax).to_numpy())
            except ValueError:  # a drawn set that simulates NaN
                continue
        if kept:
            runs = np.asarray(kept)
            runs = runs[np.isfinite(runs).all(axis=1)]
        if len(runs) < MIN_INTERVAL_SAMPLES:
            # Parameters not identified (e.g. both time constants of a double exponential
            # equal): the truncated sampling keeps too few sets. Residual noise only.
            lower = head.to_numpy() - Z95 * self.residual_sd_
            upper = head.to_numpy() + Z95 * self.residual_sd_
            self.interval_note_ = f"{len(runs)} usable parameter sets: interval from residual noise only"
        else:
            rng = np.random.default_rng(self.seed)
            noisy = runs + rng.normal(0.0, self.residual_sd_, size=runs.shape)
            lower, upper = np.quantile(noisy, [0.025, 0.975], axis=0)
            self.interval_note_ = ""
        return pd.DataFrame({"head_m": head.to_numpy(), "lower_95": lower, "upper_95": upper}, index=head.index)


def fit_candidate(spec: CandidateSpec, heads: pd.Series, weather: pd.DataFrame,
                  train_end: str | pd.Timestamp | None = None) -> CandidateModel:
    """Fit one candidate (a module-level seam: tests replace it to see what the rule hands over)."""
    return CandidateModel(spec).fit(heads, weather, train_end)


@dataclass
class Choice:
    """What :func:`choose_candidate` decided, and on which data."""

    chosen: CandidateSpec
    model: CandidateModel  # the chosen candidate refitted on the whole training period
    validation_nse: dict[str, float]  # NSE on the last part of the training period, per candidate
    split: pd.Timestamp  # start of the validation windows: no candidate was scored before it
    train_end: pd.Timestamp
    last_head_seen: pd.Timestamp  # latest head date handed to any fit
    last_weather_seen: pd.Timestamp  # latest weather date handed to any fit
    errors: dict[str, str] = field(default_factory=dict)  # candidates that failed to fit


def choose_candidate(
    heads: pd.Series | pd.DataFrame,
    weather: pd.DataFrame,
    train_end: str | pd.Timestamp,
    candidates: tuple[CandidateSpec, ...] = CANDIDATES,
    *,
    validation_share: float = VALIDATION_SHARE,
    n_folds: int = VALIDATION_FOLDS,
    fit: Callable[..., CandidateModel] | None = None,
) -> Choice:
    """Pick a candidate for one well using only the years up to ``train_end``.

    Heads and weather are cut at ``train_end`` before anything else. The last
    ``validation_share`` of the training period (by time) is split into ``n_folds``
    consecutive windows; for each window every candidate is fitted on the heads before it
    and its weather-only simulation scored on the heads inside it (rolling origin, as the
    real use: fit on the past, simulate the next years). The score is the NSE pooled over
    the windows, ``1 - sum(SSE) / sum(SST)`` with SST about each window's own mean; the
    best candidate is refitted on all training heads. The same rule for every well.
    """
    fit = fit or fit_candidate
    end = pd.Timestamp(train_end)
    heads = validate_heads(heads)
    weather = validate_weather(weather)
    heads = heads[(heads.index <= end) & (heads.index >= weather.index[0])]
    weather = weather.loc[:end]
    if heads.empty:
        raise ValueError("no heads inside the weather period before the train end")
    first = heads.index[0]
    edges = [(first + (end - first) * (1.0 - validation_share * (n_folds - i) / n_folds)).normalize()
             for i in range(n_folds)] + [end]
    specs = candidates_for(weather, candidates)
    seen_heads: list[pd.Timestamp] = []
    seen_weather: list[pd.Timestamp] = []
    scores: dict[str, float] = {}
    errors: dict[str, str] = {}
    for spec in specs:
        sse = sst = 0.0
        try:
            for origin, window_end in zip(edges[:-1], edges[1:]):
                model = fit(spec, heads[heads.index <= origin], weather, origin)
                seen_heads.append(model.last_head_seen_)
                seen_weather.append(model.last_weather_seen_)
                window = heads[(heads.index > origin) & (heads.index <= window_end)]
                sim = model.simulate(weather.loc[:window_end])["head_m"].reindex(window.index)
                sse += float(((window - sim) ** 2).sum())
                sst += float(((window - window.mean()) ** 2).sum())
            scores[spec.name] = 1.0 - sse / sst if sst > 0 else float("nan")
        except Exception as exc:  # one failing structure must not stop the others
            scores[spec.name] = float("nan")
            errors[spec.name] = f"{type(exc).__name__}: {exc}"
    ranked = [(s, i) for i, s in enumerate(scores.values()) if np.isfinite(s)]
    if not ranked:
        raise ValueError(f"no candidate could be fitted: {errors}")
    chosen = specs[max(ranked, key=lambda t: (t[0], -t[1]))[1]]
    model = fit(chosen, heads, weather, end)
    seen_heads.append(model.last_head_seen_)
    seen_weather.append(model.last_weather_seen_)
    return Choice(chosen=chosen, model=model, validation_nse=scores, split=edges[0], train_end=end,
                  last_head_seen=max(seen_heads), last_weather_seen=max(seen_weather), errors=errors)


__all__ = ["CANDIDATES", "PASTAS_DEFAULT", "CandidateModel", "CandidateSpec", "Choice", "candidates_for",
           "choose_candidate", "fit_candidate"]
