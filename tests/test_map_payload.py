"""The map a browser receives stays the same size whatever the grid size (issue 13: <= 1.5 MB per view)."""
from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from scipy import ndimage

from koki_climate.ui.risk_map import fit_view, hillshade_url, image_pixel, layer_image, risk_deck, zones_geojson
from koki_climate.ui.maps import corner_bounds
from koki_climate.zoning import ZoningRules, zone_classes, zone_polygons

LIMIT_BYTES = 1_500_000
EXTENT_M = 30_000.0


def synthetic_result(cells: int, seed: int = 3) -> tuple[xr.Dataset, xr.Dataset]:
    """Region grid and risk grids of one landscape drawn at ``cells`` x ``cells`` over 30 km.

    The landscape has detail at 3 km, 600 m and 100 m (fixed in metres, like terrain), so a
    finer grid shows the same landscape with more cells: what a planner sees at 25 m and at 10 m.
    """
    rng = np.random.default_rng(seed)
    cell = EXTENT_M / cells
    field = np.zeros((cells, cells))
    for scale_m, weight in ((3000.0, 1.0), (600.0, 0.35), (100.0, 0.1)):
        n = int(EXTENT_M / scale_m) + 1
        field += weight * ndimage.zoom(rng.standard_normal((n, n)), cells / (n - 1), order=3)[:cells, :cells]
    field = (field - field.min()) / (field.max() - field.min())
    coords = {"y": 5_400_000.0 - cell * (np.arange(cells) + 0.5), "x": 600_000.0 + cell * (np.arange(cells) + 0.5)}

    def grid(values: np.ndarray) -> xr.DataArray:
        return xr.DataArray(values.astype("float32"), dims=("y", "x"), coords=coords).rio.write_crs("EPSG:25832")

    p = np.clip(field ** 3 * 1.6, 0, 1)
    risk = xr.Dataset({"p_hq100": grid(p), "p_hqextrem": grid(np.clip(p * 1.5, 0, 1)),
                       "groundwater_depth": grid(3.0 * (1 - field))})
    risk["zone"] = zone_classes(risk["p_hq100"], risk["p_hqextrem"], risk["groundwater_depth"], ZoningRules())
    region = xr.Dataset({"elevation": grid(200 + 80 * field)})
    return region, risk


def view_bytes(cells: int) -> dict[str, int]:
    """Bytes of the deck spec per view: probability, zones and shaded elevation."""
    region, risk = synthetic_result(cells)
    elevation = region["elevation"]
    bounds = corner_bounds(elevation, elevation.rio.crs)
    relief = hillshade_url(elevation)
    sizes = {}
    image = layer_image("p", risk, region, event="hq100")
    sizes["p"] = len(risk_deck(bounds, fit_view(bounds), base_url=relief, overlay_url=image.url).to_json())
    zones = zones_geojson(zone_polygons(risk["zone"]), image_pixel(elevation))
    sizes["zone"] = len(risk_deck(bounds, fit_view(bounds), base_url=relief, zones=zones).to_json())
    shaded = layer_image("elevation", risk, region)  # thousands of colours, reduced to a palette of 128
    sizes["elevation"] = len(risk_deck(bounds, fit_view(bounds), base_url=relief, overlay_url=shaded.url).to_json())
    return sizes


@pytest.mark.slow
def test_payload_does_not_grow_with_grid_size() -> None:
    small, large = view_bytes(1024), view_bytes(3072)  # 1 M and 9.4 M cells
    for view in ("p", "zone", "elevation"):
        assert small[view] <= LIMIT_BYTES and large[view] <= LIMIT_BYTES, (view, small, large)
        # 9x the cells, the same picture: images are screen-sized, zones simplified to a pixel
        assert large[view] <= 1.25 * small[view], (view, small[view], large[view])
