"""Daily weather as real files deliver it: small, explainable flaws repaired and reported, the rest refused.

The groundwater models run day by day, so the weather must be complete and plausible. Real
series are close to that but rarely exactly:

- **Slightly negative potential evaporation.** Penman-Monteith gives a negative value on
  calm, humid nights when dew forms (condensation is evaporation run backwards); e.g.
  -0.14 mm on 5 of 9,000 days in a real series. Values down to ``-NEGATIVE_PET_TOLERANCE_MM``
  are set to 0 (no evaporation that day) and reported; below that the file is refused.
- **Short gaps.** A station misses a day now and then. Up to ``MAX_FILLED_GAP_DAYS`` days in
  a row are filled and reported with their dates: precipitation with 0 mm (no rain recorded,
  a lower estimate: we do not invent rain), evaporation and temperature by linear
  interpolation between the neighbouring days (both vary smoothly from day to day). Longer
  gaps are refused: they need a neighbouring station, not a guess.
- **Implausible values** are refused with the file, column, date and value: negative
  precipitation, more than :data:`MAX_DAY_RAIN_MM` of rain or :data:`MAX_PET_MM` of
  evaporation in a day, temperatures outside the world's records.

Everything repaired is one sentence in ``notes`` (the build report, the CLI's messages).
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

#: potential evaporation down to this much below zero is dew (set to 0), below it an error
NEGATIVE_PET_TOLERANCE_MM = 1.0
#: the longest run of missing days filled; longer gaps are refused
MAX_FILLED_GAP_DAYS = 3
#: the highest 1-day rain measured is 1,825 mm (Foc-Foc, La Réunion, 1966)
MAX_DAY_RAIN_MM = 2000.0
#: potential evaporation beyond this in a day does not occur (desert maxima are about 15 mm)
MAX_PET_MM = 25.0
#: temperature records: -89.2 °C (Vostok), 56.7 °C (Death Valley)
TEMPERATURE_RANGE_C = (-90.0, 60.0)


class WeatherError(ValueError):
    """A weather value that cannot be repaired; ``column`` and ``date`` say where."""

    def __init__(self, message: str, column: str, date: pd.Timestamp | None = None) -> None:
        super().__init__(message)
        self.column, self.date = column, date


def complete_weather(weather: pd.DataFrame, labels: Mapping[str, str] | None = None,
                     notes: list[str] | None = None) -> pd.DataFrame:
    """``weather`` (float columns, sorted unique dates) on every day, repaired and checked.

    Raises :class:`WeatherError` for what cannot be repaired; appends a sentence to ``notes``
    for every repair.
    """
    labels = dict(labels or {})
    notes = notes if notes is not None else []
    full = pd.date_range(weather.index[0], weather.index[-1], freq="D", name="date")
    out = weather.reindex(full)
    for column in out.columns:
        label = labels.get(column, f"'{column}'")
        out[column] = _fill_short_gaps(out[column], column, label, notes)
        _check_range(out[column], column, label)
        if column == "pet_mm":
            out[column] = _dew_to_zero(out[column], label, notes)
    out.index = pd.DatetimeIndex(out.index, name="date", freq="D")
    return out


def _fill_short_gaps(values: pd.Series, column: str, label: str, notes: list[str]) -> pd.Series:
    missing = values.isna().to_numpy()
    if not missing.any():
        return values
    runs = _runs(missing)
    start, length = max(runs, key=lambda run: run[1])
    if length > MAX_FILLED_GAP_DAYS:
        first = values.index[start]
        raise WeatherError(f"column {label} has {length} days in a row without a value from {first:%Y-%m-%d}; "
                           f"gaps of up to {MAX_FILLED_GAP_DAYS} days are filled, longer ones need values from a "
                           "neighbouring station", column, first)
    if column == "precipitation_mm":
        filled, how = values.fillna(0.0), "with 0 mm (no rain recorded, a lower estimate)"
    else:
        filled, how = values.interpolate(limit_area="inside"), "by linear interpolation between the neighbouring days"
    days = [values.index[s] for s, _ in runs]
    notes.append(f"Column {label}: {int(missing.sum())} missing day(s) in {len(runs)} gap(s) of at most "
                 f"{MAX_FILLED_GAP_DAYS} days were filled {how}; first {_dates(days)}.")
    return filled


def _check_range(values: pd.Series, column: str, label: str) -> None:
    if column == "precipitation_mm":
        low, high, why = 0.0, MAX_DAY_RAIN_MM, "rain cannot be negative or exceed the world record of 1,825 mm a day"
    elif column == "pet_mm":
        low, high, why = -NEGATIVE_PET_TOLERANCE_MM, MAX_PET_MM, (
            f"potential evaporation lies between -{NEGATIVE_PET_TOLERANCE_MM:g} mm (dew) and {MAX_PET_MM:g} mm a day")
    else:
        (low, high), why = TEMPERATURE_RANGE_C, "beyond the world's temperature records"
    bad = (values < low) | (values > high)
    if bad.any():
        date = values.index[int(np.argmax(bad.to_numpy()))]
        raise WeatherError(f"column {label} has {values[date]:g} on {date:%Y-%m-%d} ({int(bad.sum())} implausible "
                           f"value(s) in all): {why}", column, date)


def _dew_to_zero(values: pd.Series, label: str, notes: list[str]) -> pd.Series:
    negative = values < 0
    if not negative.any():
        return values
    lowest = values.idxmin()
    notes.append(f"Column {label}: {int(negative.sum())} day(s) with slightly negative potential evaporation "
                 f"(lowest {values[lowest]:g} mm on {lowest:%Y-%m-%d}; dew in Penman-Monteith) were set to 0 mm.")
    return values.clip(lower=0.0)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of each run of True in ``mask``."""
    edges = np.diff(np.r_[0, mask.astype(np.int8), 0])
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [(int(s), int(e - s)) for s, e in zip(starts, ends)]


def _dates(days: list[pd.Timestamp], most: int = 3) -> str:
    text = ", ".join(f"{day:%Y-%m-%d}" for day in days[:most])
    return text + (f" and {len(days) - most} more" if len(days) > most else "")
