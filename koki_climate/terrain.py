"""Terrain and hydrology features for the flood-risk model: slope, flow, HAND, TWI, distance.

Why these: water collects where the land is flat (slope), where much land drains through
(upstream area), close to and not far above a watercourse (HAND, flow distance) and where
both combine (topographic wetness index).  The work is done by libraries:

- ``pyflwdir`` (Deltares) fills depressions (priority flood), accumulates upstream area and
  propagates values along flow paths (HAND and flow distance are built from its compiled
  ``fillnodata``/``accuflux``, see :func:`_drain_index` for why not its ``hand``);
- ``xarray-spatial`` computes the slope (Horn's method).

Flow directions: :func:`pyflwdir.from_dem` returns the D8 direction in which the priority
flood *first reached* a cell, not the steepest descent (pyflwdir issue #122).  Ties are
broken by row, so on a plain slope water runs diagonally and edge cells chain along the
border to one corner.  We therefore take pyflwdir's filled DEM and its flood directions,
and use the steepest downhill neighbour wherever one exists (a vectorised 8-neighbour
comparison); flood directions remain only inside flats and filled depressions, where they
route water to the pour point.  Edge cells without a lower neighbour are outlets.

Memory (the grids reach 100 M cells): only arrays that must coexist are whole-grid, at
most about 35 bytes per cell at a time (plus the float32 input).  pyflwdir's own arrays set
that floor: the fill's float64 input, depth and output (24), its index and order arrays
(4 + 4, with 16 transient while ordering) and the float64 path lengths to the outlet (8,
float64 because HAND-like differences of long sums need it).  Everything else runs in
row strips of :data:`STRIP_CELLS` cells with a one-row halo (steepest descent, Horn
slope, differences, TWI), so its float64 temporaries are strip-sized, and each output is
written as float32 directly.  The strip-wise passes apply the same operations in the same
dtype as a whole-grid pass, so the results do not depend on the strip height (tested).
The filled DEM is kept as float32 (its values are float32-exact), upstream counts as int32,
and the drainage cell downstream as one index grid instead of two float64 value grids.
"""
from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pyflwdir
import xarray as xr
from affine import Affine
from pyflwdir.dem import fill_depressions
from xrspatial import slope as xrs_slope

__all__ = ["cell_size", "grid_transform", "terrain_features", "MIN_SLOPE_DEG"]

MIN_SLOPE_DEG = 0.1
"""Slope floor for the TWI (degrees): ln(a / tan 0) is infinite on flats."""

_REL_TOL = 1e-3  # tolerated relative deviation of coordinate steps (regular, square cells)

# pyflwdir D8 codes for (row offset, column offset); rows grow southward (north-up grid).
_D8 = ((0, 1, 1), (1, 1, 2), (1, 0, 4), (1, -1, 8), (0, -1, 16), (-1, -1, 32), (-1, 0, 64), (-1, 1, 128))
_D8_NODATA = np.uint8(247)
_D8_PIT = np.uint8(0)

STRIP_CELLS = 1 << 18
"""Cells per row strip of the strip-wise passes (2 MB per float64 temporary)."""


