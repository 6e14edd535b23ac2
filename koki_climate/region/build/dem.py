"""DEM tiles (GeoTIFF, ESRI ASCII grid, XYZ) mosaicked onto the region grid, tile by tile.

A town's DGM1 comes as dozens of 1 m tiles, often in another CRS than the region grid.
Each tile is read strip by strip (only the part that can touch the grid) and warped by
GDAL with ``Resampling.sum`` into two running sums on the target grid:

- ``Σ a·z``: elevation times source-cell area, weighted by the overlap of each source cell
  with each target cell,
- ``Σ a``: the source-cell area with the same overlap weights, counting valid cells only.

Their ratio is the area-weighted mean of every source cell that overlaps a target cell,
whichever tile or strip it came from. A target cell straddling two tiles thus gets the
mean of both parts weighted by their areas, exactly as if the tiles were one raster: no
seam. GDAL 3.10's ``sum`` weights each source cell by its exact overlap with the target
cell, also across CRSs (checked against polygon intersections), so ``Σ a`` over the grid
is the source area. ``average`` would not do: where a target cell reaches beyond a
source's edge, it gives the edge cells the uncovered part's weight as well (an edge cell
weighted 0.7 instead of 0.4 in a 1 m to 5 m test), over-weighting the cells along every
tile border. Weighting by source-cell area lets tiles of different resolution share a
cell correctly; overlapping tiles are averaged.

Memory stays bounded by one strip of one tile (:data:`STRIP_CELLS`, with GDAL's warp
buffers) plus two target-sized float64 sums: the 1 m DEM as a whole is never in memory.

Cells inside the boundary without any DEM value are filled when the gaps are small
(interpolated from their edges) and refused when large (a missing tile); every step is
noted in the :class:`~koki_climate.region.build.report.BuildReport`.
"""
from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rasterio.windows
from affine import Affine
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.errors import WindowError
from rasterio.fill import fillnodata
from rasterio.warp import reproject, transform_bounds
from rasterio.windows import Window
from scipy import ndimage

from koki_climate.errors import InputError
from koki_climate.io.dem_tiles import DemTile, check_tile_file, crs_label, open_tile, parse_crs
from koki_climate.region.build.report import BuildReport
from koki_climate.region.build.target import TargetGrid

#: source cells read and warped at once. GDAL's exact-overlap ``sum`` warp takes about 100-150
#: bytes per source cell on top of the two float32 bands (measured: +290 MB RSS for 2 M cells,
#: +56 MB for 128 k), so a 1 km² DGM1 tile (1 M cells) goes in eight strips (no slower: faster, measured)
STRIP_CELLS = 1 << 17
#: edge of the destination blocks one GDAL warp writes (2 x 512² float64 = 4 MB, far below
#: ``WARP_MEM_MB``, so GDAL never splits a block into chunks of its own; see ``_warp_into``)
WARP_BLOCK = 512
WARP_MEM_MB = 256
#: the tiles must give values for at least this fraction of the cells inside the boundary
MIN_COVERAGE = 0.5
#: default limit of all gap cells filled, as a fraction of the cells inside the boundary
DEFAULT_GAP_FRACTION = 0.001
#: no single gap larger than this many cells is filled (at 5 m: 1 ha); interpolating more is guessing
MAX_GAP_COMPONENT_CELLS = 400

Progress = Callable[[float, str], None]


class DemGapError(InputError):
    """Cells inside the boundary lack DEM values beyond what may be filled; ``bounds`` locate the largest gap."""

    def __init__(self, message: str, cells: int, bounds: tuple[float, float, float, float]) -> None:
        self.cells = cells
        self.bounds = bounds
        super().__init__(message)


@dataclass
class _Sources:
    """What the tiles were, collected while streaming them, for the build report."""

    kinds: Counter = field(default_factory=Counter)
    crss: Counter = field(default_factory=Counter)
    resolutions: set[tuple[float, float]] = field(default_factory=set)
    from_spec: list[DemTile] = field(default_factory=list)
    conflicts: list[tuple[Path, str]] = field(default_factory=list)
    converted: list[tuple[Path, str]] = field(default_factory=list)
    outside: list[Path] = field(default_factory=list)
    zmin: float = math.inf
    zmax: float = -math.inf
    extent: tuple[float, float, float, float] | None = None  # union of tile bounds in the target CRS

    def add_extent(self, bounds: tuple[float, float, float, float]) -> None:
        if self.extent is None:
            self.extent = bounds
        else:
            a = self.extent
            self.extent = (min(a[0], bounds[0]), min(a[1], bounds[1]), max(a[2], bounds[2]), max(a[3], bounds[3]))


