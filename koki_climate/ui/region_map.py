"""The region map: one raster layer (land use, elevation, …) plus parcels, rivers, boundary."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pydeck as pdk

from koki_climate.region import Region
from koki_climate.ui.i18n import t
from koki_climate.ui.maps import (
    DEFAULT_MAX_PIXELS, ClassStyle, LegendEntry, bitmap_layer, colorize_classes, colorize_continuous,
    corner_bounds, deck, downsample, geojson_layer, rgba_to_hex, to_geojson, view_for,
)

LANDUSE_COLORS: dict[int, tuple[int, int, int, int]] = {
    1: (200, 80, 70, 230),    # settlement
    2: (150, 90, 160, 230),   # industry
    3: (240, 220, 130, 230),  # agriculture
    4: (160, 210, 120, 230),  # grassland
    5: (40, 120, 60, 230),    # forest
    6: (60, 120, 220, 240),   # water
    7: (250, 140, 0, 240),    # planned development
}

#: continuous layers: colormap, unit, and whether high values are "wetter/worse"
CONTINUOUS_STYLES: dict[str, tuple[str, str]] = {
    "elevation": ("terrain", "m ü. NN"),
    "groundwater_depth": ("Blues_r", "m u. GOK"),
    "impervious": ("Greys", "%"),
}
RASTER_LAYERS = ("landuse", "elevation", "groundwater_depth", "impervious")


@dataclass(frozen=True)
class MapResult:
    """A deck ready for ``st.pydeck_chart`` and the legend that explains it."""

    deck: pdk.Deck
    legend: list[LegendEntry]
    legend_title: str


def landuse_style(lang: str) -> ClassStyle:
    return ClassStyle(LANDUSE_COLORS, {value: t(f"landuse_{value}", lang) for value in LANDUSE_COLORS})


def region_map(region: Region, layer: str = "landuse", *, lang: str = "de", show_parcels: bool = True,
               show_rivers: bool = True, max_pixels: int = DEFAULT_MAX_PIXELS) -> MapResult:
    """Build the overview map of a region: one raster layer as an image, vectors on top."""
    if layer not in RASTER_LAYERS:
        raise ValueError(f"unknown map layer {layer!r}; choose one of {RASTER_LAYERS}")
    da = region.grid[layer]
    bounds = corner_bounds(da, region.crs)
    cell = abs(float(da.x[1] - da.x[0]))
    step = max(1, int(np.ceil(max(da.shape) / max_pixels)))
    if layer == "landuse":
        style = landuse_style(lang)
        rgba = colorize_classes(downsample(np.asarray(da.values), max_pixels, categorical=True), style)
        legend, title = style.legend(), t("layer_landuse", lang)
    else:
        values = downsample(np.asarray(da.values, dtype="float32"), max_pixels)
        cmap, unit = CONTINUOUS_STYLES[layer]
        scale = 100.0 if layer == "impervious" else 1.0
        vmin, vmax = np.nanpercentile(values, [2, 98]) if np.isfinite(values).any() else (0.0, 1.0)
        rgba = colorize_continuous(values, cmap, float(vmin), float(vmax))
        legend = _continuous_legend(cmap, float(vmin) * scale, float(vmax) * scale, unit)
        title = t(f"layer_{layer}", lang)

    layers = [bitmap_layer(rgba, bounds, f"raster-{layer}")]
    tolerance = cell * step  # about one screen pixel
    if region.boundary is not None:
        layers.append(geojson_layer(to_geojson(region.boundary, tolerance), "boundary", filled=False,
                                    line=(20, 20, 20, 255), line_width_px=2.5))
    if show_rivers and region.rivers is not None:
        layers.append(geojson_layer(to_geojson(region.rivers, tolerance, ["name"]), "rivers", filled=False,
                                    line=(30, 90, 200, 255), line_width_px=2.0))
    tooltip = None
    if show_parcels and region.parcels is not None:
        data = to_geojson(region.parcels, tolerance, ["parcel_id", "current_use", "planned_use"])
        layers.append(geojson_layer(data, "parcels", fill=(255, 255, 255, 20), line=(60, 60, 60, 160),
                                    line_width_px=0.8, pickable=True))
        tooltip = {"html": f"<b>{t('tooltip_parcel', lang)}</b> {{parcel_id}}<br/>"
                           f"{t('tooltip_current_use', lang)}: {{current_use}}<br/>"
                           f"{t('tooltip_planned_use', lang)}: {{planned_use}}"}
    return MapResult(deck(layers, view_for(bounds), tooltip), legend, title)


def _continuous_legend(cmap: str, vmin: float, vmax: float, unit: str, steps: int = 5) -> list[LegendEntry]:
    from matplotlib import colormaps

    colors = colormaps[cmap](np.linspace(0, 1, steps))
    values = np.linspace(vmin, vmax, steps)
    return [LegendEntry(rgba_to_hex((np.array(c) * 255).astype(int)), f"{v:,.1f} {unit}".replace(",", " "))
            for c, v in zip(colors, values)]