def cell_size(da: xr.DataArray | xr.Dataset) -> float:
    """Cell width in metres of a regular, square, north-up ``(y, x)`` grid.

    Terrain derivatives divide by the cell width, so an irregular or rectangular grid
    would silently give wrong slopes and areas; this raises ``ValueError`` instead.
    """
    dims = tuple(da.dims) if isinstance(da, xr.DataArray) else tuple(da.sizes)
    if "x" not in dims or "y" not in dims:
        raise ValueError(f"terrain grid needs dimensions 'y' and 'x' (got {dims})")
    steps = {}
    for dim in ("x", "y"):
        if dim not in da.coords:
            raise ValueError(f"terrain grid: dimension '{dim}' has no coordinate values")
        values = np.asarray(da[dim].values, dtype=float)
        if values.size < 2:
            raise ValueError(f"terrain grid: need at least 2 cells along '{dim}' (got {values.size})")
        diffs = np.diff(values)
        if not np.all(np.isfinite(diffs)) or not np.allclose(diffs, diffs[0], rtol=_REL_TOL, atol=0):
            raise ValueError(f"terrain grid: coordinate '{dim}' is not regularly spaced "
                             f"(steps from {np.nanmin(diffs):g} to {np.nanmax(diffs):g}); resample "
                             "to a regular grid first")
        steps[dim] = float(np.mean(diffs))
    if steps["x"] <= 0 or steps["y"] >= 0:
        raise ValueError("terrain grid must be north-up: x ascending and y descending "
                         f"(x step {steps['x']:g}, y step {steps['y']:g})")
    dx, dy = steps["x"], -steps["y"]
    if abs(dx - dy) > _REL_TOL * dx:
        raise ValueError(f"terrain grid cells are not square ({dx:g} m x {dy:g} m); "
                         "D8 routing and slope need square cells: resample first")
    return dx


def grid_transform(da: xr.DataArray | xr.Dataset) -> Affine:
    """Affine transform (cell corners) of a north-up grid from its cell-centre coordinates.

    Needed by libraries that take a GDAL-style transform (pyflwdir, rasterio.features).
    """
    dx = cell_size(da)
    x0, y0 = float(da["x"].values[0]), float(da["y"].values[0])
    return Affine(dx, 0.0, x0 - dx / 2, 0.0, -dx, y0 + dx / 2)


