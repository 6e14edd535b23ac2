"""Climate scenarios by delta change: heavy-rain return levels, change signals, observed baseline.

A town rarely holds climate-model output, but it can get three small things: a heavy-rain
table (KOSTRA-DWD-2020: depth per duration and return period, for its cell or per 5 km
cell), a table of change signals per pathway and horizon (DWD Klimaatlas, a state's
climate fact sheets), and the daily weather of a nearby station. This module turns them
into the climate Dataset of the region format (``docs/region-format.md``: dims
``scenario, y, x``, coordinates ``pathway``/``horizon``, the seven climate roles), so the
rest of the product reads a built region exactly like any other.

Reference (historical, 1991-2020) = the heavy-rain table and the observed weather; every
future scenario = reference x (1 + change_percent / 100), temperature + change_degC.
Downstream, only the scenario-to-reference ratios and differences of the precipitation
and temperature roles are used (``groundwater.projection.change_signals``); the heavy-rain
roles are used as areal means, absolute for the reference (``risk.design_events``).

Tables are read with pandas here (``,``/``;``/tab separated, decimal commas when ``;``);
:mod:`koki_climate.io.tables` is the general German-CSV reader these could share later.
"""
from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyproj
import rioxarray  # noqa: F401  (registers the .rio accessor)
import xarray as xr
from scipy.spatial import cKDTree

from koki_climate.areal_rain import areal_mean, areal_reduction_factor, region_weights
from koki_climate.errors import InputError
from koki_climate.groundwater.io import read_climate_csv, validate_weather
from koki_climate.groundwater.projection import FALLBACK_TEMPERATURE_C
from koki_climate.io.tables import decode_text
from koki_climate.region.build.report import BuildReport
from koki_climate.region.build.target import TargetGrid
from koki_climate.region.paths import input_file
from koki_climate.region.ranges import VALID_RANGES

#: cell size of the climate grid (m); coarse on purpose: the inputs are region-wide or 5 km cells
CLIMATE_RESOLUTION_M = 1000.0
#: the duration the product uses: 1-day rain (24 h = 1440 min)
ONE_DAY_MIN = 1440.0
#: return period (years) of the "extreme" event when no explicit depth is given
DEFAULT_EXTREME_RETURN_PERIOD = 1000.0
#: KOSTRA-DWD tables mark cells without data with this value
KOSTRA_MISSING = -99.9

REFERENCE: tuple[str, str] = ("historical", "1991-2020")
PATHWAYS: tuple[str, ...] = ("rcp26", "rcp45", "rcp85")
HORIZONS: tuple[str, ...] = ("2021-2050", "2071-2100")
#: the scenarios written, reference first (the order of the sample region)
SCENARIOS: tuple[tuple[str, str], ...] = (REFERENCE,) + tuple((p, h) for h in HORIZONS for p in PATHWAYS)
#: variables of the change table: percent for rain, degC for temperature
CHANGE_VARIABLES: tuple[str, ...] = ("heavy_rain", "precip_annual", "precip_summer", "precip_winter", "temperature")

#: role -> variable name in the written NetCDF: the manifest's [climate.variables]
CLIMATE_VARIABLES: dict[str, str] = {
    "precip_annual": "pr_annual",
    "precip_summer": "pr_summer",
    "precip_winter": "pr_winter",
    "temperature": "tas",
    "heavy_rain_rp10": "pr_1d_rp10",
    "heavy_rain_rp100": "pr_1d_rp100",
    "heavy_rain_extreme": "pr_1d_extreme",
}
_LONG_NAMES = {
    "precip_annual": "annual precipitation total",
    "precip_summer": "summer (JJA) precipitation total",
    "precip_winter": "winter (DJF) precipitation total",
    "temperature": "annual mean near-surface air temperature",
    "heavy_rain_rp10": "1-day precipitation with a 10-year return period",
    "heavy_rain_rp100": "1-day precipitation with a 100-year return period",
    "heavy_rain_extreme": "extreme 1-day precipitation",
}

# --- column names: normalised (lower case, umlauts spelled out, runs of other characters "_") ---
_DURATION_MIN = ("dauerstufe_min", "dauerstufe", "dauer_min", "dauer", "andauer_min", "andauer", "d_min",
                 "duration_min", "duration", "d")
_DURATION_H = ("dauerstufe_h", "dauerstufe_std", "dauer_h", "dauer_std", "d_h", "d_hour", "duration_h",
               "duration_hours")
_RETURN_PERIOD = ("wiederkehrzeit_a", "wiederkehrzeit", "wiederkehrintervall_a", "wiederkehrintervall",
                  "jaehrlichkeit_a", "jaehrlichkeit", "tn_a", "tn", "t_a", "t", "return_period_a",
                  "return_period_years", "return_period")
_DEPTH = ("niederschlag_mm", "niederschlag", "niederschlagshoehe_mm", "niederschlagshoehe", "hn_mm", "hn",
          "depth_mm", "depth", "precip_mm", "precipitation_mm", "rain_mm")
_X = ("x", "rechtswert", "easting", "east")
_Y = ("y", "hochwert", "northing", "north")
_WIDE_DEPTH = re.compile(r"^hn_?(\d+(?:_\d+)?)_?a$")  # KOSTRA's HN_010A, HN_100A
_PATHWAY = ("pathway", "szenario", "scenario", "emissionsszenario", "rcp", "pfad")
_HORIZON = ("horizon", "zeitraum", "horizont", "periode", "period")
_VARIABLE = ("variable", "groesse", "kenngroesse", "parameter", "indikator", "indicator")
_PERCENT = ("change_percent", "change_pct", "aenderung_percent", "aenderung_prozent", "aenderung_pct",
            "relative_change_percent", "delta_percent", "percent", "prozent")
_DEGC = ("change_degc", "change_deg_c", "change_c", "change_k", "aenderung_degc", "aenderung_c", "aenderung_k",
         "delta_t", "delta_t_k", "warming_k", "erwaermung_k")
