"""One call for a well's statistics: seasonality, trend and change points."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from koki_climate.groundwater.changepoints import ChangePoint, change_points
from koki_climate.groundwater.io import validate_heads
from koki_climate.groundwater.series import regularise
from koki_climate.groundwater.trend import Seasonality, Trend, linear_trend, seasonality


@dataclass(frozen=True)
class WellAnalysis:
    """Statistics of one head record; values in the units of the heads (m) and per year."""

    start: pd.Timestamp
    end: pd.Timestamp
    n_obs: int
    grid: str
    seasonality: Seasonality
    trend: Trend
    change_points: list[ChangePoint]

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start.strftime("%Y-%m-%d"),
            "end": self.end.strftime("%Y-%m-%d"),
            "n_obs": self.n_obs,
            "grid": self.grid,
            "seasonality": self.seasonality.to_dict(),
            "trend": self.trend.to_dict(),
            "change_points": [c.to_dict() for c in self.change_points],
        }


def analyse_heads(heads: pd.Series | pd.DataFrame, name: str = "heads") -> WellAnalysis:
    """Seasonality (STL), trend (OLS+HAC, Mann-Kendall/Sen) and level shifts (ruptures+BIC).

    The trend and the change points are computed on the deseasonalised series so that
    the annual cycle neither inflates the noise nor shows up as steps.
    """
    heads = validate_heads(heads, name)
    series = regularise(heads, name)
    season, seasonal = seasonality(series)
    trend = linear_trend(series, season, seasonal)
    min_size = max(5, int(round(2 * series.steps_per_year)))
    shifts = change_points(series.filled - seasonal, series.observed - seasonal, min_size=min_size)
    return WellAnalysis(
        start=heads.index[0],
        end=heads.index[-1],
        n_obs=len(heads),
        grid=series.label,
        seasonality=season,
        trend=trend,
        change_points=shifts,
    )
