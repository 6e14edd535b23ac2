"""Which cell holds a clicked point: the lookup comments and place cards rely on."""
from __future__ import annotations

import numpy as np
import xarray as xr
from hypothesis import given, strategies as st

from koki_climate.grid import cell_at


def _grid(descending_y: bool = True) -> xr.DataArray:
    # 4 columns x 3 rows of 10 m cells; cell centres x = 5..35, y = 95..75 (north first)
    y = np.array([95.0, 85.0, 75.0]) if descending_y else np.array([75.0, 85.0, 95.0])
    return xr.DataArray(np.zeros((3, 4)), dims=("y", "x"), coords={"y": y, "x": [5.0, 15.0, 25.0, 35.0]})


def test_point_in_the_north_west_cell_is_row_0_column_0():
    assert cell_at(_grid(), 1.0, 99.0) == (0, 0)


def test_point_in_the_south_east_cell_of_a_north_up_grid():
    assert cell_at(_grid(), 39.0, 71.0) == (2, 3)


def test_south_up_grid_counts_rows_from_the_south():
    assert cell_at(_grid(descending_y=False), 1.0, 71.0) == (0, 0)
    assert cell_at(_grid(descending_y=False), 1.0, 99.0) == (2, 0)


def test_points_outside_or_not_finite_are_none():
    grid = _grid()
    assert cell_at(grid, -0.1, 80.0) is None
    assert cell_at(grid, 20.0, 100.1) is None
    assert cell_at(grid, float("nan"), 80.0) is None


def test_outer_edge_is_inside():
    assert cell_at(_grid(), 40.0, 70.0) == (2, 3)
    assert cell_at(_grid(), 0.0, 100.0) == (0, 0)


@given(st.integers(0, 2), st.integers(0, 3), st.floats(-0.49, 0.49), st.floats(-0.49, 0.49))
def test_any_point_near_a_centre_finds_that_cell(row, col, fx, fy):
    grid = _grid()
    x = float(grid["x"][col]) + fx * 10
    y = float(grid["y"][row]) + fy * 10
    assert cell_at(grid, x, y) == (row, col)
