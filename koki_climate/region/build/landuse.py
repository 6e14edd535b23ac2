"""Land use from a town's polygons: classes, sealing and parcels on the target grid, and rivers.

Inputs are the files a planning office holds: ALKIS/ATKIS "tatsächliche Nutzung" polygons
(or any polygons with a user table of classes), the Flächennutzungsplan's planned
development areas, optionally a sealing raster and a river file. The choices, documented
in ``docs/region-build.md``:

- **Classes keep their areas.** Each polygon gets its area in cells, rounded down or up
  (never off by a whole cell); which cells is decided by exact area share, largest first.
  A majority rule would not do: a strip of 0.6-covered cells along a 100-cell edge would
  add 40 cells to one class.
- **Cells covered by no polygon** stay class 0 ("unknown", the layer's fill value) with no
  sealing (NaN); the report gives their share, and the builder decides what to do.
- **Sealing** is the area-weighted mean of the polygons' sealed shares in a cell (a cell
  half road, half meadow gets the mean of both), from a sealing raster where one is given.
- **Parcels** are the land-use polygons themselves; planned areas covering most of one make
  its ``planned_use`` "planned_development"; planned areas outside all land-use polygons
  become parcels of their own.

Every step adds plain sentences to the :class:`BuildReport`. No streamlit here.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pyproj
import rasterio
import shapely
from rasterio.enums import Resampling
from rasterio.features import rasterize
from rasterio.warp import reproject, transform_bounds
from rasterio.windows import Window, from_bounds

from koki_climate.errors import InputError
from koki_climate.region.build.alkis import ALKIS_BY_KEY, CLASS_SEALED, LANDUSE_CLASSES, SOURCES, value_key
from koki_climate.region.build.allocate import allocate_cells
from koki_climate.region.build.report import BuildReport
from koki_climate.region.build.target import TargetGrid
from koki_climate.region.paths import file_problem

UNKNOWN = 0
PLANNED = LANDUSE_CLASSES.index("planned_development") + 1
PLANNED_USE = "planned_development"
UNKNOWN_USE = "unknown"
#: columns whose values become parcel ids when unique (else ids are generated)
ID_COLUMNS = ("parcel_id", "gml_id", "objid", "oid")
RIVER_NAME_COLUMNS = ("name", "gewaessername", "gew_name", "gewname", "bezeichnung")
_POLYGONAL = frozenset({"Polygon", "MultiPolygon"})
_LINEAR = frozenset({"LineString", "MultiLineString", "LinearRing"})


@dataclass(frozen=True)
class LandUseLayers:
    """The land-use part of a region, on the target grid."""

    landuse: np.ndarray      # uint8 (height, width): classes 1..7, 0 where no polygon lies
    impervious: np.ndarray   # float32 0..1; NaN where no polygon lies and no sealing raster covers
    parcels: gpd.GeoDataFrame  # parcel_id, current_use, planned_use, geometry (target CRS)


@dataclass(frozen=True)
class RiverLayers:
    river: np.ndarray        # uint8 (height, width): 1 on a river cell
    rivers: gpd.GeoDataFrame  # name, geometry (lines or polygons as given)


def _fail(path: Path | str, message: str) -> InputError:
    return InputError(f"{path}: {message}")


def _label(crs: pyproj.CRS) -> str:
    """``EPSG:25832`` where the CRS has an authority code, else its name (never a page of WKT)."""
    return crs.to_string() if crs.to_authority() else crs.name


def _ha(m2: float) -> str:
    return f"{m2 / 1e4:,.2f} ha" if m2 < 1e6 else f"{m2 / 1e4:,.0f} ha"


# --- reading vector files ----------------------------------------------------------------------
def read_polygons(path: str | Path, *, layer: str | None = None, target: TargetGrid, what: str,
                  report: BuildReport) -> gpd.GeoDataFrame:
    """Polygons of any OGR file (shapefile, GeoPackage, GeoJSON, ...) in the target CRS, repaired, clipped to the grid.

    Refuses, naming the file and ``what`` they were meant to be: a file without CRS (its
    coordinates could be anywhere), an empty layer, one whose features all lie outside the
    grid, and non-polygon features. Reprojection and repairs are reported.
    """
    return _read_features(Path(path), layer, target, what, report, _POLYGONAL)


def _read_features(path: Path, layer: str | None, target: TargetGrid, what: str, report: BuildReport,
                   allowed: frozenset[str]) -> gpd.GeoDataFrame:
    problem = file_problem(path, "vectors")
    if problem:
        raise _fail(path, f"{problem} ({what})")
    try:
        layers = [str(name) for name, _kind in pyogrio.list_layers(path)]
    except Exception as exc:  # GDAL cannot open it: not vector data, or corrupt
        raise _fail(path, f"cannot be read as vector data ({what}): {str(exc).splitlines()[0][:200]}") from None
    if not layers:
        raise _fail(path, f"holds no layers ({what})")
    if layer is None and len(layers) > 1:
        raise _fail(path, f"has {len(layers)} layers ({', '.join(layers)}); name the one with the {what}")
    if layer is not None and layer not in layers:
        raise _fail(path, f"has no layer '{layer}' ({what}); its layers: {', '.join(layers)}")
    layer = layer or layers[0]
    info = pyogrio.read_info(path, layer=layer, force_feature_count=True)
    if not info.get("crs"):
        raise _fail(path, f"has no coordinate reference system ({what}); a shapefile needs its .prj file "
                          "beside it, other formats must be saved with their CRS (e.g. EPSG:25832)")
    crs = pyproj.CRS.from_user_input(info["crs"])
    total = int(info["features"])
    if total == 0:
        raise _fail(path, f"layer '{layer}' is empty: it has no features ({what})")
    frame = pyogrio.read_dataframe(path, layer=layer, bbox=_bounds_in(target, crs), force_2d=True)
    missing = frame.geometry.isna() | frame.geometry.is_empty
    left_out = int(missing.sum())
    if left_out:
        report.add("dropped", f"{left_out} {what} without geometry left out", path)
        frame = frame[~missing]
    wrong = ~frame.geom_type.isin(allowed)
    if wrong.any():
        kinds = ", ".join(f"{n} {kind}" for kind, n in frame.geom_type[wrong].value_counts().items())
        expected = "polygons" if allowed == _POLYGONAL else "lines or polygons"
        raise _fail(path, f"the {what} must be {expected}, but layer '{layer}' holds {kinds}")
    if not crs.equals(target.crs) and len(frame):
        frame = frame.to_crs(target.crs)
        report.add("reprojected", f"{what} reprojected from {crs.name} ({_label(crs)}) to {target.crs.name}", path)
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        fixed = shapely.make_valid(frame.geometry[invalid].to_numpy(), **(
            {"method": "structure", "keep_collapsed": False} if allowed == _POLYGONAL else {}))
        frame.loc[invalid, frame.geometry.name] = _keep(fixed, allowed)
        report.add("converted", f"repaired {int(invalid.sum())} invalid {what} (self-intersections, bow-ties) "
                                "with GEOS make_valid", path)
        collapsed = frame.geometry.is_empty
        if collapsed.any():
            report.add("dropped", f"{int(collapsed.sum())} {what} left out: nothing of them remained when repaired "
                                  "(they had no area)", path)
            frame = frame[~collapsed]
            left_out += int(collapsed.sum())
    before = shapely.area(frame.geometry.to_numpy()) if allowed == _POLYGONAL else None
    clipped = _keep(shapely.clip_by_rect(frame.geometry.to_numpy(), *target.bounds), allowed)
    inside = ~shapely.is_empty(clipped)
    if not inside.any():
        w, s, e, n = target.bounds
        raise _fail(path, f"none of its {total} {what} lies inside the region grid (x {w:.0f} .. {e:.0f}, "
                          f"y {s:.0f} .. {n:.0f} in {_label(target.crs)}); is it the right file, and does "
                          f"its CRS ({_label(crs)}) fit its coordinates?")
    frame = frame.set_geometry(clipped, crs=target.crs)[inside].reset_index(drop=True)
    if before is not None:
        cut = int((shapely.area(frame.geometry.to_numpy()) < before[inside] * (1 - 1e-9)).sum())
        if cut:
            report.add("note", f"{cut} {what} cut at the edge of the region grid", path)
    outside = total - len(frame) - left_out
    report.add("read", f"read {len(frame)} {what} from layer '{layer}' ({_label(crs)})"
                       + (f"; {outside} lie outside the region grid" if outside else ""), path)
    return frame


def _bounds_in(target: TargetGrid, crs: pyproj.CRS) -> tuple[float, float, float, float] | None:
    """The grid's bounds in ``crs`` with a margin, to read only features near the region; None if unknown."""
    try:
        west, south, east, north = pyproj.Transformer.from_crs(target.crs, crs, always_xy=True).transform_bounds(
            *target.bounds, densify_pts=21)
    except pyproj.exceptions.ProjError:
        return None
    if not all(np.isfinite([west, south, east, north])):
        return None
    dx, dy = 0.01 * (east - west), 0.01 * (north - south)
    return west - dx, south - dy, east + dx, north + dy


