"""Terrain features against answers worked out by hand on planes and V-valleys.

Grids: 41 x 41 cells of 25 m (a cell is 625 m² = 0.000625 km²); rows run north to south,
row 0 is the northern edge.
"""
from __future__ import annotations

import math

import numpy as np
import pyflwdir
import pytest
import xarray as xr
from affine import Affine

from koki_climate.terrain import cell_size, grid_transform, terrain_features

DX = 25.0
N = 41
CELL_KM2 = DX * DX / 1e6
X0, Y0 = 500_000.0, 5_500_000.0  # EPSG:25832-like cell centres
FLOAT_VARS = ("slope", "flow_accumulation", "hand", "twi", "flow_distance", "depression_depth")


def grid(values: np.ndarray) -> xr.DataArray:
    ny, nx = values.shape
    x = X0 + DX * np.arange(nx)
    y = Y0 - DX * np.arange(ny)
    return xr.DataArray(values, coords={"y": y, "x": x}, dims=("y", "x"), name="elevation")


def plane(grade: float = 0.01) -> xr.DataArray:
    """Rises `grade` m per m eastward: column c is c * 25 m * grade above column 0."""
    cols = np.arange(N, dtype=float)
    return grid(np.tile(grade * DX * cols, (N, 1)))


def v_valley(cross: float, along: float) -> xr.DataArray:
    """Valley axis on column 20, sides rising `cross` m/m, floor falling `along` m/m southward."""
    rows, cols = np.mgrid[0:N, 0:N].astype(float)
    return grid(cross * DX * np.abs(cols - 20) + along * DX * (N - 1 - rows))


def west_column() -> xr.DataArray:
    river = xr.zeros_like(plane())
    river[:, 0] = 1
    return river


# --- tilted plane -----------------------------------------------------------------------------

def test_plane_slope_is_atan_of_grade_everywhere() -> None:
    ds = terrain_features(plane(0.01))
    # atan(0.01) = 0.5729387°; linear-extrapolation padding makes the edges exact too
    np.testing.assert_allclose(ds.slope.values, math.degrees(math.atan(0.01)), atol=1e-3)
    assert abs(math.degrees(math.atan(0.01)) - 0.5729) < 1e-4


def test_plane_flows_west_to_the_drainage_column() -> None:
    ds = terrain_features(plane(0.01), west_column(), stream_area_km2=1e6)
    cols = np.arange(N)
    # every row drains straight west: column c collects the N - c cells east of and including it
    np.testing.assert_allclose(ds.flow_accumulation.values, np.tile((N - cols) * CELL_KM2, (N, 1)), rtol=1e-6)
    assert np.all(np.diff(ds.flow_accumulation.values, axis=1) < 0)  # grows westward
    np.testing.assert_array_equal(ds.drainage.values, west_column().values.astype(np.uint8))
    # HAND = own elevation - elevation of the drainage cell in the row = 0.25 m per column
    np.testing.assert_allclose(ds.hand.values, np.tile(0.25 * cols, (N, 1)), atol=1e-4)
    # flow distance = x distance to the west column
    np.testing.assert_allclose(ds.flow_distance.values, np.tile(DX * cols, (N, 1)), atol=1e-3)
    np.testing.assert_array_equal(ds.depression_depth.values, 0.0)


# --- V-valley ---------------------------------------------------------------------------------

