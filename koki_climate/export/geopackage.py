"""GeoPackage of zones and parcels that QGIS opens without complaint."""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from koki_climate.io.atomic import atomic_path
from koki_climate.io.serialize import to_jsonable


def _as_multipolygons(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Valid (Multi)Polygons only, all promoted to MultiPolygon: one geometry type per layer for QGIS."""
    values = np.asarray(geoms.values, dtype=object)
    present = np.array([g is not None for g in values])
    fixed = values.copy()
    if present.any():
        fixed[present] = shapely.make_valid(list(values[present]), method="structure", keep_collapsed=False)
    out = []
    for g in fixed:
        if g is None or g.is_empty:
            out.append(None)
            continue
        parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
        polys = [q for p in parts for q in shapely.get_parts(p)]
        out.append(shapely.MultiPolygon(polys) if polys else None)
    return gpd.GeoSeries(out, index=geoms.index, crs=geoms.crs)


def _gpkg_ready(frame: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    if frame.crs is None:
        raise ValueError(f"layer '{name}' has no CRS")
    out = frame.copy()
    out = out.set_geometry(_as_multipolygons(out.geometry))
    for column in out.columns:
        if column != out.geometry.name and out[column].dtype == object:
            if out[column].map(lambda v: isinstance(v, (dict, list, tuple))).any():
                out[column] = out[column].map(lambda v: json.dumps(to_jsonable(v)))
    return out


def parcels_with_overlay(parcels: gpd.GeoDataFrame, overlay: pd.DataFrame) -> gpd.GeoDataFrame:
    """Parcels joined with their zone shares and conflict columns (from ``parcel_overlay``)."""
    extra = overlay.drop(columns=[c for c in overlay.columns if c in parcels.columns and c != "parcel_id"])
    left = parcels.assign(parcel_id=parcels["parcel_id"].astype(str))
    right = extra.assign(parcel_id=extra["parcel_id"].astype(str))
    return left.merge(right, on="parcel_id", how="left")


def _write_layers(path: Path, zones: gpd.GeoDataFrame, parcels: gpd.GeoDataFrame | None,
                  overlay: pd.DataFrame | None) -> None:
    zones_out = _gpkg_ready(zones, "zones")
    zones_out.to_file(path, layer="zones", driver="GPKG", engine="pyogrio")
    if parcels is None:
        return
    if overlay is not None:
        parcels = parcels_with_overlay(parcels, overlay)
    parcels_out = _gpkg_ready(parcels, "parcels")
    if parcels_out.crs != zones_out.crs:
        parcels_out = parcels_out.to_crs(zones_out.crs)
    parcels_out.to_file(path, layer="parcels", driver="GPKG", engine="pyogrio")


def write_zones_gpkg(
    path: str | os.PathLike[str],
    zones: gpd.GeoDataFrame,
    parcels: gpd.GeoDataFrame | None,
    overlay: pd.DataFrame | None = None,
) -> Path:
    """A GeoPackage with layers ``zones`` and ``parcels`` (joined with ``overlay`` if given), atomically.

    Geometries are repaired (``make_valid``) and promoted to MultiPolygon so QGIS opens both
    layers without complaint; parcels are reprojected to the zones' CRS.
    """
    with atomic_path(path) as tmp:
        _write_layers(tmp, zones, parcels, overlay)
    return Path(path)


def gpkg_bytes(write: Callable[[Path], None], name: str = "export.gpkg") -> bytes:
    """A GeoPackage that ``write(path)`` writes, as bytes (downloads). GDAL needs a file: it is
    made in a private temporary folder and removed, so nothing stays on the server."""
    with tempfile.TemporaryDirectory(prefix="koki-gpkg-") as folder:
        path = Path(folder) / name
        write(path)
        return path.read_bytes()


def zones_gpkg_bytes(zones: gpd.GeoDataFrame, parcels: gpd.GeoDataFrame | None,
                     overlay: pd.DataFrame | None = None) -> bytes:
    """The same GeoPackage as :func:`write_zones_gpkg`, as bytes (downloads)."""
    return gpkg_bytes(lambda path: _write_layers(path, zones, parcels, overlay), "zonen.gpkg")


__all__ = ["gpkg_bytes", "parcels_with_overlay", "write_zones_gpkg", "zones_gpkg_bytes"]
