"""Clicking a place: the lattice covers the region, stays small, and its discs are metres wide."""
from __future__ import annotations

import json

import numpy as np
import pyproj
import xarray as xr

from koki_climate.participation.comments import MAX_RADIUS_M
from koki_climate.ui.map_click import MAX_SIDE, lattice, lattice_layer, marker_layer, selected_index

CRS = pyproj.CRS("EPSG:25832")


def _grid(width_m: float, height_m: float, cell: float = 10.0) -> xr.DataArray:
    x = 500_000 + cell / 2 + cell * np.arange(int(width_m / cell))
    y = 5_600_000 - cell / 2 - cell * np.arange(int(height_m / cell))
    return xr.DataArray(np.zeros((y.size, x.size)), dims=("y", "x"), coords={"y": y, "x": x})


def test_a_6_km_town_gets_a_32_by_32_lattice_inside_it():
    points = lattice(_grid(6000, 6000), CRS)
    assert points.x.size == MAX_SIDE**2 == 1024
    assert points.spacing_m == 6000 / 32  # 187.5 m
    assert points.x.min() == 500_000 + 187.5 / 2 and points.x.max() == 506_000 - 187.5 / 2
    assert points.radius_m == 187.5 / 2


def test_a_small_site_is_never_finer_than_20_m_and_a_large_one_caps_the_radius():
    small = lattice(_grid(200, 100), CRS)
    assert small.spacing_m == 20.0 and small.x.size == 10 * 5
    large = lattice(_grid(30_000, 30_000, cell=100), CRS)
    assert large.spacing_m == 937.5 and large.radius_m == MAX_RADIUS_M  # what a comment may cover


def test_discs_are_sized_in_metres_not_evaluated_as_javascript():
    # pydeck evaluates plain strings as JavaScript expressions: "meters" would be an undefined variable
    for layer in (lattice_layer(lattice(_grid(1000, 1000), CRS)), marker_layer(8.0, 50.0, 25.0)):
        spec = json.loads(layer.to_json()) if hasattr(layer, "to_json") else vars(layer)
        assert spec["radiusUnits"] == "meters"


def test_the_selected_lattice_index_is_read_from_the_chart_event():
    class Event:
        class selection:  # noqa: N801 - the shape Streamlit's event has
            objects = {"click-lattice": [{"i": 17, "p": [8.0, 50.0]}]}

    assert selected_index(Event) == 17
    assert selected_index(object()) is None


def test_every_point_of_the_region_lies_in_some_lattice_disc():
    points = lattice(_grid(6000, 6000), CRS)
    radius = json.loads(lattice_layer(points).to_json())["getRadius"]
    rng = np.random.default_rng(0)
    clicks = rng.uniform([500_000, 5_594_000], [506_000, 5_600_000], size=(2000, 2))
    clicks = np.vstack([clicks, [[503_000, 5_597_000]]])  # the middle, between four lattice points
    nearest = np.min(np.hypot(clicks[:, :1] - points.x, clicks[:, 1:] - points.y), axis=1)
    assert nearest.max() <= radius
