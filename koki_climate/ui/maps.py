"""Build pydeck maps: rasters as one downsampled PNG, vectors as simplified GeoJSON.

The payload never grows with the grid: a raster goes to the browser as one image of at
most ``max_pixels`` on its long side, and vectors are simplified to about a pixel.
No streamlit here, so these builders are testable without a running app.
"""
from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from typing import Sequence

import geopandas as gpd
import numpy as np
import pydeck as pdk
import pyproj
import shapely
import xarray as xr
from matplotlib import colormaps
from PIL import Image
from pydeck.bindings.json_tools import default_serialize

from koki_climate.config import settings
from koki_climate.grid import north_up

WGS84 = "EPSG:4326"
DEFAULT_MAX_PIXELS = 1024
#: steps of a continuous colour scale (legends show five; the eye tells about 60 apart)
COLOUR_LEVELS = 64


@dataclass(frozen=True)
class LegendEntry:
    """One row of a map legend: a colour (hex) and its label."""

    color: str
    label: str


@dataclass(frozen=True)
class ClassStyle:
    """Colours and labels for a categorical raster (class value -> RGBA, label)."""

    colors: dict[int, tuple[int, int, int, int]]
    labels: dict[int, str]

    def legend(self) -> list[LegendEntry]:
        return [LegendEntry(rgba_to_hex(self.colors[value]), self.labels[value]) for value in self.colors]


