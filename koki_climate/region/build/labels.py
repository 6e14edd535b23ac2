"""Flood labels from polygons: official hazard areas (HQ10/HQ100/HQextrem) and mapped past floods.

The risk model learns from (cell, event) rows: was the cell inundated, and how much rain
fell that day (``event_precip_mm``). A town has two kinds of polygons for that: the
state's flood-hazard areas (Hochwassergefahrenkarten: the area inundated by the flood of
a return period) and maps of floods it lived through (with a date and a measured rain).
Both become one event each on the region grid: 1 where the cell centre lies inside the
polygons, else 0. A hazard area's rain is the reference 1-day design rain of its return
period from the heavy-rain input (:func:`~koki_climate.region.build.climate.areal_design_rain_mm`),
which is the same number ``risk.design_events`` takes for that return period, so a
scenario's HQ100-like event is exactly the rain the HQ100 map was learned with.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import rioxarray  # noqa: F401  (registers the .rio accessor)
import shapely
import xarray as xr
from rasterio import features

from koki_climate.errors import InputError
from koki_climate.region.build.climate import CLIMATE_RESOLUTION_M, HeavyRainTable, areal_design_rain_mm, normal_name
from koki_climate.region.build.report import BuildReport
from koki_climate.region.build.target import TargetGrid
from koki_climate.region.ranges import VALID_RANGES

#: the variable name of the flood events in the written NetCDF (the manifest's [layers.flood_events] variable)
FLOOD_VARIABLE = "inundated"
EXTREME = "extreme"
_EXTREME_NAMES = ("extreme", "extrem", "hqextrem", "hqextreme", "hq_extrem", "hq_extreme")


@dataclass(frozen=True, eq=False)
class FloodArea:
    """One input of flood polygons (already in the region CRS) and what they stand for.

    Either ``return_period`` (a hazard area: years, or ``"HQ100"``, ``"HQextrem"``) or
    ``date`` with ``precip_mm`` (a mapped past flood and its areal 1-day rain, mm).
    ``source`` names the file (and layer) in messages.
    """

    polygons: gpd.GeoDataFrame
    source: str
    return_period: float | str | None = None
    date: str | dt.date | None = None
    precip_mm: float | None = None


@dataclass(frozen=True)
class _Event:
    key: str              # the event_date coordinate: ISO date, or "HQ100" / "HQextrem"
    kind: str             # "hazard_area" or "observed"
    precip_mm: float
    return_period: float  # NaN for observed floods (and for an extreme given as a depth)
    sources: tuple[str, ...]


def _parse_return_period(value: float | str, source: str) -> float | str:
    """Years, or :data:`EXTREME`: accepts 100, "100", "HQ100", "HQ 100", "HQextrem"."""
    if isinstance(value, str):
        norm = normal_name(value)
        if norm in _EXTREME_NAMES:
            return EXTREME
        match = re.fullmatch(r"(?:hq_?)?(\d+(?:_\d+)?)(?:_?a)?", norm)
        if match is None:
            raise InputError(f"{source}: return period {value!r} is not understood (use years such as 100, "
                             "or HQ10, HQ100, HQextrem)")
        value = float(match.group(1).replace("_", "."))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (math.isfinite(value) and value >= 1):
        raise InputError(f"{source}: return period must be a number of years >= 1, got {value!r}")
    return float(value)


def _parse_date(value: str | dt.date, source: str) -> str:
    """ISO ``YYYY-MM-DD`` from a date, ``2013-06-01`` or ``01.06.2013``."""
    if isinstance(value, (dt.date, pd.Timestamp)):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    raise InputError(f"{source}: date {value!r} is not a date (use YYYY-MM-DD or DD.MM.YYYY)")


def _event_of(area: FloodArea, target: TargetGrid, heavy_rain: HeavyRainTable | None,
              resolution_m: float, valid: np.ndarray | None) -> _Event:
    """What the area stands for, checked: a hazard area with its design rain, or a dated flood."""
    has_period = area.return_period is not None
    has_event = area.date is not None or area.precip_mm is not None
    if has_period and has_event:
        raise InputError(f"{area.source}: give either a return_period (hazard area) or a date with precip_mm "
                         "(past flood), not both")
    if not has_period and not has_event:
        raise InputError(f"{area.source}: say what the flood area is: a return_period (hazard area, e.g. 100 or "
                         "HQextrem) or a date with precip_mm (a mapped past flood)")
    if has_event:
        if area.date is None or area.precip_mm is None:
            missing = "date" if area.date is None else "precip_mm (the event's areal 1-day rain, mm)"
            raise InputError(f"{area.source}: a mapped past flood needs its {missing}")
        precip = area.precip_mm
        valid = VALID_RANGES["event_precip_mm"]
        if isinstance(precip, bool) or not isinstance(precip, (int, float)) or not valid.low < precip <= valid.high:
            raise InputError(f"{area.source}: precip_mm must be the event's 1-day rain in mm within "
                             f"{valid.describe()}, got {precip!r}")
        return _Event(_parse_date(area.date, area.source), "observed", float(precip), math.nan, (area.source,))
    period = _parse_return_period(area.return_period, area.source)
    if heavy_rain is None:
        raise InputError(f"{area.source}: a hazard area (return period {area.return_period}) needs the heavy-rain "
                         "input to know its design rain")
    precip = areal_design_rain_mm(heavy_rain, period, target, resolution_m, valid)
    if period == EXTREME:
        years = math.nan if heavy_rain.extreme_mm is not None else heavy_rain.extreme_return_period
        return _Event("HQextrem", "hazard_area", precip, years, (area.source,))
    return _Event(f"HQ{period:g}", "hazard_area", precip, period, (area.source,))


def _polygons(area: FloodArea, target: TargetGrid) -> gpd.GeoSeries:
    """The area's polygons, checked: not empty, polygonal, in the region CRS, valid."""
    frame = area.polygons
    if not isinstance(frame, gpd.GeoDataFrame | gpd.GeoSeries):
        raise InputError(f"{area.source}: expected polygons (a GeoDataFrame), got {type(frame).__name__}")
    geoms = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    geoms = geoms[geoms.notna() & ~geoms.is_empty]
    if geoms.empty:
        raise InputError(f"{area.source}: the flood-area file holds no polygons")
    if frame.crs is None:
        raise InputError(f"{area.source}: the polygons have no CRS; they must be in the region CRS "
                         f"({target.crs.name})")
    if not pyproj.CRS.from_user_input(frame.crs).equals(target.crs):
        raise InputError(f"{area.source}: the polygons are in {pyproj.CRS.from_user_input(frame.crs).name}, "
                         f"not the region CRS {target.crs.name}; reproject them first (read_polygons does)")
    kinds = set(geoms.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon"}:
        other = sorted(kinds - {"Polygon", "MultiPolygon"})
        raise InputError(f"{area.source}: flood areas must be polygons, found {other}")
    invalid = ~geoms.is_valid
    if invalid.any():  # self-intersections from digitising; make_valid keeps the covered area
        geoms = geoms.copy()
        geoms[invalid] = shapely.make_valid(geoms[invalid].to_numpy())
        geoms = geoms.explode(index_parts=False)
        geoms = geoms[geoms.geom_type.isin(("Polygon", "MultiPolygon"))]
    return geoms


def rasterize_area(polygons: gpd.GeoSeries, target: TargetGrid) -> np.ndarray:
    """1 where a cell's centre lies inside the polygons, else 0 (uint8, the target's shape).

    Cell centres, not "all touched": a polygon edge then moves a cell in or out with equal
    chance, so the flooded area stays unbiased (error at most one cell per boundary cell).
    """
    return features.rasterize(((geom, 1) for geom in polygons), out_shape=target.shape,
                              transform=target.transform, fill=0, all_touched=False, dtype="uint8")


def flood_events(areas: Sequence[FloodArea], target: TargetGrid, report: BuildReport,
                 heavy_rain: HeavyRainTable | None = None, *,
                 resolution_m: float = CLIMATE_RESOLUTION_M, valid: np.ndarray | None = None) -> xr.DataArray:
    """The ``flood_events`` layer: ``(event, y, x)`` uint8 0/1 on ``target``, events sorted by rain.

    Coordinates along ``event``: ``event_date`` (ISO date, or ``HQ100``/``HQextrem``),
    ``event_precip_mm`` (a hazard area: the reference 1-day design rain of its return
    period, areal mean; a past flood: its ``precip_mm``), ``return_period`` (years, NaN for
    past floods) and ``event_kind``. Areas for the same return period or date are merged
    into one event (two rivers' HQ100 maps are one 100-year event). ``resolution_m`` must
    be the climate grid's and ``valid`` the region's cells with terrain, so hazard rains equal
    the climate's areal design rains (areal mean over those cells, areal reduction factor).
    """
    if not areas:
        raise InputError("no flood areas given")
    region_box = shapely.box(*target.bounds)
    events: dict[str, _Event] = {}
    masks: dict[str, np.ndarray] = {}
    for area in areas:
        event = _event_of(area, target, heavy_rain, resolution_m, valid)
        geoms = _polygons(area, target)
        total = float(geoms.area.sum())
        inside = float(geoms.intersection(region_box).area.sum())
        if inside <= 0:
            west, south, east, north = geoms.total_bounds
            raise InputError(f"{area.source}: the flood area lies entirely outside the region (its bounds "
                             f"{west:.0f}, {south:.0f}, {east:.0f}, {north:.0f}; the region's "
                             f"{', '.join(f'{v:.0f}' for v in target.bounds)}); is it in the region CRS?")
        mask = rasterize_area(geoms, target)
        if not mask.any():
            raise InputError(f"{area.source}: the flood area ({inside:,.0f} m² inside the region) covers no cell "
                             f"centre of the {target.resolution:g} m grid")
        if total - inside > 1e-6 * total:
            report.add("dropped", f"{(total - inside) / total:.1%} of the flood area lies outside the region grid "
                                  "and is not used", area.source)
        report.add("read", f"{len(geoms)} polygon(s), {inside / 1e6:.3g} km² inside the region, as event "
                           f"{event.key}", area.source)
        if event.key in events:
            before = events[event.key]
            if before.precip_mm != event.precip_mm:
                raise InputError(f"{area.source}: event {event.key} was given before ({', '.join(before.sources)}) "
                                 f"with precip_mm {before.precip_mm:g}, here {event.precip_mm:g}")
            events[event.key] = _Event(event.key, event.kind, event.precip_mm, event.return_period,
                                       before.sources + event.sources)
            masks[event.key] |= mask
            report.add("note", f"merged with {', '.join(before.sources)} into one event {event.key}", area.source)
        else:
            events[event.key], masks[event.key] = event, mask
        if event.kind == "hazard_area":
            how = (f"the reference 1-day design rain of {heavy_rain.describe_extreme()}"
                   if event.key == "HQextrem" else f"the reference 1-day design rain of T = {event.return_period:g} a")
            report.add("derived", f"{event.key}: event_precip_mm = {event.precip_mm:.1f} mm, {how} "
                                  f"(areal mean, {heavy_rain.source})", area.source)
    order = sorted(events, key=lambda key: events[key].precip_mm)  # stable: ties keep the input order
    for key in order:
        share = float(masks[key].mean())
        report.add("derived", f"event {key}: {int(masks[key].sum()):,} cells inundated, {share:.2%} of the region "
                              f"grid ({masks[key].sum() * target.cell_area_m2 / 1e6:.3g} km²)",
                   ", ".join(events[key].sources))
    if {events[key].kind for key in order} == {"hazard_area", "observed"}:
        report.add("note", "hazard areas and past floods are mixed in one training set; each is one event "
                           "with its own rain")
    return _data_array(np.stack([masks[key] for key in order]), [events[key] for key in order], target)


def _data_array(stack: np.ndarray, events: list[_Event], target: TargetGrid) -> xr.DataArray:
    """The events as a CF-annotated DataArray on the target grid, with its CRS."""
    coords = {
        "event": ("event", np.arange(1, len(events) + 1, dtype=np.int32), {"long_name": "event number", "units": "1"}),
        "y": ("y", target.y, {"standard_name": "projection_y_coordinate", "units": "m", "axis": "Y"}),
        "x": ("x", target.x, {"standard_name": "projection_x_coordinate", "units": "m", "axis": "X"}),
        "event_date": ("event", np.array([e.key for e in events], dtype=object),
                       {"long_name": "date of the event, or the hazard area's name (HQ100, HQextrem)"}),
        "event_precip_mm": ("event", np.array([e.precip_mm for e in events], dtype=np.float64), {
            "units": "mm", "standard_name": "lwe_thickness_of_precipitation_amount",
            "long_name": "areal 1-day precipitation of the event (hazard areas: reference design rain)"}),
        "return_period": ("event", np.array([e.return_period for e in events], dtype=np.float64),
                          {"units": "year", "long_name": "return period of the hazard area (NaN: a past flood)"}),
        "event_kind": ("event", np.array([e.kind for e in events], dtype=object),
                       {"long_name": "hazard_area (official map of a return period) or observed (a past flood)"}),
    }
    da = xr.DataArray(stack.astype(np.uint8), dims=("event", "y", "x"), coords=coords, name=FLOOD_VARIABLE, attrs={
        "units": "1", "long_name": "inundated by the event (cell centre inside the flood area)",
        "flag_values": np.array([0, 1], dtype=np.uint8), "flag_meanings": "dry inundated"})
    da = da.rio.write_crs(target.crs.to_wkt()).rio.write_transform(target.transform)
    da.encoding.pop("grid_mapping", None)
    da.attrs["grid_mapping"] = "spatial_ref"
    return da


__all__ = ["EXTREME", "FLOOD_VARIABLE", "FloodArea", "flood_events", "rasterize_area"]