_VARIABLE_ALIASES = {
    "heavy_rain": ("heavy_rain", "starkregen", "starkniederschlag", "pr_1d", "extreme_precipitation"),
    "precip_annual": ("precip_annual", "pr_annual", "precipitation_annual", "annual_precipitation",
                      "niederschlag_jahr", "jahresniederschlag"),
    "precip_summer": ("precip_summer", "pr_summer", "precip_jja", "summer_precipitation", "niederschlag_sommer",
                      "sommerniederschlag"),
    "precip_winter": ("precip_winter", "pr_winter", "precip_djf", "winter_precipitation", "niederschlag_winter",
                      "winterniederschlag"),
    "temperature": ("temperature", "tas", "temperatur", "lufttemperatur", "mean_temperature"),
}
#: CMIP6 pathways taken as the CMIP5 pathway reaching the same forcing in 2100 (W/m²)
_SSP_TO_RCP = {"ssp126": "rcp26", "ssp245": "rcp45", "ssp585": "rcp85"}
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-"})
_SPELLED = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "%": "_percent", "°": "deg"})


def normal_name(text: object) -> str:
    """A column name or value as compared here: ``"Niederschlagshöhe [mm]"`` -> ``"niederschlagshoehe_mm"``."""
    text = str(text).strip().lower().translate(_DASHES).translate(_SPELLED)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


# ============================================================================ tables
@dataclass(frozen=True)
class TextTable:
    """A table as text, column names normalised; ``german``: ``;``-separated, so decimal commas."""

    frame: pd.DataFrame
    name: str
    german: bool
    original: dict[str, str] = field(default_factory=dict)  # normalised -> as written

    def column(self, aliases: tuple[str, ...], what: str, *, required: bool = True) -> str | None:
        """The first column matching ``aliases``; refuses a missing required one, naming the aliases."""
        for alias in aliases:
            if alias in self.frame.columns:
                return alias
        if required:
            found = ", ".join(self.original.get(c, c) for c in self.frame.columns) or "none"
            raise InputError(f"{self.name}: no column for {what} (accepted names: {', '.join(aliases[:6])}, …; "
                             f"found: {found})")
        return None

    def numbers(self, column: str, *, missing: bool = False) -> np.ndarray:
        """Column ``column`` as floats; empty cells are NaN when ``missing``, else refused."""
        values = self.frame[column]
        shown = self.original.get(column, column)
        if pd.api.types.is_numeric_dtype(values):
            numbers = values.to_numpy(dtype=float)
            empty = np.isnan(numbers)
        else:
            text = values.astype("string").str.strip().fillna("")
            if self.german:  # 1.234,5 -> 1234.5; a value without a comma keeps its point (45.3)
                comma = text.str.contains(",", regex=False)
                text = text.where(~comma, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
            empty = (text == "").to_numpy()
            numbers = pd.to_numeric(text.where(text != ""), errors="coerce").to_numpy(dtype=float)
            bad = np.isnan(numbers) & ~empty
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                raise InputError(f"{self.name}: column '{shown}' has {int(bad.sum())} value(s) that are not numbers "
                                 f"(first in data row {row + 1}: {values.iloc[row]!r})")
        if not missing and empty.any():
            row = int(np.flatnonzero(empty)[0])
            raise InputError(f"{self.name}: column '{shown}' has {int(empty.sum())} empty value(s) "
                             f"(first in data row {row + 1})")
        if not np.isfinite(numbers[~empty]).all():
            raise InputError(f"{self.name}: column '{shown}' has infinite values")
        return numbers

    def texts(self, column: str) -> pd.Series:
        return self.frame[column].astype("string").str.strip().fillna("")


def read_table(source: str | Path | pd.DataFrame, name: str | None = None) -> TextTable:
    """A small CSV table (or a DataFrame) with normalised column names.

    Separators ``,``, ``;`` or tab, guessed from the header; ``;`` means a German export
    with decimal commas. Text decoded as every table is (:func:`koki_climate.io.tables.decode_text`:
    UTF-8, UTF-16 with BOM, Windows-1252, Latin-1). Checked first with :func:`~koki_climate.region.paths.input_file`.
    """
    if isinstance(source, pd.DataFrame):
        frame, label, german = source.copy(), name or "table", False
    else:
        path = input_file(source, "table")
        label = name or str(source)
        text = decode_text(path, [])
        header = next((line for line in text.splitlines() if line.strip()), "")
        if not header:
            raise InputError(f"{label}: the file is empty")
        sep = ";" if ";" in header else "\t" if "\t" in header else ","
        german = sep == ";"
        try:
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                                skipinitialspace=True, skip_blank_lines=True)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(f"{label}: not a readable CSV table ({str(exc).strip()[:200]})") from None
    original = {normal_name(c): str(c).strip() for c in frame.columns}
    frame.columns = [normal_name(c) for c in frame.columns]
    if frame.columns.duplicated().any():
        twice = sorted({original[c] for c in frame.columns[frame.columns.duplicated()]})
        raise InputError(f"{label}: column(s) {twice} appear twice (after ignoring case, spaces and units)")
    if frame.empty:
        raise InputError(f"{label}: the table has no rows")
    return TextTable(frame.reset_index(drop=True), label, german, original)


# ============================================================================ heavy rain
@dataclass(frozen=True, eq=False)
class HeavyRainTable:
    """Design rain depths by duration and return period, for the region or per location.

    ``curves[duration_min] = (return_periods, depths)``: return periods ascending (years),
    depths (mm) of shape ``(n_return_periods, n_locations)``. ``x``/``y`` (region CRS) give
    the locations of a per-cell table; ``None`` means one value for the whole region.
    The extreme event is ``extreme_mm`` when given, else the depth at
    ``extreme_return_period`` (extrapolated in ln T beyond the table).
    """

    source: str
    curves: dict[float, tuple[np.ndarray, np.ndarray]]
    x: np.ndarray | None = None
    y: np.ndarray | None = None
    extreme_return_period: float = DEFAULT_EXTREME_RETURN_PERIOD
    extreme_mm: float | None = None

    @property
    def per_cell(self) -> bool:
        return self.x is not None

    @property
    def durations_min(self) -> tuple[float, ...]:
        return tuple(sorted(self.curves))

    def curve(self, duration_min: float = ONE_DAY_MIN) -> tuple[np.ndarray, np.ndarray]:
        """(return periods, depths) of one duration; refuses a duration the table lacks (no interpolation in D)."""
        for duration, curve in self.curves.items():
            if math.isclose(duration, duration_min):
                return curve
        have = ", ".join(f"{d:g}" for d in self.durations_min)
        raise InputError(f"{self.source}: no rows for the duration {duration_min:g} min (24 h = 1440 min); "
                         f"the table has durations {have} min")

    def describe_extreme(self) -> str:
        if self.extreme_mm is not None:
            return f"the given depth {self.extreme_mm:g} mm"
        return f"the {self.extreme_return_period:g}-year depth"