def terrain_features(elevation: xr.DataArray, river: xr.DataArray | None = None, *,
                     stream_area_km2: float = 2.0) -> xr.Dataset:
    """Slope, upstream area, HAND, TWI and flow distance on the elevation grid.

    Parameters
    ----------
    elevation
        Ground elevation (m) on dims ``("y", "x")``, regular square cells in a projected
        CRS, north-up; NaN is nodata (stays NaN in every output).
    river
        Optional 0/1 mask of known river cells on the same grid.  Mapped rivers join the
        drainage network even where the DEM alone would not make them streams.
    stream_area_km2
        Cells draining at least this upstream area also count as drainage network.

    Returns
    -------
    xarray.Dataset
        ``slope`` (degrees), ``flow_accumulation`` (upstream area, km²), ``hand`` (m),
        ``twi``, ``flow_distance`` (m), ``depression_depth`` (m, fill depth of closed
        hollows, where rain water ponds) and ``drainage`` (uint8 0/1) on the input grid,
        with its coordinates (and CRS coordinate).  HAND and distance refer to the first
        drainage cell downstream; a path that leaves the grid first refers to its outlet.
        HAND uses the depression-filled DEM, so it is never negative.

    Memory: whole-grid arrays are only those that must coexist (see the module docstring);
    every other step runs in row strips and each output is written as float32 directly.
    """
    if elevation.ndim != 2:
        raise ValueError(f"elevation must be 2-D (y, x); got dims {elevation.dims}")
    transform = grid_transform(elevation)  # checks dims, regular square north-up cells
    elevation = elevation.transpose("y", "x")
    dx = transform.a
    river_values = _river_values(river, elevation) if river is not None else None
    # Round to float32 first: pyflwdir's fill queue keys are float32, so float32-exact input
    # makes the filled DEM exactly non-increasing along its flood directions (no loops).
    # A float32 input is used as it is (no copy); non-finite values count as nodata.
    z = np.asarray(elevation.values, dtype=np.float32)
    valid = np.isfinite(z)
    if not valid.any():
        raise ValueError("elevation has no valid (non-NaN) cells")
    ny, nx = z.shape

    filled, flood_d8 = _fill(z, valid)
    d8 = _steepest_d8(filled, valid, flood_d8)
    del flood_d8
    flw = pyflwdir.from_array(d8, ftype="d8", check_ftype=False, transform=transform, latlon=False)

    # Down- to upstream cell order by sorting ranks: pyflwdir's default for D8 ("walk")
    # builds a cells x max-inflows index matrix (up to 32 bytes per cell); sorting needs
    # 16.  Every use below only needs downstream cells before upstream ones, so the
    # results do not depend on the order among cells of equal rank.
    flw.order_cells(method="sort")
    # Path length to the outlet first (its float64 input and output are the largest
    # temporaries), while fewer of the other whole-grid arrays exist.
    to_outlet = _length_to_outlet(flw, d8, dx)
    # Upstream cell counts stay int32 (exact); km² and the threshold are taken per strip in
    # float64 (a whole-grid float64 copy would be the largest array of the run).
    cell_km2 = dx * dx / 1e6
    ncells = flw.upstream_area(unit="cell")
    drain = np.empty((ny, nx), dtype=bool)
    for r0, r1 in _strips(ny, nx):
        given = (np.asarray(river_values[r0:r1], dtype=float) > 0.5 if river_values is not None
                 else False)
        drain[r0:r1] = valid[r0:r1] & (given | (_uparea_km2(ncells, valid, r0, r1, cell_km2)
                                                >= stream_area_km2))

    # HAND and distance: differences to the first drainage (or outlet) cell downstream.
    target, none = _drain_index(flw, d8, drain)
    del flw, d8
    dist = _minus_at(to_outlet, target, none)
    del to_outlet
    hand = _minus_at(filled, target, none)
    del target

    depression = np.empty((ny, nx), dtype=np.float32)
    for r0, r1 in _strips(ny, nx):
        depth = np.asarray(filled[r0:r1], dtype=np.float64) - z[r0:r1]
        depression[r0:r1] = np.where(valid[r0:r1], depth, np.nan)
    del filled
    slope = _slope_degrees(z, valid, elevation)

    # TWI = ln(a / tan b): a = specific catchment area (m² per m of contour = cell width).
    uparea = np.empty((ny, nx), dtype=np.float32)
    twi = np.empty((ny, nx), dtype=np.float32)
    for r0, r1 in _strips(ny, nx):
        uparea_km2 = _uparea_km2(ncells, valid, r0, r1, cell_km2)
        uparea[r0:r1] = uparea_km2
        spec_area = uparea_km2 * 1e6 / dx
        tan_b = np.tan(np.radians(np.maximum(slope[r0:r1].astype(np.float64), MIN_SLOPE_DEG)))
        with np.errstate(invalid="ignore"):
            twi[r0:r1] = np.log(spec_area / tan_b)
    del ncells

    def var(data: np.ndarray, units: str, long_name: str, dtype: type = np.float32) -> xr.DataArray:
        attrs = {"units": units, "long_name": long_name}
        if "grid_mapping" in elevation.attrs or "grid_mapping" in elevation.encoding:
            attrs["grid_mapping"] = elevation.attrs.get("grid_mapping",
                                                        elevation.encoding.get("grid_mapping"))
        return xr.DataArray(data.astype(dtype, copy=False), coords=elevation.coords, dims=("y", "x"),
                            attrs=attrs)

    return xr.Dataset(
        {
            "slope": var(slope, "degree", "terrain slope (Horn)"),
            "flow_accumulation": var(uparea, "km2", "upstream drainage area (D8)"),
            "hand": var(hand, "m", "height above nearest drainage"),
            "twi": var(twi, "1", "topographic wetness index ln(a / tan(slope))"),
            "flow_distance": var(dist, "m", "distance along flow path to drainage network"),
            "depression_depth": var(depression, "m", "depth of closed depression (filled minus ground)"),
            "drainage": var(drain, "1", "drainage network (river or upstream area threshold)", np.uint8),
        },
        coords=elevation.coords,
        attrs={"stream_area_km2": float(stream_area_km2), "min_slope_deg_twi": MIN_SLOPE_DEG,
               "flow_routing": "D8 steepest descent on pyflwdir priority-flood filled DEM",
               "source": f"pyflwdir {pyflwdir.__version__}; xarray-spatial slope"},
    )


