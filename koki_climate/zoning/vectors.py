"""Zone polygons for maps and GIS, and the zones per land-use-plan parcel."""
from __future__ import annotations

import math
from collections import defaultdict

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio.features
import shapely
import xarray as xr
from shapely.geometry import shape

from koki_climate.grid import cell_area_m2, cell_size
from koki_climate.zoning.rules import (
    AUFLAGEN,
    FREIHALTEN,
    NEW_BUILDING_USES,
    NODATA,
    ZONE_CLASSES,
    ZONE_LABELS,
    ZoningRules,
)

SHARE_COLUMNS: tuple[str, ...] = tuple(f"share_{ZONE_CLASSES[k]}" for k in sorted(ZONE_CLASSES))

#: rows per strip when counting zone cells per parcel
COUNT_STRIP_ROWS = 1024
#: zone outlines of larger grids are drawn at a coarser planning resolution (16 M cells: 4,000 x 4,000)
ZONE_OUTLINE_MAX_CELLS = 16_000_000


def planning_grid(classes: xr.DataArray, max_cells: int = ZONE_OUTLINE_MAX_CELLS) -> tuple[xr.DataArray, float]:
    """The zone classes at the resolution their outlines are drawn at, and that cell size (m).

    Up to ``max_cells`` the grid itself. Larger grids (a state at 3 m has 100 M cells, whose
    outlines alone would hold millions of vertices) are cut into blocks of f x f cells, the
    smallest f that fits, and each block takes its *strictest* class: a zone is never narrowed
    by the coarser drawing, only widened by less than f cells. Areas (the summary's
    ``zones_ha``, the parcels' shares) are always counted on the full grid.
    """
    ny, nx = classes.shape
    factor = max(1, math.floor(math.sqrt(ny * nx / max_cells)))
    while math.ceil(ny / factor) * math.ceil(nx / factor) > max_cells:
        factor += 1
    dx, dy = cell_size(classes)
    if factor == 1:
        return classes, dx
    values = _class_array(classes)
    padded = np.full((-(-ny // factor) * factor, -(-nx // factor) * factor), NODATA, dtype="uint8")
    padded[:ny, :nx] = values
    blocks = padded.reshape(padded.shape[0] // factor, factor, padded.shape[1] // factor, factor)
    valid = blocks != NODATA
    strictest = np.where(valid, blocks, 0).max(axis=(1, 3)).astype("uint8")
    coarse = np.where(valid.any(axis=(1, 3)), strictest, NODATA).astype("uint8")
    x, y = classes["x"].values, classes["y"].values
    step_y = dy if y.size < 2 or y[1] > y[0] else -dy
    centre = (factor - 1) / 2
    out = xr.DataArray(coarse, dims=("y", "x"), name=classes.name, attrs=classes.attrs, coords={
        "x": x[0] + (np.arange(coarse.shape[1]) * factor + centre) * dx,
        "y": y[0] + (np.arange(coarse.shape[0]) * factor + centre) * step_y})
    crs = classes.rio.crs
    if crs is not None:
        out.rio.write_crs(crs, inplace=True)
    return out, dx * factor


def _class_array(classes: xr.DataArray) -> np.ndarray:
    if classes.dims != ("y", "x"):
        raise ValueError(f"zone classes must have dims ('y', 'x'), got {classes.dims}")
    return np.asarray(classes.values).astype("uint8")


def zone_polygons(classes: xr.DataArray, simplify_m: float = 0.0, *, include_none: bool = False) -> gpd.GeoDataFrame:
    """One row per zone class (a MultiPolygon), dissolved so a map layer stays small.

    Columns: ``zone`` (int), ``name``, ``label_de``, ``label_en``, ``area_ha``, geometry, in
    the grid's CRS. ``area_ha`` is the classified area (cell count x cell area): with
    ``simplify_m == 0`` it equals the polygons' area exactly; with ``simplify_m > 0`` the
    edges are simplified jointly (a coverage simplification, so neighbouring zones keep
    shared edges without gaps or overlaps) and the polygons only approximate that area.
    Class 0 (``keine``) is left out unless ``include_none``.
    """
    values = _class_array(classes)
    transform = classes.rio.transform()
    valid = values != NODATA
    parts: dict[int, list] = defaultdict(list)
    for geom, value in rasterio.features.shapes(values, mask=valid, connectivity=4, transform=transform):
        parts[int(value)].append(shape(geom))
    zones = sorted(parts)
    geoms = np.array([shapely.MultiPolygon(parts[k]) for k in zones], dtype=object)
    if simplify_m > 0 and len(geoms):
        geoms = shapely.coverage_simplify(geoms, simplify_m, simplify_boundary=True)
    geoms = np.array([g if g.is_valid else shapely.make_valid(g, method="structure", keep_collapsed=False)
                      for g in geoms], dtype=object)
    counts = np.bincount(values[valid].ravel(), minlength=len(ZONE_CLASSES))
    cell_ha = cell_area_m2(classes) / 1e4
    frame = gpd.GeoDataFrame(
        {
            "zone": np.array(zones, dtype="int64"),
            "name": [ZONE_CLASSES[k] for k in zones],
            "label_de": [ZONE_LABELS["de"][k] for k in zones],
            "label_en": [ZONE_LABELS["en"][k] for k in zones],
            "area_ha": [float(counts[k]) * cell_ha for k in zones],
        },
        geometry=gpd.GeoSeries(list(geoms), crs=classes.rio.crs),
    )
    if not include_none:
        frame = frame[frame["zone"] != 0]
    return frame.reset_index(drop=True)


def _parcel_ids(parcels: gpd.GeoDataFrame, classes: xr.DataArray) -> np.ndarray:
    """Grid of 1-based parcel numbers (0 = no parcel) by cell centre; later parcels win overlaps."""
    shapes = [(geom, i + 1) for i, geom in enumerate(parcels.geometry) if geom is not None and not geom.is_empty]
    if not shapes:
        return np.zeros(classes.shape, dtype="int32")
    return rasterio.features.rasterize(
        shapes, out_shape=classes.shape, transform=classes.rio.transform(), fill=0, all_touched=False, dtype="int32"
    )


def parcel_overlay(classes: xr.DataArray, parcels: gpd.GeoDataFrame, rules: ZoningRules = ZoningRules()) -> pd.DataFrame:
    """Zone shares per parcel, its dominant and highest zone, and conflicts with new building.

    A cell counts for a parcel when its centre lies inside it (rasterised once to an id
    grid, no per-cell loop). Shares are of the parcel's classified cells and add up to 1.
    A parcel too small to contain a cell centre takes the class of the cell under its
    representative point (``n_cells`` is then 0). The dominant zone breaks ties towards the
    stricter class. ``conflict`` is true where the planned use means new building
    (``planned_development``) and more than ``rules.conflict_share`` of the parcel lies in
    class 2 or 3 together; ``conflict_class`` is 3 if the class-3 share alone exceeds it,
    else 2 (0 without conflict). Parcels without any classified cell get NaN shares and
    zone 255.
    """
    values = _class_array(classes)
    if parcels.crs is not None and classes.rio.crs is not None and parcels.crs != classes.rio.crs:
        parcels = parcels.to_crs(classes.rio.crs)
    n = len(parcels)
    k = len(ZONE_CLASSES)
    ids = _parcel_ids(parcels, classes)
    counts = np.zeros((n + 1) * k, dtype="int64")
    n_cells = np.zeros(n + 1, dtype="int64")
    for top in range(0, values.shape[0], COUNT_STRIP_ROWS):  # strips: no whole-grid int64 key (800 MB at 100 M)
        ids_strip, values_strip = ids[top:top + COUNT_STRIP_ROWS], values[top:top + COUNT_STRIP_ROWS]
        valid = values_strip != NODATA
        counts += np.bincount(ids_strip[valid].astype("int64") * k + values_strip[valid], minlength=(n + 1) * k)
        n_cells += np.bincount(ids_strip.ravel(), minlength=n + 1)
    counts = counts.reshape(n + 1, k)[1:].astype("float64")
    n_cells = n_cells[1:]

    # Parcels smaller than a cell: the cell under a point inside the parcel.
    inverse = ~classes.rio.transform()
    for i in np.flatnonzero(n_cells == 0):
        geom = parcels.geometry.iloc[i]
        if geom is None or geom.is_empty:
            continue
        point = geom.representative_point()
        col, row = inverse @ (point.x, point.y)
        row, col = int(np.floor(row)), int(np.floor(col))
        if 0 <= row < values.shape[0] and 0 <= col < values.shape[1] and values[row, col] != NODATA:
            counts[i, values[row, col]] = 1.0

    total = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / total[:, None]
    has = total > 0
    dominant = np.where(has, (k - 1) - np.argmax(counts[:, ::-1], axis=1), NODATA)
    highest = np.where(has, (k - 1) - np.argmax(counts[:, ::-1] > 0, axis=1), NODATA)

    planned = parcels["planned_use"].astype(str).to_numpy() if "planned_use" in parcels else np.full(n, "")
    builds = np.isin(planned, NEW_BUILDING_USES)
    flood_share = np.nan_to_num(shares[:, AUFLAGEN] + shares[:, FREIHALTEN])
    tol = rules.conflict_share
    conflict = builds & (flood_share > tol)
    conflict_class = np.where(conflict, np.where(np.nan_to_num(shares[:, FREIHALTEN]) > tol, FREIHALTEN, AUFLAGEN), 0)

    out = pd.DataFrame({"parcel_id": parcels["parcel_id"].astype(str).to_numpy()}, index=parcels.index)
    for column in ("current_use", "planned_use"):
        if column in parcels:
            out[column] = parcels[column].to_numpy()
    out["n_cells"] = n_cells.astype("int64")
    for j, column in enumerate(SHARE_COLUMNS):
        out[column] = shares[:, j]
    out["dominant_zone"] = dominant.astype("int64")
    out["dominant_name"] = [ZONE_CLASSES.get(int(z), "nodata") for z in dominant]
    out["max_zone"] = highest.astype("int64")
    out["max_name"] = [ZONE_CLASSES.get(int(z), "nodata") for z in highest]
    out["conflict"] = conflict
    out["conflict_class"] = conflict_class.astype("int64")
    return out.reset_index(drop=True)