def _check_extreme(source: str, extreme_return_period: float, extreme_mm: float | None) -> None:
    if not (math.isfinite(extreme_return_period) and extreme_return_period > 100):
        raise InputError(f"{source}: extreme_return_period must be a number of years above 100 "
                         f"(the extreme lies beyond the 100-year event), got {extreme_return_period!r}")
    if extreme_mm is not None:
        valid = VALID_RANGES["heavy_rain_extreme"]
        if not (math.isfinite(extreme_mm) and valid.low < extreme_mm <= valid.high):
            raise InputError(f"{source}: extreme_mm must be a 1-day depth in mm within "
                             f"{valid.describe()}, got {extreme_mm!r}")


def _parse_durations(table: TextTable, column: str, unit_minutes: float) -> np.ndarray:
    """Durations in minutes: numbers in the column's unit, or text like ``24 h``, ``90 min``, ``1 d``."""
    text = table.texts(column) if not pd.api.types.is_numeric_dtype(table.frame[column]) else None
    if text is None:
        return table.numbers(column) * unit_minutes
    units = {"": unit_minutes, "min": 1.0, "m": 1.0, "h": 60.0, "std": 60.0, "stunden": 60.0, "hours": 60.0,
             "d": 1440.0, "tag": 1440.0, "tage": 1440.0, "day": 1440.0, "days": 1440.0}
    out = np.empty(len(text))
    for row, value in enumerate(text):
        match = re.fullmatch(r"([0-9]+(?:[.,][0-9]+)?)\s*([a-zA-Z]*)", value)
        unit = match.group(2).lower() if match else None
        if match is None or unit not in units:
            raise InputError(f"{table.name}: column '{table.original.get(column, column)}' has a duration that is "
                             f"not understood in data row {row + 1}: {value!r} (use minutes, e.g. 1440)")
        out[row] = float(match.group(1).replace(",", ".")) * units[unit]
    return out


def _long_form(table: TextTable) -> pd.DataFrame:
    """``duration_min, return_period, depth_mm`` (+ ``x, y``) from a long or a KOSTRA-wide table."""
    minutes = table.column(_DURATION_MIN, "the duration", required=False)
    hours = None if minutes else table.column(_DURATION_H, "the duration", required=False)
    if minutes is None and hours is None:
        raise InputError(f"{table.name}: no duration column (e.g. dauerstufe_min with 1440 for 24 h; accepted: "
                         f"{', '.join(_DURATION_MIN[:4])}, {', '.join(_DURATION_H[:3])}, …); the table must say "
                         "which duration its depths belong to")
    duration = _parse_durations(table, minutes or hours, 1.0 if minutes else 60.0)
    frame = pd.DataFrame({"duration_min": duration})
    x_col, y_col = table.column(_X, "x", required=False), table.column(_Y, "y", required=False)
    if (x_col is None) != (y_col is None):
        raise InputError(f"{table.name}: a per-cell table needs both x and y columns (found only "
                         f"'{table.original.get(x_col or y_col, x_col or y_col)}')")
    if x_col is not None:
        frame["x"], frame["y"] = table.numbers(x_col), table.numbers(y_col)
    wide = {column: float(m.group(1).replace("_", ".")) for column in table.frame.columns
            if (m := _WIDE_DEPTH.match(column))}
    if wide:  # KOSTRA layout: one row per duration (and cell), one HN_xxxA column per return period
        parts = [frame.assign(return_period=period, depth_mm=table.numbers(column, missing=True))
                 for column, period in wide.items()]
        return pd.concat(parts, ignore_index=True)
    period_col = table.column(_RETURN_PERIOD, "the return period (years)")
    depth_col = table.column(_DEPTH, "the rain depth (mm)")
    text = table.frame[period_col]
    if not pd.api.types.is_numeric_dtype(text):  # "100 a", "100 Jahre", "T100"
        stripped = table.texts(period_col).str.replace(r"^(?:tn?|hq)\s*=?\s*|\s*(?:a|jahre?|years?)$", "",
                                                          regex=True, case=False)
        table = TextTable(table.frame.assign(**{period_col: stripped}), table.name, table.german, table.original)
    frame["return_period"] = table.numbers(period_col)
    frame["depth_mm"] = table.numbers(depth_col, missing=True)
    return frame


def read_heavy_rain_table(source: str | Path | pd.DataFrame, target: TargetGrid, report: BuildReport, *,
                          crs: str | pyproj.CRS | None = None,
                          extreme_return_period: float = DEFAULT_EXTREME_RETURN_PERIOD,
                          extreme_mm: float | None = None, name: str | None = None) -> HeavyRainTable:
    """Read a KOSTRA-like table: depth by duration and return period, region-wide or per cell.

    Long form ``dauerstufe_min, wiederkehrzeit_a, niederschlag_mm`` (aliases in
    ``docs/region-build.md``) or KOSTRA's wide form (``D_min`` plus ``HN_001A`` …
    ``HN_100A``); with ``x, y`` columns one curve per location, in the region CRS unless
    ``crs`` names theirs. Empty depths and KOSTRA's ``-99,9`` are dropped (reported).
    """
    table = read_table(source, name)
    _check_extreme(table.name, extreme_return_period, extreme_mm)
    long = _long_form(table)
    missing = ~np.isfinite(long["depth_mm"].to_numpy()) | np.isclose(long["depth_mm"].to_numpy(), KOSTRA_MISSING)
    if missing.any():
        report.add("dropped", f"{int(missing.sum())} row value(s) without a depth (empty or KOSTRA's -99.9) "
                              "were ignored", table.name)
        long = long[~missing]
    if long.empty:
        raise InputError(f"{table.name}: no rain depths in the table")
    return _heavy_rain(long, table.name, target, report, crs=crs, extreme_return_period=extreme_return_period,
                       extreme_mm=extreme_mm)


