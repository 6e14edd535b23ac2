"""Risk maps of one scenario and of the change between two: pure builders (no streamlit).

Every raster goes to the browser as one PNG (``BitmapLayer``) no larger than screen size,
zones and parcels as simplified GeoJSON (``GeoJsonLayer``). Pages cache what these
functions return by scenario hash, layer and language, so a warm switch only re-sends JSON.
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import xarray as xr
from matplotlib import colormaps
from matplotlib.colors import LightSource

from koki_climate.grid import cell_size, north_up
from koki_climate.risk.predict import APPLICABLE_OUTSIDE, APPLICABLE_SCREENED
from koki_climate.risk.features import FEATURE_LABELS
from koki_climate.ui.i18n import t
from koki_climate.ui.palette import CHANGE_COLOURS, ZONE_COLOURS
from koki_climate.ui.maps import (
    DEFAULT_MAX_PIXELS, MAX_LAYER_VERTICES, ClassStyle, LegendEntry, colorize_classes, colorize_continuous,
    corner_bounds, deck, image_layer, overview, png_data_url, rgba_to_hex, to_geojson,
)
from koki_climate.zoning import NODATA, ZONE_CLASSES

LANDUSE_COLORS: dict[int, tuple[int, int, int, int]] = {
    1: (200, 80, 70, 230),    # settlement
    2: (150, 90, 160, 230),   # industry
    3: (240, 220, 130, 230),  # agriculture
    4: (160, 210, 120, 230),  # grassland
    5: (40, 120, 60, 230),    # forest
    6: (60, 120, 220, 240),   # water
    7: (250, 140, 0, 240),    # planned development
}


def landuse_style(lang: str) -> ClassStyle:
    """Colours and translated labels of the land-use classes (1..7)."""
    return ClassStyle(LANDUSE_COLORS, {value: t(f"landuse_{value}", lang) for value in LANDUSE_COLORS})


#: the map layers of a scenario, in menu order
LAYERS: tuple[str, ...] = ("zone", "p", "uncertainty", "aoa", "groundwater_depth", "impervious", "elevation",
                           "landuse")
#: layers shown for one design event
EVENT_LAYERS: tuple[str, ...] = ("p", "uncertainty", "aoa")
EVENTS: tuple[str, ...] = ("hq10", "hq100", "hqextrem")
DEFAULT_LAYER, DEFAULT_EVENT = "zone", "hq100"
#: upper end of the uncertainty colour scale (spread of p, as a fraction): fixed so scenarios compare
SPREAD_MAX = 0.2
#: upper end of the depth-to-groundwater scale (m): deeper groundwater does not matter for flooding
DEPTH_MAX_M = 5.0
#: cells with less than this probability stay transparent so the terrain shows through
P_VISIBLE = 0.02
CONFLICT_RGBA = [200, 0, 0, 255]
#: AOA layer: cells not predicted (physically screened, p = 0), a pale tint
SCREENED_RGBA = (175, 205, 225, 120)
#: pydeck evaluates plain strings as JavaScript: a constant string must be a literal
PIXELS = pdk.types.String("pixels")
PARCEL_RGBA = [60, 60, 60, 170]


@dataclass(frozen=True)
class LayerImage:
    """One raster layer ready for the map: PNG data URL (None: drawn as polygons) and its legend."""

    url: str | None
    legend: tuple[LegendEntry, ...]
    title: str


def hex_to_rgba(color: str, alpha: int = 255) -> list[int]:
    color = color.lstrip("#")
    return [int(color[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]


def image_pixel(da: xr.DataArray, max_pixels: int = DEFAULT_MAX_PIXELS) -> float:
    """One pixel of the downsampled raster in metres: zones need no finer outline than their raster."""
    step = max(1, int(np.ceil(max(da.shape) / max_pixels)))
    return cell_size(da)[0] * step


def pixel_tolerance(da: xr.DataArray, max_pixels: int = DEFAULT_MAX_PIXELS) -> float:
    """About half a screen pixel (region drawn ``max_pixels`` wide) in metres: the vector simplification.

    Tied to the screen, not the grid: on a coarse grid a cell is several pixels wide and
    simplifying by a cell would turn small parcels into triangles.
    """
    return cell_size(da)[0] * max(da.shape) / (2 * max_pixels)


def round_coordinates(geojson: dict, digits: int = 6) -> dict:
    """Round lon/lat in place to ``digits`` decimals (6: about 0.1 m), halving the payload."""
    def walk(value):
        if isinstance(value, float):
            return round(value, digits)
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    for feature in geojson.get("features", []):
        geometry = feature.get("geometry")
        if geometry and "coordinates" in geometry:
            geometry["coordinates"] = walk(geometry["coordinates"])
    return geojson


# --- rasters -----------------------------------------------------------------------------------

def hillshade_url(elevation: xr.DataArray, max_pixels: int = DEFAULT_MAX_PIXELS) -> str:
    """A light grey shaded relief: the offline base map under every layer."""
    values = overview(elevation, max_pixels)
    step = max(1, int(np.ceil(max(elevation.shape) / max_pixels)))
    finite = np.isfinite(values)
    filled = np.where(finite, values, np.nanmean(values) if finite.any() else 0.0)
    shade = LightSource(azdeg=315, altdeg=45).hillshade(filled, vert_exag=4.0, dx=cell_size(elevation)[0] * step,
                                                         dy=cell_size(elevation)[1] * step)
    grey = (175 + 70 * shade).astype(np.uint8)
    rgba = np.stack([grey, grey, grey, np.where(finite, 255, 0).astype(np.uint8)], axis=-1)
    return png_data_url(rgba)


def _continuous_legend(cmap: str, vmin: float, vmax: float, fmt: str, steps: int = 5) -> tuple[LegendEntry, ...]:
    colors = colormaps[cmap](np.linspace(0, 1, steps))
    values = np.linspace(vmin, vmax, steps)
    return tuple(LegendEntry(rgba_to_hex((np.array(c) * 255).astype(int)), fmt.format(v))
                 for c, v in zip(colors, values))


def zone_labels(lang: str) -> dict[int, str]:
    """Zone class names from the translation table, so citizens read them in all five languages."""
    return {code: t(f"plain_zone_label_{code}", lang) for code in ZONE_CLASSES}


def zone_legend(lang: str) -> tuple[LegendEntry, ...]:
    labels = zone_labels(lang)
    return tuple(LegendEntry(ZONE_COLOURS[code], labels[code]) for code in sorted(ZONE_COLOURS, reverse=True))


def hatch_rgba(outside: np.ndarray, period: int = 6) -> np.ndarray:
    """Grey diagonal hatching over ``outside`` cells (True), transparent elsewhere."""
    ny, nx = outside.shape
    scale = max(1, int(round(max(ny, nx) / 400)))  # stripes stay visible on small grids
    yy, xx = np.mgrid[0:ny, 0:nx]
    stripe = ((yy + xx) // scale) % period < max(1, period // 3)
    rgba = np.zeros((ny, nx, 4), dtype=np.uint8)
    rgba[outside] = (120, 120, 120, 90)
    rgba[outside & stripe] = (70, 70, 70, 200)
    return rgba


def aoa_url(risk: xr.Dataset, event: str, max_pixels: int = DEFAULT_MAX_PIXELS, *, show_screened: bool = False) -> str:
    """Hatched image of the predicted cells outside the model's area of applicability for ``event``.

    Cells the physical screen skipped (p = 0, not predicted) are neither inside nor outside:
    ``show_screened`` tints them (on the AOA layer itself; as a hatch over other layers they stay clear).
    """
    applicable = overview(risk[f"applicable_{event}"], max_pixels, categorical=True)
    valid = overview(risk["zone"], max_pixels, categorical=True) != NODATA
    rgba = hatch_rgba((applicable == APPLICABLE_OUTSIDE) & valid)
    if show_screened:
        rgba[(applicable == APPLICABLE_SCREENED) & valid] = SCREENED_RGBA
    return png_data_url(rgba)


def layer_image(layer: str, risk: xr.Dataset, grid: xr.Dataset, *, event: str = DEFAULT_EVENT, lang: str = "de",
                max_pixels: int = DEFAULT_MAX_PIXELS) -> LayerImage:
    """The raster of one map layer of a result (``risk``) on the region (``grid``), with legend."""
    if layer not in LAYERS:
        raise ValueError(f"unknown map layer {layer!r}; choose one of {', '.join(LAYERS)}")
    if layer in EVENT_LAYERS and event not in EVENTS:
        raise ValueError(f"unknown design event {event!r}; choose one of {', '.join(EVENTS)}")
    title = t(f"map_layer_{layer}", lang)
    if layer in EVENT_LAYERS:
        title += f" · {t(f'map_event_{event}', lang)}"

    def grid_values(da: xr.DataArray) -> np.ndarray:
        return overview(da, max_pixels)

    if layer == "zone":
        return LayerImage(None, zone_legend(lang), title)
    if layer == "p":
        values = grid_values(risk[f"p_{event}"])
        rgba = colorize_continuous(values, "PuBu", 0.0, 1.0, alpha=215)
        rgba[..., 3] = np.where(values >= P_VISIBLE, rgba[..., 3], 0)
        legend = _continuous_legend("PuBu", 0, 100, "{:.0f} %")
        return LayerImage(png_data_url(rgba), legend, f"{title} – {t('map_unit_percent', lang)}")
    if layer == "uncertainty":
        values = grid_values(risk[f"p_spread_{event}"])
        rgba = colorize_continuous(values, "RdPu", 0.0, SPREAD_MAX, alpha=215)
        rgba[..., 3] = np.where(values >= 0.005, rgba[..., 3], 0)
        legend = _continuous_legend("RdPu", 0, SPREAD_MAX * 100, "± {:.0f}")
        return LayerImage(png_data_url(rgba), legend, f"{title} – {t('map_unit_spread', lang)}")
    if layer == "aoa":
        legend = (LegendEntry("#ffffff", t("map_aoa_inside", lang)), LegendEntry("#555555", t("map_aoa_outside", lang)),
                  LegendEntry(rgba_to_hex(SCREENED_RGBA), t("map_aoa_screened", lang)))
        return LayerImage(aoa_url(risk, event, max_pixels, show_screened=True), legend, title)
    if layer == "groundwater_depth":
        values = grid_values(risk["groundwater_depth"])
        rgba = colorize_continuous(values, "Blues_r", 0.0, DEPTH_MAX_M, alpha=200)
        legend = _continuous_legend("Blues_r", 0.0, DEPTH_MAX_M, "{:.1f} m")
        legend = legend[:-1] + (LegendEntry(legend[-1].color, f"≥ {DEPTH_MAX_M:.1f} m"),)
        return LayerImage(png_data_url(rgba), legend, f"{title} – {t('map_unit_depth', lang)}")
    if layer == "impervious":
        values = grid_values(risk["impervious"])
        rgba = colorize_continuous(values, "OrRd", 0.0, 1.0, alpha=210)
        rgba[..., 3] = np.where(values >= 0.05, rgba[..., 3], 0)
        legend = _continuous_legend("OrRd", 0, 100, "{:.0f} %")
        return LayerImage(png_data_url(rgba), legend, f"{title} – {t('map_unit_impervious', lang)}")
    if layer == "elevation":
        values = grid_values(grid["elevation"])
        finite = np.isfinite(values)
        vmin, vmax = (np.nanpercentile(values, [2, 98]) if finite.any() else (0.0, 1.0))
        filled = np.where(finite, values, vmin)
        shaded = LightSource(azdeg=315, altdeg=45).shade(filled, cmap=colormaps["terrain"], blend_mode="soft",
                                                          vmin=float(vmin), vmax=float(vmax), vert_exag=4.0)
        rgba = (shaded * 255).astype(np.uint8)
        rgba[..., 3] = np.where(finite, 235, 0)
        legend = _continuous_legend("terrain", float(vmin), float(vmax), "{:.0f} m")
        return LayerImage(png_data_url(rgba), legend, f"{title} – {t('map_unit_elevation', lang)}")
    # land use (classes of the region; the scenario changes sealing, not the class)
    style = landuse_style(lang)
    values = overview(grid["landuse"], max_pixels, categorical=True)
    return LayerImage(png_data_url(colorize_classes(values, style)), tuple(style.legend()), title)


def change_image(change: xr.DataArray, lang: str = "de", max_pixels: int = DEFAULT_MAX_PIXELS) -> LayerImage:
    """Zone change A -> B: stricter red, looser green, unchanged transparent."""
    values = north_up(change)
    step = max(1, int(np.ceil(max(values.shape) / max_pixels)))
    if step > 1:  # keep thin changes visible: the strongest change of each block wins
        ny, nx = (values.shape[0] // step) * step, (values.shape[1] // step) * step
        blocks = values[:ny, :nx].astype("int16").reshape(ny // step, step, nx // step, step)
        blocks = np.where(blocks < -1, 0, blocks)
        up, down = (blocks == 1).any(axis=(1, 3)), (blocks == -1).any(axis=(1, 3))
        values = np.where(up, 1, np.where(down, -1, 0))
    rgba = np.zeros(values.shape + (4,), dtype=np.uint8)
    rgba[values == 1] = hex_to_rgba(CHANGE_COLOURS[1], 230)
    rgba[values == -1] = hex_to_rgba(CHANGE_COLOURS[-1], 230)
    legend = (LegendEntry(CHANGE_COLOURS[1], t("cmp_change_up", lang)),
              LegendEntry(CHANGE_COLOURS[-1], t("cmp_change_down", lang)),
              LegendEntry("#ffffff", t("cmp_change_same", lang)))
    return LayerImage(png_data_url(rgba), legend, t("cmp_change_map", lang))


# --- vectors -------------------------------------------------------------------------------------

def zones_geojson(zones: gpd.GeoDataFrame, tolerance_m: float, lang: str = "de") -> dict:
    """Zone polygons (classes 1-3) in lon/lat with their label and fill colour as properties."""
    frame = zones[zones["zone"].astype(int) > 0].copy()
    labels = zone_labels(lang)
    frame["label"] = [labels[int(z)] for z in frame["zone"]]
    frame["fill"] = [hex_to_rgba(ZONE_COLOURS[int(z)], 170) for z in frame["zone"]]
    frame["zone"] = frame["zone"].astype(int)
    return round_coordinates(to_geojson(frame, tolerance_m, ["zone", "label", "fill"], max_vertices=MAX_LAYER_VERTICES))


def translate_use(use: object, lang: str) -> str:
    key = f"map_use_{use}"
    text = t(key, lang)
    return str(use) if text == key else text


def translate_reasons(reasons: object, lang: str, top: int = 3) -> str:
    """'impervious, slope' -> 'Versiegelung, Hangneigung' (German) or the English labels."""
    if not isinstance(reasons, str) or not reasons.strip():
        return "–"
    index = 0 if lang == "de" else 1
    names = [name.strip() for name in reasons.split(",") if name.strip()][:top]
    return ", ".join(FEATURE_LABELS[name][index] if name in FEATURE_LABELS else name for name in names)


def zone_shares_text(row: pd.Series, lang: str) -> str:
    """'Freihalten 40 %, Bauen mit Auflagen 10 %' from a parcel's share columns (strictest first)."""
    labels = zone_labels(lang)
    parts = []
    for code, name in ((3, "freihalten"), (2, "auflagen"), (1, "grundwasser")):
        share = row.get(f"share_{name}")
        if share is not None and np.isfinite(share) and share >= 0.005:
            parts.append(f"{labels[code]} {share * 100:.0f} %")
    return ", ".join(parts) if parts else labels[0]