def test_v_valley_cross_slope_dominates_routes_perpendicular_to_axis() -> None:
    # cross 0.10, along 0.01: straight to the axis drops 2.5 m over 25 m (0.100 m/m), the
    # diagonal (2.5 + 0.25) m over 35.36 m (0.078 m/m), so D8 goes straight across and the
    # path never descends the valley: HAND = 0.1 * 25 m * d = 2.5 m per cell from the axis.
    ds = terrain_features(v_valley(0.10, 0.01), stream_area_km2=24 * CELL_KM2)
    rows, cols = np.mgrid[0:N, 0:N]
    d = np.abs(cols - 20)

    # axis cell in row i drains rows 0..i (41 cells each); a side cell at d drains 21 - d cells
    expected_cells = np.where(d == 0, N * (rows + 1), 21 - d)
    np.testing.assert_allclose(ds.flow_accumulation.values, expected_cells * CELL_KM2, rtol=1e-6)
    axis = ds.flow_accumulation.values[:, 20]
    assert np.all(np.diff(axis) > 0)  # increases downstream (south)
    assert np.all(ds.flow_accumulation.values.argmax(axis=1) == 20)

    # threshold 24 cells: every axis cell (>= 41) is a stream, no side cell (<= 20) is
    np.testing.assert_array_equal(ds.drainage.values, (d == 0).astype(np.uint8))
    np.testing.assert_allclose(ds.hand.values, 2.5 * d, atol=1e-4)
    np.testing.assert_allclose(ds.flow_distance.values, DX * d, atol=1e-3)

    # Horn slope: sides sqrt(0.1² + 0.01²), axis only the along-valley 0.01 (cross terms cancel)
    side = np.abs(cols - 20) >= 2
    np.testing.assert_allclose(ds.slope.values[side], math.degrees(math.atan(math.hypot(0.10, 0.01))), atol=1e-3)
    np.testing.assert_allclose(ds.slope.values[:, 20], math.degrees(math.atan(0.01)), atol=1e-3)

    twi = ds.twi.values
    assert np.all(twi[:, 20] > twi[:, 19]) and np.all(twi[:, 20] > twi[:, 0])


def test_v_valley_given_river_gives_same_hand() -> None:
    river = xr.zeros_like(v_valley(0.1, 0.01))
    river[:, 20] = 1
    ds = terrain_features(v_valley(0.10, 0.01), river, stream_area_km2=1e6)
    d = np.abs(np.arange(N) - 20)
    np.testing.assert_array_equal(ds.drainage.values[:, 20], 1)
    np.testing.assert_allclose(ds.hand.values, np.tile(2.5 * d, (N, 1)), atol=1e-4)


def test_v_valley_along_slope_dominates_routes_diagonally() -> None:
    # cross 0.10, along 0.05: the diagonal drops (2.5 + 1.25) m over 35.36 m = 0.106 m/m and
    # beats straight across (0.100 m/m).  A cell d columns out reaches the axis after d
    # diagonal steps, d rows further south: HAND = d * 3.75 m, distance = d * 25 m * sqrt(2).
    # (Cells whose diagonal path would hit the southern edge first are left out.)
    river = xr.zeros_like(v_valley(0.1, 0.05))
    river[:, 20] = 1
    ds = terrain_features(v_valley(0.10, 0.05), river, stream_area_km2=1e6)
    rows, cols = np.mgrid[0:N, 0:N]
    d = np.abs(cols - 20)
    reach = rows + d <= N - 1
    np.testing.assert_allclose(ds.hand.values[reach], 3.75 * d[reach], atol=1e-4)
    np.testing.assert_allclose(ds.flow_distance.values[reach], DX * math.sqrt(2) * d[reach], atol=1e-3)


# --- robustness -------------------------------------------------------------------------------

def test_nodata_stays_nodata_and_the_rest_is_finite() -> None:
    elev = v_valley(0.1, 0.01)
    elev[5:10, 5:10] = np.nan
    elev[0:3, 35:] = np.nan
    nan = np.isnan(elev.values)
    ds = terrain_features(elev, stream_area_km2=24 * CELL_KM2)
    for name in FLOAT_VARS:
        assert np.all(np.isnan(ds[name].values[nan])), name
        assert np.all(np.isfinite(ds[name].values[~nan])), name
    assert np.all(ds.drainage.values[nan] == 0)
    assert np.all(ds.hand.values[~nan] >= 0)


def test_flat_area_does_not_crash_and_twi_is_finite() -> None:
    ds = terrain_features(grid(np.full((21, 21), 100.0)))
    assert np.all(np.isfinite(ds.twi.values))
    np.testing.assert_allclose(ds.slope.values, 0.0, atol=1e-6)
    np.testing.assert_allclose(ds.hand.values, 0.0, atol=1e-6)
    assert float(ds.flow_accumulation.max()) >= CELL_KM2