def heavy_rain_from_values(values: Mapping[str, object] | float, report: BuildReport, *,
                           source: str = "build spec [climate.heavy_rain]") -> HeavyRainTable:
    """Region-wide 1-day depths written in the spec: ``{rp10 = 52.0, rp100 = 78.0}``, mm.

    Keys ``rp<T>`` give the depth of return period T (at least two); optional ``extreme``
    (mm) or ``extreme_return_period`` (years, default 1000). A single number is refused:
    it does not say which return period it is.
    """
    if not isinstance(values, Mapping):
        raise InputError(f"{source}: a single depth ({values!r}) does not say its return period; give 1-day "
                         "depths per return period, e.g. {rp10 = 52.0, rp100 = 78.0} (mm), or a table file")
    periods, depths = [], []
    extreme_return_period, extreme_mm = DEFAULT_EXTREME_RETURN_PERIOD, None
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"{source}: '{key}' must be a number, got {value!r}")
        norm = normal_name(key)
        if norm in ("extreme", "extreme_mm", "extrem", "extrem_mm"):
            extreme_mm = float(value)
        elif norm in ("extreme_return_period", "extreme_return_period_a"):
            extreme_return_period = float(value)
        elif match := re.fullmatch(r"(?:rp|t|hn)_?(\d+(?:_\d+)?)", norm):
            periods.append(float(match.group(1).replace("_", ".")))
            depths.append(float(value))
        else:
            raise InputError(f"{source}: unknown key '{key}' (expected rp<years> such as rp10 or rp100, "
                             "extreme, extreme_return_period)")
    _check_extreme(source, extreme_return_period, extreme_mm)
    long = pd.DataFrame({"duration_min": ONE_DAY_MIN, "return_period": periods, "depth_mm": depths})
    return _heavy_rain(long, source, None, report, crs=None, extreme_return_period=extreme_return_period,
                       extreme_mm=extreme_mm)


def _heavy_rain(long: pd.DataFrame, source: str, target: TargetGrid | None, report: BuildReport, *,
                crs: str | pyproj.CRS | None, extreme_return_period: float,
                extreme_mm: float | None) -> HeavyRainTable:
    """Check the long table and arrange one curve per duration (the one mechanism for tables and spec values)."""
    if (long["return_period"] <= 0).any():
        bad = long.loc[long["return_period"] <= 0, "return_period"].iloc[0]
        raise InputError(f"{source}: return periods must be positive numbers of years, found {bad:g}")
    if (long["duration_min"] <= 0).any():
        raise InputError(f"{source}: durations must be positive, found {long['duration_min'].min():g} min")
    valid = VALID_RANGES["heavy_rain_rp100"]
    outside = (long["depth_mm"] < valid.low) | (long["depth_mm"] > valid.high)
    if outside.any():
        row = long[outside].iloc[0]
        raise InputError(f"{source}: depth {row['depth_mm']:g} mm (duration {row['duration_min']:g} min, "
                         f"T = {row['return_period']:g} a) is outside {valid.describe()}")
    x = y = None
    if "x" in long.columns:
        xy = long[["x", "y"]].to_numpy(dtype=float)
        if crs is not None and target is not None and not pyproj.CRS.from_user_input(crs).equals(target.crs):
            transformer = pyproj.Transformer.from_crs(crs, target.crs, always_xy=True)
            xy = np.column_stack(transformer.transform(xy[:, 0], xy[:, 1]))
            report.add("reprojected", f"cell coordinates x, y from {pyproj.CRS.from_user_input(crs).name} "
                                      f"to the region CRS {target.crs.name}", source)
        codes, uniques = pd.factorize(pd.MultiIndex.from_arrays([np.round(xy[:, 0], 3), np.round(xy[:, 1], 3)]))
        long = long.assign(location=codes)
        x = np.array([u[0] for u in uniques], dtype=float)
        y = np.array([u[1] for u in uniques], dtype=float)
    else:
        long = long.assign(location=0)
    n_locations = 1 if x is None else x.size
    curves: dict[float, tuple[np.ndarray, np.ndarray]] = {}
    for duration, rows in long.groupby("duration_min", sort=True):
        curves[float(duration)] = _curve(rows, float(duration), n_locations, x, y, source)
    what = (f"{n_locations} location(s)" if x is not None else "one value for the region")
    report.add("read", f"heavy-rain depths for {len(curves)} duration(s), return periods "
                       f"{', '.join(f'{t:g}' for t in next(iter(curves.values()))[0])} a, {what}", source)
    return HeavyRainTable(source, curves, x, y, extreme_return_period, extreme_mm)


def _curve(rows: pd.DataFrame, duration: float, n_locations: int, x: np.ndarray | None, y: np.ndarray | None,
           source: str) -> tuple[np.ndarray, np.ndarray]:
    """One duration's depths as (return periods, depths[T, location]); complete and non-decreasing in T."""
    def where(location: int) -> str:
        return "" if x is None else f" at x = {x[location]:.0f}, y = {y[location]:.0f}"

    rows = rows.drop_duplicates(["location", "return_period", "depth_mm"])
    twice = rows.duplicated(["location", "return_period"], keep=False)
    if twice.any():
        first = rows[twice].iloc[0]
        hint = "" if x is not None else ("; a table with one curve per cell needs x, y columns (with crs "
                                         "when they are not in the region CRS)")
        raise InputError(f"{source}: duration {duration:g} min, T = {first['return_period']:g} a has several "
                         f"different depths{where(int(first['location']))}{hint}")
    pivot = rows.pivot(index="return_period", columns="location", values="depth_mm")
    pivot = pivot.reindex(columns=range(n_locations)).sort_index()
    if pivot.isna().any().any():
        t_index, location = np.argwhere(pivot.isna().to_numpy())[0]
        raise InputError(f"{source}: duration {duration:g} min has no depth for T = {pivot.index[t_index]:g} a"
                         f"{where(int(location))}; every location needs the same return periods")
    periods, depths = pivot.index.to_numpy(dtype=float), pivot.to_numpy(dtype=float)
    if periods.size < 2:
        raise InputError(f"{source}: duration {duration:g} min has one return period only ({periods[0]:g} a); "
                         "at least two are needed to interpolate between and beyond them")
    falling = np.diff(depths, axis=0) < 0
    if falling.any():
        t_index, location = np.argwhere(falling)[0]
        raise InputError(f"{source}: duration {duration:g} min: the depth falls from {depths[t_index, location]:g} "
                         f"mm (T = {periods[t_index]:g} a) to {depths[t_index + 1, location]:g} mm "
                         f"(T = {periods[t_index + 1]:g} a){where(int(location))}; rarer rain is never smaller")
    return periods, depths


