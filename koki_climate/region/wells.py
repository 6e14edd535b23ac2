"""Read well locations, per-well heads and the daily weather named by the manifest.

Every file goes through :func:`~koki_climate.region.paths.region_file` first: inside the
region folder (a well id such as ``../../x`` cannot leave it), an ordinary file, within the
size limit for tables. The reading itself is the one table reader,
:mod:`koki_climate.io.tables` (its problems come back as :class:`RegionError` naming the
file), so a region may hold the wells' files as a state portal exported them.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from koki_climate.errors import RegionError
from koki_climate.io import tables  # a module, not names: koki_climate.io.tables imports koki_climate.region
from koki_climate.region.manifest import WellsSpec
from koki_climate.region.paths import region_file
from koki_climate.region.ranges import check_column

WELL_COLUMNS = ("well_id", "x", "y", "ground_elevation_m")


@contextmanager
def _named(path: Path) -> Iterator[None]:
    """A table reader's problem as a :class:`RegionError` naming the file (and the column) once."""
    try:
        yield
    except tables.TableError as exc:
        raise RegionError(path, exc.problem, exc.column) from None


def read_well_locations(spec: WellsSpec) -> pd.DataFrame:
    """Columns well_id (text), x, y (region CRS), ground_elevation_m (m a.s.l.)."""
    region_file(spec.locations, manifest=spec.manifest, key=spec.locations_key, kind="table")
    with _named(spec.locations):
        frame = tables.read_wells(spec.locations)
    if frame["ground_elevation_m"].isna().all():
        raise RegionError(spec.locations, "no ground elevations: the column (ground_elevation_m, Geländehöhe) is "
                                          "missing or empty; the region format needs it", "ground_elevation_m")
    check_column(frame["ground_elevation_m"], "ground_elevation_m", spec.locations, "ground_elevation_m")
    return frame


def read_heads(spec: WellsSpec, well_id: str) -> pd.DataFrame:
    """The observed heads of one well: columns date, head_m (m a.s.l.), one row per reading.

    A file of depths below ground becomes heads with the ground elevation of its metadata,
    else the well's ``ground_elevation_m`` in the wells table.
    """
    path = spec.heads_file(well_id)
    with _named(path):
        table = tables.read_table(path, kind="heads")
        ground = None
        if "head_m" not in table.data.columns and table.meta_number("ground_elevation_m") is None:
            ground = _ground_elevation(spec, well_id)
        frame = tables.heads_frame(table, ground_elevation_m=ground).reset_index(drop=True)
    check_column(frame["head_m"], "head_m", path, "head_m")
    return frame


def _ground_elevation(spec: WellsSpec, well_id: str) -> float | None:
    wells = read_well_locations(spec)
    match = wells.loc[wells["well_id"] == str(well_id), "ground_elevation_m"]
    return float(match.iloc[0]) if len(match) else None


def read_weather(spec: WellsSpec) -> pd.DataFrame:
    """Daily weather as read: date, precipitation_mm and pet_mm and/or temperature_c, one row per line.

    Completeness (every day, no empty value) is checked where the weather is used
    (:func:`koki_climate.io.tables.daily_weather`).
    """
    region_file(spec.weather, manifest=spec.manifest, key=spec.weather_key, kind="table")
    with _named(spec.weather):
        table = tables.read_table(spec.weather, kind="weather")
    if "pet_mm" not in table.columns and "temperature_c" not in table.columns:
        raise RegionError(spec.weather, "needs a 'pet_mm' or a 'temperature_c' column")
    columns = [c for c in ("date", "precipitation_mm", "pet_mm", "temperature_c") if c in table.columns]
    return table.data[columns].reset_index(drop=True)
