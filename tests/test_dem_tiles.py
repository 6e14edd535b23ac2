"""DEM tiles to the region grid: readers for every tile kind, a seamless streamed mosaic, gaps.

The real tiles are a 1 km² DGM1 of the Elbe floodplain near Dessau (EPSG:25833, 1 m, two
GeoTIFF and two XYZ tiles of 500 m, see the README beside them). They are copied into
``tmp_path``; nothing is written into the shared folder. Expected values come from the
sources themselves or from the geometry, never from the code under test.
"""
from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.features import rasterize
from rasterio.warp import (Resampling, calculate_default_transform, reproject, transform, transform_bounds,
                           transform_geom)
import shapely
import shapely.ops
from pyproj import Transformer
from scipy import ndimage

from koki_climate.errors import InputError
from koki_climate.io.dem_tiles import expand_tile_patterns, open_tile, xyz_grid
from koki_climate.region.build.dem import DemGapError, mosaic_dem
from koki_climate.region.build.report import BuildReport
from koki_climate.region.build.target import TargetGrid

DGM1 = Path("/work/shared/data/elbe-dessau/dgm1")
SRC_CRS, DST_CRS = "EPSG:25833", "EPSG:25832"
WEST, SOUTH, EAST, NORTH = 309000.0, 5749000.0, 310000.0, 5750000.0  # the four tiles together (README)
BORDER_X, BORDER_Y = 309500.0, 5749500.0  # where the tiles meet
XYZ_NAMES = ("dgm1_33_309000_5749000.xyz", "dgm1_33_309500_5749500.xyz")
TIF_NAMES = ("dgm1_33_309000_5749500.tif", "dgm1_33_309500_5749000.tif")

pytestmark = pytest.mark.skipif(not DGM1.is_dir(), reason="the shared Elbe DGM1 tiles are not on this machine")


