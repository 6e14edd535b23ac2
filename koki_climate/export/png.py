"""Categorical maps as PNG (zones, zone changes) with legend and scale bar, for print.

Colours and legend labels come from the caller (the presentation layer), so this module
draws whatever key it is handed and knows no language.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import xarray as xr

from koki_climate.grid import cell_extent, north_up
from koki_climate.zoning import NODATA


@dataclass(frozen=True)
class MapKey:
    """The legend of a categorical map: codes in drawing order with their colours and labels."""

    codes: tuple[int, ...]
    colours: tuple[str, ...]
    labels: tuple[str, ...]
    nodata_colour: str
    nodata_label: str


def _scale_bar(ax: Any, extent: tuple[float, float, float, float]) -> None:
    width = extent[1] - extent[0]
    target = width / 5
    base = 10 ** math.floor(math.log10(target))
    length = max(m * base for m in (1, 2, 5) if m * base <= target)
    x0 = extent[0] + width * 0.04
    y0 = extent[2] + (extent[3] - extent[2]) * 0.04
    ax.plot([x0, x0 + length], [y0, y0], color="black", linewidth=3, solid_capstyle="butt")
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    ax.text(x0 + length / 2, y0 + (extent[3] - extent[2]) * 0.012, label, ha="center", va="bottom", fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 1})


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def category_map_png(values: np.ma.MaskedArray, grid: xr.DataArray, key: MapKey, title: str,
                     parcels: gpd.GeoDataFrame | None = None) -> bytes:
    """Draw north-up ``values`` (masked = no data) over ``grid``'s extent in the colours of ``key``."""
    from matplotlib.collections import LineCollection
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure  # no pyplot: no global state, safe in server threads
    from matplotlib.patches import Patch

    extent = cell_extent(grid)
    codes = list(key.codes)
    cmap = ListedColormap(list(key.colours)).with_extremes(bad=key.nodata_colour)
    norm = BoundaryNorm([c - 0.5 for c in codes] + [codes[-1] + 0.5], len(codes))
    fig = Figure(figsize=(6.0, 6.4), dpi=150)
    ax = fig.add_subplot()
    ax.imshow(values, cmap=cmap, norm=norm, extent=extent, origin="upper", interpolation="nearest")
    if parcels is not None and len(parcels):
        crs = grid.rio.crs
        frame = parcels.to_crs(crs) if crs is not None and parcels.crs is not None and parcels.crs != crs else parcels
        lines = [np.asarray(part.coords) for part in shapely.get_parts(frame.geometry.boundary.dropna().values)
                 if not part.is_empty]
        ax.add_collection(LineCollection(lines, colors="#333333", linewidths=0.3))
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=11)
    _scale_bar(ax, extent)
    # strictest first: the legend reads like the plan's key
    handles = [Patch(facecolor=c, edgecolor="#555555", label=lab)
               for c, lab in zip(key.colours[::-1], key.labels[::-1])]
    handles.append(Patch(facecolor=key.nodata_colour, edgecolor="#555555", label=key.nodata_label))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=8, frameon=False)
    return _png(fig)


def zone_map_png(classes: xr.DataArray, title: str, key: MapKey, parcels: gpd.GeoDataFrame | None = None) -> bytes:
    """A zone grid (codes of ``koki_climate.zoning``, 255 = no data) as a PNG map."""
    raw = north_up(np.asarray(classes.values), classes)
    values = np.ma.masked_where(raw == NODATA, raw.astype("float32"))
    return category_map_png(values, classes, key, title, parcels)


def change_map_png(change: xr.DataArray, title: str, key: MapKey) -> bytes:
    """A zone-change grid (B − A) as a PNG map of its sign: −1 looser, 0 same, +1 stricter."""
    raw = north_up(np.asarray(change.values).astype("float32"), change)
    nodata = change.rio.nodata
    bad = ~np.isfinite(raw) | ((raw == nodata) if nodata is not None else False) | (np.abs(raw) > 3)
    values = np.ma.masked_where(bad, np.sign(np.where(bad, 0, raw)))
    return category_map_png(values, change, key, title)


__all__ = ["MapKey", "category_map_png", "change_map_png", "zone_map_png"]
