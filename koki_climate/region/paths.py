"""The one gate every reader of a user's data file goes through.

A manifest is untrusted text: ``file = "../../../../etc/hostname"`` or a symbolic link
``wells/weather.csv -> /dev/zero`` must neither leak another file's content into an error
message nor make ``koki check`` read forever. So before any reader opens a file:

- :func:`confine` resolves the path (symbolic links followed) and requires it to lie inside
  the manifest's folder; otherwise :class:`OutsideRegionError` names the manifest key and the
  value written there, never anything read from the outside file (which is not opened);
- :func:`file_problem` requires an ordinary file (no directory, device, FIFO or socket) of at
  most :func:`max_file_bytes` for its kind (one ``os.stat``, nothing is read);
- :func:`region_file` does both for files a manifest names (raising :class:`RegionError`),
  :func:`input_file` does the second for files named on the command line (``InputError``).

Checking by path leaves a small window in which a file could be swapped before it is
opened; that needs write access to the region folder, which already owns the data.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

from koki_climate.errors import InputError, RegionError

FileKind = Literal["manifest", "table", "vectors", "raster", "folder"]

#: default size limits per kind of file, MB (10^6 bytes); env KOKI_MAX_FILE_MB overrides all kinds.
#: raster: 10^8 cells (KOKI_MAX_CELLS) x 8 bytes (float64) x about 25 layers or flood events,
#:   uncompressed: a DGM1 of a large municipality with its flood history fits;
#: vectors: a GeoPackage with a city's cadastral parcels (10^5-10^6 features) is a few hundred MB;
#: table: 10-minute logger heads over 40 years are about 60 MB of CSV;
#: manifest: a region.toml is a few kB.
DEFAULT_MAX_FILE_MB: dict[str, float] = {
    "manifest": 1,
    "table": 500,
    "vectors": 5_000,
    "raster": 20_000,
}
MAX_FILE_ENV = "KOKI_MAX_FILE_MB"

_KIND_WORDS = {"manifest": "manifest files", "table": "tables (CSV)", "vectors": "vector files (GeoPackage)",
               "raster": "raster files (NetCDF/GeoTIFF)"}


class OutsideRegionError(RegionError):
    """A manifest names a path that resolves outside the region folder."""


def max_file_bytes(kind: FileKind) -> int:
    """The largest file of ``kind`` a reader accepts: ``KOKI_MAX_FILE_MB`` if set, else the kind's default."""
    raw = os.environ.get(MAX_FILE_ENV, "").strip()
    if not raw:
        return int(DEFAULT_MAX_FILE_MB[kind] * 1_000_000)
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"{MAX_FILE_ENV}={raw!r} is not a number of megabytes") from None
    if not value > 0 or value == float("inf"):
        raise InputError(f"{MAX_FILE_ENV}={raw!r} must be a positive number of megabytes")
    return int(value * 1_000_000)


def _megabytes(n: int) -> str:
    return f"{n / 1e6:,.3g} MB" if n < 1e7 else f"{n / 1e6:,.0f} MB"


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not an ordinary file"


def file_problem(path: Path, kind: FileKind) -> str | None:
    """Why ``path`` cannot be read as a ``kind`` file, or None when it can.

    One ``os.stat`` (symbolic links followed), nothing is opened: a device or FIFO would
    block or never end, a folder is not a file, and the size limit bounds reading time.
    ``kind="folder"`` asks for an existing folder instead.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "folder not found" if kind == "folder" else "file not found"
    except (OSError, ValueError) as exc:  # permission, symlink loop, NUL in the name
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"cannot be accessed ({reason})"
    if kind == "folder":
        return None if stat.S_ISDIR(info.st_mode) else "is not a folder"
    if not stat.S_ISREG(info.st_mode):
        return f"is {_file_type(info.st_mode)}, not an ordinary file; data files must be ordinary files"
    limit = max_file_bytes(kind)
    if info.st_size > limit:
        return (f"is {_megabytes(info.st_size)}, more than the limit of {_megabytes(limit)} for "
                f"{_KIND_WORDS[kind]}; nothing was read (set {MAX_FILE_ENV} to raise the limit)")
    return None


def _shown(path: Path, folder: Path) -> str:
    """The path as the manifest wrote it (relative to its folder when it was relative)."""
    return str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)


def confine(path: Path, *, manifest: Path, key: str) -> Path:
    """Resolve ``path`` (symbolic links followed) and require it inside the manifest's folder.

    Returns the resolved path. The error names the manifest and ``key`` (e.g.
    ``[wells] locations``) with the value written there; the outside file is never opened.
    """
    folder = manifest.parent
    shown = _shown(path, folder)
    try:
        resolved = path.resolve()
        inside = resolved.is_relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):  # symlink loop, NUL in the name
        raise OutsideRegionError(manifest, f"{key} = '{shown}' cannot be resolved (a symbolic link loop "
                                           "or an invalid name)") from None
    if not inside:
        raise OutsideRegionError(manifest, f"{key} = '{shown}' leads outside the region folder "
                                           "(through '..', an absolute path or a symbolic link); "
                                           "files must lie inside the folder of the manifest")
    return resolved


def region_file(path: Path, *, manifest: Path, key: str, kind: FileKind, variable: str | None = None) -> Path:
    """Check a file a manifest names before reading it; returns the resolved path.

    Raises :class:`OutsideRegionError` naming the manifest key when the path leads outside
    the region folder, else :class:`RegionError` naming the file when it is missing, not an
    ordinary file or too large.
    """
    resolved = confine(path, manifest=manifest, key=key)
    problem = file_problem(resolved, kind)
    if problem:
        raise RegionError(path, f"{problem} ({key})", variable)
    return resolved


def input_file(path: str | Path, kind: FileKind = "table") -> Path:
    """Check a file given on the command line or in a form: ordinary, within the size limit.

    Raises :class:`InputError` naming the file and the problem.
    """
    path = Path(path)
    problem = file_problem(path, kind)
    if problem:
        raise InputError(f"{path}: {problem}")
    return path


__all__ = ["DEFAULT_MAX_FILE_MB", "MAX_FILE_ENV", "OutsideRegionError", "confine", "file_problem",
           "input_file", "max_file_bytes", "region_file"]


def expand_patterns(patterns: str | list[str] | tuple[str, ...], base: Path, what: str) -> list[Path]:
    """The files glob patterns name, relative to ``base`` (a spec's folder): sorted, no duplicates, no folders.

    A pattern that matches no file is an error naming it: a typo must not silently leave a
    hole in the terrain or drop a well.
    """
    import glob

    if isinstance(patterns, str):
        patterns = [patterns]
    if not patterns:
        raise InputError(f"no {what} files given: name at least one file or glob pattern")
    found: list[Path] = []
    seen: set[Path] = set()
    for pattern in patterns:
        full = Path(pattern) if Path(pattern).is_absolute() else Path(base) / pattern
        matches = [Path(m) for m in sorted(glob.glob(str(full), recursive=True)) if not os.path.isdir(m)]
        if not matches:
            raise InputError(f"{what} pattern '{pattern}' matches no file in {base}")
        for match in matches:
            key = match.resolve()
            if key not in seen:
                seen.add(key)
                found.append(match)
    return found