def ln_interpolate(periods: np.ndarray, depths: np.ndarray, return_period: float) -> np.ndarray:
    """Depth at ``return_period``: linear in ln T between the given ones, beyond the largest
    along the line through the two largest (``depths``: ``(n_T, ...)``).

    KOSTRA-DWD-2010R fitted exactly this form, h(T) = u + w ln T; KOSTRA-DWD-2020's GEV
    curves are close to it within 1-100 a and bend upwards beyond, so extrapolating the
    straight line gives a lower estimate of rare depths.
    """
    exact = np.flatnonzero(np.isclose(periods, return_period, rtol=1e-12, atol=0.0))
    if exact.size:
        return depths[exact[0]]
    if return_period < periods[0]:
        raise ValueError(f"T = {return_period:g} a lies below the smallest given {periods[0]:g} a")
    logs, target = np.log(periods), math.log(return_period)
    i = min(int(np.searchsorted(logs, target, side="right")) - 1, periods.size - 2)
    weight = (target - logs[i]) / (logs[i + 1] - logs[i])
    return depths[i] + weight * (depths[i + 1] - depths[i])


def _return_period(table: HeavyRainTable, return_period: float | str) -> float | None:
    """Years of ``return_period``; None for the extreme given as a depth."""
    if isinstance(return_period, str):
        if normal_name(return_period) not in ("extreme", "extrem", "hqextrem", "hqextreme"):
            raise InputError(f"{table.source}: return period {return_period!r} is not a number of years "
                             "or 'extreme'")
        return None if table.extreme_mm is not None else table.extreme_return_period
    value = float(return_period)
    if not (math.isfinite(value) and value > 0):
        raise InputError(f"{table.source}: return period must be a positive number of years, got {return_period!r}")
    return value


def design_rain_mm(table: HeavyRainTable, return_period: float | str,
                   duration_min: float = ONE_DAY_MIN) -> float | np.ndarray:
    """Design rain depth (mm) of ``return_period`` years (or ``"extreme"``) and ``duration_min``.

    A float for a region-wide table; for a per-cell table an array with one depth per
    location (``table.x``, ``table.y``); :func:`heavy_rain_grid` puts it on a grid.
    """
    years = _return_period(table, return_period)
    periods, depths = table.curve(duration_min)
    if years is None:
        if not math.isclose(duration_min, ONE_DAY_MIN):
            raise InputError(f"{table.source}: the explicit extreme depth is a 1-day value; no depth for "
                             f"{duration_min:g} min")
        values = np.full(depths.shape[1], float(table.extreme_mm))
    else:
        try:
            values = ln_interpolate(periods, depths, years)
        except ValueError as exc:
            raise InputError(f"{table.source}: duration {duration_min:g} min: {exc}; depths are not "
                             "extrapolated towards more frequent rain") from None
    return values if table.per_cell else float(values[0])


def climate_grid(target: TargetGrid, resolution_m: float = CLIMATE_RESOLUTION_M) -> TargetGrid:
    """The coarse grid the climate is written on: covers the target, at least 2 x 2 cells.

    The region loader refuses grids smaller than 2 x 2 (``rasters._check_size``), so a
    small target gets smaller cells; corners are snapped like every build grid.
    """
    west, south, east, north = target.bounds
    resolution = min(float(resolution_m), (east - west) / 2, (north - south) / 2)
    return TargetGrid.from_bounds(target.crs, target.bounds, resolution)


def _nearest_locations(table: HeavyRainTable, grid: TargetGrid) -> tuple[np.ndarray, float]:
    """For each grid cell the nearest table location, and the largest distance (m).

    Refuses a table whose locations do not cover the grid: a cell centre farther from its
    nearest location than the locations' own spacing lies outside the table's cells
    (usually x, y in another CRS).
    """
    points = np.column_stack([table.x, table.y])
    tree = cKDTree(points)
    gx, gy = np.meshgrid(grid.x, grid.y)
    distance, index = tree.query(np.column_stack([gx.ravel(), gy.ravel()]))
    farthest = float(distance.max())
    if points.shape[0] >= 2:
        spacing = float(np.median(tree.query(points, k=2)[0][:, 1]))
        if farthest > spacing:
            raise InputError(f"{table.source}: the table's cells do not cover the region: a climate cell centre "
                             f"lies {farthest:,.0f} m from the nearest table location, more than their spacing "
                             f"({spacing:,.0f} m); are x, y in the region CRS (or is 'crs' given)?")
    return index.reshape(grid.shape), farthest


def heavy_rain_grid(table: HeavyRainTable, return_period: float | str, grid: TargetGrid) -> np.ndarray:
    """The 1-day design depth on ``grid``: constant for a region-wide table, else from the nearest location.

    Nearest location, because a KOSTRA value holds for its whole 5 km cell.
    """
    values = design_rain_mm(table, return_period)
    if not table.per_cell:
        return np.full(grid.shape, float(values))
    index, _ = _nearest_locations(table, grid)
    return np.asarray(values)[index]


def areal_design_rain_mm(table: HeavyRainTable, return_period: float | str, target: TargetGrid,
                         resolution_m: float = CLIMATE_RESOLUTION_M, valid: np.ndarray | None = None) -> float:
    """The region's areal 1-day design rain, exactly as ``risk.design_events`` takes it from the written climate.

    The climate grid's depths averaged over the region's cells (``valid``, a mask on
    ``target``; all of its cells without one) and reduced from point to area for the
    region's size (:mod:`koki_climate.areal_rain`), so a hazard map's ``event_precip_mm``
    is the reference design event of its return period.
    """
    grid = climate_grid(target, resolution_m)
    values = heavy_rain_grid(table, return_period, grid)
    mask = np.ones(target.shape, dtype=bool) if valid is None else np.asarray(valid, dtype=bool)
    weights = region_weights(target.data_array(mask, "valid"), target.crs,
                             xr.DataArray(values, dims=("y", "x"), coords={"y": grid.y, "x": grid.x}), target.crs)
    area_km2 = float(mask.sum()) * target.cell_area_m2 / 1e6
    return areal_mean(values, weights) * areal_reduction_factor(area_km2)