def default_max_gap_cells(inside_cells: int) -> int:
    """How many gap cells a build fills by default: 0.1 % of the cells inside the boundary (at least one)."""
    return max(1, int(DEFAULT_GAP_FRACTION * inside_cells))


def mosaic_dem(tiles: list[Path], target: TargetGrid, *, dem_crs: str | None, inside: np.ndarray | None,
               report: BuildReport, progress: Progress | None = None,
               max_gap_cells: int | None = None, what: str = "DEM") -> np.ndarray:
    """The elevation layer on ``target`` (float32, NaN = no data) from DEM tiles of any supported kind.

    Parameters
    ----------
    tiles : the tile files (see :func:`koki_climate.io.dem_tiles.expand_tile_patterns`)
    target : the region grid
    dem_crs : the spec's ``[terrain] dem_crs``: the CRS of tiles that carry none (XYZ, bare .asc)
    inside : bool mask of the region boundary on ``target`` (None: every cell); cells outside stay NaN
    report : receives what was read, converted, reprojected, resampled and filled
    progress : ``progress(fraction, message)`` after each tile
    max_gap_cells : how many cells without DEM value inside the boundary may be filled in all
        (default 0.1 % of the inside cells); no single gap above :data:`MAX_GAP_COMPONENT_CELLS`
        cells is filled. Larger gaps raise :class:`DemGapError`.
    what : how messages name the data ("DEM"; the groundwater depth grid goes through the same
        area-weighted resampling as "groundwater depth grid")
    """
    tiles = [Path(tile) for tile in tiles]
    if not tiles:
        raise InputError(f"no {what} files given")
    for tile in tiles:  # all cheap checks first: a bad last tile must not fail a long build late
        check_tile_file(tile)
    spec_crs = parse_crs(dem_crs)
    inside = _inside_mask(inside, target)
    target_crs = CRS.from_wkt(target.crs.to_wkt())
    sums = np.zeros((2, *target.shape), dtype=np.float64)  # [0] Σ area·z, [1] Σ area (overlap-weighted)
    sources = _Sources()
    for number, path in enumerate(tiles, start=1):
        with open_tile(path, dem_crs=spec_crs) as tile:
            _note_tile(tile, spec_crs, sources)
            if not _add_tile(tile, target, target_crs, sums, sources):
                sources.outside.append(path)
        if progress is not None:
            progress(number / len(tiles), f"{what} tile {number} of {len(tiles)}: {path.name}")
    dem = np.full(target.shape, np.nan, dtype=np.float32)
    np.divide(sums[0], sums[1], out=dem, where=sums[1] > 0, casting="same_kind")
    del sums
    where = f"{what} in {_tiles_named(tiles)}"
    _report_sources(report, sources, tiles, target, where, what)
    _fill_gaps(dem, inside, target, report, max_gap_cells, sources, where)
    dem[~inside] = np.nan
    return dem