def parcels_geojson(parcels: gpd.GeoDataFrame, tolerance_m: float, lang: str = "de") -> dict:
    """Parcels with the tooltip texts (use, zones, conflict, reasons) and an outline colour."""
    frame = parcels.copy()
    has_overlay = "conflict" in frame.columns
    conflict = frame["conflict"].astype("boolean").fillna(False).astype(bool) if has_overlay else \
        pd.Series(False, index=frame.index)
    current = frame["current_use"] if "current_use" in frame else pd.Series("", index=frame.index)
    planned = frame["planned_use"] if "planned_use" in frame else current
    frame["use"] = [translate_use(c, lang) if c == p else f"{translate_use(c, lang)} → {translate_use(p, lang)}"
                    for c, p in zip(current, planned)]
    frame["zones"] = [zone_shares_text(row, lang) for _, row in frame.iterrows()] if has_overlay else "–"
    frame["conflict_text"] = [t("map_conflict_yes", lang) if c else t("map_no", lang) for c in conflict]
    frame["reasons_text"] = [translate_reasons(r, lang) for r in frame["reasons"]] if "reasons" in frame else "–"
    frame["line"] = [CONFLICT_RGBA if c else PARCEL_RGBA for c in conflict]
    frame["width"] = [2.5 if c else 0.8 for c in conflict]
    return round_coordinates(to_geojson(frame, tolerance_m, ["parcel_id", "use", "zones", "conflict_text",
                                                             "reasons_text", "line", "width"]))