def test_closed_depression_is_filled_and_reported() -> None:
    elev = plane(0.01)
    elev[20, 20] -= 1.0  # 1 m deep hole; its lowest rim cell (west) is 0.25 m below it
    ds = terrain_features(elev, west_column(), stream_area_km2=1e6)
    depth = ds.depression_depth.values
    assert depth[20, 20] == pytest.approx(0.75, abs=1e-4)
    depth[20, 20] = 0
    np.testing.assert_array_equal(depth, 0.0)
    assert ds.hand.values[20, 20] == pytest.approx(0.25 * 19, abs=1e-4)  # filled to the rim


def test_matches_pyflwdir_reference_hand_and_distance_on_noisy_dem() -> None:
    """The compiled composition equals pyflwdir's own (slow, Python-loop) functions."""
    from koki_climate.terrain import _steepest_d8
    from pyflwdir.dem import fill_depressions

    rng = np.random.default_rng(7)
    z = (v_valley(0.05, 0.01).values + rng.normal(0, 0.6, (N, N))).astype(np.float32).astype(float)
    ds = terrain_features(grid(z), stream_area_km2=30 * CELL_KM2)
    filled, flood = fill_depressions(z, nodata=np.nan, outlets="edge")
    d8 = _steepest_d8(filled, np.isfinite(z), flood)
    transform = grid_transform(grid(z))
    flw = pyflwdir.from_array(d8, ftype="d8", transform=transform)
    assert flw.isvalid  # no loops
    drain = ds.drainage.values.astype(bool)
    np.testing.assert_allclose(ds.hand.values, flw.hand(drain, filled), atol=1e-3)
    ref = pyflwdir.streams.stream_distance(flw.idxs_ds, flw.idxs_seq, N, drain.ravel(), True,
                                           False, tuple(transform)[:6]).reshape(N, N)
    np.testing.assert_allclose(ds.flow_distance.values, ref, rtol=1e-5, atol=1e-2)
    assert float(ds.depression_depth.max()) > 0  # the noise made some hollows


def test_pyflwdir_from_dem_is_not_steepest_descent() -> None:
    """Why we do not route with from_dem's directions (pyflwdir issue #122).

    On a plane sloping west it sends interior cells north-west (32) and chains the west
    edge northward (64).  If a pyflwdir upgrade fixes this, terrain.py could use it directly.
    """
    d8 = pyflwdir.from_dem(plane().values, nodata=np.nan).to_array("d8")
    assert d8[20, 20] == 32 and d8[20, 0] == 64


# --- grid, coordinates, errors ----------------------------------------------------------------

def test_output_keeps_grid_coords_and_crs() -> None:
    pytest.importorskip("rioxarray")
    elev = plane().rio.write_crs("EPSG:25832")
    ds = terrain_features(elev)
    assert set(ds.data_vars) == set(FLOAT_VARS) | {"drainage"}
    for name, var in ds.data_vars.items():
        assert var.dims == ("y", "x")
        assert var.dtype == (np.uint8 if name == "drainage" else np.float32)
        assert var.attrs["units"] and var.attrs["long_name"]
    np.testing.assert_array_equal(ds.x.values, elev.x.values)
    np.testing.assert_array_equal(ds.y.values, elev.y.values)
    assert ds.rio.crs.to_epsg() == 25832


def test_grid_helpers() -> None:
    elev = plane()
    assert cell_size(elev) == DX
    assert grid_transform(elev) == Affine(DX, 0, X0 - DX / 2, 0, -DX, Y0 + DX / 2)


def test_irregular_grid_raises() -> None:
    elev = plane()
    x = elev.x.values.copy()
    x[10:] += 7.0
    with pytest.raises(ValueError, match="'x' is not regularly spaced"):
        terrain_features(elev.assign_coords(x=x))


def test_rectangular_or_south_up_grid_raises() -> None:
    elev = plane()
    with pytest.raises(ValueError, match="not square"):
        cell_size(elev.assign_coords(y=Y0 - 30.0 * np.arange(N)))
    with pytest.raises(ValueError, match="north-up"):
        cell_size(elev.isel(y=slice(None, None, -1)))


