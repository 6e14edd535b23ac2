"""Physically plausible values per role, and the one-pass check of a region's layers against them.

A value outside its range is almost always a nodata value that was not declared as such
(-9999, 65535) or wrong units (centimetres read as metres, percent read as a fraction);
either would silently move flood zones. Ranges apply after unit conversion, to the role's
units. NaN means "missing" and is never out of range.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import dask
import numpy as np
import pandas as pd
import xarray as xr

from koki_climate.errors import RegionError
from koki_climate.region.manifest import SPREAD_ROLES, SPREAD_SUFFIXES


@dataclass(frozen=True)
class ValidRange:
    """``low`` .. ``high`` in ``units``; ``classes``: the only values allowed (classes, flags)."""

    low: float
    high: float
    units: str
    why: str
    classes: tuple[int, ...] | None = None

    def span(self, low: float, high: float) -> str:
        """``low .. high`` with the units (none for shares and flags, whose unit is "1")."""
        return f"{low:g} .. {high:g}" + ("" if self.units == "1" else f" {self.units}")

    def describe(self) -> str:
        if self.classes is not None:
            return f"{', '.join(map(str, self.classes))} ({self.why})"
        return f"{self.span(self.low, self.high)} ({self.why})"


#: land-use classes of the region format (docs/region-format.md)
LANDUSE_CLASSES: dict[int, str] = {1: "settlement", 2: "industry", 3: "agriculture", 4: "grassland",
                                   5: "forest", 6: "water", 7: "planned_development"}

_ELEVATION = ValidRange(-450.0, 9000.0, "m", "Dead Sea shore about -430 m, Mount Everest 8,849 m")
_DAY_RAIN = ValidRange(0.0, 2000.0, "mm", "1-day rain; the world record is about 1,825 mm, "
                                         "La Réunion 1966")
_SEASON_RAIN = ValidRange(0.0, 15_000.0, "mm", "the wettest places average about 12,000 mm a year, "
                                              "a season holds less")
_FLAG = ValidRange(0.0, 1.0, "1", "1 = yes, 0 = no", classes=(0, 1))

#: role (raster, climate, flood-event coordinate, well column) -> plausible values in the role's units
VALID_RANGES: dict[str, ValidRange] = {
    # region grid
    "elevation": _ELEVATION,
    "landuse": ValidRange(1.0, 7.0, "1", ", ".join(LANDUSE_CLASSES.values()), classes=tuple(LANDUSE_CLASSES)),
    "impervious": ValidRange(0.0, 1.0, "1", "the sealed share of a cell"),
    "river": _FLAG,
    "groundwater_depth": ValidRange(-5.0, 1000.0, "m", "below ground, positive down; down to -5 m for "
                                                      "artesian or flooded cells; desert water tables lie a "
                                                      "few hundred metres deep"),
    "flood_events": _FLAG,
    "event_precip_mm": _DAY_RAIN,
    # climate indices
    "precip_annual": ValidRange(0.0, 15_000.0, "mm", "the wettest places average about 12,000 mm a year "
                                                    "(Mawsynram, India)"),
    "precip_summer": _SEASON_RAIN,
    "precip_winter": _SEASON_RAIN,
    "temperature": ValidRange(-90.0, 60.0, "degC", "records: -89.2 °C Vostok, 56.7 °C Death Valley"),
    "heavy_rain_rp10": _DAY_RAIN,
    "heavy_rain_rp100": _DAY_RAIN,
    "heavy_rain_extreme": _DAY_RAIN,
    # wells
    "ground_elevation_m": _ELEVATION,
    "head_m": ValidRange(-450.0, 9000.0, "m", "a water level above sea level lies within the range "
                                              "of ground elevations"),
}
for _role in SPREAD_ROLES:  # an ensemble percentile has its variable's range
    for _suffix in SPREAD_SUFFIXES:
        VALID_RANGES[f"{_role}{_suffix}"] = VALID_RANGES[_role]

_HINT = "check the nodata value and the units"


@dataclass(frozen=True)
class ValueCheck:
    """One array to check: ``role`` (a key of :data:`VALID_RANGES`), its values and where they came from.

    ``require_values``: refuse the array when every value is missing (NaN).
    """

    role: str
    values: xr.DataArray
    path: Path
    variable: str
    require_values: bool = True


#: grids read at once are checked in blocks of this many cells per side: the comparisons' temporaries
#: (masks, a float copy for the example value) then cover a few blocks, not the whole grid
CHECK_BLOCK = 2048


def _in_blocks(values: xr.DataArray) -> xr.DataArray:
    """``values`` as dask blocks over y/x (no copy), so every reduction runs block by block."""
    if values.chunks is not None or not {"y", "x"} <= set(values.dims) or values.size <= CHECK_BLOCK ** 2:
        return values
    return values.chunk({dim: CHECK_BLOCK if dim in ("y", "x") else 1 for dim in values.dims})


def check_values(checks: Sequence[ValueCheck]) -> None:
    """Refuse arrays that are all NaN or hold values outside their role's plausible range.

    Cost: all reductions (min, max, count of valid values and, for classes and flags,
    the count and an example of values that are not allowed) go to one ``dask.compute``,
    which reads every chunk of every array once and shares each chunk between the
    reductions; memory stays at a few chunks. NumPy-backed arrays are already in memory:
    they are viewed as blocks too (a 100 M-cell grid would otherwise need whole-grid masks
    and a float64 copy of its flood extents), no file is read again.
    """
    lazy: list[xr.DataArray] = []
    for check in checks:
        values = _in_blocks(check.values)
        lazy += [values.min(skipna=True), values.max(skipna=True), values.count()]
        classes = VALID_RANGES[check.role].classes
        if classes is not None:
            bad = values.notnull() & ~values.isin(list(classes))
            lazy += [bad.sum(), values.where(bad).max(skipna=True)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices
        computed = iter(float(result) for result in dask.compute(*lazy))
    for check in checks:
        low, high, count = next(computed), next(computed), next(computed)
        valid = VALID_RANGES[check.role]
        bad_count, example = (next(computed), next(computed)) if valid.classes is not None else (0.0, np.nan)
        if count == 0:
            if check.require_values:
                raise RegionError(check.path, "all values are NaN (missing); check the nodata value", check.variable)
            continue
        if valid.classes is not None and bad_count > 0:
            raise RegionError(check.path, f"{bad_count:.0f} value(s) are not {check.role} values (e.g. {example:g}); "
                                          f"allowed: {valid.describe()}; {_HINT}", check.variable)
        if low < valid.low or high > valid.high:
            raise RegionError(check.path, f"values outside the plausible range for {check.role}: found "
                                          f"{valid.span(low, high)}, allowed {valid.describe()}; {_HINT}",
                              check.variable)


def check_column(values: pd.Series, role: str, path: Path, column: str) -> None:
    """Refuse a table column with a value outside the role's range, naming the first such row.

    Text that is not a number is left to the caller's parser (it names it better); NaN
    (an empty cell) is missing, not out of range.
    """
    valid = VALID_RANGES[role]
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    outside = ~np.isnan(numbers) & ((numbers < valid.low) | (numbers > valid.high))
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise RegionError(path, f"value {numbers[row]:g} in data row {row + 1} is outside the plausible range for "
                                f"{role}, allowed {valid.describe()}; {_HINT}", column)


__all__ = ["LANDUSE_CLASSES", "VALID_RANGES", "ValidRange", "ValueCheck", "check_values", "check_column"]