def _keep(geoms: np.ndarray, allowed: frozenset[str]) -> np.ndarray:
    """Only the parts of each geometry of an allowed kind (clipping or repair can leave points and lines)."""
    out = np.asarray(geoms, dtype=object).copy()
    kinds = shapely.get_type_id(out)
    mixed = np.flatnonzero(kinds == 7)  # GeometryCollection
    for i in mixed:
        parts = [p for p in shapely.get_parts(out[i]) if p.geom_type in allowed]
        out[i] = shapely.union_all(parts) if parts else shapely.Polygon()
    other = np.array([g is not None and not g.is_empty and g.geom_type not in allowed for g in out], dtype=bool)
    out[other] = shapely.Polygon()
    return out


def _find_column(frame: gpd.GeoDataFrame, column: str, path: Path, what: str) -> str:
    """``column`` or its only case-insensitive match; else the refusal lists the columns found."""
    names = [str(c) for c in frame.columns if c != frame.geometry.name]
    if column in names:
        return column
    folded = [c for c in names if c.casefold() == column.casefold()]
    if len(folded) == 1:
        return folded[0]
    raise _fail(path, f"has no column '{column}' ({what}); its columns: {', '.join(names) or 'none'}")


# --- classes and default sealing ----------------------------------------------------------------
def classify(frame: gpd.GeoDataFrame, column: str, *, path: str | Path, mapping: str | Mapping[str, str] = "alkis",
             sealing: Mapping[str, float] | None = None, report: BuildReport) -> gpd.GeoDataFrame:
    """Each polygon's class (``landuse``, 1..7) and default sealed share (``sealed``, 0..1).

    ``mapping="alkis"`` uses the built-in ALKIS table (:mod:`.alkis`): codes, AX_ names and
    German names; a mapping ``{value: class name}`` replaces it. Values neither knows are
    refused with their counts and areas, never dropped. ``sealing`` overrides default
    sealed shares by value (``"Straßenverkehr" = 0.9``) or by class (``settlement = 0.5``).
    """
    path = Path(path)
    col = _find_column(frame, column, path, "land-use type")
    keys = frame[col].map(value_key)
    table: dict[str, tuple[str, float, str, str, str]] = {}  # key -> class, sealed, shown name, source, note
    if mapping == "alkis":
        for key, kind in ALKIS_BY_KEY.items():
            table[key] = (kind.landuse, kind.sealed, f"{kind.code} {kind.label}", SOURCES[kind.source], kind.note)
    elif isinstance(mapping, Mapping):
        for value, name in mapping.items():
            if name not in LANDUSE_CLASSES:
                raise _fail(path, f"the class '{name}' for '{value}' is unknown; classes: {', '.join(LANDUSE_CLASSES)}")
            sealed, source, note = CLASS_SEALED[name]
            table[value_key(value)] = (name, sealed, str(value), SOURCES[source], note)
    else:
        raise ValueError(f"mapping must be 'alkis' or a table of value -> class, not {mapping!r}")
    area = frame.geometry.area
    unknown = ~keys.isin(list(table))
    if unknown.any():
        raise _fail(path, _unknown_message(frame[col][unknown], area[unknown], col, mapping == "alkis"))

    classes = keys.map(lambda k: table[k][0])
    sealed = keys.map(lambda k: table[k][1]).astype(float)
    used_keys = set(keys)
    for name, value in (sealing or {}).items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            raise _fail(path, f"sealed share for '{name}' must be a fraction 0..1, got {value!r}")
        key = value_key(name)
        if key in table:  # a land-use type (present in this file or not)
            sealed[keys == key] = float(value)
        elif name in LANDUSE_CLASSES:  # a class: every type of it without a sealed share of its own
            sealed[(classes == name) & ~keys.isin([value_key(k) for k in sealing])] = float(value)
        else:
            raise _fail(path, f"sealed share given for '{name}', which is neither a land-use type of the "
                              f"{'built-in ALKIS table' if mapping == 'alkis' else '[landuse.classes] table'} "
                              f"nor a class ({', '.join(LANDUSE_CLASSES)})")
        report.add("note", f"sealed share of '{name}' set to {float(value):g} by the build spec", path)

    out = frame.copy()
    out["landuse"] = classes.map(lambda c: LANDUSE_CLASSES.index(c) + 1).astype("uint8")
    out["sealed"] = sealed.to_numpy()
    shown = {}
    for key in sorted(used_keys, key=lambda k: -float(area[keys == k].sum())):
        cls, _, name, _, _ = table[key]
        shown.setdefault(cls, []).append(f"{name} ({_ha(float(area[keys == key].sum()))})")
    report.add("converted", f"land-use types of column '{col}' mapped to classes "
                            f"({'built-in ALKIS table' if mapping == 'alkis' else 'table of the build spec'}): "
                            + "; ".join(f"{cls} <- {', '.join(names)}" for cls, names in shown.items()), path)
    by_source: dict[str, list[str]] = {}
    for key in sorted(used_keys):
        _, share, shown_name, source, note = table[key]
        by_source.setdefault(source, []).append(f"{shown_name} {share:g} ({note})")
    report.add("assumed", "default sealed shares per land-use type (used where no sealing raster covers a cell): "
                          + " | ".join(f"{'; '.join(items)} [{source}]" for source, items in by_source.items()), path)
    return out


