"""Read well locations, per-well heads and the daily weather named by the manifest."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from koki_climate.errors import RegionError
from koki_climate.region.manifest import WellsSpec

WELL_COLUMNS = ("well_id", "x", "y", "ground_elevation_m")
WEATHER_COLUMNS = ("date", "precipitation_mm")


def read_csv_checked(path: Path, required: tuple[str, ...], *, parse_date: bool = False) -> pd.DataFrame:
    """Read a CSV and check its columns, naming the file in every error."""
    if not path.exists():
        raise RegionError(path, "file not found")
    try:
        frame = pd.read_csv(path)
    except Exception as exc:
        raise RegionError(path, f"cannot be read as CSV ({str(exc).splitlines()[0][:200]})") from None
    missing = [col for col in required if col not in frame.columns]
    if missing:
        raise RegionError(path, f"missing column(s) {missing}; found {list(frame.columns)}")
    if parse_date:
        dates = pd.to_datetime(frame["date"], errors="coerce")
        if dates.isna().any():
            row = int(dates.isna().to_numpy().argmax())
            raise RegionError(path, f"unparseable date '{frame['date'].iloc[row]}' in row {row + 2}", "date")
        frame["date"] = dates
    return frame


def read_well_locations(spec: WellsSpec) -> pd.DataFrame:
    frame = read_csv_checked(spec.locations, WELL_COLUMNS)
    frame["well_id"] = frame["well_id"].astype(str)
    for col in ("x", "y", "ground_elevation_m"):
        if not pd.api.types.is_numeric_dtype(frame[col]):
            raise RegionError(spec.locations, "column has non-numeric values", col)
    return frame


def read_heads(spec: WellsSpec, well_id: str) -> pd.DataFrame:
    """The observed heads of one well: columns date, head_m (m a.s.l.)."""
    return read_csv_checked(spec.heads_dir / f"{well_id}.csv", ("date", "head_m"), parse_date=True)


def read_weather(spec: WellsSpec) -> pd.DataFrame:
    """Daily weather: date, precipitation_mm and pet_mm and/or temperature_c."""
    frame = read_csv_checked(spec.weather, WEATHER_COLUMNS, parse_date=True)
    if "pet_mm" not in frame.columns and "temperature_c" not in frame.columns:
        raise RegionError(spec.weather, "needs a 'pet_mm' or a 'temperature_c' column")
    return frame
