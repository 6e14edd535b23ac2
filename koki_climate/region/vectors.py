"""Read the region's vector layers (parcels, rivers, boundary) from a GeoPackage."""
from __future__ import annotations

import geopandas as gpd
import pyogrio
import pyproj

from koki_climate.errors import RegionError
from koki_climate.region.manifest import VectorsSpec
from koki_climate.region.paths import region_file

#: columns each vector role must carry (beyond geometry)
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "parcels": ("parcel_id", "current_use", "planned_use"),
    "rivers": (),
    "boundary": (),
}


def read_vectors(spec: VectorsSpec, crs: pyproj.CRS) -> dict[str, gpd.GeoDataFrame]:
    """Read every layer the manifest names, reprojected to the region CRS."""
    path = spec.file
    region_file(path, manifest=spec.manifest, key=spec.key, kind="vectors")
    try:
        available = {str(name) for name, _geom in pyogrio.list_layers(path)}
    except Exception as exc:
        raise RegionError(path, f"cannot be read as a GeoPackage ({str(exc).splitlines()[0][:200]})") from None
    layers: dict[str, gpd.GeoDataFrame] = {}
    for role, layer in spec.layers.items():
        if layer not in available:
            raise RegionError(path, f"layer '{layer}' ({role}) not found; the file has: "
                                    f"{', '.join(sorted(available)) or 'no layers'}", layer)
        try:
            frame = gpd.read_file(path, layer=layer, engine="pyogrio")
        except Exception as exc:
            raise RegionError(path, f"cannot read ({str(exc).splitlines()[0][:200]})", layer) from None
        if frame.crs is None:
            raise RegionError(path, "layer has no CRS", layer)
        missing = [col for col in REQUIRED_COLUMNS[role] if col not in frame.columns]
        if missing:
            raise RegionError(path, f"layer lacks column(s) {missing}", layer)
        if role == "parcels":
            frame["parcel_id"] = frame["parcel_id"].astype(str)
            if frame["parcel_id"].duplicated().any():
                dup = frame.loc[frame["parcel_id"].duplicated(), "parcel_id"].iloc[0]
                raise RegionError(path, f"parcel_id '{dup}' occurs more than once", layer)
        if not pyproj.CRS.from_user_input(frame.crs).equals(crs):
            frame = frame.to_crs(crs)
        layers[role] = frame
    return layers