# ============================================================================ change signals
@dataclass(frozen=True)
class ChangeTable:
    """Change signals per (pathway, horizon, variable): percent for rain, degC for temperature."""

    source: str
    values: dict[tuple[str, str, str], float]

    def factor(self, pathway: str, horizon: str, variable: str) -> float:
        """Scenario / reference for a rain variable (1 for the reference)."""
        if (pathway, horizon) == REFERENCE:
            return 1.0
        return 1.0 + self.values[(pathway, horizon, variable)] / 100.0

    def warming(self, pathway: str, horizon: str) -> float:
        """Scenario - reference temperature, K (0 for the reference)."""
        return 0.0 if (pathway, horizon) == REFERENCE else self.values[(pathway, horizon, "temperature")]


def normalise_pathway(text: object) -> tuple[str, bool]:
    """``"RCP 8.5"``, ``"RCP8.5"``, ``"rcp85"`` -> ``rcp85``; ``"SSP5-8.5"`` -> ``rcp85`` (second value True).

    SSPs are taken as the RCP with the same radiative forcing in 2100; refuses others.
    """
    compact = re.sub(r"[^a-z0-9]", "", str(text).strip().lower().translate(_DASHES))
    if compact in ("historical", "historisch", "reference", "referenz", "hist"):
        return "historical", False
    if compact in PATHWAYS:
        return compact, False
    if compact in _SSP_TO_RCP:
        return _SSP_TO_RCP[compact], True
    raise ValueError(f"pathway {text!r} is not one of RCP2.6, RCP4.5, RCP8.5 (rcp26, rcp45, rcp85) or "
                     "SSP1-2.6, SSP2-4.5, SSP5-8.5")


def normalise_horizon(text: object) -> str:
    """``"2071–2100"`` (any dash, spaces) -> ``"2071-2100"``; refuses periods the format lacks."""
    match = re.fullmatch(r"\s*(\d{4})\s*[-/]\s*(\d{4})\s*", str(text).translate(_DASHES))
    horizon = f"{match.group(1)}-{match.group(2)}" if match else None
    if horizon not in HORIZONS + (REFERENCE[1],):
        raise ValueError(f"horizon {text!r} is not one of {', '.join(HORIZONS)} (or the reference {REFERENCE[1]})")
    return horizon


def _change_variable(text: str) -> str:
    norm = normal_name(text)
    for variable, aliases in _VARIABLE_ALIASES.items():
        if norm in aliases:
            return variable
    raise ValueError(f"variable {text!r} is not one of {', '.join(CHANGE_VARIABLES)}")


def read_change_signals(source: str | Path | pd.DataFrame, report: BuildReport, *,
                        name: str | None = None) -> ChangeTable:
    """Read ``pathway, horizon, variable, change_percent, change_degC``; every scenario and variable needed.

    Rain variables take ``change_percent``, temperature ``change_degC``. Reference rows
    (historical 1991-2020) may appear with zero change only: the reference has none by
    definition. Missing, duplicated or implausible rows are refused, naming the table.
    """
    table = read_table(source, name)
    pathway_col = table.column(_PATHWAY, "the pathway (rcp26, rcp45, rcp85)")
    horizon_col = table.column(_HORIZON, "the horizon (2021-2050, 2071-2100)")
    variable_col = table.column(_VARIABLE, f"the variable ({', '.join(CHANGE_VARIABLES)})")
    percent_col = table.column(_PERCENT, "the change in percent", required=False)
    degc_col = table.column(_DEGC, "the change in degC", required=False)
    if percent_col is None and degc_col is None:
        raise InputError(f"{table.name}: needs a column change_percent (rain) and/or change_degC (temperature)")
    n = len(table.frame)
    percent = table.numbers(percent_col, missing=True) if percent_col else np.full(n, np.nan)
    degc = table.numbers(degc_col, missing=True) if degc_col else np.full(n, np.nan)
    values: dict[tuple[str, str, str], float] = {}
    ssp_rows: set[str] = set()
    for row, (pathway_text, horizon_text, variable_text) in enumerate(zip(
            table.texts(pathway_col), table.texts(horizon_col), table.texts(variable_col))):
        where = f"{table.name}: data row {row + 1}"
        try:
            pathway, from_ssp = normalise_pathway(pathway_text)
            horizon = normalise_horizon(horizon_text)
            variable = _change_variable(variable_text)
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
        if from_ssp:
            ssp_rows.add(pathway_text)
        is_temperature = variable == "temperature"
        value, other = (degc[row], percent[row]) if is_temperature else (percent[row], degc[row])
        unit, other_unit = ("change_degC", "change_percent") if is_temperature else ("change_percent", "change_degC")
        if np.isnan(value):
            raise InputError(f"{where}: {variable} needs a value in {unit}" +
                             (f" (found one in {other_unit} only)" if not np.isnan(other) else ""))
        if not np.isnan(other):
            raise InputError(f"{where}: {variable} has values in both {unit} and {other_unit}; give {unit} only")
        if (pathway == "historical") != (horizon == REFERENCE[1]):
            raise InputError(f"{where}: {pathway_text} {horizon_text}: 'historical' goes with {REFERENCE[1]} only, "
                             "the pathways with 2021-2050 or 2071-2100")
        if pathway == "historical":
            if value != 0:
                raise InputError(f"{where}: the reference {REFERENCE[1]} has no change by definition, found {value:g}")
            continue
        if is_temperature and abs(value) > 20:
            raise InputError(f"{where}: a warming of {value:g} K is not plausible for a 30-year mean (|dT| <= 20)")
        if not is_temperature and not -100 < value <= 1000:
            raise InputError(f"{where}: a change of {value:g} % is not plausible (> -100 %, <= +1000 %)")
        key = (pathway, horizon, variable)
        if key in values:
            raise InputError(f"{where}: {pathway} {horizon} {variable} appears twice")
        values[key] = float(value)
    missing = [f"{p} {h}: {', '.join(v for v in CHANGE_VARIABLES if (p, h, v) not in values)}"
               for h in HORIZONS for p in PATHWAYS if any((p, h, v) not in values for v in CHANGE_VARIABLES)]
    if missing:
        raise InputError(f"{table.name}: missing change signal(s) for {'; '.join(missing)}; every pathway "
                         f"({', '.join(PATHWAYS)}) and horizon ({', '.join(HORIZONS)}) needs one row per variable "
                         f"({', '.join(CHANGE_VARIABLES)})")
    if ssp_rows:
        report.add("assumed", f"CMIP6 pathways {sorted(ssp_rows)} taken as the RCP of the same forcing in 2100 "
                              "(SSP1-2.6 -> rcp26, SSP2-4.5 -> rcp45, SSP5-8.5 -> rcp85)", table.name)
    report.add("read", f"change signals for {len(PATHWAYS) * len(HORIZONS)} scenarios x "
                       f"{len(CHANGE_VARIABLES)} variables", table.name)
    return ChangeTable(table.name, values)