def test_river_on_another_grid_raises() -> None:
    with pytest.raises(ValueError, match="river mask"):
        terrain_features(plane(), grid(np.zeros((N, N - 1))))


# --- strip-wise, low-memory implementation vs the whole-grid reference -------------------------
#
# terrain.py works in row strips and keeps few whole-grid arrays (100 M-cell grids).  The
# reference below is the former whole-grid implementation, kept here only to pin the
# results: the strip-wise one applies the same operations in the same dtypes, so every
# output is *identical* (tolerance 0), whatever the strip height.

import subprocess
import sys
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import ndimage

from koki_climate import terrain


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from terrain import old_terrain_features as _reference_terrain_features  # noqa: E402  (bench/terrain.py's baseline)


def valley_dem(ny: int, nx: int, seed: int = 0, nodata: bool = True) -> xr.DataArray:
    """Noisy V-valley (float32) with a closed bowl, a ragged nodata west edge and nodata holes."""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:ny, 0:nx].astype(float)
    z = (0.05 * DX * np.abs(cols - 0.45 * nx) + 0.01 * DX * (ny - rows) + 2 * np.sin(cols / 7) * np.cos(rows / 11)
         + rng.normal(0, 0.3, (ny, nx)))
    z -= 5 * np.exp(-((rows - 0.3 * ny) ** 2 + (cols - 0.7 * nx) ** 2) / (0.08 * min(ny, nx)) ** 2)
    if nodata:
        z[cols < 2 + 3 * np.abs(np.sin(rows / 5))] = np.nan
        z[(rows - 0.6 * ny) ** 2 + (cols - 0.25 * nx) ** 2 < (0.06 * min(ny, nx)) ** 2] = np.nan
        z[int(0.1 * ny):int(0.15 * ny), int(0.5 * nx):int(0.56 * nx)] = np.nan
    return grid(z.astype(np.float32))


def assert_identical(ds: xr.Dataset, ref: xr.Dataset) -> None:
    for name in ref.data_vars:
        assert ds[name].dtype == ref[name].dtype, name
        np.testing.assert_array_equal(ds[name].values, ref[name].values, err_msg=name)  # NaN == NaN


@pytest.mark.parametrize("with_river", [False, True])
def test_strip_wise_equals_whole_grid_reference(with_river: bool) -> None:
    elev = valley_dem(150, 170, seed=3)
    river = None
    if with_river:
        river = xr.zeros_like(elev)
        river[:, 76] = 1
        river[5, 5] = np.nan  # NaN in the mask is "no river"
    ref = _reference_terrain_features(elev, river, stream_area_km2=40 * CELL_KM2)
    assert np.isnan(ref.slope.values).any() and float(ref.depression_depth.max()) > 0.5
    for rows in (None, 1, 13, 64):
        cells = terrain.STRIP_CELLS if rows is None else rows * elev.sizes["x"]
        with mock.patch.object(terrain, "STRIP_CELLS", cells):
            ds = terrain_features(elev, river, stream_area_km2=40 * CELL_KM2)
        assert_identical(ds, ref)


def test_float64_input_and_infinite_values_are_handled_like_before() -> None:
    elev = valley_dem(40, 37, seed=5).astype(np.float64)
    elev[3, 20] = np.inf
    elev[30, 30] = -np.inf
    ds = terrain_features(elev, stream_area_km2=10 * CELL_KM2)
    assert_identical(ds, _reference_terrain_features(elev, stream_area_km2=10 * CELL_KM2))
    assert np.isnan(ds.slope.values[3, 20]) and np.isnan(ds.hand.values[30, 30])


