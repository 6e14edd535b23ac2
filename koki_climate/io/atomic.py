"""Write one file safely: temporary name beside the target, fsync, rename into place.

A crash, a full disk or a SIGKILL never leaves a half-written file under the final name.
Temporary names carry the writer's host and process id (``.koki-tmp-<host>-<pid>-<random>-…``),
so a later start can tell the leftovers of a killed process from the work of a live one
and remove only the former (:func:`clean_stale_temporaries`).

Every function that writes calls :func:`koki_climate.config.require_writable` first: on the
public read-only instance nothing in the library can write, whatever its caller passes.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from koki_climate.config import require_writable

TEMP_PREFIX = ".koki-tmp-"
#: temporaries written on another host are only removed after this long (we cannot ask its pids)
FOREIGN_STALE_AFTER_S = 6 * 3600
#: the sidecars SQLite (GeoPackage) may leave beside a database while writing
SQLITE_SIDECARS = ("-journal", "-wal", "-shm")


def host_tag() -> str:
    """Eight hex digits naming this machine in temporary names."""
    return hashlib.sha1(socket.gethostname().encode()).hexdigest()[:8]


def temporary_name(target_name: str) -> str:
    """A unique hidden name for work in progress on ``target_name`` (same folder, same suffix)."""
    return f"{TEMP_PREFIX}{host_tag()}-{os.getpid()}-{secrets.token_hex(4)}-{target_name}"


def parse_temporary_name(name: str) -> tuple[str, int] | None:
    """(host tag, pid) of a temporary name made by :func:`temporary_name`, else None."""
    if not name.startswith(TEMP_PREFIX):
        return None
    parts = name[len(TEMP_PREFIX):].split("-", 3)
    if len(parts) < 3 or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1])


def writer_alive(host: str, pid: int) -> bool | None:
    """Whether process ``pid`` on this host still runs; None when the host is another one."""
    if host != host_tag():
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def is_stale(path: Path) -> bool:
    """A temporary left behind by a process that no longer runs (or very old, from another host)."""
    owner = parse_temporary_name(path.name)
    if owner is None:
        return False
    alive = writer_alive(*owner)
    if alive is None:
        try:
            return time.time() - path.lstat().st_mtime > FOREIGN_STALE_AFTER_S
        except FileNotFoundError:
            return False
    return not alive


def remove_path(path: Path) -> None:
    """Remove a file or folder (and SQLite sidecars of a file); absent is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    for suffix in SQLITE_SIDECARS:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def clean_stale_temporaries(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove temporaries of dead writers directly inside ``folder``; returns what was removed.

    Only names made by :func:`temporary_name` are considered, so a user's files are never touched.
    """
    require_writable(f"clean temporaries in {folder}")
    folder = Path(folder)
    removed: list[Path] = []
    try:
        candidates = [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return removed
    for path in candidates:
        if is_stale(path):
            remove_path(path)
            removed.append(path)
    return removed


def fsync_path(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk; quietly skipped where the OS cannot."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_tree(folder: Path) -> None:
    """fsync every file below ``folder`` and the folders themselves (before a commit)."""
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        fsync_path(path)
    fsync_path(folder)


def ensure_folder(folder: Path) -> Path:
    """Create ``folder`` (and parents) with ordinary permissions; a file in the way is an error."""
    require_writable(f"create folder {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, replace: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it becomes ``path`` only if the block succeeds.

    The temporary name keeps the suffix (GDAL and netCDF pick drivers by it) and does not
    exist yet (some writers refuse an existing empty file). With ``replace=False`` an existing
    ``path`` is never replaced (the rename is refused with ``FileExistsError``). On any
    error the temporary file and its SQLite sidecars are removed.
    """
    path = Path(path)
    require_writable(f"write {path.name}")
    ensure_folder(path.parent)
    tmp = path.parent / temporary_name(path.name)
    try:
        yield tmp
        fsync_path(tmp)
        if replace:
            os.replace(tmp, path)
        else:
            _rename_no_replace(tmp, path)
        fsync_path(path.parent)
    except BaseException:
        remove_path(tmp)
        raise


def _rename_no_replace(tmp: Path, path: Path) -> None:
    """Give ``tmp`` the name ``path`` unless ``path`` exists (``FileExistsError`` then)."""
    try:
        os.link(tmp, path)  # atomic and refuses an existing name
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links: check, then rename (a tiny window)
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)
        return
    tmp.unlink()


@contextlib.contextmanager
def temporary_folder(parent: str | os.PathLike[str], label: str = "work") -> Iterator[Path]:
    """A private folder inside ``parent`` for work in progress, removed afterwards in every case."""
    parent = ensure_folder(Path(parent))
    tmp = parent / temporary_name(label)
    tmp.mkdir()
    try:
        yield tmp
    finally:
        remove_path(tmp)


def write_bytes(path: str | os.PathLike[str], data: bytes, *, replace: bool = True) -> Path:
    """Write bytes to ``path`` atomically."""
    with atomic_path(path, replace=replace) as tmp:
        with open(tmp, "xb") as handle:
            handle.write(data)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str, *, replace: bool = True) -> Path:
    """Write UTF-8 text to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"), replace=replace)


__all__ = ["TEMP_PREFIX", "atomic_path", "clean_stale_temporaries", "ensure_folder", "fsync_path", "fsync_tree",
           "is_stale", "parse_temporary_name", "remove_path", "temporary_folder", "temporary_name", "write_bytes",
           "write_text", "writer_alive"]
