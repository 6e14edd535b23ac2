"""Level shifts in a well's record (a new pumping well, a drained field, a dam).

Candidate change points come from ruptures' binary segmentation (least-squares cost);
how many of them are real is decided by BIC of a regression with linear trend, level
steps and AR(1) errors (statsmodels ARIMA). A fixed penalty would either miss shifts or,
because heads are autocorrelated and may trend, cut a smooth series into steps; the BIC
of a model that includes both the trend and the autocorrelation does neither. Each change
point is charged two parameters (its size and its position).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import ruptures as rpt
from statsmodels.tsa.arima.model import ARIMA

#: most change points considered in one record
MAX_CHANGE_POINTS = 3


@dataclass(frozen=True)
class ChangePoint:
    """A shift in level: ``date`` is the first step at the new level."""

    date: pd.Timestamp
    last_before: pd.Timestamp
    mean_before: float
    mean_after: float

    @property
    def shift(self) -> float:
        return self.mean_after - self.mean_before

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.date.strftime("%Y-%m-%d"),
            "last_before": self.last_before.strftime("%Y-%m-%d"),
            "mean_before": round(self.mean_before, 4),
            "mean_after": round(self.mean_after, 4),
            "shift": round(self.shift, 4),
        }


def change_points(
    filled: pd.Series, observed: pd.Series | None = None, *, min_size: int = 5
) -> list[ChangePoint]:
    """Detect level shifts in a regular, gap-free series.

    ``observed`` (same grid, NaN where nothing was measured) is used for the segment
    means so that interpolated values do not count; it defaults to ``filled``.
    """
    y = filled.to_numpy(dtype=float)
    n = len(y)
    observed = filled if observed is None else observed
    min_size = int(max(2, min(min_size, n // 4)))
    if n < 2 * min_size + 2 or not np.std(y) > 1e-9 * max(1.0, abs(float(np.mean(y)))):
        return []  # too short, or constant: nothing can shift
    algo = rpt.Binseg(model="l2", min_size=min_size, jump=1).fit(y)
    candidates: list[list[int]] = [[]]
    for k in range(1, MAX_CHANGE_POINTS + 1):
        try:
            bkps = algo.predict(n_bkps=k)[:-1]
        except rpt.exceptions.BadSegmentationParameters:
            break
        candidates.append(sorted(bkps))
    scores = np.array([_bic(y, b) for b in candidates])
    if not np.isfinite(scores).any():
        return []
    best = candidates[int(np.nanargmin(scores))]
    bounds = [0, *best, n]
    means = [float(observed.iloc[a:b].mean()) for a, b in zip(bounds[:-1], bounds[1:])]
    index = filled.index
    return [
        ChangePoint(date=index[k], last_before=index[k - 1], mean_before=means[i], mean_after=means[i + 1])
        for i, k in enumerate(best)
    ]


def _bic(y: np.ndarray, bkps: list[int]) -> float:
    """BIC of trend + steps at ``bkps`` + AR(1) errors, two parameters per step."""
    n = len(y)
    t = np.arange(n) / n
    columns = [np.ones(n), t] + [(np.arange(n) >= k).astype(float) for k in bkps]
    scale = float(np.std(y)) or 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = ARIMA((y - np.mean(y)) / scale, exog=np.column_stack(columns), order=(1, 0, 0), trend="n").fit()
        except (np.linalg.LinAlgError, ValueError):
            return float("nan")
    k = len(fit.params) + len(bkps)
    return float(-2.0 * fit.llf + k * np.log(n))