@st.composite
def small_dems(draw: st.DrawFn) -> tuple[xr.DataArray, xr.DataArray | None]:
    ny = draw(st.integers(2, 9))
    nx = draw(st.integers(2, 9))
    # few distinct levels: flats, ties between neighbours and closed hollows are common
    levels = draw(st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, 1.75, 3.0, np.nan]),
                           min_size=ny * nx, max_size=ny * nx))
    z = np.array(levels).reshape(ny, nx)
    if np.isnan(z).all():
        z[draw(st.integers(0, ny - 1)), draw(st.integers(0, nx - 1))] = 1.0
    elev = grid(z.astype(np.float32))
    river = None
    if draw(st.booleans()):
        river = grid(np.array(draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=ny * nx,
                                            max_size=ny * nx))).reshape(ny, nx))
    return elev, river


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_dems())
def test_strip_height_does_not_matter_on_random_dems(case: tuple[xr.DataArray, xr.DataArray | None]) -> None:
    elev, river = case
    ref = _reference_terrain_features(elev, river, stream_area_km2=3 * CELL_KM2)
    for rows in range(1, elev.sizes["y"] + 1):
        with mock.patch.object(terrain, "STRIP_CELLS", rows * elev.sizes["x"]):
            assert_identical(terrain_features(elev, river, stream_area_km2=3 * CELL_KM2), ref)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 14), st.integers(1, 14), st.integers(0, 2**32 - 1), st.floats(0.1, 0.9))
def test_nearest_valid_fill_matches_scipy_edt_next_to_valid_cells(ny: int, nx: int, seed: int,
                                                                   p_valid: float) -> None:
    """The strip-local fill picks the cell scipy's exact EDT picks (ties included)."""
    rng = np.random.default_rng(seed)
    valid = rng.random((ny, nx)) < p_valid
    if not valid.any():
        valid[0, 0] = True
    z = np.where(valid, rng.random((ny, nx)), np.nan).astype(np.float32)
    idx = ndimage.distance_transform_edt(~valid, return_distances=False, return_indices=True)
    expected = z.astype(np.float64)[tuple(idx)]
    near_valid = ndimage.binary_dilation(valid, structure=np.ones((3, 3), bool))
    got = terrain._nearest_filled_rows(z, valid, 0, ny)
    np.testing.assert_array_equal(got[near_valid], expected[near_valid])
    assert np.isnan(got[~near_valid]).all()
    for a in range(ny):  # any strip of rows gives the same values as the whole grid
        np.testing.assert_array_equal(terrain._nearest_filled_rows(z, valid, a, min(ny, a + 2)),
                                      got[a:a + 2])


_MEMORY_SCRIPT = """
import sys, tracemalloc
import numpy as np
sys.path[:0] = {paths!r}
from test_terrain import valley_dem
from koki_climate.terrain import terrain_features
terrain_features(valley_dem(60, 60), stream_area_km2=0.01)  # compile numba code before measuring
elev = valley_dem({n}, {n}, seed=1)
tracemalloc.start()
ds = terrain_features(elev, stream_area_km2=0.05)
print(tracemalloc.get_traced_memory()[1])
"""


def test_peak_memory_per_cell_stays_low() -> None:
    """Peak traced memory on a 1500 x 1500 float32 DEM, in a fresh process (tracemalloc also
    sees numpy's and numba's allocations).

    Bytes per cell that must coexist at the peak (pyflwdir's fillnodata on the index grid):
    valid mask 1 + filled DEM float32 4 + D8 1 + pyflwdir index and order 4 + 4 + path
    length to the outlet float64 8 + upstream counts int32 4 + drainage 1 + index grid and
    its filled copy 4 + 4 = 35.  (The fill phase: float64 input, depth and output
    8 + 8 + 8 + masks ~ 28.)  Strip temporaries (2**18 cells x tens of bytes) add little
    at 2.25 M cells, so K = 40: one more whole-grid float64 array (8 bytes) at the peak
    fails the test.  The former whole-grid implementation peaked at about 126 bytes/cell.
    """
    n = 1500
    tests_dir = str(__import__("pathlib").Path(__file__).resolve().parent)
    repo = str(__import__("pathlib").Path(tests_dir).parent)
    out = subprocess.run([sys.executable, "-c", _MEMORY_SCRIPT.format(paths=[tests_dir, repo], n=n)],
                         capture_output=True, text=True, check=True, timeout=600)
    peak = int(out.stdout.split()[-1])
    k = 40
    assert peak <= k * n * n, f"peak {peak / n / n:.1f} bytes per cell > {k}"
