"""Safe extraction of an uploaded, zipped region (the planner's Daten page).

A zip file from outside is untrusted input. :func:`extract_region_zip` therefore

- refuses entry names that would land outside the target (``../``, absolute paths, drive
  letters, backslash tricks), symbolic links, encrypted entries, and too many entries;
- refuses archives whose *declared* uncompressed size exceeds the limit, and counts the
  bytes actually written while extracting (a zip bomb can lie about its sizes), stopping
  as soon as the limit or an entry's declared size is exceeded;
- requires a ``region.toml`` manifest, and refuses a manifest that names files outside
  its folder (the same check as every region load, ``koki_climate.region.paths``);
- extracts into a fresh temporary folder and removes it completely on any failure, so
  nothing half-written is left behind;
- never unpickles anything (only bytes are copied; the region's NetCDF, GeoPackage and CSV
  files are opened later by the ordinary, validating region loader);
- refuses to run at all on the public, read-only instance.
"""
from __future__ import annotations

import io
import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from koki_climate.config import env_positive_int, require_writable
from koki_climate.errors import InputError, KokiError
from koki_climate.io.atomic import TEMP_PREFIX, clean_stale_temporaries, ensure_folder, temporary_name
from koki_climate.region.manifest import MANIFEST_NAME, read_manifest
from koki_climate.region.paths import OutsideRegionError

#: default limit of an upload (and of its uncompressed content), MB; env KOKI_MAX_UPLOAD_MB
DEFAULT_MAX_UPLOAD_MB = 200
#: the unpacked region may be this many times the upload limit (NetCDF is often compressed)
UNPACK_FACTOR = 5
#: default maximum number of entries in a region archive
DEFAULT_MAX_FILES = 2000
CHUNK = 1 << 20
#: entries that archivers add and that are never part of a region
IGNORED_PREFIXES = ("__MACOSX/",)
#: an unpacked region lives in a folder named like a temporary of the serving process: it is
#: removed when the session lets go of it, or at the next start once that process is gone
EXTRACTED_LABEL = "region"


