"""Projected change of a well under climate scenarios, from its model ensemble.

The change of the mean head and of high groundwater (mean of annual maxima) under a
scenario is the difference between the scenario's delta-changed weather and today's
weather, simulated by every member of the well's ensemble
(:class:`~koki_climate.groundwater.pastas_models.Choice`) with its optimal and drawn
parameter sets. Three sources of spread are kept apart and then combined:

- **parameters** -- drawn sets of each member (common random numbers: the same sets for
  today's and the scenario's weather, so the difference is not blurred by sampling);
- **model choice** -- the members, pooled with equal weight;
- **climate signal** -- the 15th, 50th and 85th percentile change signals of the climate
  ensemble where the climate data hold them (roles ``<role>_low`` / ``<role>_high``);
  otherwise the median signal only, and the result says so.

``change_m`` is the median of the pooled runs under the median signal; ``model_ci95`` the
2.5-97.5 % range of those runs (parameters and model choice); ``span`` the union of that
range under the low, median and high signals (a range, not a probability interval: the
climate percentiles are not a distribution we can sample). Noise cancels in the mean
change and is left out of the runs.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from koki_climate.groundwater.io import validate_weather
from koki_climate.groundwater.pastas_models import Choice
from koki_climate.groundwater.projection import ChangeSignals, delta_change, full_year_starts, mean_annual_max

#: parameter sets per member (the optimum and drawn ones)
N_RUNS = 20
SPREADS = ("low", "median", "high")


@dataclass(frozen=True)
class ScenarioSignals:
    """The change signals of one pathway x horizon: the median and, if known, the ensemble's 15th/85th percentiles."""

    median: ChangeSignals
    low: ChangeSignals | None = None
    high: ChangeSignals | None = None

    def variants(self) -> dict[str, ChangeSignals]:
        return {name: s for name, s in (("low", self.low), ("median", self.median), ("high", self.high))
                if s is not None}


@dataclass(frozen=True)
class EnsembleProjection:
    """Projected change of one well under one scenario (heads in m, positive = rise)."""

    pathway: str
    horizon: str
    mean_head_m: float  # today's simulated mean head (ensemble, bias-corrected)
    high_head_m: float  # today's simulated mean of annual maxima
    mean_change_m: float
    mean_change_ci95: tuple[float, float]  # parameters + model choice, median climate signal
    mean_change_span: tuple[float, float]  # the same under the low, median and high signals together
    high_change_m: float
    high_change_ci95: tuple[float, float]
    high_change_span: tuple[float, float]
    climate_spread: bool  # whether low/high climate signals were in the data
    members: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        r = lambda v: round(float(v), 4) + 0.0  # noqa: E731  (+0.0: no '-0.0' in reports)
        return {"pathway": self.pathway, "horizon": self.horizon,
                "mean_head_m": r(self.mean_head_m), "high_head_m": r(self.high_head_m),
                "mean_change_m": r(self.mean_change_m), "mean_change_ci95": [r(v) for v in self.mean_change_ci95],
                "mean_change_span": [r(v) for v in self.mean_change_span],
                "high_change_m": r(self.high_change_m), "high_change_ci95": [r(v) for v in self.high_change_ci95],
                "high_change_span": [r(v) for v in self.high_change_span],
                "climate_spread": self.climate_spread, "members": list(self.members)}


def project_ensemble(choice: Choice, weather: pd.DataFrame, scenarios: Sequence[ScenarioSignals], *,
                     latitude: float = 48.0, n_runs: int = N_RUNS) -> list[EnsembleProjection]:
    """Every scenario's projected change of one well, with the three sources of spread."""
    base_weather = validate_weather(weather)
    bounds = full_year_starts(base_weather.index)
    base_runs = [member.model.runs(base_weather, n_runs).to_numpy() for member in choice.members]
    bias = np.array([member.error_quantiles.mean() for member in choice.members])
    mean_head = float(np.mean([runs[:, 0].mean() for runs in base_runs] + bias))
    high_head = float(np.mean([mean_annual_max(runs[:, :1], bounds)[0] for runs in base_runs] + bias))
    out = []
    for scenario in scenarios:
        pooled: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name, signals in scenario.variants().items():
            scen_weather = delta_change(base_weather, signals, latitude)
            mean_d, high_d = [], []
            for member, base in zip(choice.members, base_runs):
                runs = member.model.runs(scen_weather, n_runs).to_numpy()
                k = min(runs.shape[1], base.shape[1])  # a drawn set may simulate NaN in one weather only
                mean_d.append(runs[:, :k].mean(axis=0) - base[:, :k].mean(axis=0))
                high_d.append(mean_annual_max(runs[:, :k], bounds) - mean_annual_max(base[:, :k], bounds))
            pooled[name] = (_equal_weights(mean_d), _equal_weights(high_d))
        mean_m, high_m = pooled["median"]
        out.append(EnsembleProjection(
            pathway=scenario.median.pathway, horizon=scenario.median.horizon,
            mean_head_m=mean_head, high_head_m=high_head,
            mean_change_m=float(np.median(mean_m)), mean_change_ci95=_ci95(mean_m),
            mean_change_span=_span([p[0] for p in pooled.values()]),
            high_change_m=float(np.median(high_m)), high_change_ci95=_ci95(high_m),
            high_change_span=_span([p[1] for p in pooled.values()]),
            climate_spread=len(pooled) == 3, members=tuple(choice.member_names)))
    return out


def _equal_weights(per_member: list[np.ndarray]) -> np.ndarray:
    """Pool members with equal weight whatever their number of runs (each resampled to the largest count)."""
    n = max(len(v) for v in per_member)
    return np.concatenate([np.quantile(v, (np.arange(n) + 0.5) / n) if len(v) != n else v for v in per_member])


def _ci95(values: np.ndarray) -> tuple[float, float]:
    low, high = np.quantile(values, [0.025, 0.975])
    return float(low), float(high)


def _span(pools: list[np.ndarray]) -> tuple[float, float]:
    ranges = [_ci95(v) for v in pools]
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


__all__ = ["EnsembleProjection", "N_RUNS", "ScenarioSignals", "project_ensemble"]
