"""Clicking a place on a map: a lattice of invisible, pickable points over the region.

Streamlit's deck chart reports which *objects* a click selected, not the clicked
coordinate; a lattice of at most :data:`MAX_SIDE` × :data:`MAX_SIDE` points (each drawn as a
disc as wide as the lattice spacing, almost transparent) turns a click into the nearest
lattice point. The comment's "small area" is that disc. The payload stays small: two
coordinates and an index per point (about 160 kB at 64 × 64).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pydeck as pdk
import pyproj

from koki_climate.grid import cell_extent
from koki_climate.ui.maps import WGS84

#: most lattice points per side
MAX_SIDE = 64
#: the lattice is never finer than this (m): a finer click means nothing on a 1:5000 plan
MIN_SPACING_M = 20.0
LAYER_ID = "click-lattice"


@dataclass(frozen=True)
class Lattice:
    """Lattice points in the region's CRS (x, y) and for the map (lon, lat)."""

    x: np.ndarray
    y: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    spacing_m: float

    def point(self, index: int) -> tuple[float, float]:
        return float(self.x[index]), float(self.y[index])


def lattice(grid, crs: pyproj.CRS) -> Lattice:
    """Square lattice over the grid's extent, centred in it, spacing ≥ :data:`MIN_SPACING_M`."""
    xmin, xmax, ymin, ymax = cell_extent(grid)
    spacing = max(MIN_SPACING_M, max(xmax - xmin, ymax - ymin) / MAX_SIDE)
    nx, ny = max(1, int((xmax - xmin) // spacing)), max(1, int((ymax - ymin) // spacing))
    xs = xmin + (xmax - xmin - (nx - 1) * spacing) / 2 + spacing * np.arange(nx)
    ys = ymin + (ymax - ymin - (ny - 1) * spacing) / 2 + spacing * np.arange(ny)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    lon, lat = pyproj.Transformer.from_crs(crs, WGS84, always_xy=True).transform(gx, gy)
    return Lattice(gx, gy, np.asarray(lon), np.asarray(lat), float(spacing))


def lattice_layer(points: Lattice) -> pdk.Layer:
    """The pickable layer; a selected object carries its lattice index ``i``."""
    data = [{"i": i, "p": [round(float(lo), 6), round(float(la), 6)]}
            for i, (lo, la) in enumerate(zip(points.lon, points.lat))]
    return pdk.Layer("ScatterplotLayer", id=LAYER_ID, data=data, get_position="p", get_radius=points.spacing_m / 2,
                     radius_units="meters", get_fill_color=[255, 255, 255, 1], pickable=True,
                     auto_highlight=True, highlight_color=[0, 90, 200, 90])


def marker_layer(lon: float, lat: float, radius_m: float) -> pdk.Layer:
    """The chosen place, drawn as an outlined disc."""
    return pdk.Layer("ScatterplotLayer", id="chosen-place", data=[{"p": [lon, lat]}], get_position="p",
                     get_radius=radius_m, radius_units="meters", get_fill_color=[0, 90, 200, 60],
                     get_line_color=[0, 60, 160, 255], line_width_min_pixels=2, stroked=True, pickable=False)


def selected_index(event) -> int | None:
    """The lattice index a chart's selection event names, or None."""
    try:
        objects = event.selection.objects.get(LAYER_ID) or []
    except AttributeError:
        return None
    if not objects:
        return None
    index = objects[0].get("i")
    return int(index) if isinstance(index, int) else None


__all__ = ["LAYER_ID", "Lattice", "lattice", "lattice_layer", "marker_layer", "selected_index"]