def parcel_tooltip(lang: str) -> dict:
    return {
        "html": f"<b>{t('map_parcel', lang)} {{parcel_id}}</b><br/>"
                f"{t('map_tt_use', lang)}: {{use}}<br/>"
                f"{t('map_tt_zones', lang)}: {{zones}}<br/>"
                f"{t('map_tt_conflict', lang)}: {{conflict_text}}<br/>"
                f"{t('map_tt_reasons', lang)}: {{reasons_text}}",
        "style": {"fontSize": "13px", "maxWidth": "320px"},
    }


# --- deck ---------------------------------------------------------------------------------------

def fit_view(bounds: list[list[float]], pixels: int = 560) -> pdk.ViewState:
    """A view centred on the region, zoomed so it spans about ``pixels`` screen pixels (web mercator)."""
    lons = [corner[0] for corner in bounds]
    lats = [corner[1] for corner in bounds]
    lat = float(np.mean(lats))
    # metres per degree; the larger of the east-west and north-south extent must fit
    extent_m = max((max(lons) - min(lons)) * 111_320 * np.cos(np.radians(lat)), (max(lats) - min(lats)) * 110_574)
    # deck.gl zoom 0 draws the world 512 px wide: 78 271.5 m per pixel at the equator
    zoom = np.log2(78_271.52 * np.cos(np.radians(lat)) * pixels / max(extent_m, 1.0))
    return pdk.ViewState(longitude=float(np.mean(lons)), latitude=lat, zoom=float(np.clip(zoom, 3, 18)), pitch=0)