def _unknown_message(values, areas, column: str, builtin: bool) -> str:
    """Which values are unknown (count and area each) and how to map them."""
    groups: dict[str, list] = {}
    for value, area in zip(values, areas):
        entry = groups.setdefault(value_key(value), [value, 0, 0.0])
        entry[1] += 1
        entry[2] += float(area)
    ranked = sorted(groups.values(), key=lambda g: -g[2])
    listed = ", ".join(f"'{'(empty)' if value_key(v) == '' else v}' ({n} polygon{'s' if n > 1 else ''}, {_ha(a)})"
                       for v, n, a in ranked[:20])
    more = f" and {len(ranked) - 20} more" if len(ranked) > 20 else ""
    example = next((v for v, _, _ in ranked if value_key(v)), "Wohnen")
    which = "the built-in ALKIS table" if builtin else "the [landuse.classes] table"
    fix = (f"map them in the build spec with a [landuse.classes] table, e.g. \"{example}\" = \"settlement\" "
           f"(classes: {', '.join(LANDUSE_CLASSES)})")
    if builtin:
        fix += "; such a table replaces the built-in one, so it must list every value of the column"
    return f"column '{column}' has land-use values {which} does not know: {listed}{more}; {fix}"


# --- planned development, allocation, sealing ----------------------------------------------------
def build_landuse(path: str | Path, *, column: str, target: TargetGrid, report: BuildReport,
                  layer: str | None = None, mapping: str | Mapping[str, str] = "alkis",
                  sealing: Mapping[str, float] | None = None, id_column: str | None = None,
                  planned: str | Path | None = None, planned_layer: str | None = None,
                  impervious: str | Path | None = None, impervious_units: str | None = None) -> LandUseLayers:
    """Land-use classes, sealing and parcels on ``target`` from land-use polygons (and plan, sealing raster)."""
    path = Path(path)
    frame = classify(read_polygons(path, layer=layer, target=target, what="land-use polygons", report=report),
                     column, path=path, mapping=mapping, sealing=sealing, report=report)
    geoms = frame.geometry.to_numpy()
    classes, sealed = frame["landuse"].to_numpy(), frame["sealed"].to_numpy()
    share = np.zeros(len(frame))
    own: list = []
    if planned is not None:
        planned = Path(planned)
        plan = read_polygons(planned, layer=planned_layer, target=target, what="planned development areas",
                             report=report)
        open_land = float((sealing or {}).get("planned_development", CLASS_SEALED["planned_development"][0]))
        geoms, classes, sealed, share, own = _overlay_plan(geoms, classes, sealed, plan, open_land, target, planned,
                                                           report)

    owner, defaults = allocate_cells(geoms, sealed, target, report, path)
    landuse = np.where(owner >= 0, np.append(classes, 0)[owner], UNKNOWN).astype("uint8")
    cell = target.cell_area_m2
    areas = np.bincount(classes, weights=shapely.area(geoms), minlength=8)
    counts = np.bincount(landuse.ravel(), minlength=8)
    report.add("resampled", f"land-use classes on the {target.resolution:g} m grid, each polygon given the cells "
                            "its area holds (largest area shares first): " + "; ".join(
                                f"{LANDUSE_CLASSES[k - 1]} {_ha(counts[k] * cell)} (polygons {_ha(areas[k])})"
                                for k in range(1, 8) if counts[k] or areas[k]), path)
    if counts[UNKNOWN]:
        report.add("note", f"{counts[UNKNOWN]} cells ({100 * counts[UNKNOWN] / target.cells:.1f} % of the grid) lie "
                           "under no land-use polygon: class 0 (unknown), and no sealing unless a sealing raster "
                           "covers them", path)

    if impervious is None:
        grid = defaults
        report.add("assumed", "sealing from the default sealed shares of the land-use types, area-weighted per "
                              "cell (no sealing raster given)", path)
    else:
        grid = read_impervious(impervious, target=target, report=report, units=impervious_units)
        gaps = np.isnan(grid) & ~np.isnan(defaults)
        if gaps.any():
            grid[gaps] = defaults[gaps]
            report.add("filled", f"{int(gaps.sum())} cells without a sealing value in the raster took the default "
                                 "sealed shares of their land-use types", impervious)
    parcels = _parcels(frame, share, own, id_column, path, target, report)
    return LandUseLayers(landuse, grid.astype("float32"), parcels)