# --- helpers: the sources read independently of the code under test -----------------------------
@pytest.fixture
def tiles(tmp_path: Path) -> Path:
    """A private copy of the four tiles."""
    folder = tmp_path / "dgm1"
    shutil.copytree(DGM1, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    return folder


def _read_xyz(path: Path) -> np.ndarray:
    return np.loadtxt(path)


def _merged_1m() -> np.ndarray:
    """The whole 1 km² at 1 m (rows north to south) from the sources: numpy for XYZ, rasterio for GeoTIFF."""
    full = np.full((1000, 1000), np.nan)
    for name in TIF_NAMES:
        with rasterio.open(DGM1 / name) as src:
            col, row = int(src.transform.c - WEST), int(NORTH - src.transform.f)
            full[row:row + src.height, col:col + src.width] = src.read(1, masked=True).filled(np.nan)
    for name in XYZ_NAMES:
        points = _read_xyz(DGM1 / name)
        cols = np.floor(points[:, 0] - WEST).astype(int)
        rows = np.floor(NORTH - points[:, 1]).astype(int)
        full[rows, cols] = points[:, 2]
    assert np.isfinite(full).all(), "the README promises the four tiles cover the square without gaps"
    return full


@pytest.fixture(scope="module")
def merged() -> np.ndarray:
    return _merged_1m()


def _grid_25832(resolution: float = 5.0) -> tuple[TargetGrid, np.ndarray]:
    """The region grid over the tiles' extent in EPSG:25832 and the tiles' footprint on it (cell centres)."""
    bounds = transform_bounds(SRC_CRS, DST_CRS, WEST, SOUTH, EAST, NORTH, densify_pts=21)
    target = TargetGrid.from_bounds(DST_CRS, bounds, resolution)
    square = {"type": "Polygon", "coordinates": [[(WEST, SOUTH), (EAST, SOUTH), (EAST, NORTH), (WEST, NORTH),
                                                  (WEST, SOUTH)]]}
    footprint = transform_geom(SRC_CRS, DST_CRS, square)
    inside = rasterize([footprint], out_shape=target.shape, transform=target.transform).astype(bool)
    return target, inside


def _centres_in_source_crs(target: TargetGrid) -> tuple[np.ndarray, np.ndarray]:
    xx, yy = np.meshgrid(target.x, target.y)
    xs, ys = transform(DST_CRS, SRC_CRS, xx.ravel(), yy.ravel())
    return np.asarray(xs).reshape(target.shape), np.asarray(ys).reshape(target.shape)


def _mosaic(folder_or_tiles, target: TargetGrid, inside: np.ndarray | None, **kwargs) -> tuple[np.ndarray, BuildReport]:
    paths = sorted(folder_or_tiles.iterdir()) if isinstance(folder_or_tiles, Path) else folder_or_tiles
    report = BuildReport()
    kwargs.setdefault("dem_crs", SRC_CRS)
    return mosaic_dem(paths, target, inside=inside, report=report, **kwargs), report


@pytest.fixture(scope="module")
def elbe_25832(tmp_path_factory: pytest.TempPathFactory) -> tuple[TargetGrid, np.ndarray, np.ndarray, BuildReport]:
    """The four tiles mosaicked into EPSG:25832 at 5 m over their extent (grid, inside, dem, report)."""
    folder = tmp_path_factory.mktemp("elbe") / "dgm1"
    shutil.copytree(DGM1, folder)
    target, inside = _grid_25832()
    dem, report = _mosaic(folder, target, inside)
    return target, inside, dem, report


# --- the mosaic on the real tiles --------------------------------------------------------------
def test_mosaic_has_no_seam_at_the_tile_borders(elbe_25832, merged: np.ndarray) -> None:
    """Neighbour differences across the tile borders look like those across any other line.

    The cells are 5 m in EPSG:25832, the borders are the 309500 E and 5749500 N lines of
    EPSG:25833 (rotated by about 4.7° on this grid). For each pair of neighbouring cells whose
    centres lie on the two sides of a line, the *contrast* is |Δz| of the pair minus the mean
    |Δz| of the two pairs beside it on the same row (column): a seam (a step, or a cell
    straddling the border with a wrong value) makes it positive; terrain alone makes it
    scatter around zero. The scatter of that mean over a line is measured on 32 parallel
    control lines every 25 m inside the same tiles, i.e. the terrain's own roughness; the
    border's mean contrast must lie within four standard deviations of those lines' mean.
    """
    target, inside, dem, _ = elbe_25832
    core = ndimage.binary_erosion(inside, iterations=3)  # 15 m from the outer edge of the tiles
    assert np.isfinite(dem[inside]).all()
    x33, y33 = _centres_in_source_crs(target)

    def contrasts(line: float, axis: str) -> np.ndarray:
        z, coord, ok = (dem, x33, core) if axis == "x" else (dem.T, y33.T, core.T)
        a, b = coord[:, 1:-2], coord[:, 2:-1]
        crossing = (ok[:, :-3] & ok[:, 1:-2] & ok[:, 2:-1] & ok[:, 3:]
                    & (np.minimum(a, b) < line) & (np.maximum(a, b) >= line))
        across = np.abs(z[:, 2:-1] - z[:, 1:-2])
        beside = (np.abs(z[:, 1:-2] - z[:, :-3]) + np.abs(z[:, 3:] - z[:, 2:-1])) / 2
        return (across - beside)[crossing]

    for axis, border in (("x", BORDER_X), ("y", BORDER_Y)):
        at_border = contrasts(border, axis)
        assert at_border.size > 150  # the 1 km border crosses about 190 rows of 5 m cells
        controls = np.array([contrasts(border + 25 * k, axis).mean() for k in range(-16, 17) if k])
        spread = controls.std()
        assert abs(at_border.mean() - controls.mean()) <= 4 * spread, (axis, at_border.mean(), controls)

    # values are means of source values: within the sources' range (README: 48.97–76.60 m)
    assert merged.min() <= np.nanmin(dem) and np.nanmax(dem) <= merged.max()
    assert (merged.min(), merged.max()) == pytest.approx((48.97, 76.60), abs=0.006)


def test_cells_straddling_tiles_are_the_area_weighted_mean_of_both(tiles: Path, merged: np.ndarray) -> None:
    """On a 7.5 m grid in the tiles' own CRS the 309500 E border cuts cells 5 m / 2.5 m.

    Each 7.5 m cell's exact area-weighted mean is the mean of its 15 x 15 half-metre
    sub-cells (each 1 m cell split into four); cells at the outer edge average only the
    covered sub-cells. No reprojection is involved, so GDAL's transform is exact and only
    float32 rounding of ~60 m values (1e-5 m) separates the two.
    """
    target = TargetGrid.from_bounds(SRC_CRS, (WEST, SOUTH, EAST, NORTH), 7.5)
    dem, _ = _mosaic(tiles, target, None)
    assert target.west == WEST and (BORDER_X - WEST) % 7.5 == 5.0  # the border lies inside a column of cells
    half = np.full((target.height * 15, target.width * 15), np.nan)
    top = int(round((target.north - NORTH) / 0.5))
    half[top:top + 2000, :2000] = np.repeat(np.repeat(merged, 2, axis=0), 2, axis=1)
    blocks = half.reshape(target.height, 15, target.width, 15)
    with np.errstate(invalid="ignore"):
        expected = np.nanmean(blocks, axis=(1, 3))
    np.testing.assert_allclose(dem, expected, atol=1e-4)


def test_mean_elevation_is_kept_by_area_weighted_averaging(elbe_25832, merged: np.ndarray) -> None:
    """The 5 m mean equals the 1 m mean over the same area.

    The area is the union U of the 5 m cells chosen (those at least three cells inside the
    tiles); the 1 m mean takes the 1 m cells whose centres fall in U. The two differ only by
    the 1 m cells cut by U's outline: at most (outline length x 1 m) of area counted on the
    wrong side, each part off the mean by at most max|z - mean|. So
    |mean_5m - mean_1m| <= outline x 1 m x max|z - mean| / area(U), about 0.1 m here, while
    the 1 m data span 28 m (a nearest-neighbour pick or an unweighted mean errs by its own,
    unbounded, amount).
    """
    target, inside, dem, _ = elbe_25832
    chosen = ndimage.binary_erosion(inside, iterations=3)
    mean_5m = float(dem[chosen].mean())

    rows, cols = np.mgrid[0:1000, 0:1000]
    xs, ys = transform(SRC_CRS, DST_CRS, (WEST + cols + 0.5).ravel(), (NORTH - rows - 0.5).ravel())
    col5 = np.floor((np.asarray(xs) - target.west) / target.resolution).astype(int)
    row5 = np.floor((target.north - np.asarray(ys)) / target.resolution).astype(int)
    in_union = chosen[row5, col5]
    mean_1m = float(merged.ravel()[in_union].mean())

    # the outline of U: cell sides between a chosen and an unchosen cell (a staircase)
    sides = (np.count_nonzero(chosen[1:] != chosen[:-1]) + np.count_nonzero(chosen[:, 1:] != chosen[:, :-1]))
    outline_m = sides * target.resolution
    area_m2 = chosen.sum() * target.cell_area_m2
    deviation = float(np.abs(merged.ravel()[in_union] - mean_1m).max())
    tolerance = outline_m * 1.0 * deviation / area_m2
    assert tolerance < 0.2  # the bound is meaningful: far below the 28 m the data span
    assert abs(mean_5m - mean_1m) <= tolerance, (mean_5m, mean_1m, tolerance)


def test_mosaic_reports_what_it_read_and_did(elbe_25832) -> None:
    _, _, _, report = elbe_25832
    read = " ".join(entry.message for entry in report.of("read"))
    assert "4 DEM file(s)" in read and "2 GeoTIFF" in read and "2 XYZ" in read and SRC_CRS in read
    assert "1 m" in read and "48.97–76.60 m" in read
    assert any(f"from {SRC_CRS} to {DST_CRS}" in e.message for e in report.of("reprojected"))
    assert any("1 m → 5 m" in e.message and "average" in e.message for e in report.of("resampled"))
    assert len(report.of("converted")) == 2 and all(e.file.endswith(".xyz") for e in report.of("converted"))
    assert any("dem_crs" in e.message for e in report.of("assumed"))  # XYZ tiles took the spec's CRS
    assert not report.of("filled")


def test_progress_is_reported_per_tile(tiles: Path) -> None:
    target = TargetGrid.from_bounds(SRC_CRS, (WEST, SOUTH, EAST, NORTH), 10)
    calls: list[tuple[float, str]] = []
    _mosaic(tiles, target, None, progress=lambda fraction, message: calls.append((fraction, message)))
    assert [fraction for fraction, _ in calls] == [0.25, 0.5, 0.75, 1.0]
    assert all(path.name in message for (_, message), path in zip(calls, sorted(tiles.iterdir())))


# --- every tile kind and XYZ dialect gives the same grid ---------------------------------------
def _write_tif(path: Path, values: np.ndarray, transform_: Affine, crs: str | None) -> None:
    with rasterio.open(path, "w", driver="GTiff", width=values.shape[1], height=values.shape[0], count=1,
                       dtype="float32", crs=crs, transform=transform_, nodata=-9999.0) as dst:
        dst.write(np.where(np.isfinite(values), values, -9999.0).astype("float32"), 1)


def _xyz_as_tif(xyz: Path, out: Path) -> None:
    """A GeoTIFF written from the XYZ text with numpy and rasterio, independently of the reader under test."""
    points = _read_xyz(xyz)
    west, north = points[:, 0].min() - 0.5, points[:, 1].max() + 0.5
    grid = np.full((500, 500), np.nan)
    grid[np.floor(north - points[:, 1]).astype(int), np.floor(points[:, 0] - west).astype(int)] = points[:, 2]
    _write_tif(out, grid, Affine(1, 0, west, 0, -1, north), SRC_CRS)


def test_xyz_converted_to_geotiff_gives_the_same_grid(tiles: Path, elbe_25832) -> None:
    target, inside, dem, _ = elbe_25832
    for name in XYZ_NAMES:
        _xyz_as_tif(tiles / name, tiles / name.replace(".xyz", ".tif"))
        (tiles / name).unlink()
    all_tif, report = _mosaic(tiles, target, inside, dem_crs=None)
    np.testing.assert_array_equal(all_tif, dem)  # the same float32 values on the same 1 m grid
    assert not report.of("assumed") and not report.of("converted")


def test_geotiff_as_esri_ascii_grid_gives_the_same_grid(tiles: Path, elbe_25832) -> None:
    target, inside, dem, _ = elbe_25832
    for name in TIF_NAMES:
        with rasterio.open(tiles / name) as src:
            values, transform_ = src.read(1), src.transform
        # no CRS, so no .prj: the tiles take dem_crs
        with rasterio.open(tiles / name.replace(".tif", ".asc"), "w", driver="AAIGrid", width=values.shape[1],
                           height=values.shape[0], count=1, dtype="float32", transform=transform_,
                           nodata=-9999.0) as dst:
            dst.write(values, 1)
        (tiles / name).unlink()
    for sidecar in tiles.glob("*.prj"):
        sidecar.unlink()
    from_asc, report = _mosaic(tiles, target, inside)
    np.testing.assert_allclose(from_asc, dem, atol=1e-4)  # .asc stores the values as decimal text
    assert "ESRI ASCII grid" in report.of("read")[0].message


@pytest.mark.parametrize("dialect", ["shuffled", "semicolon_decimal_comma", "tab_with_header", "comma_crlf"])
def test_xyz_dialects_give_the_same_grid(tiles: Path, dialect: str) -> None:
    """German exports: any line order, ';' with decimal commas, tabs, a header, ',' with CRLF."""
    original = tiles / XYZ_NAMES[0]
    lines = original.read_text().splitlines()
    if dialect == "shuffled":
        text = "\n".join(np.random.default_rng(7).permutation(lines)) + "\n"
    elif dialect == "semicolon_decimal_comma":
        text = "\n".join(line.replace(".", ",").replace(" ", ";") for line in lines) + "\n"
    elif dialect == "tab_with_header":
        text = "x\ty\tz\n" + "\n".join(line.replace(" ", "\t") for line in lines)
    else:
        text = "X,Y,Z\r\n" + "\r\n".join(line.replace(" ", ",") for line in lines) + "\r\n"
    variant = tiles / f"variant_{dialect}.txt"
    variant.write_text(text)
    with open_tile(original, dem_crs=SRC_CRS) as a, open_tile(variant, dem_crs=SRC_CRS) as b:
        assert a.dataset.transform == b.dataset.transform == Affine(1, 0, WEST, 0, -1, SOUTH + 500)
        np.testing.assert_array_equal(a.dataset.read(1), b.dataset.read(1))

    target = TargetGrid.from_bounds(SRC_CRS, (WEST, SOUTH, WEST + 500, SOUTH + 500), 5)
    first, _ = _mosaic([original], target, None)
    second, _ = _mosaic([variant], target, None)
    np.testing.assert_array_equal(first, second)


def test_xyz_gaps_become_nodata_and_points_keep_their_cells(tmp_path: Path) -> None:
    """A 3 x 2 grid of 2 m cells with one point missing, given in shuffled order."""
    xyz = tmp_path / "small.xyz"
    xyz.write_text("103 201 5\n101 203 1\n105 203 3\n101 201 4\n103 203 2\n")
    with open_tile(xyz, dem_crs=SRC_CRS) as tile:
        assert tile.dataset.transform == Affine(2, 0, 100, 0, -2, 204)
        values = tile.dataset.read(1, masked=True)
    assert values.filled(np.nan).tolist()[0] == [1, 2, 3]
    assert values.mask.tolist() == [[False, False, False], [False, False, True]]


# --- CRSs ------------------------------------------------------------------------------------
def test_xyz_without_dem_crs_is_refused_naming_the_file(tiles: Path) -> None:
    target, inside = _grid_25832()
    with pytest.raises(InputError, match=r"dgm1_33_309000_5749000\.xyz: XYZ tiles carry no CRS: set \[terrain\] "
                                         r"dem_crs"):
        _mosaic(tiles, target, inside, dem_crs=None)


def test_tiles_in_different_crss_are_accepted(tiles: Path, elbe_25832, merged: np.ndarray) -> None:
    """One GeoTIFF tile reprojected to EPSG:25832 at 1 m (bilinear) before the mosaic.

    Bilinear resampling draws each new 1 m value from source cells within one cell (1 m),
    and the reprojected tile's stair-stepped outline adds or removes slivers of at most
    0.7 m along its border (at most 0.2 of a 5 m cell's area, whose values lie within a cell
    diagonal, 7 m, of the rest). So a 5 m cell may differ from the all-original mosaic by at
    most (1 m + 0.2 x 7 m) x the steepest 1 m slope near it (maximum gradient over ±10 m):
    2.5 m x that slope.
    """
    target, inside, dem, _ = elbe_25832
    name = TIF_NAMES[1]
    with rasterio.open(tiles / name) as src:
        dst_transform, width, height = calculate_default_transform(src.crs, DST_CRS, src.width, src.height,
                                                                   *src.bounds, resolution=1.0)
        moved = np.full((height, width), np.nan, dtype=np.float32)
        reproject(rasterio.band(src, 1), moved, dst_transform=dst_transform, dst_crs=DST_CRS,
                  dst_nodata=np.nan, resampling=Resampling.bilinear)
    (tiles / name).unlink()
    _write_tif(tiles / name.replace(".tif", "_25832.tif"), moved, dst_transform, DST_CRS)
    mixed, report = _mosaic(tiles, target, inside)

    slope = np.hypot(*np.gradient(merged))
    steepest = ndimage.maximum_filter(slope, size=21)
    x33, y33 = _centres_in_source_crs(target)
    core = ndimage.binary_erosion(inside, iterations=3)
    rows = np.clip(np.floor(NORTH - y33).astype(int), 0, 999)
    cols = np.clip(np.floor(x33 - WEST).astype(int), 0, 999)
    bound = 2.5 * steepest[rows, cols] + 1e-3
    assert np.isfinite(mixed[inside]).all()
    assert (np.abs(mixed - dem) <= bound)[core].all()
    assert any(f"3 tile(s) reprojected from {SRC_CRS}" in e.message for e in report.of("reprojected"))
    assert DST_CRS in report.of("read")[0].message and SRC_CRS in report.of("read")[0].message


# --- coverage and gaps ------------------------------------------------------------------------
def test_boundary_outside_the_tiles_is_refused(tiles: Path) -> None:
    far = TargetGrid.from_bounds(DST_CRS, (700_000, 5_760_000, 701_000, 5_761_000), 5)
    with pytest.raises(InputError, match="DEM in .*the boundary lies outside them.*0%"):
        _mosaic(tiles, far, None)
    # a boundary three times the tiles' width, in their own CRS: they cover a ninth of it (11 %)
    wide = TargetGrid.from_bounds(SRC_CRS, (WEST - 1000, SOUTH - 1000, EAST + 1000, NORTH + 1000), 10)
    with pytest.raises(InputError, match=r"the boundary lies outside them: they give values for 11%"):
        _mosaic(tiles, wide, None)


def test_a_missing_tile_is_refused_with_the_gap_and_where(tiles: Path) -> None:
    target, inside = _grid_25832()
    (tiles / TIF_NAMES[1]).unlink()  # the south-east quarter: 309500–310000 E, 5749000–5749500 N
    with pytest.raises(DemGapError, match="DEM in .*cells inside the boundary .* have no value") as caught:
        _mosaic(tiles, target, inside)
    cx, cy = transform(SRC_CRS, DST_CRS, [309750.0], [5749250.0])  # the missing tile's centre
    x0, y0, x1, y1 = caught.value.bounds
    assert x0 < cx[0] < x1 and y0 < cy[0] < y1
    quarter_cells = 500 * 500 / target.cell_area_m2
    assert 0.9 * quarter_cells < caught.value.cells < 1.1 * quarter_cells
    assert f"{x0:,.0f}" in str(caught.value) and "ha" in str(caught.value)


def test_a_few_missing_cells_are_filled_and_reported(tiles: Path, merged: np.ndarray) -> None:
    """Two holes of nodata in a copy of one tile, on the tiles' own 5 m grid (cells of 25 whole 1 m cells).

    A 20 x 20 m hole aligned to the 5 m grid empties 4 x 4 cells; a 12 x 12 m hole from a
    grid corner empties the 2 x 2 cells wholly inside it (the third row and column keep
    some 1 m cells). Filled values interpolate between cells around the hole, so they lie
    within the range of the 1 m values within the search reach (hole size + 2 cells) of it.
    """
    name = TIF_NAMES[1]  # 309500–310000 E, 5749000–5749500 N
    with rasterio.open(tiles / name) as src:
        values, profile, nodata = src.read(1), src.profile, src.nodata
    holes = [(309600, 5749220, 20), (309700, 5749310, 12)]  # west, north, size (m)
    for west, north, size in holes:
        row, col = int(5749500 - north), int(west - 309500)
        values[row:row + size, col:col + size] = nodata
    with rasterio.open(tiles / name, "w", **profile) as dst:
        dst.write(values, 1)

    target = TargetGrid.from_bounds(SRC_CRS, (WEST, SOUTH, EAST, NORTH), 5)
    dem, report = _mosaic(tiles, target, None)
    assert np.isfinite(dem).all()
    filled = report.of("filled")
    assert len(filled) == 1 and "filled 20 cells" in filled[0].message and "2 gap(s)" in filled[0].message
    for west, north, size in holes:
        reach = (size // 5 + 2) * 5 + 5
        around = merged[int(NORTH - north) - reach:int(NORTH - north) + size + reach,
                        int(west - WEST) - reach:int(west - WEST) + size + reach]
        row, col = int((target.north - north) / 5), int((west - target.west) / 5)
        inner = dem[row:row + size // 5, col:col + size // 5]
        assert around.min() <= inner.min() and inner.max() <= around.max()

    with pytest.raises(DemGapError, match="filled only up to 10 cells"):
        _mosaic(tiles, target, None, max_gap_cells=10)


def test_cells_outside_the_boundary_stay_empty(tiles: Path) -> None:
    target = TargetGrid.from_bounds(SRC_CRS, (WEST, SOUTH, EAST, NORTH), 10)
    inside = np.zeros(target.shape, dtype=bool)
    inside[20:80, 30:90] = True
    dem, _ = _mosaic(tiles, target, inside)
    assert np.isfinite(dem[inside]).all() and np.isnan(dem[~inside]).all()


# --- files and patterns -----------------------------------------------------------------------
def test_pattern_matching_nothing_is_refused_naming_it(tiles: Path) -> None:
    assert [p.name for p in expand_tile_patterns(["dgm1/*.tif", "dgm1/*.xyz"], tiles.parent)] == [
        *TIF_NAMES, *XYZ_NAMES]
    with pytest.raises(InputError, match=r"'dgm1/\*\.xyzz' matches no file"):
        expand_tile_patterns(["dgm1/*.tif", "dgm1/*.xyzz"], tiles.parent)


def test_irregular_xyz_is_refused_naming_the_file(tmp_path: Path) -> None:
    xyz = tmp_path / "irregular.xyz"
    xyz.write_text("0.5 0.5 1\n1.5 0.5 1\n3.0 0.5 1\n0.5 1.5 1\n1.5 1.5 1\n3.0 1.5 1\n")  # steps of 1 m and 1.5 m
    with pytest.raises(InputError, match=r"irregular\.xyz: irregular x spacing"):
        with open_tile(xyz, dem_crs=SRC_CRS):
            pass


def test_duplicate_xyz_points_are_refused() -> None:
    x, y, z = np.array([0.5, 1.5, 0.5]), np.array([0.5, 0.5, 0.5]), np.array([1.0, 2.0, 3.0])
    with pytest.raises(InputError, match="dup.xyz: 1 grid positions occur more than once"):
        xyz_grid(Path("dup.xyz"), x, y, z)


def test_non_files_and_other_formats_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a_folder.tif"
    folder.mkdir()
    with pytest.raises(InputError, match=r"a_folder\.tif: is a folder"):
        with open_tile(folder, dem_crs=SRC_CRS):
            pass
    notes = tmp_path / "readme.txt"
    notes.write_text("Digitales Geländemodell\nLieferung 2024\n")
    target = TargetGrid.from_bounds(SRC_CRS, (WEST, SOUTH, EAST, NORTH), 10)
    with pytest.raises(InputError, match=r"readme\.txt: not a DEM tile"):
        _mosaic([DGM1 / TIF_NAMES[0], notes], target, None)


# --- memory ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_mosaic_streams_tile_by_tile(tmp_path: Path) -> None:
    """Peak Python-side memory (numpy, pandas) is one tile's working set plus target-sized arrays.

    64 GeoTIFF tiles of 500 x 500 float32 (1 MB each) make a 4 km x 4 km DGM at 1 m:
    64 MB as one float32 array. The mosaic onto a 10 m grid in another CRS (about 430 x 430
    cells with the rotation margin) may hold:
    - per strip of a tile (at most the whole tile; strips are smaller): the masked read
      (1.25 MB), float32 copies while scaling (up to 4 MB), the validity mask, the two-band
      warp input (2 MB): at most 10 x the tile (10 MB);
    - per target cell: two float64 sums (16 B), the float32 result (4 B), the inside and
      gap masks (2 B), gap labels (4 B), temporaries (about 8 B): 34 B.
    GDAL's own warp buffers are not Python allocations; the benchmark measures RSS.
    """
    side, tile_px = 8, 500
    rng = np.random.default_rng(1)
    for i in range(side):
        for j in range(side):
            west, north = 300_000 + j * tile_px, 5_760_000 - i * tile_px
            yy, xx = np.mgrid[0:tile_px, 0:tile_px]
            z = 60 + 0.002 * (west + xx - 300_000) + 5 * np.sin((north - yy) / 300) + rng.normal(0, 0.1, xx.shape)
            _write_tif(tmp_path / f"t_{i}_{j}.tif", z, Affine(1, 0, west, 0, -1, north), SRC_CRS)
    extent = (300_000, 5_760_000 - side * tile_px, 300_000 + side * tile_px, 5_760_000)
    target = TargetGrid.from_bounds(DST_CRS, transform_bounds(SRC_CRS, DST_CRS, *extent, densify_pts=21), 10)
    square = {"type": "Polygon", "coordinates": [[(extent[0], extent[1]), (extent[2], extent[1]),
                                                  (extent[2], extent[3]), (extent[0], extent[3]),
                                                  (extent[0], extent[1])]]}
    inside = rasterize([transform_geom(SRC_CRS, DST_CRS, square)], out_shape=target.shape,
                       transform=target.transform).astype(bool)
    tiles_ = sorted(tmp_path.glob("t_*.tif"))

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        dem, _ = _mosaic(tiles_, target, inside)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    tile_bytes = tile_px * tile_px * 4
    bound = 10 * tile_bytes + 34 * target.cells
    full_resolution = (side * tile_px) ** 2 * 4
    assert bound < full_resolution / 3
    assert peak <= bound, (peak, bound)
    assert np.isfinite(dem[inside]).all()


def _overlap_matrix(target_edges: np.ndarray, source_edges: np.ndarray) -> np.ndarray:
    """Length of the overlap of each target interval with each source interval (1-D, metres)."""
    lo = np.maximum(target_edges[:-1, None], source_edges[None, :-1])
    hi = np.minimum(target_edges[1:, None], source_edges[None, 1:])
    return np.clip(hi - lo, 0.0, None)


def _coarse_grid_file(path: Path, z: np.ndarray, west: float, north: float, cell: float) -> Path:
    with rasterio.open(path, "w", driver="GTiff", width=z.shape[1], height=z.shape[0], count=1, dtype="float32",
                       crs="EPSG:25833", transform=Affine(cell, 0, west, 0, -cell, north)) as dst:
        dst.write(z[None].astype("float32"))
    return path


def test_a_coarse_grid_onto_a_fine_grid_is_the_overlap_weighted_mean(tmp_path: Path) -> None:
    """A depth map of 183 m cells onto 5 m cells: every cell gets the overlap-weighted mean.

    Computed independently: in one CRS the overlap of a target and a source cell is the
    product of their overlaps along x and along y.
    """
    west, north, n, cell = 299_500.0, 5_710_500.0, 60, 11_000 / 60
    z = np.arange(n * n, dtype="float32").reshape(n, n)  # a different value in every source cell
    path = _coarse_grid_file(tmp_path / "flurabstand.tif", z, west, north, cell)
    grid = TargetGrid.from_bounds("EPSG:25833", (302_000, 5_702_000, 307_000, 5_707_000), 5.0)
    got = mosaic_dem([path], grid, dem_crs=None, inside=None, report=BuildReport(), what="depth grid")

    wx = _overlap_matrix(grid.west + grid.resolution * np.arange(grid.width + 1), west + cell * np.arange(n + 1))
    # rows run southward: negated y edges ascend
    wy = _overlap_matrix(-(grid.north - grid.resolution * np.arange(grid.height + 1)), -(north - cell * np.arange(n + 1)))
    expected = (wy @ z.astype(np.float64) @ wx.T) / (wy.sum(axis=1)[:, None] * wx.sum(axis=1)[None, :])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6 * n * n)


def test_a_coarse_grid_onto_a_large_grid_in_another_crs_has_no_gap(tmp_path: Path) -> None:
    """The same map, reprojected onto 5 m cells of EPSG:25832, over 10.7 km x 10.7 km.

    GDAL splits a destination beyond its warp memory into chunks and, with ``sum`` from a
    coarser source, dropped the source cells along the chunk borders: a strip about 70 x 1180
    cells inside the boundary had no value, and the build stopped with a gap.
    """
    west, north, n, cell = 299_500.0, 5_710_500.0, 60, 11_000 / 60
    path = _coarse_grid_file(tmp_path / "flurabstand.tif", np.full((n, n), 3.0), west, north, cell)
    area = shapely.box(300_030, 5_700_030, 309_970, 5_709_970)  # 530 m inside the map on every side
    area = shapely.ops.transform(Transformer.from_crs("EPSG:25833", "EPSG:25832", always_xy=True).transform, area)
    grid = TargetGrid.from_bounds("EPSG:25832", area.bounds, 5.0)
    assert grid.cells * 2 * 8 > 64 * 2**20  # two float64 bands: beyond GDAL's default 64 MB
    inside = rasterize([(area, 1)], out_shape=grid.shape, transform=grid.transform, fill=0, dtype="uint8") == 1
    got = mosaic_dem([path], grid, dem_crs=None, inside=inside, report=BuildReport(), what="depth grid")
    assert np.isfinite(got[inside]).all()
    np.testing.assert_allclose(got[inside], 3.0, rtol=1e-6)
