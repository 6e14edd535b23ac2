"""Read well locations, per-well heads and the daily weather named by the manifest.

Every file goes through :func:`~koki_climate.region.paths.region_file` first: inside the
region folder (a well id such as ``../../x`` cannot leave it), an ordinary file, within the
size limit for tables.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from koki_climate.errors import RegionError
from koki_climate.region.manifest import WellsSpec
from koki_climate.region.paths import region_file
from koki_climate.region.ranges import check_column

WELL_COLUMNS = ("well_id", "x", "y", "ground_elevation_m")
WEATHER_COLUMNS = ("date", "precipitation_mm")


def read_csv_checked(path: Path, required: tuple[str, ...], *, parse_date: bool = False) -> pd.DataFrame:
    """Read a CSV (already checked by ``region_file``) and check its columns, naming the file in every error."""
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
    region_file(spec.locations, manifest=spec.manifest, key=spec.locations_key, kind="table")
    frame = read_csv_checked(spec.locations, WELL_COLUMNS)
    frame["well_id"] = frame["well_id"].astype(str)
    for col in ("x", "y", "ground_elevation_m"):
        if not pd.api.types.is_numeric_dtype(frame[col]):
            raise RegionError(spec.locations, "column has non-numeric values", col)
    check_column(frame["ground_elevation_m"], "ground_elevation_m", spec.locations, "ground_elevation_m")
    return frame


def read_heads(spec: WellsSpec, well_id: str) -> pd.DataFrame:
    """The observed heads of one well: columns date, head_m (m a.s.l.)."""
    path = spec.heads_file(well_id)
    frame = read_csv_checked(path, ("date", "head_m"), parse_date=True)
    check_column(frame["head_m"], "head_m", path, "head_m")
    return frame


def read_weather(spec: WellsSpec) -> pd.DataFrame:
    """Daily weather: date, precipitation_mm and pet_mm and/or temperature_c."""
    region_file(spec.weather, manifest=spec.manifest, key=spec.weather_key, kind="table")
    frame = read_csv_checked(spec.weather, WEATHER_COLUMNS, parse_date=True)
    if "pet_mm" not in frame.columns and "temperature_c" not in frame.columns:
        raise RegionError(spec.weather, "needs a 'pet_mm' or a 'temperature_c' column")
    return frame