def _polygonal(geoms) -> np.ndarray:
    return _keep(np.asarray(geoms, dtype=object), _POLYGONAL)


def _overlay_plan(geoms, classes, sealed, plan: gpd.GeoDataFrame, open_land: float, target: TargetGrid, path: Path,
                  report: BuildReport):
    """Split land-use polygons by the planned areas: parts inside become class 7 and keep today's sealing.

    Returns the pieces, each land-use polygon's planned share, and the planned areas outside
    every land-use polygon (parcels of their own; parts under half a cell are left out).
    """
    zone = shapely.union_all(plan.geometry.to_numpy())
    hit = shapely.STRtree(geoms).query(zone, predicate="intersects")
    inside = _polygonal(shapely.intersection(geoms[hit], zone))
    share = np.zeros(len(geoms))
    share[hit] = shapely.area(inside) / np.maximum(shapely.area(geoms[hit]), 1e-12)
    geoms = geoms.copy()
    geoms[hit] = _polygonal(shapely.difference(geoms[hit], zone))
    rest = _polygonal([shapely.difference(zone, shapely.union_all(geoms[hit].tolist() + inside.tolist()))])[0]
    parts = np.array([p for p in shapely.get_parts(rest) if not p.is_empty], dtype=object)
    small = shapely.area(parts) < 0.5 * target.cell_area_m2 if len(parts) else np.zeros(0, bool)
    if small.any():
        report.add("dropped", f"{int(small.sum())} slivers of planned areas outside the land-use polygons "
                              f"({_ha(float(shapely.area(parts[small]).sum()))}, each under half a cell) left out",
                   path)
    own = list(parts[~small])
    geoms = np.concatenate([geoms, inside, np.array(own, dtype=object)])
    classes = np.concatenate([classes, np.full(len(inside) + len(own), PLANNED, "uint8")])
    sealed = np.concatenate([sealed, sealed[hit], np.full(len(own), open_land)])
    keep = ~shapely.is_empty(geoms)
    report.add("converted", f"planned development ({_ha(float(shapely.area(zone)))}) laid over the land use: "
                            f"{len(hit)} land-use polygons touched; the cells become class 7 and keep today's sealing"
                            + (f"; {len(own)} planned areas outside all land-use polygons get sealing "
                               f"{open_land:g} (open land)" if own else ""), path)
    return geoms[keep], classes[keep], sealed[keep], share, own


