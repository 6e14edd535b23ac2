"""Read and validate well heads and daily weather tables.

Everything a user hands us goes through here, so that a bad table ends in one plain
:class:`~koki_climate.errors.InputError` naming the file (or table) and the problem
instead of a traceback deep inside statsmodels.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from koki_climate.errors import InputError
from koki_climate.region.paths import input_file

HEAD_COLUMNS = ("date", "head_m")
WEATHER_COLUMNS = ("precipitation_mm", "pet_mm", "temperature_c")


def read_heads_csv(path: str | Path) -> pd.Series:
    """Read ``date,head_m`` (any sampling, gaps allowed) into a daily-mean head series."""
    return validate_heads(_read_csv(path), name=str(path))


def read_climate_csv(path: str | Path) -> pd.DataFrame:
    """Read daily ``date,precipitation_mm`` plus ``pet_mm`` and/or ``temperature_c``."""
    return validate_weather(_read_csv(path), name=str(path))


def validate_heads(table: pd.DataFrame | pd.Series, name: str = "heads") -> pd.Series:
    """Check a heads table and return a sorted daily series (m), named ``head_m``.

    Rows without a value are gaps and are dropped. Several readings on one day
    (duplicate dates, or sub-daily logger data) are averaged to one daily value,
    because every model here works on days.
    """
    if isinstance(table, pd.Series):
        table = pd.DataFrame({"date": table.index, "head_m": table.to_numpy()})
    table = _normalise_columns(table, name)
    _require_columns(table, HEAD_COLUMNS, name)
    dates = _parse_dates(table["date"], name)
    values = _parse_numbers(table["head_m"], "head_m", name, allow_missing=True)
    series = pd.Series(values.to_numpy(), index=dates.dt.normalize().to_numpy(), name="head_m")
    series = series.dropna()
    if series.empty:
        raise InputError(f"{name}: column 'head_m' has no values")
    series = series.groupby(level=0).mean().sort_index()
    series.index = pd.DatetimeIndex(series.index, name="date").as_unit("ns")
    return series


def validate_weather(table: pd.DataFrame, name: str = "weather") -> pd.DataFrame:
    """Check a daily weather table; return it indexed by date with float columns.

    Weather drives the simulation day by day, so it must be complete: a missing day
    or an empty value is an error (we do not invent rain). Exact duplicate rows are
    dropped; the same date with different values is an error.
    """
    table = _normalise_columns(table, name)
    _require_columns(table, ("date", "precipitation_mm"), name)
    if "pet_mm" not in table.columns and "temperature_c" not in table.columns:
        raise InputError(
            f"{name}: needs a column 'pet_mm' or 'temperature_c' besides 'precipitation_mm' "
            f"(found: {', '.join(map(str, table.columns))})"
        )
    dates = _parse_dates(table["date"], name)
    out = pd.DataFrame(index=pd.DatetimeIndex(dates.dt.normalize().to_numpy(), name="date").as_unit("ns"))
    for column in WEATHER_COLUMNS:
        if column in table.columns:
            out[column] = _parse_numbers(table[column], column, name, allow_missing=False).to_numpy()
    out = out.reset_index().drop_duplicates().set_index("date")
    duplicated = out.index[out.index.duplicated()]
    if len(duplicated):
        first = ", ".join(d.strftime("%Y-%m-%d") for d in duplicated.unique()[:3])
        raise InputError(f"{name}: {len(duplicated.unique())} date(s) appear twice with different values, e.g. {first}")
    out = out.sort_index()
    if len(out) < 2:
        raise InputError(f"{name}: needs daily values, found {len(out)} row(s)")
    full = pd.date_range(out.index[0], out.index[-1], freq="D")
    if len(full) != len(out):
        missing = full.difference(out.index)
        raise InputError(
            f"{name}: weather must be daily without gaps; {len(missing)} day(s) missing, "
            f"first {missing[0]:%Y-%m-%d}"
        )
    if (out["precipitation_mm"] < 0).any() or ("pet_mm" in out and (out["pet_mm"] < 0).any()):
        raise InputError(f"{name}: precipitation_mm and pet_mm must not be negative")
    out.index = pd.DatetimeIndex(out.index, name="date", freq="D")
    return out


def _read_csv(path: str | Path) -> pd.DataFrame:
    """Read a table as text columns; the file must be ordinary and within the size limit.

    ``input_file`` refuses devices and FIFOs (``--heads /dev/zero`` would read forever) and
    files over the limit for tables (``KOKI_MAX_FILE_MB``), naming the file.
    """
    path = input_file(path, "table")
    try:
        with path.open("r", encoding="utf-8-sig") as handle:
            header = handle.readline()
        # German spreadsheets export "date;head_m" with decimal commas.
        if ";" in header and "," not in header:
            table = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig")
            for column in table.columns:
                if str(column).strip().lower() != "date":
                    table[column] = table[column].str.replace(",", ".", regex=False)
            return table
        return pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable CSV table ({exc})") from None


def _normalise_columns(table: pd.DataFrame, name: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise InputError(f"{name}: expected a table, got {type(table).__name__}")
    table = table.copy()
    if "date" not in table.columns and isinstance(table.index, pd.DatetimeIndex):
        table = table.reset_index(names="date")
    table.columns = [str(c).strip().lower() for c in table.columns]
    return table


def _require_columns(table: pd.DataFrame, required: tuple[str, ...], name: str) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        found = ", ".join(map(str, table.columns)) or "none"
        raise InputError(f"{name}: missing column(s) {', '.join(missing)} (found: {found})")
    if table.empty:
        raise InputError(f"{name}: the table has no rows")


def _parse_dates(column: pd.Series, name: str) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(column):
        parsed = pd.Series(pd.to_datetime(column), index=column.index)
    else:
        text = column.astype("string").str.strip()
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
        german = pd.to_datetime(text, errors="coerce", format="%d.%m.%Y")
        parsed = parsed.fillna(german)
    bad = parsed.isna()
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"{name}: column 'date' has {int(bad.sum())} value(s) that are not dates "
            f"(first in data row {row + 1}: {column.iloc[row]!r}; use YYYY-MM-DD)"
        )
    if parsed.dt.tz is not None:
        parsed = parsed.dt.tz_convert(None)
    return parsed.astype("datetime64[ns]")


def _parse_numbers(column: pd.Series, label: str, name: str, *, allow_missing: bool) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column):
        numbers = column.astype(float)
        empty = numbers.isna()
    else:
        text = column.astype("string").str.strip()
        empty = text.isna() | (text == "")
        numbers = pd.to_numeric(text.where(~empty), errors="coerce").astype(float)
    bad = numbers.isna() & ~empty
    bad |= ~np.isfinite(numbers.fillna(0.0))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"{name}: column '{label}' has {int(bad.sum())} non-numeric value(s) "
            f"(first in data row {row + 1}: {column.iloc[row]!r})"
        )
    if not allow_missing and empty.any():
        row = int(np.flatnonzero(empty.to_numpy())[0])
        raise InputError(f"{name}: column '{label}' has {int(empty.sum())} empty value(s) (first in data row {row + 1})")
    return numbers
