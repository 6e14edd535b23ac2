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
  first and thins the heads to one per 14 days; then, rolling origin over the last 30 % of
  the training period in three windows, fits every candidate on the heads before a window
  and compares its weather-only simulation with the heads in the window. The candidates
  whose pooled mean squared error is at most twice the best one's form an ensemble
  (:class:`Choice`), each refitted on the whole training period and shifted by its own
  validation errors. :attr:`Choice.last_head_seen` / :attr:`Choice.last_weather_seen`
  record the latest dates any fit was given, so a caller (or a test) can check nothing
  after the train end was used.

Why an ensemble shifted by validation errors: on the real benchmark wells the single best
candidate by validation is often not the best one later (different structures win on
different wells and periods), and a model fitted up to a date tends to drift in the years
after it in the same direction as it did in the validation windows. The pooled errors are
an empirical predictive distribution (in the spirit of split-conformal prediction) that
holds structural error, which Pastas' parameter interval does not.

The 95 % interval of a single Pastas candidate follows Pastas' own ``solver.prediction_interval``
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
#: heads are thinned to at most one per this many days before the choice (see :func:`thin_heads`)
THIN_DAYS = 14
#: ensemble members: candidates whose validation MSE is at most this times the best one's
MEMBER_TOLERANCE = 2.0
#: quantiles of each member's validation errors kept for the ensemble's interval
ERROR_QUANTILES = np.linspace(0.005, 0.995, 100)
RULE_TEXT = (f"heads thinned to one per {THIN_DAYS} days; rolling origin over the last {VALIDATION_SHARE:.0%} of the "
             f"training period in {VALIDATION_FOLDS} windows; members: validation MSE <= {MEMBER_TOLERANCE:g} x best; "
             "each member shifted by its own validation errors, pooled with equal weight")


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


def configured_candidates() -> tuple[CandidateSpec, ...]:
    """The candidates named in ``KOKI_GROUNDWATER_CANDIDATES`` (all of :data:`CANDIDATES` when unset).

    A deployment (or the test suite) may try fewer structures to save time; the choice is
    then made among those, and every cached result names the set (:func:`candidates_tag`).
    """
    from koki_climate.config import settings
    from koki_climate.errors import InputError

    names = settings().groundwater_candidates
    if not names:
        return CANDIDATES
    known = {c.name: c for c in CANDIDATES}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise InputError(f"KOKI_GROUNDWATER_CANDIDATES: unknown candidate(s) {', '.join(unknown)}; "
                         f"known: {', '.join(known)}")
    return tuple(known[n] for n in names)


def candidates_tag() -> str:
    """Part of cache keys: empty for all candidates, else the configured names."""
    names = [c.name for c in configured_candidates()]
    return "" if names == [c.name for c in CANDIDATES] else "+" + ",".join(names)


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
        head, runs = self._pastas_runs(weather, self.n_samples)
        runs = runs[1:]  # the drawn sets (the first run is the optimum)
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

    def runs(self, weather: pd.DataFrame, n_draws: int) -> pd.DataFrame:
        """Deterministic simulations over ``weather``: the optimum (column 0) and drawn parameter sets.

        The draws come from the fitted covariance with this model's seed, so two weathers
        (today's and a scenario's) get the same parameter sets: their difference is not
        blurred by sampling noise (common random numbers). Sets that simulate NaN are dropped.
        """
        weather = validate_weather(weather)
        if self.spec.kind == "response":
            from koki_climate.groundwater.pet import with_pet

            model = self.model_
            full, _ = with_pet(weather, model.latitude)
            rng = np.random.default_rng(self.seed)
            draws = rng.multivariate_normal(model.params, model.cov, size=max(n_draws - 1, 0), method="eigh")
            betas = np.vstack([model.params[None, :], draws])
            return pd.DataFrame(model.design(full, freeze_trend=True) @ betas.T, index=full.index)
        head, runs = self._pastas_runs(weather, n_draws - 1)
        return pd.DataFrame(np.vstack([head.to_numpy()[None, :], runs]).T, index=head.index)

    def _pastas_runs(self, weather: pd.DataFrame, n_draws: int) -> tuple[pd.Series, np.ndarray]:
        """The optimum's simulation, and up to ``n_draws`` finite runs of drawn parameter sets (runs x days)."""
        ml = self.model_
        sim_model = _build(self.spec, self.heads_, weather)
        tmin, tmax = weather.index[0], weather.index[-1]
        head = sim_model.simulate(p=ml.parameters["optimal"].to_numpy(dtype=float), tmin=tmin, tmax=tmax)
        try:
            sample = ml.solver.get_parameter_sample(n=n_draws, seed=self.seed) if n_draws > 0 else []
        except (RuntimeError, ValueError, np.linalg.LinAlgError, TypeError):
            sample = []  # no usable covariance
        kept = []
        for p in sample:
            try:
                kept.append(sim_model.simulate(p=p, tmin=tmin, tmax=tmax).to_numpy())
            except ValueError:  # a drawn set that simulates NaN
                continue
        runs = np.asarray(kept).reshape(len(kept), len(head))
        return head, runs[np.isfinite(runs).all(axis=1)]