def _parcels(frame: gpd.GeoDataFrame, share: np.ndarray, own: list, id_column: str | None, path: Path,
             target: TargetGrid, report: BuildReport) -> gpd.GeoDataFrame:
    """One parcel per land-use polygon (clipped to the grid), plus planned areas outside all of them."""
    ids = _parcel_ids(frame, id_column, path, report)
    current = [LANDUSE_CLASSES[c - 1] for c in frame["landuse"]]
    planned = [PLANNED_USE if part > 0.5 else use for part, use in zip(share, current)]
    taken, number, extra = set(ids), 0, []
    for _ in own:
        number += 1
        while f"FNP{number:06d}" in taken:
            number += 1
        extra.append(f"FNP{number:06d}")
    parcels = gpd.GeoDataFrame({"parcel_id": ids + extra, "current_use": current + [UNKNOWN_USE] * len(own),
                                "planned_use": planned + [PLANNED_USE] * len(own)},
                               geometry=list(frame.geometry) + own, crs=target.crs)
    marked = int((share > 0.5).sum())
    report.add("converted", f"{len(parcels)} parcels: the land-use polygons, current_use = their class"
                            + (f"; {marked} mostly inside a planned area get planned_use = planned_development"
                               if marked else "")
                            + (f"; {len(own)} planned areas outside all land-use polygons (FNP...) have "
                               "current_use = unknown" if own else ""), path)
    return parcels