# ============================================================================ baseline
@dataclass(frozen=True)
class Baseline:
    """The observed reference climate: mean totals (mm), mean temperature (degC), and what it rests on."""

    precip_annual_mm: float
    precip_summer_mm: float
    precip_winter_mm: float
    temperature_c: float
    years: int
    summers: int
    winters: int
    temperature_assumed: bool
    source: str


def _season_totals(precip: pd.Series, mask: np.ndarray, keys: np.ndarray,
                   start: Callable[[int], pd.Timestamp], end: Callable[[int], pd.Timestamp]) -> pd.Series:
    """Total per season key of the days in ``mask``, complete seasons only.

    The weather has no gaps (``validate_weather``), so a season is complete when its
    first and last day are in the record: only the record's ends can cut one.
    """
    days = precip[mask]
    key = pd.Index(keys[mask], name="key")
    dates = pd.Series(days.index, index=key)
    totals = pd.Series(days.to_numpy(), index=key).groupby(level=0).sum()
    firsts, lasts = dates.groupby(level=0).min(), dates.groupby(level=0).max()
    complete = [firsts[k] == start(k) and lasts[k] == end(k) for k in totals.index]
    return totals[np.array(complete, dtype=bool)]


def baseline_from_weather(weather: pd.DataFrame | str | Path, report: BuildReport, *,
                          name: str = "weather") -> Baseline:
    """Mean annual, JJA and DJF totals and mean temperature of the observed daily weather.

    Complete calendar years, summers and winters only (DJF = December with the following
    January and February), so a record starting in March does not bias a season. Without
    ``temperature_c`` the temperature is the fixed :data:`FALLBACK_TEMPERATURE_C`: only
    differences between scenarios are used downstream, never the absolute value.
    """
    if isinstance(weather, pd.DataFrame):
        daily = validate_weather(weather, name=name)
    else:
        name = str(weather)
        daily = read_climate_csv(weather)
    dates = daily.index
    precip = daily["precipitation_mm"]
    first, last = dates[0], dates[-1]
    years, months = dates.year.to_numpy(), dates.month.to_numpy()
    annual = _season_totals(precip, np.ones(len(dates), bool), years,
                            lambda y: pd.Timestamp(y, 1, 1), lambda y: pd.Timestamp(y, 12, 31))
    summer = _season_totals(precip, np.isin(months, (6, 7, 8)), years,
                            lambda y: pd.Timestamp(y, 6, 1), lambda y: pd.Timestamp(y, 8, 31))
    winter = _season_totals(precip, np.isin(months, (12, 1, 2)), np.where(months == 12, years + 1, years),
                            lambda y: pd.Timestamp(y - 1, 12, 1),
                            lambda y: pd.Timestamp(y, 3, 1) - pd.Timedelta(days=1))
    for what, series in (("calendar year", annual), ("summer (June-August)", summer),
                         ("winter (December-February)", winter)):
        if series.empty:
            raise InputError(f"{name}: the daily weather ({first:%Y-%m-%d} to {last:%Y-%m-%d}) holds no complete "
                             f"{what}; the baseline climate needs at least one")
    in_years = np.isin(years, annual.index.to_numpy())
    assumed = "temperature_c" not in daily.columns
    temperature = FALLBACK_TEMPERATURE_C if assumed else float(daily["temperature_c"][in_years].mean())
    baseline = Baseline(float(annual.mean()), float(summer.mean()), float(winter.mean()), temperature,
                        int(annual.size), int(summer.size), int(winter.size), assumed, name)
    report.add("derived", f"baseline climate from the daily weather {first:%Y-%m-%d} to {last:%Y-%m-%d}: annual "
                          f"{baseline.precip_annual_mm:.0f} mm ({baseline.years} complete years), summer (JJA) "
                          f"{baseline.precip_summer_mm:.0f} mm ({baseline.summers}), winter (DJF) "
                          f"{baseline.precip_winter_mm:.0f} mm ({baseline.winters})"
                          + ("" if assumed else f", mean temperature {temperature:.1f} °C"), name)
    if assumed:
        report.add("assumed", f"the weather has no temperature_c: reference temperature set to "
                              f"{FALLBACK_TEMPERATURE_C:g} °C; only the scenarios' warming (differences) is used "
                              "downstream, never this value", name)
    if baseline.years < 10:
        report.add("note", f"only {baseline.years} complete year(s) of weather: the baseline totals are "
                           "uncertain (a climate normal spans 30 years); only their scenario ratios are used", name)
    if last.year < 1991 or first.year > 2020:
        report.add("note", f"the weather ({first.year}-{last.year}) lies outside the reference period "
                           f"{REFERENCE[1]}; it is taken as the reference climate", name)
    return baseline


