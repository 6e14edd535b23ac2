"""Clicking a place on a map: a lattice of invisible, pickable points over the region.

Streamlit's deck chart reports which *objects* a click selected, not the clicked
coordinate; a lattice of at most :data:`MAX_SIDE` × :data:`MAX_SIDE` points (each drawn as an
almost transparent disc, overlapping its neighbours) turns a click into a lattice point at
most 0.72 spacings away. The comment's "small area" is that disc; typed coordinates are exact. Why
not finer: every selection rebuilds the deck in the browser, which took ~18 s with 32 × 32
points in headless Chromium's software renderer and froze the page at 64 × 64. The payload
stays small: two coordinates and an index per point (about 40 kB).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pydeck as pdk
import pyproj

from koki_climate.grid import cell_extent
from koki_climate.participation.comments import MAX_RADIUS_M
from koki_climate.ui.maps import WGS84

#: most lattice points per side
MAX_SIDE = 32
#: the lattice is never finer than this (m): a finer click means nothing on a 1:5000 plan
MIN_SPACING_M = 20.0
LAYER_ID = "click-lattice"
#: lattice discs' radius in spacings: just over 1/√2, so that every clicked point hits one
COVER = 0.72


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

    @property
    def radius_m(self) -> float:
        """Radius of the area a clicked comment covers: half the spacing, at most what a comment may cover."""
        return min(self.spacing_m / 2, MAX_RADIUS_M)


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
    # discs of radius spacing/√2 cover the plane (touching discs would leave gaps between four
    # of them, e.g. right in the middle of an even lattice); where two overlap, either is near
    return pdk.Layer("ScatterplotLayer", id=LAYER_ID, data=data, get_position="p",
                     get_radius=points.spacing_m * COVER,
                     radius_units=pdk.types.String("meters"), get_fill_color=[255, 255, 255, 1], pickable=True,
                     auto_highlight=False)


def marker_layer(lon: float, lat: float, radius_m: float) -> pdk.Layer:
    """The chosen place, drawn as an outlined disc."""
    return pdk.Layer("ScatterplotLayer", id="chosen-place", data=[{"p": [lon, lat]}], get_position="p",
                     get_radius=radius_m, radius_units=pdk.types.String("meters"), get_fill_color=[0, 90, 200, 60],
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
