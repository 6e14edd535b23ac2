"""Put irregularly sampled heads on a regular time grid.

STL, the periodogram, HAC standard errors and ruptures all assume equal spacing, while
wells are read weekly, fortnightly, monthly or by a logger. The grid step follows the
typical sampling interval, so we neither invent data between sparse readings nor throw
away most of a logger's values.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from koki_climate.errors import InputError

#: (largest median sampling interval in days, pandas frequency, step in days, label)
_GRIDS = (
    (10.0, "W-MON", 7.0, "week"),
    (60.0, "MS", 365.25 / 12, "month"),
    (200.0, "QS", 365.25 / 4, "quarter"),
    (float("inf"), "YS", 365.25, "year"),
)
#: fewest filled grid steps for any statistics
MIN_STEPS = 12


@dataclass(frozen=True)
class RegularSeries:
    """A series on a regular grid: ``observed`` has NaN for empty steps, ``filled`` does not."""

    observed: pd.Series
    filled: pd.Series
    step_days: float
    label: str

    @property
    def steps_per_year(self) -> float:
        return 365.25 / self.step_days

    @property
    def years(self) -> pd.Series:
        """Time of each step in decimal years since the first step."""
        delta = self.filled.index - self.filled.index[0]
        return pd.Series(delta.total_seconds() / (365.25 * 86400.0), index=self.filled.index)


def regularise(heads: pd.Series, name: str = "heads") -> RegularSeries:
    """Average the heads per grid step and fill empty steps by linear interpolation in time."""
    heads = heads.dropna().sort_index()
    if len(heads) < MIN_STEPS:
        raise InputError(f"{name}: too few observations: {len(heads)}; at least {MIN_STEPS} are needed")
    spacing = heads.index.to_series().diff().dt.total_seconds().dropna().median() / 86400.0
    for limit, freq, step, label in _GRIDS:
        if spacing <= limit:
            break
    observed = heads.resample(freq, label="left", closed="left").mean()
    n_obs = int(observed.notna().sum())
    if n_obs < MIN_STEPS:
        raise InputError(
            f"{name}: too few observations: {n_obs} {label}(s) with a value between "
            f"{heads.index[0]:%Y-%m-%d} and {heads.index[-1]:%Y-%m-%d}; at least {MIN_STEPS} are needed"
        )
    filled = observed.interpolate(method="time", limit_direction="both")
    return RegularSeries(observed=observed, filled=filled, step_days=step, label=label)