# --- streaming the tiles ----------------------------------------------------------------------
def _add_tile(tile: DemTile, target: TargetGrid, target_crs: CRS, sums: np.ndarray, sources: _Sources) -> bool:
    """Warp the part of one tile that can touch the grid into ``sums``; False if it lies outside."""
    dataset = tile.dataset
    tile_bounds = transform_bounds(tile.crs, target_crs, *dataset.bounds, densify_pts=21)
    if not _overlaps(tile_bounds, target.bounds):
        return False
    window = _source_window(tile, target, target_crs)
    if window is None:
        return False
    sources.add_extent(tile_bounds)
    scale, offset = dataset.scales[0], dataset.offsets[0]
    area = abs(dataset.transform.determinant)
    rows_per_strip = max(1, STRIP_CELLS // int(window.width))
    row_end = int(window.row_off + window.height)
    for row in range(int(window.row_off), row_end, rows_per_strip):
        strip = Window(window.col_off, row, window.width, min(rows_per_strip, row_end - row))
        data = dataset.read(1, window=strip, masked=True)
        z = np.ma.filled(data.astype(np.float32) * np.float32(scale) + np.float32(offset), np.nan)
        del data
        valid = np.isfinite(z)
        if not valid.any():
            continue
        sources.zmin = min(sources.zmin, float(z[valid].min()))
        sources.zmax = max(sources.zmax, float(z[valid].max()))
        stack = np.empty((2, *z.shape), dtype=np.float32)
        np.multiply(z, np.float32(area), out=stack[0])
        stack[1] = np.where(valid, np.float32(area), np.float32(np.nan))
        del z, valid
        _warp_into(stack, dataset.window_transform(strip), tile.crs, target, target_crs, sums)
    return True


def _warp_into(stack: np.ndarray, transform: Affine, crs: CRS, target: TargetGrid, target_crs: CRS,
               sums: np.ndarray) -> None:
    """Add one strip's overlap-weighted sums to the target cells it touches (a local window, not the grid)."""
    height, width = stack.shape[1:]
    left, top = transform @ (0, 0)
    right, bottom = transform @ (width, height)
    xmin, ymin, xmax, ymax = transform_bounds(crs, target_crs, min(left, right), min(top, bottom),
                                              max(left, right), max(top, bottom), densify_pts=21)
    res = target.resolution
    col0 = max(0, math.floor((xmin - target.west) / res) - 1)
    col1 = min(target.width, math.ceil((xmax - target.west) / res) + 1)
    row0 = max(0, math.floor((target.north - ymax) / res) - 1)
    row1 = min(target.height, math.ceil((target.north - ymin) / res) + 1)
    # GDAL splits a large destination into chunks itself and, with ``sum`` from a source coarser
    # than the grid, drops source cells along its chunk borders (a 183 m depth grid onto 2145²
    # cells of 5 m lost a 70-column strip): destination blocks small enough never to be split
    for block_row in range(row0, row1, WARP_BLOCK):
        for block_col in range(col0, col1, WARP_BLOCK):
            rows = slice(block_row, min(block_row + WARP_BLOCK, row1))
            cols = slice(block_col, min(block_col + WARP_BLOCK, col1))
            local = np.full((2, rows.stop - rows.start, cols.stop - cols.start), np.nan, dtype=np.float64)
            reproject(stack, local, src_transform=transform, src_crs=crs, src_nodata=np.nan,
                      dst_transform=target.transform @ Affine.translation(cols.start, rows.start),
                      dst_crs=target_crs, dst_nodata=np.nan, resampling=Resampling.sum,
                      warp_mem_limit=WARP_MEM_MB)
            np.nan_to_num(local, copy=False, nan=0.0)
            sums[:, rows, cols] += local


def _source_window(tile: DemTile, target: TargetGrid, target_crs: CRS) -> Window | None:
    """The tile's cells that can touch the grid (two cells of margin), or None when none can."""
    dataset = tile.dataset
    full = Window(0, 0, dataset.width, dataset.height)
    bounds = transform_bounds(target_crs, tile.crs, *target.bounds, densify_pts=21)
    try:
        window = rasterio.windows.from_bounds(*bounds, transform=dataset.transform)
    except (WindowError, ValueError):  # rotated or south-up tiles: read them whole
        return full
    col0, row0 = math.floor(window.col_off) - 2, math.floor(window.row_off) - 2
    col1 = math.ceil(window.col_off + window.width) + 2
    row1 = math.ceil(window.row_off + window.height) + 2
    col0, row0 = max(col0, 0), max(row0, 0)
    col1, row1 = min(col1, dataset.width), min(row1, dataset.height)
    if col1 <= col0 or row1 <= row0:
        return None
    return Window(col0, row0, col1 - col0, row1 - row0)


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside_mask(inside: np.ndarray | None, target: TargetGrid) -> np.ndarray:
    if inside is None:
        return np.ones(target.shape, dtype=bool)
    inside = np.asarray(inside)
    if inside.shape != target.shape or inside.dtype != bool:
        raise ValueError(f"inside must be a bool mask of the grid's shape {target.shape}, "
                         f"got {inside.dtype} {inside.shape}")
    if not inside.any():
        raise ValueError("inside selects no cell of the grid")
    return inside


# --- gaps --------------------------------------------------------------------------------------
def _fill_gaps(dem: np.ndarray, inside: np.ndarray, target: TargetGrid, report: BuildReport,
               max_gap_cells: int | None, sources: _Sources, where: str) -> None:
    """Fill small gaps inside the boundary in place; refuse little coverage and large gaps."""
    n_inside = int(np.count_nonzero(inside))
    missing = inside & np.isnan(dem)
    n_missing = int(np.count_nonzero(missing))
    label = crs_label(CRS.from_wkt(target.crs.to_wkt()))
    if n_inside - n_missing < MIN_COVERAGE * n_inside:
        tiles = (f"the tiles cover {_bounds_words(sources.extent)}" if sources.extent
                 else "no tile overlaps the region grid")
        raise InputError(
            f"{where}: the boundary lies outside them: they give values for "
            f"{(n_inside - n_missing) / n_inside:.0%} of the {n_inside:,} cells inside the boundary (at least "
            f"{MIN_COVERAGE:.0%} needed); {tiles}, the boundary {_bounds_words(_mask_bounds(inside, target))} "
            f"({label}). Check the tile files and [terrain] dem_crs.")
    if n_missing == 0:
        return
    labels, count = ndimage.label(missing, structure=np.ones((3, 3), dtype=bool))
    del missing
    sizes = np.bincount(labels.ravel())[1:]
    boxes = ndimage.find_objects(labels)
    limit = default_max_gap_cells(n_inside) if max_gap_cells is None else int(max_gap_cells)
    per_gap = min(limit, MAX_GAP_COMPONENT_CELLS)
    largest = int(np.argmax(sizes))
    if n_missing > limit or int(sizes[largest]) > per_gap:
        bounds = _box_bounds(boxes[largest], target)
        hectares = target.cell_area_m2 / 1e4
        raise DemGapError(
            f"{where}: {n_missing:,} cells inside the boundary ({n_missing * hectares:,.2f} ha) have "
            f"no value, in {count:,} gap(s); the largest, {int(sizes[largest]):,} cells ({sizes[largest] * hectares:,.2f} ha), "
            f"lies at {_bounds_words(bounds)} ({label}). Gaps are filled only up to {limit:,} cells in all and "
            f"{per_gap:,} cells each: is a tile missing, or does the boundary reach beyond the DEM?",
            cells=n_missing, bounds=bounds)
    for number, box in enumerate(boxes, start=1):
        _fill_one_gap(dem, labels, number, box, target, where, label)
    report.add("filled", f"filled {n_missing:,} cells inside the boundary without a value in {count:,} gap(s) "
                         f"(largest {int(sizes[largest]):,} cells) by inverse-distance interpolation from the gap "
                         "edges (GDAL FillNodata)", where)


def _fill_one_gap(dem: np.ndarray, labels: np.ndarray, number: int, box: tuple[slice, slice],
                  target: TargetGrid, where: str, label: str) -> None:
    """Interpolate one gap from the cells around it, in a window just large enough to reach across it."""
    reach = max(box[0].stop - box[0].start, box[1].stop - box[1].start) + 2
    rows = slice(max(0, box[0].start - reach), min(dem.shape[0], box[0].stop + reach))
    cols = slice(max(0, box[1].start - reach), min(dem.shape[1], box[1].stop + reach))
    local = dem[rows, cols]
    gap = labels[rows, cols] == number
    filled = fillnodata(local.copy(), mask=np.isfinite(local).astype(np.uint8), max_search_distance=float(reach),
                        smoothing_iterations=0)
    if not np.isfinite(filled[gap]).all():
        bounds = _box_bounds(box, target)
        raise DemGapError(f"{where}: cells inside the boundary at {_bounds_words(bounds)} ({label}) "
                          "have no value and no values around them to fill from", cells=int(gap.sum()), bounds=bounds)
    local[gap] = filled[gap]


def _box_bounds(box: tuple[slice, slice], target: TargetGrid) -> tuple[float, float, float, float]:
    res = target.resolution
    return (target.west + box[1].start * res, target.north - box[0].stop * res,
            target.west + box[1].stop * res, target.north - box[0].start * res)


def _mask_bounds(mask: np.ndarray, target: TargetGrid) -> tuple[float, float, float, float]:
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return _box_bounds((slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)), target)