def risk_deck(bounds: list[list[float]], view: pdk.ViewState, *, base_url: str, overlay_url: str | None = None,
              hatch_url: str | None = None, zones: dict | None = None, parcels: dict | None = None,
              boundary: dict | None = None, rivers: dict | None = None, lang: str = "de") -> pdk.Deck:
    """The risk map: relief, one raster overlay, hatching, zones, rivers, boundary, parcels (see :func:`deck`)."""
    layers: list[pdk.Layer] = [image_layer(base_url, bounds, "relief")]
    if overlay_url:
        layers.append(image_layer(overlay_url, bounds, "overlay", opacity=0.9))
    if zones is not None:
        layers.append(pdk.Layer("GeoJsonLayer", id="zones", data=zones, filled=True, stroked=True,
                                get_fill_color="properties.fill", get_line_color=[90, 90, 90, 120],
                                line_width_units=PIXELS, get_line_width=0.5, pickable=False))
    if hatch_url:
        layers.append(image_layer(hatch_url, bounds, "aoa"))
    if rivers is not None:
        layers.append(pdk.Layer("GeoJsonLayer", id="rivers", data=rivers, filled=False, stroked=True,
                                get_line_color=[30, 90, 200, 255], line_width_units=PIXELS, get_line_width=2))
    if boundary is not None:
        layers.append(pdk.Layer("GeoJsonLayer", id="boundary", data=boundary, filled=False, stroked=True,
                                get_line_color=[20, 20, 20, 255], line_width_units=PIXELS, get_line_width=2.5))
    tooltip = None
    if parcels is not None:
        layers.append(pdk.Layer("GeoJsonLayer", id="parcels", data=parcels, filled=True, stroked=True,
                                get_fill_color=[255, 255, 255, 15], get_line_color="properties.line",
                                line_width_units=PIXELS, get_line_width="properties.width", pickable=True,
                                auto_highlight=True, highlight_color=[255, 255, 0, 90]))
        tooltip = parcel_tooltip(lang)
    return deck(layers, view, tooltip)