def max_upload_mb() -> int:
    """The configured upload limit in MB (``KOKI_MAX_UPLOAD_MB``, default 200)."""
    return env_positive_int("KOKI_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB, "megabytes")


def max_unpacked_bytes() -> int:
    """Default limit of the unpacked content: ``UNPACK_FACTOR`` x the upload limit."""
    return max_upload_mb() * 1_000_000 * UNPACK_FACTOR


def _safe_parts(name: str) -> tuple[str, ...]:
    """The path parts of an entry name, or an InputError when it could escape the target."""
    if "\x00" in name:
        raise InputError(f"zip entry {name!r}: contains a NUL character")
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        raise InputError(f"zip entry {name!r}: absolute paths are not allowed")
    parts = tuple(part for part in PurePosixPath(normalised).parts if part not in ("", "."))
    if any(part == ".." for part in parts):
        raise InputError(f"zip entry {name!r}: '..' (a path leading outside the folder) is not allowed")
    if not parts:
        raise InputError(f"zip entry {name!r}: empty name")
    return parts


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = (info.external_attr >> 16) & 0xFFFF
    return info.create_system == 3 and stat.S_ISLNK(mode)  # 3 = Unix


def _human(n: int) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e5 else f"{n:,} bytes"


def extract_region_zip(
    data: bytes | BinaryIO,
    target_dir: str | Path,
    max_bytes: int | None = None,
    max_files: int = DEFAULT_MAX_FILES,
) -> Path:
    """Extract a zipped region into a fresh folder under ``target_dir``; return the region folder.

    ``data`` is the zip as bytes or a binary file object (a Streamlit ``UploadedFile``).
    ``max_bytes`` bounds the total uncompressed size (default: :func:`max_unpacked_bytes`).
    The returned folder holds ``region.toml`` (it may be a subfolder of the extraction
    folder when the zip contains one top folder). Raises :class:`InputError` (or another
    :class:`KokiError`) with a plain message; :class:`ReadOnlyError` in public mode.
    """
    require_writable("upload a region")
    limit = int(max_bytes) if max_bytes is not None else max_unpacked_bytes()
    if limit <= 0:
        raise InputError("the size limit of an upload must be positive")
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(f"the upload is not a readable zip file ({exc})") from None
    with archive:
        plan = _plan(archive, limit, max_files)
        target = ensure_folder(Path(target_dir))
        clean_stale_temporaries(target)  # regions unpacked by a server that has since stopped
        root = target / temporary_name(EXTRACTED_LABEL)
        root.mkdir()
        try:
            _extract(archive, plan, root, limit)
            return _region_folder(root, plan)
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise


def _plan(archive: zipfile.ZipFile, limit: int, max_files: int) -> list[tuple[zipfile.ZipInfo, tuple[str, ...]]]:
    """Check every entry before writing anything; return (entry, safe path parts) of the files."""
    try:
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:  # pragma: no cover - infolist is read at open
        raise InputError(f"the zip file's table of contents is unreadable ({exc})") from None
    if len(infos) > max_files:
        raise InputError(f"the zip file has {len(infos)} entries; at most {max_files} are allowed")
    plan = []
    seen: set[tuple[str, ...]] = set()
    declared = 0
    for info in infos:
        name = info.filename.replace("\\", "/")
        if name.startswith(IGNORED_PREFIXES):
            continue
        parts = _safe_parts(info.filename)
        if _is_symlink(info):
            raise InputError(f"zip entry {info.filename!r}: symbolic links are not allowed")
        if info.flag_bits & 0x1:
            raise InputError(f"zip entry {info.filename!r}: encrypted entries are not supported")
        if info.is_dir():
            continue
        key = tuple(part.lower() for part in parts)
        if key in seen:
            raise InputError(f"zip entry {info.filename!r} appears twice")
        seen.add(key)
        declared += max(int(info.file_size), 0)
        if declared > limit:
            raise InputError(f"the unpacked region would be larger than the limit of {_human(limit)} "
                             f"(the zip declares at least {_human(declared)})")
        plan.append((info, parts))
    if not any(parts[-1] == MANIFEST_NAME for _, parts in plan):
        raise InputError(f"the zip file contains no {MANIFEST_NAME} (a region is a folder with a "
                         f"{MANIFEST_NAME} manifest and the files it names)")
    return plan


def _extract(archive: zipfile.ZipFile, plan, root: Path, limit: int) -> None:
    """Copy the planned entries, counting the bytes actually written."""
    written = 0
    resolved_root = root.resolve()
    for info, parts in plan:
        destination = root.joinpath(*parts)
        if not destination.resolve().is_relative_to(resolved_root):  # belt and braces
            raise InputError(f"zip entry {info.filename!r}: leads outside the extraction folder")
        destination.parent.mkdir(parents=True, exist_ok=True)
        entry_written = 0
        try:
            with archive.open(info) as source, open(destination, "xb") as sink:
                while chunk := source.read(CHUNK):
                    entry_written += len(chunk)
                    written += len(chunk)
                    if entry_written > info.file_size:
                        raise InputError(f"zip entry {info.filename!r} unpacks to more than its declared "
                                         f"{_human(info.file_size)}: refusing a manipulated zip file")
                    if written > limit:
                        raise InputError(f"the unpacked region is larger than the limit of {_human(limit)}")
                    sink.write(chunk)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
            raise InputError(f"zip entry {info.filename!r} could not be unpacked ({exc})") from None
        except FileExistsError:
            raise InputError(f"zip entry {info.filename!r} collides with another entry") from None


def _region_folder(root: Path, plan) -> Path:
    """The folder holding the (shallowest) region.toml; its manifest must stay inside ``root``."""
    manifests = sorted((parts for _, parts in plan if parts[-1] == MANIFEST_NAME), key=len)
    shallowest = [parts for parts in manifests if len(parts) == len(manifests[0])]
    if len(shallowest) > 1:
        names = ", ".join("/".join(parts) for parts in shallowest)
        raise InputError(f"the zip file contains several regions ({names}); upload one region per zip file")
    folder = root.joinpath(*shallowest[0][:-1])
    try:
        read_manifest(folder / MANIFEST_NAME)  # confines every path it names to its folder
    except OutsideRegionError as exc:
        raise InputError(f"{'/'.join(shallowest[0])}: {exc.problem}; use paths relative to the region "
                         "folder") from None
    except KokiError:
        # a malformed manifest names no file that could be opened; the validation report
        # (open_region) explains the problem with file and variable
        return folder
    return folder


def remove_extracted(folder: str | Path, target_dir: str | Path) -> None:
    """Delete an extraction folder made by :func:`extract_region_zip` (only inside ``target_dir``)."""
    require_writable("remove an uploaded region")
    folder, target = Path(folder).resolve(), Path(target_dir).resolve()
    if folder == target or not folder.is_relative_to(target):
        return
    top = target / folder.relative_to(target).parts[0]
    if top.name.startswith(TEMP_PREFIX) and top.name.endswith(EXTRACTED_LABEL):
        shutil.rmtree(top, ignore_errors=True)


__all__ = ["extract_region_zip", "remove_extracted", "max_upload_mb", "max_unpacked_bytes", "DEFAULT_MAX_UPLOAD_MB", "DEFAULT_MAX_FILES"]
