"""The region's areal design rain: weights of the climate cells and the areal reduction factor."""
from __future__ import annotations

import numpy as np
import pyproj
import pytest
import xarray as xr
from hypothesis import given
from hypothesis import strategies as st

from koki_climate.areal_rain import areal_mean, areal_reduction_factor, region_weights

CRS = pyproj.CRS.from_epsg(25832)


def test_reduction_factor_at_known_areas() -> None:
    # D = 24 h: 1.1 * 24^0.25 = 2.4348, e^-2.4348 = 0.08762; A in mi² = km² / 2.58999
    assert areal_reduction_factor(0.0) == pytest.approx(1.0)
    assert areal_reduction_factor(100.0) == pytest.approx(1 - 0.08762 * (1 - np.exp(-0.3861)), abs=1e-4)  # 0.9719
    assert areal_reduction_factor(900.0) == pytest.approx(0.9151, abs=1e-4)
    # a very large area tends to 1 - e^-2.4348
    assert areal_reduction_factor(1e7) == pytest.approx(1 - 0.08762, abs=1e-4)


@given(st.floats(0.0, 1e5), st.floats(0.0, 1e5))
def test_a_larger_area_never_gets_more_rain_per_square_metre(a, b) -> None:
    small, large = sorted((a, b))
    assert 0.9 < areal_reduction_factor(large) <= areal_reduction_factor(small) <= 1.0


def test_climate_cells_count_with_the_share_of_the_region_inside_them() -> None:
    # climate: 2 x 2 cells of 1 km, y descending; region: 20 x 20 cells of 100 m over the western km
    # and the northern half of it only has terrain -> the NW climate cell gets 10 x 10 of 100 valid cells,
    # the SW one the other 0, and nothing lies in the eastern column
    climate = xr.DataArray(np.array([[10.0, 20.0], [30.0, 40.0]]), dims=("y", "x"),
                           coords={"y": [1500.0, 500.0], "x": [500.0, 1500.0]})
    x = np.arange(10) * 100.0 + 50.0
    y = 2000.0 - np.arange(20) * 100.0 - 50.0
    valid = np.zeros((20, 10), dtype=bool)
    valid[:10, :] = True                      # the northern km
    valid[15:, :5] = True                     # and a 500 m x 500 m corner in the south-west
    weights = region_weights(xr.DataArray(valid, dims=("y", "x"), coords={"y": y, "x": x}), CRS, climate, CRS)
    np.testing.assert_allclose(weights, [[100 / 125, 0.0], [25 / 125, 0.0]])
    assert areal_mean(climate.values, weights) == pytest.approx((100 * 10.0 + 25 * 30.0) / 125)


def test_cells_without_climate_value_are_left_out_of_the_mean() -> None:
    weights = np.array([[0.5, 0.5], [0.0, 0.0]])
    assert areal_mean(np.array([[np.nan, 8.0], [100.0, 100.0]]), weights) == pytest.approx(8.0)
    assert np.isnan(areal_mean(np.array([[np.nan, np.nan], [1.0, 1.0]]), weights))