# --- numbers for people -------------------------------------------------------------------------

def format_number(value: float, lang: str = "de", decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' (German) or '1,234.5' (English)."""
    text = f"{float(value):,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_ha(value: float, lang: str = "de") -> str:
    decimals = 0 if abs(value) >= 100 else 1
    return f"{format_number(value, lang, decimals)} ha"


def headline(summary: dict, lang: str = "de") -> list[tuple[str, float]]:
    """(label, hectares) per zone class, strictest first: the figures above the map."""
    labels = zone_labels(lang)
    zones = summary["zones_ha"]
    return [(labels[code], float(zones.get(name, 0.0)))
            for code, name in ((3, "freihalten"), (2, "auflagen"), (1, "grundwasser"), (0, "keine"))]


def view_deck(region, result, layer: str, event: str = DEFAULT_EVENT, lang: str = "de", *,
              show_parcels: bool = True) -> pdk.Deck:
    """One view of the Karte page as its deck, built without the page's caches.

    What a browser receives for that view (the page composes the same pieces, cached per
    result): the bench and the payload checks measure it at every grid size.
    """
    elevation = region.grid["elevation"]
    bounds = corner_bounds(elevation, region.crs)
    tolerance = pixel_tolerance(elevation)
    image = layer_image(layer, result.risk, region.grid, event=event, lang=lang)
    zones = zones_geojson(result.zones, image_pixel(elevation), lang) if layer == "zone" else None
    parcels = None
    if show_parcels and region.parcels is not None:
        parcels = parcels_geojson(result.parcels_frame(region.parcels), tolerance, lang)
    outline = {name: round_coordinates(to_geojson(frame, tolerance)) for name, frame in
               (("boundary", region.boundary), ("rivers", region.rivers)) if frame is not None}
    return risk_deck(bounds, fit_view(bounds), base_url=hillshade_url(elevation), overlay_url=image.url,
                     zones=zones, parcels=parcels, boundary=outline.get("boundary"), rivers=outline.get("rivers"),
                     lang=lang)