def _parcel_ids(frame: gpd.GeoDataFrame, id_column: str | None, path: Path, report: BuildReport) -> list[str]:
    """Ids from ``id_column`` (must be unique and filled), else from the first usable id column, else P000001..."""
    candidates = [id_column] if id_column else [c for c in frame.columns if str(c).casefold() in ID_COLUMNS]
    for name in candidates:
        col = _find_column(frame, name, path, "parcel id")
        ids = [value_key(v) if isinstance(v, float) else ("" if v is None else str(v).strip()) for v in frame[col]]
        problem = ("has empty values" if any(not i for i in ids) else
                   "has repeated values" if len(set(ids)) < len(ids) else None)
        if problem is None:
            report.add("note", f"parcel ids from column '{col}'", path)
            return ids
        if id_column:
            raise _fail(path, f"column '{col}' cannot give parcel ids: it {problem}")
        report.add("note", f"column '{col}' {problem}; parcel ids generated instead", path)
    report.add("note", f"parcel ids generated in file order: P000001 .. P{len(frame):06d}", path)
    return [f"P{i:06d}" for i in range(1, len(frame) + 1)]


# --- sealing raster ------------------------------------------------------------------------------
PERCENT_UNITS = frozenset({"%", "percent", "prozent", "pct"})
FRACTION_UNITS = frozenset({"1", "fraction", "-", "none", ""})


def read_impervious(path: str | Path, *, target: TargetGrid, report: BuildReport, units: str | None = None
                    ) -> np.ndarray:
    """The sealed share (0..1) on the grid, averaged from a raster of fractions or percent; NaN where it has none.

    Units: ``units`` if given, else the band's unit tag, else read from the values (all
    <= 1: fractions; up to 100: percent). Values outside the range are refused: they are
    almost always an undeclared nodata value (255) or the wrong units.
    """
    path = Path(path)
    problem = file_problem(path, "raster")
    if problem:
        raise _fail(path, f"{problem} (sealing raster)")
    try:
        src = rasterio.open(path)
    except rasterio.errors.RasterioIOError as exc:
        raise _fail(path, f"cannot be read as a raster (sealing): {str(exc).splitlines()[0][:200]}") from None
    with src:
        if src.crs is None:
            raise _fail(path, "the sealing raster has no coordinate reference system; save it with its CRS")
        declared = units if units is not None else (src.units[0] if src.units and src.units[0] else None)
        low, high = _value_range(src, target, path)
        scale = _sealing_scale(path, declared, low, high, report)
        out = np.full(target.shape, np.nan, np.float32)
        for rows, cols, transform in target.blocks():
            part = np.full((rows.stop - rows.start, cols.stop - cols.start), np.nan, np.float32)
            reproject(rasterio.band(src, 1), part, src_nodata=src.nodata, dst_transform=transform,
                      dst_crs=target.crs.to_wkt(), dst_nodata=np.nan, resampling=Resampling.average)
            out[rows, cols] = part * scale
        src_crs, res = pyproj.CRS.from_user_input(src.crs), abs(src.transform.a)
    if not src_crs.equals(target.crs):
        report.add("reprojected", f"sealing raster reprojected from {_label(src_crs)} to {_label(target.crs)}", path)
    report.add("resampled", f"sealing averaged from {res:g} (CRS units) pixels onto {target.resolution:g} m cells "
                            "(area average)", path)
    return np.clip(out, 0.0, 1.0)


