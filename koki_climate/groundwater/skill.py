"""Skill scores for simulated heads: NSE, RMSE, KGE and interval coverage.

NSE equals the coefficient of determination of observed on simulated values, so it is
taken from scikit-learn; KGE (Gupta et al. 2009) combines correlation, variability
ratio and bias ratio.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import r2_score, root_mean_squared_error


@dataclass(frozen=True)
class Skill:
    """How well a simulation matches observations (n = number of observed days)."""

    nse: float
    rmse: float
    kge: float
    coverage_95: float
    n: int

    def to_dict(self) -> dict[str, float | int]:
        return {k: (round(v, 4) if isinstance(v, float) and math.isfinite(v) else v) for k, v in asdict(self).items()}


def kge(observed: np.ndarray, simulated: np.ndarray) -> float:
    """Kling-Gupta efficiency: 1 - sqrt((r-1)^2 + (alpha-1)^2 + (beta-1)^2)."""
    obs = np.asarray(observed, dtype=float)
    sim = np.asarray(simulated, dtype=float)
    if len(obs) < 2 or np.std(obs) == 0 or np.std(sim) == 0:
        return float("nan")
    r = np.corrcoef(obs, sim)[0, 1]
    alpha = np.std(sim) / np.std(obs)
    beta = np.mean(sim) / np.mean(obs)
    return float(1.0 - np.sqrt((r - 1.0) ** 2 + (alpha - 1.0) ** 2 + (beta - 1.0) ** 2))


def score(observed: pd.Series, simulation: pd.DataFrame) -> Skill | None:
    """Score a simulation (``head_m``, ``lower_95``, ``upper_95`` by date) on the observed days.

    Returns ``None`` when no observation falls inside the simulated period.
    """
    common = observed.index.intersection(simulation.index)
    if len(common) == 0:
        return None
    obs = observed.loc[common].to_numpy(dtype=float)
    sim = simulation.loc[common]
    head = sim["head_m"].to_numpy(dtype=float)
    inside = (obs >= sim["lower_95"].to_numpy()) & (obs <= sim["upper_95"].to_numpy())
    nse = float(r2_score(obs, head)) if len(obs) >= 2 else float("nan")
    return Skill(
        nse=nse,
        rmse=float(root_mean_squared_error(obs, head)),
        kge=kge(obs, head),
        coverage_95=float(inside.mean()),
        n=int(len(obs)),
    )
