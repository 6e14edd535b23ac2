"""Readers for DEM tiles as the German states deliver them: GeoTIFF, ESRI ASCII grid, XYZ text.

A DGM1 arrives as dozens of tiles in one of three kinds. Every tile opens here as a
rasterio dataset with a known CRS, so the mosaic (:mod:`koki_climate.region.build.dem`)
treats all kinds alike:

- GeoTIFF and ESRI ASCII grid (``.asc``) open through rasterio (GDAL) as they are;
- XYZ text (``x y z`` per line, cell centres, sorted or not, separated by spaces, tabs,
  ``;`` or ``,``, decimal commas with ``;``, an optional header line) is parsed with pandas,
  its regular grid inferred from the coordinates (missing points become nodata, irregular
  spacing is refused) and written to an in-memory GeoTIFF.

The kind is recognised from the content, not the file name (``.txt``, ``.xyz`` and ``.asc``
all occur for XYZ exports). A tile's CRS comes from the file, else from the build spec's
``[terrain] dem_crs``; XYZ text never carries one. Every file passes
:func:`koki_climate.region.paths.file_problem` before it is opened. No streamlit here.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyproj
import rasterio
from affine import Affine
from rasterio.crs import CRS
from rasterio.errors import CRSError, RasterioIOError
from rasterio.io import DatasetReader, MemoryFile

from koki_climate.errors import InputError
from koki_climate.region.paths import expand_patterns, file_problem

TileKind = Literal["GeoTIFF", "ESRI ASCII grid", "XYZ"]

#: XYZ text is parsed whole (about 24 bytes of memory per point); a DGM1 tile of 1-4 km² is
#: 27-110 MB of text. Larger files are refused rather than filling memory: split or convert them.
XYZ_MAX_BYTES = 500_000_000
#: an inferred XYZ grid may be at most this many times larger than its number of points
#: (a tile at a state border is partly empty; two clusters far apart are not one tile)
XYZ_MAX_EMPTY_FACTOR = 10
#: leading lines that are not numbers (column names) skipped in XYZ text
_XYZ_MAX_HEADER_LINES = 5
_SNIFF_BYTES = 65_536
#: (separator, decimal mark) candidates for XYZ text, tried in this order on the first lines
_XYZ_FORMATS: tuple[tuple[str, str], ...] = ((";", ","), (";", "."), (r"\s+", "."), (r"\s+", ","), (",", "."))
#: coordinates off the inferred grid by more than this fraction of the spacing are irregular
_GRID_TOLERANCE = 0.01
_SPEC_KEY = "[terrain] dem_crs"


@dataclass(frozen=True)
class DemTile:
    """One open tile: the dataset (band 1 holds the elevations) and the CRS to use for it.

    ``crs`` is the file's own CRS, else the spec's ``dem_crs`` (``crs_from_spec``); the
    dataset itself may carry none. ``converted`` says how an XYZ text became a grid.
    """

    path: Path
    kind: TileKind
    dataset: DatasetReader
    crs: CRS
    crs_from_spec: bool
    file_crs: CRS | None
    converted: str | None = None


def check_tile_file(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` is an ordinary file within the raster size limit.

    The one gate of :mod:`koki_climate.region.paths` (nothing is opened), run for every tile
    before any is read so a bad file fails the build at once, not after an hour.
    """
    problem = file_problem(Path(path), "raster")
    if problem:
        raise InputError(f"{path}: {problem}")


def expand_tile_patterns(patterns: str | Sequence[str], base: Path) -> list[Path]:
    """The tile files the spec's glob patterns name, relative to ``base`` (the spec's folder)."""
    return expand_patterns(list(patterns) if not isinstance(patterns, str) else patterns, base, "DEM tile")


def tile_kind(path: Path) -> TileKind:
    """Recognise a tile by its first bytes: TIFF magic, an ``ncols`` header, else XYZ text."""
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "GeoTIFF"
    text = _decode(head)
    if text.lstrip(" \t\r\n")[:5].lower() == "ncols":
        return "ESRI ASCII grid"
    if _sniff_xyz(text) is not None:
        return "XYZ"
    raise InputError(f"{path}: not a DEM tile: neither GeoTIFF, ESRI ASCII grid (.asc) nor XYZ text "
                     "with x, y, z numbers per line")


def parse_crs(dem_crs: str | None) -> CRS | None:
    """The spec's ``dem_crs`` as a rasterio CRS (None stays None); a clear error when GDAL does not know it."""
    if dem_crs is None:
        return None
    try:
        return CRS.from_user_input(dem_crs)
    except CRSError as exc:
        raise InputError(f"{_SPEC_KEY} = '{dem_crs}' is not a coordinate reference system ({exc}); "
                         "write it as e.g. \"EPSG:25832\"") from None