def _value_range(src, target: TargetGrid, path: Path) -> tuple[float, float]:
    """Smallest and largest valid value of the raster inside the grid, read a strip at a time."""
    try:
        bounds = transform_bounds(target.crs.to_wkt(), src.crs, *target.bounds, densify_pts=21)
        window = from_bounds(*bounds, transform=src.transform)
        col0, row0 = max(0, int(np.floor(window.col_off))), max(0, int(np.floor(window.row_off)))
        col1 = min(src.width, int(np.ceil(window.col_off + window.width)))
        row1 = min(src.height, int(np.ceil(window.row_off + window.height)))
    except (ValueError, rasterio.errors.RasterioError):
        col0 = row0 = col1 = row1 = 0
    if col1 <= col0 or row1 <= row0:
        raise _fail(path, "the sealing raster does not overlap the region grid")
    low, high = np.inf, -np.inf
    step = max(1, 4_000_000 // (col1 - col0))
    for row in range(row0, row1, step):
        data = src.read(1, window=Window(col0, row, col1 - col0, min(step, row1 - row)), masked=True)
        values = np.asarray(data.compressed(), dtype=float)
        values = values[np.isfinite(values)]
        if values.size:
            low, high = min(low, float(values.min())), max(high, float(values.max()))
    if not np.isfinite(high):
        raise _fail(path, "the sealing raster has no valid value inside the region grid (all nodata)")
    return low, high


def _sealing_scale(path: Path, declared: str | None, low: float, high: float, report: BuildReport) -> float:
    """1 for fractions, 0.01 for percent; refuses values outside 0..1 or 0..100."""
    if declared is not None and declared.strip().casefold() in PERCENT_UNITS:
        scale, why = 0.01, f"declared as '{declared}'"
    elif declared is not None and declared.strip().casefold() in FRACTION_UNITS:
        scale, why = 1.0, f"declared as '{declared}'"
    elif declared is not None:
        raise _fail(path, f"the sealing raster's units '{declared}' are not a share; use '1' (fraction) or '%'")
    elif high <= 1.0:
        scale, why = 1.0, f"no value above 1 (largest {high:g})"
    else:
        scale, why = 0.01, f"values up to {high:g}"
    limit = 1.0 if scale == 1.0 else 100.0
    if low < 0 or high > limit:
        raise _fail(path, f"sealing values {low:g} .. {high:g} lie outside 0 .. {limit:g} "
                          f"({'fraction' if scale == 1.0 else 'percent'}, {why}); values such as 255 are usually "
                          "an undeclared nodata value: declare it as the raster's nodata")
    report.add("converted", "sealing read as " + ("fractions 0..1" if scale == 1.0 else "percent and divided by 100")
               + f" ({why})", path)
    return scale


# --- rivers --------------------------------------------------------------------------------------
def read_rivers(path: str | Path | None, *, layer: str | None = None, target: TargetGrid, report: BuildReport,
                name_column: str | None = None) -> RiverLayers | None:
    """River cells (lines: every cell they touch; polygons: cells whose centre lies inside) and the river layer.

    Without a file: None, and the terrain module derives the drainage network from flow accumulation.
    """
    if path is None:
        report.add("derived", "no river file: the drainage network is derived from the DEM's flow accumulation")
        return None
    path = Path(path)
    frame = _read_features(path, layer, target, "rivers", report, _POLYGONAL | _LINEAR)
    river = np.zeros(target.shape, np.uint8)
    lines = frame.geom_type.isin(_LINEAR).to_numpy()
    for subset, touched in ((lines, True), (~lines, False)):
        if subset.any():
            rasterize(((g, 1) for g in frame.geometry[subset]), out=river, transform=target.transform,
                      all_touched=touched)
    candidates = [name_column] if name_column else [c for c in frame.columns if str(c).casefold() in RIVER_NAME_COLUMNS]
    column = _find_column(frame, candidates[0], path, "river name") if candidates else None
    names = frame[column].fillna("").astype(str).to_list() if column else [""] * len(frame)
    report.add("read", f"{int(lines.sum())} river lines and {int((~lines).sum())} river polygons marked "
                       f"{int(river.sum())} cells as river (lines: every cell touched; polygons: cell centres inside); "
                       + (f"names from column '{column}'" if column else "no name column, names left empty"), path)
    return RiverLayers(river, gpd.GeoDataFrame({"name": names}, geometry=frame.geometry.to_list(), crs=target.crs))


__all__ = ["LandUseLayers", "RiverLayers", "build_landuse", "classify", "read_impervious", "read_polygons",
           "read_rivers"]