def rgba_to_hex(rgba: Sequence[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgba[:3])


def downsample(values: np.ndarray, max_pixels: int = DEFAULT_MAX_PIXELS, *, categorical: bool = False) -> np.ndarray:
    """Shrink a 2-D array so its long side is at most ``max_pixels``.

    Continuous data are block-averaged (NaN-aware); classes take every n-th cell so that
    no invented class values appear.
    """
    step = int(np.ceil(max(values.shape) / max_pixels))
    if step <= 1:
        return values
    if categorical:
        return values[::step, ::step]
    ny, nx = (values.shape[0] // step) * step, (values.shape[1] // step) * step
    blocks = values[:ny, :nx].astype("float32").reshape(ny // step, step, nx // step, step)
    with np.errstate(invalid="ignore"):
        counts = np.isfinite(blocks).sum(axis=(1, 3))
        sums = np.nansum(blocks, axis=(1, 3))
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan).astype("float32")


def overview(da: xr.DataArray, max_pixels: int = DEFAULT_MAX_PIXELS, *, categorical: bool = False) -> np.ndarray:
    """A grid shrunk as :func:`downsample` does, north-up, reading a lazily opened grid block by block.

    The reduction happens before the values are read, so a 100 M-cell result grid on disk never
    becomes one array in memory: only the screen-sized overview does.
    """
    step = int(np.ceil(max(da.shape) / max_pixels))
    if step > 1:
        if categorical:
            da = da.isel(y=slice(None, None, step), x=slice(None, None, step))
        else:
            da = da.astype("float32").coarsen(y=step, x=step, boundary="trim").mean()  # NaN-aware
    values = north_up(da)
    return values if categorical else values.astype("float32")


def colorize_continuous(values: np.ndarray, cmap: str, vmin: float, vmax: float, alpha: int = 210) -> np.ndarray:
    """Map values to RGBA with a matplotlib colormap; NaN becomes transparent."""
    scaled = np.clip((values - vmin) / max(vmax - vmin, 1e-12), 0.0, 1.0)
    # COLOUR_LEVELS steps: no eye tells more apart on a map, and the PNG fits a palette
    levels = np.round(np.nan_to_num(scaled) * (COLOUR_LEVELS - 1)) / (COLOUR_LEVELS - 1)
    rgba = (colormaps[cmap](levels) * 255).astype(np.uint8)
    rgba[..., 3] = np.where(np.isfinite(values), alpha, 0)
    return rgba


def colorize_classes(values: np.ndarray, style: ClassStyle) -> np.ndarray:
    """Map class values to RGBA; classes without a colour stay transparent."""
    rgba = np.zeros(values.shape + (4,), dtype=np.uint8)
    for value, color in style.colors.items():
        rgba[values == value] = color
    return rgba


def png_data_url(rgba: np.ndarray) -> str:
    """Encode an RGBA array as a PNG ``data:`` URL (one image, one request-free payload).

    An image of at most 256 colours (every layer but the shaded elevation) is written as a
    palette PNG, one byte per pixel instead of four: the same pixels, a quarter of the raw
    size. Images of more colours are reduced to 128 first, so no view outgrows the payload.
    """
    buffer = io.BytesIO()
    packed = np.ascontiguousarray(rgba, dtype=np.uint8).view(np.uint32)[..., 0]
    colours, index = np.unique(packed, return_inverse=True)
    if colours.size <= 256:
        image = Image.fromarray(index.reshape(packed.shape).astype(np.uint8), mode="P")
        palette = colours.view(np.uint8).reshape(-1, 4)
        image.putpalette(palette[:, :3].tobytes(), rawmode="RGB")
        image.info["transparency"] = palette[:, 3].tobytes()
        image.save(buffer, format="PNG", optimize=True)
    else:  # shaded relief and the like: 128 colours (fast octree), no eye misses the rest on a map
        quantized = Image.fromarray(rgba, mode="RGBA").quantize(colors=128, method=Image.Quantize.FASTOCTREE)
        quantized.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def corner_bounds(da: xr.DataArray, crs: pyproj.CRS) -> list[list[float]]:
    """The grid's four outer corners in lon/lat (bottom-left, top-left, top-right, bottom-right).

    Four corners rather than a lon/lat box keep a UTM grid's slight rotation on the map.
    """
    dx = abs(float(da.x[1] - da.x[0]))
    dy = abs(float(da.y[1] - da.y[0]))
    left, right = float(da.x.min()) - dx / 2, float(da.x.max()) + dx / 2
    bottom, top = float(da.y.min()) - dy / 2, float(da.y.max()) + dy / 2
    to_wgs84 = pyproj.Transformer.from_crs(crs, WGS84, always_xy=True)
    xs, ys = [left, left, right, right], [bottom, top, top, bottom]
    lons, lats = to_wgs84.transform(xs, ys)
    return [[float(lon), float(lat)] for lon, lat in zip(lons, lats)]


def image_layer(url: str, bounds: list[list[float]], layer_id: str, opacity: float = 1.0) -> pdk.Layer:
    """A deck.gl BitmapLayer from a PNG data URL: the raster travels inside the deck, no request."""
    # pydeck evaluates plain strings as JavaScript; a data URL must be a string literal
    return pdk.Layer("BitmapLayer", id=layer_id, image=pdk.types.String(url), bounds=bounds, opacity=opacity,
                     pickable=False)


def bitmap_layer(rgba: np.ndarray, bounds: list[list[float]], layer_id: str, opacity: float = 0.85) -> pdk.Layer:
    """A deck.gl BitmapLayer carrying the raster as one PNG image."""
    return image_layer(png_data_url(rgba), bounds, layer_id, opacity)


#: most vertices of one vector layer sent to the browser (about 25 bytes each in GeoJSON: ~0.6 MB)
MAX_LAYER_VERTICES = 25_000


def drop_specks(geometry, min_area_m2: float):
    """Polygon parts and holes smaller than ``min_area_m2`` removed (smaller than a screen pixel)."""
    if geometry is None or min_area_m2 <= 0 or geometry.geom_type not in ("Polygon", "MultiPolygon"):
        return geometry
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.area < min_area_m2:
            continue
        holes = [ring for ring in polygon.interiors if shapely.Polygon(ring).area >= min_area_m2]
        parts.append(shapely.Polygon(polygon.exterior, holes))
    return shapely.MultiPolygon(parts) if len(parts) > 1 else (parts[0] if parts else shapely.Polygon())


def to_geojson(frame: gpd.GeoDataFrame, tolerance_m: float, columns: Sequence[str] = (), *,
               max_vertices: int | None = None) -> dict:
    """Simplify in the projected CRS (metres), then convert to lon/lat GeoJSON.

    With ``max_vertices`` the layer's size no longer depends on the grid: parts and holes
    smaller than a tolerance square go, and the tolerance doubles until the vertices fit.
    """
    keep = [col for col in columns if col in frame.columns]
    simplified = frame[keep + ["geometry"]].copy()
    if max_vertices is not None and tolerance_m > 0:
        simplified["geometry"] = [drop_specks(g, tolerance_m ** 2) for g in simplified.geometry]
    source = simplified.geometry
    tolerance = tolerance_m
    while tolerance > 0:
        simplified["geometry"] = source.simplify(tolerance, preserve_topology=True)
        if max_vertices is None or int(shapely.get_num_coordinates(simplified.geometry.values).sum()) <= max_vertices:
            break
        tolerance *= 2
    simplified = simplified[~simplified.geometry.is_empty].to_crs(WGS84)
    return json.loads(simplified.to_json(drop_id=True))


def geojson_layer(data: dict, layer_id: str, *, fill: Sequence[int] | str = (0, 0, 0, 0),
                  line: Sequence[int] | str = (40, 40, 40, 220), line_width_px: float = 1.0,
                  pickable: bool = False, filled: bool = True) -> pdk.Layer:
    """A GeoJsonLayer; colours may be fixed RGBA or a property accessor expression."""
    return pdk.Layer(
        "GeoJsonLayer",
        id=layer_id,
        data=data,
        filled=filled,
        stroked=True,
        get_fill_color=fill,
        get_line_color=line,
        line_width_units=pdk.types.String("pixels"),  # a plain string would become a JS expression
        get_line_width=line_width_px,
        pickable=pickable,
        auto_highlight=pickable,
    )


def view_for(bounds: list[list[float]]) -> pdk.ViewState:
    """A view centred on the region, zoomed to show all of it (about 30 km across: zoom 10)."""
    lons = [corner[0] for corner in bounds]
    lats = [corner[1] for corner in bounds]
    span = max(max(lons) - min(lons), max(lats) - min(lats))
    zoom = float(np.clip(np.log2(360.0 / max(span, 1e-6)) - 0.2, 3, 16))
    return pdk.ViewState(longitude=float(np.mean(lons)), latitude=float(np.mean(lats)), zoom=zoom, pitch=0)


class CompactDeck(pdk.Deck):
    """A Deck serialised without indentation: pydeck's pretty JSON is about three times larger."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


#: the ``mapStyle`` pydeck writes for ``map_provider=None`` without a style; Streamlit's deck
#: chart reads it as "draw no basemap". A deck without ``mapStyle`` (pydeck's output for
#: ``map_style=None``) makes Streamlit fall back to Carto's style from the internet.
NO_BASEMAP = "__MAP_STYLE__"


def deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip: dict | None = None) -> pdk.Deck:
    """Every map of the app: our layers only, unless a basemap is configured (``KOKI_BASEMAP_STYLE``).

    Without one the browser requests nothing for the map (the rasters travel as data URLs);
    with one it loads exactly that MapLibre style, whose origin the server's
    Content-Security-Policy then allows.
    """
    style = settings().basemap_style
    basemap = {"map_provider": "maplibre", "map_style": style} if style else \
        {"map_provider": None, "map_style": NO_BASEMAP}
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=tooltip or False, **basemap)