def _bounds_words(bounds: tuple[float, float, float, float] | None) -> str:
    if bounds is None:
        return "nothing"
    return f"x {bounds[0]:,.0f}–{bounds[2]:,.0f}, y {bounds[1]:,.0f}–{bounds[3]:,.0f}"


# --- the report --------------------------------------------------------------------------------
def _note_tile(tile: DemTile, spec_crs: CRS | None, sources: _Sources) -> None:
    transform = tile.dataset.transform
    sources.kinds[tile.kind] += 1
    sources.crss[crs_label(tile.crs)] += 1
    sources.resolutions.add((round(math.hypot(transform.a, transform.d), 6),
                             round(math.hypot(transform.b, transform.e), 6)))
    if tile.crs_from_spec:
        sources.from_spec.append(tile)
    elif spec_crs is not None and tile.file_crs is not None and crs_label(tile.file_crs) != crs_label(spec_crs):
        sources.conflicts.append((tile.path, crs_label(tile.file_crs)))
    if tile.converted:
        sources.converted.append((tile.path, tile.converted))


def _tiles_named(tiles: list[Path]) -> str:
    """How messages and the report name the tiles: the one file, or the folder they share."""
    if len(tiles) == 1:
        return str(tiles[0])
    try:
        return os.path.commonpath([str(tile.parent) for tile in tiles])
    except ValueError:  # relative and absolute paths mixed
        return str(tiles[0].parent)