def fit_candidate(spec: CandidateSpec, heads: pd.Series, weather: pd.DataFrame,
                  train_end: str | pd.Timestamp | None = None) -> CandidateModel:
    """Fit one candidate (a module-level seam: tests replace it to see what the rule hands over)."""
    return CandidateModel(spec).fit(heads, weather, train_end)


def thin_heads(heads: pd.Series, days: int = THIN_DAYS) -> pd.Series:
    """At most one head per ``days`` (the first of each block counted from the first head).

    Why: real records switch from fortnightly manual readings to daily loggers; fitted as
    they are, the logger years outweigh decades of manual readings, and the validation
    windows score mostly those years. Thinned, every period counts by its length.
    """
    block = (heads.index - heads.index[0]).days // days
    return heads[~pd.Index(block).duplicated()]


@dataclass
class Member:
    """One candidate of the ensemble: refitted on all training heads, with its validation errors."""

    spec: CandidateSpec
    model: CandidateModel
    validation_mse: float
    error_quantiles: np.ndarray  # ERROR_QUANTILES of (observed - simulated) in the validation windows


@dataclass
class Choice:
    """What :func:`choose_candidate` decided, and on which data.

    :meth:`simulate` is the ensemble: each member's weather-only simulation shifted by its
    own validation errors (one value per quantile), pooled over members with equal weight;
    ``head_m`` is the pool's mean, ``lower_95``/``upper_95`` its 2.5/97.5 % quantiles. So the
    interval holds parameter, noise and structural error as far as the validation windows
    show them, and the spread between members (the model choice).
    """

    chosen: CandidateSpec  # the member with the lowest validation error
    members: list[Member]
    validation_mse: dict[str, float]  # pooled over the validation windows, per candidate (NaN: failed)
    split: pd.Timestamp  # start of the validation windows: no candidate was scored before it
    train_end: pd.Timestamp
    last_head_seen: pd.Timestamp  # latest head date handed to any fit
    last_weather_seen: pd.Timestamp  # latest weather date handed to any fit
    errors: dict[str, str] = field(default_factory=dict)  # candidates that failed to fit

    @property
    def model(self) -> CandidateModel:
        """The best single member (lowest validation error), refitted on all training heads."""
        return self.members[0].model

    @property
    def member_names(self) -> list[str]:
        return [m.spec.name for m in self.members]

    def simulate(self, weather: pd.DataFrame) -> pd.DataFrame:
        """Daily ensemble ``head_m``, ``lower_95``, ``upper_95`` over ``weather``, from the weather alone."""
        sims = [m.model.runs(weather, 1)[0] for m in self.members]
        index = sims[0].index
        for sim in sims[1:]:
            index = index.intersection(sim.index)
        pool = np.concatenate([sim.reindex(index).to_numpy()[:, None] + m.error_quantiles[None, :]
                               for sim, m in zip(sims, self.members)], axis=1)
        lower, upper = np.quantile(pool, [0.025, 0.975], axis=1)
        return pd.DataFrame({"head_m": pool.mean(axis=1), "lower_95": lower, "upper_95": upper}, index=index)

    def refit(self, heads: pd.Series | pd.DataFrame, weather: pd.DataFrame,
              fit: Callable[..., CandidateModel] | None = None) -> "Choice":
        """The same members (and validation errors) refitted on every head: for projections.

        The choice itself stays the one made on the training years; only the members'
        parameters learn from the later heads as well.
        """
        fit = fit or fit_candidate
        heads = validate_heads(heads)
        weather = validate_weather(weather)
        heads = thin_heads(heads[(heads.index >= weather.index[0]) & (heads.index <= weather.index[-1])])
        end = heads.index[-1]
        members = [Member(m.spec, fit(m.spec, heads, weather, end), m.validation_mse, m.error_quantiles)
                   for m in self.members]
        return Choice(chosen=self.chosen, members=members, validation_mse=self.validation_mse, split=self.split,
                      train_end=end, last_head_seen=heads.index[-1], last_weather_seen=weather.index[-1],
                      errors=dict(self.errors))

    def to_dict(self) -> dict[str, object]:
        """The model card's part about the choice (plain JSON types)."""
        return {"rule": RULE_TEXT, "chosen": self.chosen.name, "members": self.member_names,
                "validation_rmse_m": {k: (round(float(np.sqrt(v)), 4) if np.isfinite(v) else None)
                                      for k, v in self.validation_mse.items()},
                "validation_from": f"{self.split:%Y-%m-%d}", "train_end": f"{self.train_end:%Y-%m-%d}",
                "member_bias_m": {m.spec.name: round(float(m.error_quantiles.mean()), 4) for m in self.members},
                "failed": dict(self.errors)}