def crs_label(crs: CRS) -> str:
    """``EPSG:25833`` where the CRS has a code, else its name: how reports and messages name a CRS."""
    code = crs.to_epsg()
    return f"EPSG:{code}" if code else pyproj.CRS.from_wkt(crs.to_wkt()).name


@contextmanager
def open_tile(path: Path, *, dem_crs: str | CRS | None = None) -> Iterator[DemTile]:
    """Open one tile of any supported kind as a rasterio dataset with a known CRS.

    The file passes the size/regular-file gate first. Errors name the file and the problem:
    unreadable content, no CRS in the file and none in the spec, irregular XYZ spacing.
    """
    path = Path(path)
    check_tile_file(path)
    spec_crs = dem_crs if isinstance(dem_crs, CRS) or dem_crs is None else parse_crs(dem_crs)
    kind = tile_kind(path)
    if kind == "XYZ":
        if spec_crs is None:
            raise InputError(f"{path}: XYZ tiles carry no CRS: set {_SPEC_KEY} "
                             "(e.g. \"EPSG:25833\" for ETRS89 / UTM 33N)")
        with _xyz_dataset(path, spec_crs) as (dataset, converted):
            yield DemTile(path, kind, dataset, spec_crs, True, None, converted)
        return
    driver = "GTiff" if kind == "GeoTIFF" else "AAIGrid"
    try:
        dataset = rasterio.open(path, driver=driver)
    except RasterioIOError as exc:
        raise InputError(f"{path}: cannot be read as {kind} ({exc})") from None
    with dataset:
        if dataset.count < 1 or dataset.width < 1 or dataset.height < 1:
            raise InputError(f"{path}: the {kind} holds no raster band")
        file_crs = dataset.crs if dataset.crs else None
        if file_crs is None and spec_crs is None:
            raise InputError(f"{path}: the {kind} carries no CRS (no .prj beside an .asc?): set {_SPEC_KEY}")
        yield DemTile(path, kind, dataset, file_crs or spec_crs, file_crs is None, file_crs)


# --- XYZ text ---------------------------------------------------------------------------------
def _xyz_row(line: str, sep: str, decimal: str) -> bool:
    """Whether one line reads as at least three numbers with this separator and decimal mark."""
    fields = line.split() if sep == r"\s+" else [f.strip() for f in line.split(sep)]
    if len(fields) < 3:
        return False
    try:
        for field in fields[:3]:
            if decimal == "," and "." in field:
                return False
            float(field.replace(",", ".") if decimal == "," else field)
    except ValueError:
        return False
    return True


def _decode(head: bytes) -> str:
    """Text of a file's first bytes: UTF-8 (a byte-order mark dropped), undecodable bytes replaced."""
    return head.decode("utf-8-sig", errors="replace")


def _sniff_xyz(text: str) -> tuple[str, str, int] | None:
    """(separator, decimal mark, header lines) of XYZ text, from its first lines; None if it is not XYZ."""
    lines = [line for line in text.splitlines()[:-1] or text.splitlines() if line.strip()]
    for header in range(min(_XYZ_MAX_HEADER_LINES, len(lines)) + 1):
        sample = lines[header:header + 50]
        if not sample:
            return None
        for sep, decimal in _XYZ_FORMATS:
            if all(_xyz_row(line, sep, decimal) for line in sample):
                return sep, decimal, _header_line_count(text, header)
    return None


def _header_line_count(text: str, non_blank_headers: int) -> int:
    """Physical lines to skip so that ``non_blank_headers`` non-blank header lines are passed."""
    if non_blank_headers == 0:
        return 0
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            seen += 1
            if seen == non_blank_headers:
                return number
    return 0


def read_xyz_points(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """x, y, z (float64) of every line of an XYZ text, and a description of the format found."""
    size = os.stat(path).st_size
    if size > XYZ_MAX_BYTES:
        raise InputError(f"{path}: XYZ text of {size / 1e6:,.0f} MB is more than the {XYZ_MAX_BYTES / 1e6:,.0f} MB "
                         "a tile may have (it is read whole); split it into tiles or convert it to GeoTIFF")
    with open(path, "rb") as fh:
        text = _decode(fh.read(_SNIFF_BYTES))
    found = _sniff_xyz(text)
    if found is None:
        raise InputError(f"{path}: no 'x y z' number lines found in the first lines of the XYZ text")
    sep, decimal, header = found
    try:
        table = pd.read_csv(path, sep=sep, decimal=decimal, header=None, skiprows=header, usecols=[0, 1, 2],
                            dtype=np.float64, engine="c", skipinitialspace=sep != r"\s+", encoding="utf-8-sig",
                            encoding_errors="replace",
                            skip_blank_lines=True)
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: not every line is 'x y z' numbers in the format of the first lines "
                         f"({_format_words(sep, decimal)}): {exc}") from None
    if table.empty:
        raise InputError(f"{path}: the XYZ text holds no points")
    x, y, z = (table[c].to_numpy() for c in table.columns)
    del table
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise InputError(f"{path}: some XYZ lines lack an x or y coordinate")
    words = _format_words(sep, decimal) + (f", {header} header line(s) skipped" if header else "")
    return x, y, z, words