def _strips(ny: int, nx: int) -> Iterator[tuple[int, int]]:
    """Row ranges ``[r0, r1)`` of about :data:`STRIP_CELLS` cells (at least one row)."""
    rows = max(1, STRIP_CELLS // max(nx, 1))
    for r0 in range(0, ny, rows):
        yield r0, min(ny, r0 + rows)


def _padded_rows(values: np.ndarray, r0: int, r1: int, pad_value: float | bool,
                 dtype: type) -> np.ndarray:
    """Rows ``r0 - 1 .. r1`` and columns ``-1 .. nx`` of a grid as ``dtype`` (a strip with a
    one-cell halo); cells outside the grid are ``pad_value``."""
    ny, nx = values.shape
    out = np.full((r1 - r0 + 2, nx + 2), pad_value, dtype=dtype)
    a, b = max(r0 - 1, 0), min(r1 + 1, ny)
    out[a - r0 + 1:b - r0 + 1, 1:-1] = values[a:b]
    return out


def _uparea_km2(ncells: np.ndarray, valid: np.ndarray, r0: int, r1: int, cell_km2: float) -> np.ndarray:
    """Upstream area (km², float64, NaN off the grid's valid cells) of rows ``r0:r1``."""
    return np.where(valid[r0:r1], ncells[r0:r1].astype(np.float64) * cell_km2, np.nan)


def _river_values(river: xr.DataArray, elevation: xr.DataArray) -> np.ndarray:
    """River mask values on the elevation grid (cells > 0.5 are river; NaN is not).

    The mask must sit on the elevation grid (no silent regridding).  It is returned as
    stored and compared per strip, so no whole-grid float copy of it is made.
    """
    river = river.transpose("y", "x") if set(river.dims) == {"y", "x"} else river
    if river.dims != ("y", "x") or river.shape != elevation.shape:
        raise ValueError(f"river mask must be on the elevation grid (dims ('y', 'x'), shape "
                         f"{elevation.shape}); got dims {river.dims}, shape {river.shape}")
    for dim in ("x", "y"):
        if dim in river.coords and not np.allclose(river[dim].values, elevation[dim].values):
            raise ValueError(f"river mask coordinate '{dim}' differs from the elevation grid")
    return np.asarray(river.values)


def _fill(z: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """pyflwdir priority-flood fill; returns (filled DEM, flood D8 directions).

    The fill gets float64 input (its depth arithmetic is float64), but its result is a
    float32-exact value wherever it matters (a filled cell takes its float32 pour-point
    key), so it is kept as float32 -- half the memory, the same numbers.  Should a value
    not be float32-exact (not seen on real DEMs), the float64 result is kept instead.
    """
    z64 = z.astype(np.float64)
    z64[~valid] = np.nan
    filled64, flood_d8 = fill_depressions(z64, nodata=np.nan, outlets="edge")
    del z64
    filled = filled64.astype(np.float32)
    ny, nx = z.shape
    for r0, r1 in _strips(ny, nx):
        if not np.array_equal(filled[r0:r1], filled64[r0:r1], equal_nan=True):
            return filled64, flood_d8
    return filled, flood_d8


def _steepest_d8(filled: np.ndarray, valid: np.ndarray, flood_d8: np.ndarray) -> np.ndarray:
    """D8 steepest descent on the filled DEM; flood directions on flats; outlets at edges.

    Steepest steps strictly descend and flood steps never rise (float32-exact filled DEM),
    and flood steps alone form a tree, so the combination has no loops.

    Works in strips of :data:`STRIP_CELLS` cells with a one-row halo, so the float64
    drops and the best-so-far array are strip-sized; the comparisons are the same, in the
    same dtype (float64) and order, as on the whole grid, so the result does not depend on
    the strip height.  A cell is *interior* (may keep its flood direction) when it and its
    eight neighbours are valid and it is not on the grid edge.
    """
    ny, nx = filled.shape
    d8 = np.empty((ny, nx), dtype=np.uint8)
    for r0, r1 in _strips(ny, nx):
        h = r1 - r0
        vp = _padded_rows(valid, r0, r1, False, bool)
        zp = _padded_rows(filled, r0, r1, np.inf, np.float64)
        zp[~vp] = np.inf
        zc, vc = zp[1:-1, 1:-1], vp[1:-1, 1:-1]
        best = np.zeros((h, nx))
        code = np.zeros((h, nx), dtype=np.uint8)
        interior = vc.copy()
        with np.errstate(invalid="ignore"):
            for dr, dc, d8_code in _D8:
                neighbour = zp[1 + dr:1 + dr + h, 1 + dc:1 + dc + nx]
                drop = (zc - neighbour) / (math.sqrt(2.0) if dr and dc else 1.0)
                steeper = vc & (drop > best)
                best[steeper] = drop[steeper]
                code[steeper] = d8_code
                interior &= vp[1 + dr:1 + dr + h, 1 + dc:1 + dc + nx]
        out = np.where(best > 0, code, np.where(interior, flood_d8[r0:r1], _D8_PIT))
        out[~vc] = _D8_NODATA
        d8[r0:r1] = out
    return d8


# Offsets of the nearest valid neighbour, in the order scipy's exact Euclidean distance
# transform picks among equally near cells: 4-neighbours (distance 1) before diagonals
# (sqrt 2), then by column offset, then by row offset.  Tested against
# ``ndimage.distance_transform_edt(..., return_indices=True)``.
_NEAREST = ((0, -1), (-1, 0), (1, 0), (0, 1), (-1, -1), (1, -1), (-1, 1), (1, 1))


def _nearest_filled_rows(z: np.ndarray, valid: np.ndarray, a: int, b: int) -> np.ndarray:
    """Rows ``a:b`` of ``z`` as float64; nodata cells next to a valid cell take the nearest
    valid elevation (as the exact Euclidean nearest-valid fill would), others stay NaN.

    Only those cells enter the 3x3 Horn window of a valid cell (or of the padding row
    beside it), so a whole-grid distance transform (int64 indices, 16 bytes per cell) is
    not needed.
    """
    ny, nx = z.shape
    out = z[a:b].astype(np.float64)
    need = ~valid[a:b]
    if not need.any():
        return out
    out[need] = np.nan
    h = b - a
    zn = _padded_rows(z, a, b, np.nan, np.float64)
    vn = _padded_rows(valid, a, b, False, bool)
    for dr, dc in _NEAREST:
        take = need & vn[1 + dr:1 + dr + h, 1 + dc:1 + dc + nx]
        out[take] = zn[1 + dr:1 + dr + h, 1 + dc:1 + dc + nx][take]
        need &= ~take
    return out


def _slope_degrees(z: np.ndarray, valid: np.ndarray, elevation: xr.DataArray) -> np.ndarray:
    """Horn slope (degrees, float32) via xarray-spatial, also at the grid edge and next to nodata.

    xarray-spatial leaves the outer ring and every cell touching NaN as NaN, and takes the
    cell size from an ``attrs['res']`` if present.  We fill nodata next to valid cells with
    the nearest valid elevation, pad by linear extrapolation (exact on planes) and pass the
    cell size that xarray-spatial derives from the padded grid's coordinates.

    In strips of :data:`STRIP_CELLS` cells with a one-row halo: Horn's method is a fixed
    3x3 formula, so each strip gives exactly the whole-grid values, while the padded
    float64 copy and xarray-spatial's float32 copy stay strip-sized.
    """
    ny, nx = z.shape
    x = np.asarray(elevation["x"].values, dtype=float)
    y = np.asarray(elevation["y"].values, dtype=float)
    xp = np.concatenate([[2 * x[0] - x[1]], x, [2 * x[-1] - x[-2]]])
    yp = np.concatenate([[2 * y[0] - y[1]], y, [2 * y[-1] - y[-2]]])
    # as xrspatial.utils.calc_res on the whole padded grid
    res = ((float(xp.max()) - float(xp.min())) / (xp.size - 1),
           (float(yp.max()) - float(yp.min())) / (yp.size - 1))
    out = np.empty((ny, nx), dtype=np.float32)
    for r0, r1 in _strips(ny, nx):
        rows = _nearest_filled_rows(z, valid, max(r0 - 1, 0), min(r1 + 1, ny))
        pad_rows = (1 if r0 == 0 else 0, 1 if r1 == ny else 0)
        with np.errstate(invalid="ignore"):
            zp = np.pad(rows, (pad_rows, (1, 1)), mode="reflect", reflect_type="odd")
        slope = xrs_slope(xr.DataArray(zp, dims=("y", "x"), attrs={"res": res})).values
        out[r0:r1] = np.where(valid[r0:r1], slope[1:-1, 1:-1], np.nan)
    return out


def _length_to_outlet(flw: pyflwdir.FlwdirRaster, d8: np.ndarray, dx: float) -> np.ndarray:
    """Path length (m, float64) from each cell along its D8 path to the outlet.

    pyflwdir's ``accuflux(direction="down")`` over the D8 step lengths; the step grid is
    built per strip and freed right after.  float64, as the sums over long paths need.
    """
    ny, nx = d8.shape
    step = np.empty((ny, nx))
    for r0, r1 in _strips(ny, nx):
        code = d8[r0:r1]
        diagonal = np.isin(code, (2, 8, 32, 128))
        step[r0:r1] = np.where(code == _D8_PIT, 0.0, np.where(diagonal, dx * math.sqrt(2.0), dx))
    return flw.accuflux(step, nodata=-9999.0, direction="down")


def _drain_index(flw: pyflwdir.FlwdirRaster, d8: np.ndarray,
                 drain: np.ndarray) -> tuple[np.ndarray, int]:
    """Linear index of the first drainage cell downstream of each cell (else its outlet).

    Returns the index grid (pyflwdir's index dtype) and its value for "none" (nodata).

    HAND and flow distance are composed from pyflwdir's compiled primitives.  Its own
    ``hand`` and ``stream_distance`` (0.5.12) are plain-Python loops (about 2.4 s and 1.1 s
    on 1.44 M cells), and ``stream_distance(unit="m")`` passes an ``Affine`` to numba,
    which fails with affine >= 3 (pyflwdir issue #108).  Instead: the index of the first
    drainage (or outlet) cell downstream comes from ``fillnodata(direction="up")`` on cell
    indices -- one int array serves both outputs, instead of two float64 value grids --
    and HAND and distance are the differences of the filled elevation and of the path
    length to the outlet (:func:`_length_to_outlet`) to that cell's values
    (:func:`_minus_at`).  Tests check equality with pyflwdir's reference functions.
    """
    ny, nx = d8.shape
    idx_dtype = flw.idxs_ds.dtype
    none = np.iinfo(idx_dtype).max if np.issubdtype(idx_dtype, np.unsignedinteger) else -1
    index = np.arange(ny * nx, dtype=idx_dtype).reshape(ny, nx)
    for r0, r1 in _strips(ny, nx):
        target = drain[r0:r1] | (d8[r0:r1] == _D8_PIT)  # outlets end paths that meet no drain
        index[r0:r1][~target] = none
    return flw.fillnodata(index, none, direction="up"), none


def _minus_at(values: np.ndarray, index: np.ndarray, none: int) -> np.ndarray:
    """``values - values[index]`` (float32; NaN where ``index`` is ``none``), per strip in float64."""
    ny, nx = index.shape
    flat = values.reshape(-1)
    out = np.empty((ny, nx), dtype=np.float32)
    for r0, r1 in _strips(ny, nx):
        at = index[r0:r1]
        bad = at == none
        at = np.where(bad, 0, at)
        diff = np.asarray(values[r0:r1], dtype=np.float64) - flat[at].astype(np.float64)
        out[r0:r1] = np.where(bad, np.nan, diff)
    return out