def choose_candidate(
    heads: pd.Series | pd.DataFrame,
    weather: pd.DataFrame,
    train_end: str | pd.Timestamp,
    candidates: tuple[CandidateSpec, ...] | None = None,
    *,
    validation_share: float = VALIDATION_SHARE,
    n_folds: int = VALIDATION_FOLDS,
    tolerance: float = MEMBER_TOLERANCE,
    fit: Callable[..., CandidateModel] | None = None,
) -> Choice:
    """Choose the ensemble for one well using only the years up to ``train_end``.

    Heads and weather are cut at ``train_end`` before anything else, and the heads thinned
    (:func:`thin_heads`). The last ``validation_share`` of the training period (by time) is
    split into ``n_folds`` consecutive windows; for each window every candidate is fitted
    on the heads before it and its weather-only simulation compared with the heads inside
    it (rolling origin, as the real use: fit on the past, simulate the next years). Members
    are the candidates whose mean squared error pooled over the windows is at most
    ``tolerance`` times the best one's; each is refitted on all training heads and keeps
    its validation errors for :meth:`Choice.simulate`. The same rule for every well.
    ``candidates`` defaults to :func:`configured_candidates`.
    """
    fit = fit or fit_candidate
    candidates = configured_candidates() if candidates is None else candidates
    end = pd.Timestamp(train_end)
    heads = validate_heads(heads)
    weather = validate_weather(weather)
    heads = heads[(heads.index <= end) & (heads.index >= weather.index[0])]
    weather = weather.loc[:end]
    if heads.empty:
        raise ValueError("no heads inside the weather period before the train end")
    heads = thin_heads(heads)
    first = heads.index[0]
    edges = [(first + (end - first) * (1.0 - validation_share * (n_folds - i) / n_folds)).normalize()
             for i in range(n_folds)] + [end]
    specs = candidates_for(weather, candidates)
    seen_heads: list[pd.Timestamp] = []
    seen_weather: list[pd.Timestamp] = []
    mse: dict[str, float] = {}
    errors_of: dict[str, np.ndarray] = {}
    failed: dict[str, str] = {}

    def fitted(spec: CandidateSpec, until: pd.Timestamp) -> CandidateModel:
        model = fit(spec, heads[heads.index <= until], weather, until)
        seen_heads.append(model.last_head_seen_)
        seen_weather.append(model.last_weather_seen_)
        return model

    for spec in specs:
        try:
            residuals = []
            for origin, window_end in zip(edges[:-1], edges[1:]):
                model = fitted(spec, origin)
                window = heads[(heads.index > origin) & (heads.index <= window_end)]
                sim = model.runs(weather.loc[:window_end], 1)[0].reindex(window.index)
                residuals.append((window - sim).to_numpy(dtype=float))
            pooled = np.concatenate(residuals)
            if pooled.size == 0 or not np.isfinite(pooled).all():
                raise ValueError("no finite simulation in the validation windows")
            mse[spec.name] = float(np.mean(pooled**2))
            errors_of[spec.name] = pooled
        except Exception as exc:  # one failing structure must not stop the others
            mse[spec.name] = float("nan")
            failed[spec.name] = f"{type(exc).__name__}: {exc}"
    ranked = sorted((v, i) for i, v in enumerate(mse.values()) if np.isfinite(v))
    if not ranked:
        raise ValueError(f"no candidate could be fitted: {failed}")
    best = ranked[0][0]
    members = []
    for value, i in ranked:
        if value > tolerance * best:
            break
        spec = specs[i]
        try:
            model = fitted(spec, end)
        except Exception as exc:  # noqa: BLE001  fits on the windows but not on all years: leave out
            failed[spec.name] = f"refit: {type(exc).__name__}: {exc}"
            continue
        members.append(Member(spec, model, value, np.quantile(errors_of[spec.name], ERROR_QUANTILES)))
    if not members:
        raise ValueError(f"no candidate could be refitted: {failed}")
    return Choice(chosen=members[0].spec, members=members, validation_mse=mse, split=edges[0], train_end=end,
                  last_head_seen=max(seen_heads), last_weather_seen=max(seen_weather), errors=failed)


__all__ = ["CANDIDATES", "PASTAS_DEFAULT", "CandidateModel", "CandidateSpec", "Choice", "Member", "candidates_for",
           "candidates_tag", "choose_candidate", "configured_candidates", "fit_candidate",
           "thin_heads"]