def _format_words(sep: str, decimal: str) -> str:
    name = {";": "';'", ",": "','", r"\s+": "spaces/tabs"}[sep]
    return f"separated by {name}, decimal {'comma' if decimal == ',' else 'point'}"


def _spacing(path: Path, values: np.ndarray, axis: str) -> float | None:
    """The regular spacing of sorted unique coordinates (None for a single value); irregular is an error."""
    if values.size < 2:
        return None
    steps = np.diff(values)
    step = float(steps.min())
    span = float(values[-1] - values[0])
    if step <= span * 1e-9:
        raise InputError(f"{path}: {axis} coordinates are not on a regular grid (neighbouring values "
                         f"{step:g} apart over a span of {span:g})")
    step = span / round(span / step)  # the spacing from the whole span, not one rounded difference
    multiples = (values - values[0]) / step
    off = np.abs(multiples - np.rint(multiples))
    if off.max() > _GRID_TOLERANCE:
        bad = np.flatnonzero(off > _GRID_TOLERANCE)[0]
        raise InputError(f"{path}: irregular {axis} spacing: the grid step is {step:g}, but {axis} = "
                         f"{values[bad]:.3f} lies {off[bad] * step:.3f} off that grid; XYZ tiles must be a "
                         "regular grid of cell centres")
    return step


def xyz_grid(path: Path, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, Affine]:
    """The regular north-up grid (float32, NaN = no point) the XYZ points are the cell centres of.

    Spacing comes from the coordinates (each axis on its own); points may come in any order;
    missing points stay NaN; duplicate positions and irregular spacing are refused.
    """
    xs, ys = np.unique(x), np.unique(y)
    dx, dy = _spacing(path, xs, "x"), _spacing(path, ys, "y")
    if dx is None and dy is None:
        raise InputError(f"{path}: all XYZ points lie at one position; a tile needs a grid of points")
    dx, dy = dx or dy, dy or dx
    cols = np.rint((x - xs[0]) / dx).astype(np.int64)
    rows = np.rint((ys[-1] - y) / dy).astype(np.int64)
    height, width = int(rows.max()) + 1, int(cols.max()) + 1
    if height * width > max(XYZ_MAX_EMPTY_FACTOR * x.size, 1_000_000):
        raise InputError(f"{path}: {x.size:,} points spread over a {width:,} x {height:,} grid of {dx:g} m cells "
                         "(mostly empty); an XYZ tile must be one compact grid")
    flat = rows * width + cols
    del rows, cols
    counts = np.bincount(flat, minlength=height * width)
    duplicates = int((counts > 1).sum())
    del counts
    if duplicates:
        raise InputError(f"{path}: {duplicates:,} grid positions occur more than once in the XYZ text")
    grid = np.full(height * width, np.nan, dtype=np.float32)
    grid[flat] = z
    transform = Affine(dx, 0.0, float(xs[0]) - dx / 2, 0.0, -dy, float(ys[-1]) + dy / 2)
    return grid.reshape(height, width), transform


@contextmanager
def _xyz_dataset(path: Path, crs: CRS) -> Iterator[tuple[DatasetReader, str]]:
    """The XYZ text as an in-memory GeoTIFF (float32, NaN nodata), and how it was converted."""
    x, y, z, words = read_xyz_points(path)
    grid, transform = xyz_grid(path, x, y, z)
    n_points = x.size
    del x, y, z
    height, width = grid.shape
    missing = int(np.isnan(grid).sum())
    converted = (f"XYZ text ({words}) of {n_points:,} points to a {width:,} x {height:,} grid of "
                 f"{transform.a:g} x {-transform.e:g} m cells (coordinates taken as cell centres"
                 + (f", {missing:,} cells without a point left empty" if missing else "") + ")")
    with MemoryFile() as memfile:
        with memfile.open(driver="GTiff", width=width, height=height, count=1, dtype="float32", crs=crs,
                          transform=transform, nodata=np.nan) as out:
            out.write(grid, 1)
        del grid
        with memfile.open() as dataset:
            yield dataset, converted


__all__ = ["DemTile", "TileKind", "XYZ_MAX_BYTES", "check_tile_file", "crs_label", "expand_tile_patterns",
           "open_tile", "parse_crs", "read_xyz_points", "tile_kind", "xyz_grid"]