def _report_sources(report: BuildReport, sources: _Sources, tiles: list[Path], target: TargetGrid,
                    where: str, what: str) -> None:
    target_label = crs_label(CRS.from_wkt(target.crs.to_wkt()))
    kinds = ", ".join(f"{n} {kind}" for kind, n in sources.kinds.most_common())
    crss = ", ".join(sources.crss)
    resolutions = _resolution_words(sources.resolutions)
    values = (f"values {sources.zmin:.2f}–{sources.zmax:.2f} m" if sources.zmax >= sources.zmin
              else "no values on the region grid")
    report.add("read", f"{len(tiles)} {what} file(s) ({kinds}) in {crss}, {resolutions} cells, {values}", where)
    for path, converted in sources.converted[:3]:
        report.add("converted", converted, path)
    if len(sources.converted) > 3:
        report.add("converted", f"{len(sources.converted) - 3} more XYZ tiles converted the same way", where)
    if sources.from_spec:
        kinds_spec = Counter(tile.kind for tile in sources.from_spec)
        report.add("assumed", f"{len(sources.from_spec)} tile(s) without a CRS in the file "
                              f"({', '.join(f'{n} {k}' for k, n in kinds_spec.items())}) taken as "
                              f"{crs_label(sources.from_spec[0].crs)} from [terrain] dem_crs", where)
    for path, file_label in sources.conflicts:
        report.add("note", f"the file says {file_label}, [terrain] dem_crs another CRS; the file's CRS was used", path)
    if sources.outside:
        names = ", ".join(path.name for path in sources.outside[:5]) + (" ..." if len(sources.outside) > 5 else "")
        report.add("dropped", f"{len(sources.outside)} tile(s) lie outside the region grid and were not used: {names}",
                   where)
    for label, n in sources.crss.items():
        if label != target_label:
            report.add("reprojected", f"{n} tile(s) reprojected from {label} to {target_label}", where)
    coarse = max(max(r) for r in sources.resolutions)
    how = ("area-weighted average of the source cells in each cell" if target.resolution >= coarse
           else "each cell takes the area-weighted values of the source cells it overlaps")
    report.add("resampled", f"{resolutions} → {target.resolution:g} m, {how}; tiles combined by summing "
                            "area-weighted values, so cells across tile borders average both tiles", where)


def _resolution_words(resolutions: set[tuple[float, float]]) -> str:
    words = sorted(f"{x:g} m" if x == y else f"{x:g} x {y:g} m" for x, y in resolutions)
    return " and ".join(words)


__all__ = ["DEFAULT_GAP_FRACTION", "DemGapError", "MAX_GAP_COMPONENT_CELLS", "MIN_COVERAGE", "STRIP_CELLS",
           "default_max_gap_cells", "mosaic_dem"]
