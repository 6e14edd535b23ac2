"""Read and validate well heads and daily weather tables.

Everything a user hands us goes through here, so that a bad table ends in one plain
:class:`~koki_climate.errors.InputError` naming the file (or table) and the problem
instead of a traceback deep inside statsmodels. Files are read by the one table reader,
:mod:`koki_climate.io.tables` (German portal CSV as well as ``date,head_m``); the checks of
in-memory tables live there too, so a file and a DataFrame are judged by the same rules.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from koki_climate.io.tables import WEATHER_COLUMNS, daily_heads, daily_weather, read_heads, read_weather

HEAD_COLUMNS = ("date", "head_m")


def read_heads_csv(path: str | Path) -> pd.Series:
    """Read a heads file (``date,head_m`` or a portal's German CSV, any sampling, gaps allowed) into daily means.

    A file of depths below ground needs its ground elevation in a metadata line
    (``Geländehöhe [m NN];412,30``); see :func:`koki_climate.io.tables.read_heads`.
    """
    return read_heads(path)


def read_climate_csv(path: str | Path, notes: list[str] | None = None) -> pd.DataFrame:
    """Read daily ``date,precipitation_mm`` plus ``pet_mm`` and/or ``temperature_c`` (English or German names).

    Short gaps and dew (slightly negative evaporation) are repaired; ``notes`` gets a sentence for each.
    """
    return read_weather(path, notes=notes)


def validate_heads(table: pd.DataFrame | pd.Series, name: str = "heads") -> pd.Series:
    """Check a heads table and return a sorted daily series (m), named ``head_m``.

    Rows without a value are gaps and are dropped; several readings on one day are
    averaged (see :func:`koki_climate.io.tables.daily_heads`).
    """
    return daily_heads(table, name)


def validate_weather(table: pd.DataFrame, name: str = "weather") -> pd.DataFrame:
    """Check a daily weather table; return it indexed by date with float columns.

    Short gaps are filled and slightly negative evaporation set to 0, longer gaps and
    implausible values refused; see :func:`koki_climate.io.tables.daily_weather`.
    """
    return daily_weather(table, name)


__all__ = ["HEAD_COLUMNS", "WEATHER_COLUMNS", "read_climate_csv", "read_heads_csv", "validate_heads",
           "validate_weather"]