# ============================================================================ dataset
def climate_dataset(heavy_rain: HeavyRainTable, changes: ChangeTable, baseline: Baseline, target: TargetGrid,
                    report: BuildReport, *, resolution_m: float = CLIMATE_RESOLUTION_M) -> xr.Dataset:
    """The climate Dataset of the region format, by delta change, on a coarse grid covering ``target``.

    Dims ``(scenario, y, x)``, coordinates ``pathway``/``horizon``, variables named by
    :data:`CLIMATE_VARIABLES`, CF attributes and the region CRS (so the loader does not
    reproject it). Heavy rain: the table's 1-day depths at T = 10 and 100 a and the
    extreme, times the scenario's ``heavy_rain`` factor; seasonal and annual totals: the
    observed baseline times their factors; temperature: baseline plus warming.
    """
    grid = climate_grid(target, resolution_m)
    if heavy_rain.per_cell:
        _, farthest = _nearest_locations(heavy_rain, grid)
        report.add("resampled", f"heavy-rain depths of {heavy_rain.x.size} table locations onto the "
                                f"{grid.width} x {grid.height} climate grid ({grid.resolution:g} m) by nearest "
                                f"location (farthest {farthest:,.0f} m)", heavy_rain.source)
    periods, _ = heavy_rain.curve(ONE_DAY_MIN)
    reference = {"heavy_rain_rp10": heavy_rain_grid(heavy_rain, 10.0, grid),
                 "heavy_rain_rp100": heavy_rain_grid(heavy_rain, 100.0, grid),
                 "heavy_rain_extreme": heavy_rain_grid(heavy_rain, "extreme", grid)}
    for role, period in (("heavy_rain_rp10", 10.0), ("heavy_rain_rp100", 100.0)):
        how = "given" if np.isclose(periods, period).any() else (
            "interpolated in ln T" if period < periods[-1] else f"extrapolated in ln T beyond {periods[-1]:g} a")
        report.add("derived", f"{role} (reference): 1-day depth at T = {period:g} a, {how}; areal mean "
                              f"{reference[role].mean():.1f} mm", heavy_rain.source)
    if heavy_rain.extreme_mm is None:
        extreme_t = heavy_rain.extreme_return_period
        how = "given" if np.isclose(periods, extreme_t).any() else (
            f"extrapolated linearly in ln T from the two largest given ({periods[-2]:g} and {periods[-1]:g} a)"
            if extreme_t > periods[-1] else "interpolated in ln T")
        report.add("assumed", f"heavy_rain_extreme (reference) = the 1-day depth at T = {extreme_t:g} a, {how}; "
                              f"areal mean {reference['heavy_rain_extreme'].mean():.1f} mm", heavy_rain.source)
    else:
        report.add("read", f"heavy_rain_extreme (reference) = {heavy_rain.extreme_mm:g} mm as given, "
                           "for the whole region", heavy_rain.source)
    if float(reference["heavy_rain_extreme"].mean()) < float(reference["heavy_rain_rp100"].mean()):
        raise InputError(f"{heavy_rain.source}: the extreme 1-day rain ({reference['heavy_rain_extreme'].mean():.1f} "
                         f"mm) is smaller than the 100-year one ({reference['heavy_rain_rp100'].mean():.1f} mm)")
    base = {"precip_annual": baseline.precip_annual_mm, "precip_summer": baseline.precip_summer_mm,
            "precip_winter": baseline.precip_winter_mm}
    data: dict[str, list[np.ndarray]] = {role: [] for role in CLIMATE_VARIABLES}
    for pathway, horizon in SCENARIOS:
        rain = changes.factor(pathway, horizon, "heavy_rain")
        for role, values in reference.items():
            data[role].append(values * rain)
        for role, value in base.items():
            data[role].append(np.full(grid.shape, value * changes.factor(pathway, horizon, role)))
        data["temperature"].append(np.full(grid.shape, baseline.temperature_c + changes.warming(pathway, horizon)))
    report.add("derived", "future scenarios by delta change: reference x (1 + change_percent / 100) for heavy rain "
                          "(all three return levels) and the precipitation totals, reference + change_degC for "
                          "temperature", changes.source)
    stacked = {role: np.stack(values) for role, values in data.items()}
    for role, values in stacked.items():
        valid = VALID_RANGES[role]
        low, high = float(values.min()), float(values.max())
        if low < valid.low or high > valid.high:
            raise InputError(f"{changes.source}, {heavy_rain.source}: {role} would range {low:g} .. {high:g} "
                             f"{valid.units}, outside {valid.describe()}")
    return _dataset(stacked, grid, [heavy_rain.source, changes.source, baseline.source])


def _dataset(values: dict[str, np.ndarray], grid: TargetGrid, sources: list[str]) -> xr.Dataset:
    """Variables (scenario, y, x) with CF attributes, scenario coordinates and the CRS."""
    sxy = ("scenario", "y", "x")
    variables = {}
    for role, name in CLIMATE_VARIABLES.items():
        attrs = ({"units": "degC", "standard_name": "air_temperature"} if role == "temperature" else
                 {"units": "mm", "standard_name": "lwe_thickness_of_precipitation_amount"})
        attrs["long_name"] = _LONG_NAMES[role]
        variables[name] = (sxy, values[role].astype(np.float64), attrs)
    coords = {
        "scenario": ("scenario", np.array([f"{p}_{h}" for p, h in SCENARIOS], dtype=object),
                     {"long_name": "climate scenario (pathway_horizon)"}),
        "pathway": ("scenario", np.array([p for p, _ in SCENARIOS], dtype=object),
                    {"long_name": "emission pathway (historical, rcp26, rcp45, rcp85)"}),
        "horizon": ("scenario", np.array([h for _, h in SCENARIOS], dtype=object), {"long_name": "30-year period"}),
        "x": ("x", grid.x, {"standard_name": "projection_x_coordinate", "long_name": "x coordinate of projection "
                            "(cell centre)", "units": "m", "axis": "X"}),
        "y": ("y", grid.y, {"standard_name": "projection_y_coordinate", "long_name": "y coordinate of projection "
                            "(cell centre)", "units": "m", "axis": "Y"}),
    }
    ds = xr.Dataset(variables, coords=coords, attrs={
        "title": "climate scenarios by delta change (KoKI region build)",
        "Conventions": "CF-1.8",
        "source": "; ".join(sources),
        "comment": "reference = heavy-rain table and observed weather; future = reference x (1 + change/100), "
                   "temperature + warming (delta change)",
    })
    ds = ds.rio.write_crs(grid.crs.to_wkt()).rio.write_transform(grid.transform)
    for name in CLIMATE_VARIABLES.values():  # as an attribute: explicit to_netcdf encodings would drop it
        ds[name].encoding.pop("grid_mapping", None)
        ds[name].attrs["grid_mapping"] = "spatial_ref"
    return ds


__all__ = ["CHANGE_VARIABLES", "CLIMATE_RESOLUTION_M", "CLIMATE_VARIABLES", "DEFAULT_EXTREME_RETURN_PERIOD",
           "Baseline", "ChangeTable", "HeavyRainTable", "ONE_DAY_MIN", "SCENARIOS", "areal_design_rain_mm",
           "baseline_from_weather", "climate_dataset", "climate_grid", "design_rain_mm", "heavy_rain_from_values",
           "heavy_rain_grid", "ln_interpolate", "normal_name", "normalise_horizon", "normalise_pathway",
           "read_change_signals", "read_heavy_rain_table", "read_table", "TextTable"]
