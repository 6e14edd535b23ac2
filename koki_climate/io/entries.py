"""Content-keyed cache entries (results, models): committed whole, computed once, never half-read.

Layout under a store's root::

    <key>/current.json          the pointer: which version folder is the entry, its files and sizes
    <key>/v-<host>-<pid>-<rnd>/ the committed files (never changed after commit)
    <key>/.koki-tmp-…           a version being written
    <key>/.lock                 the lock file that makes "compute once" hold across processes

A writer fills a fresh folder, fsyncs it, renames it to ``v-…`` and then replaces the
pointer with one atomic rename. Readers follow the pointer, so they find the old complete
entry or the new complete one, never a gap and never half of one; a process killed at any
moment leaves at most an unreferenced folder that :meth:`EntryStore.clean` removes later.
"""
from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from koki_climate.config import require_writable
from koki_climate.io.atomic import (
    FOREIGN_STALE_AFTER_S, ensure_folder, fsync_path, fsync_tree, is_stale, parse_temporary_name, remove_path, temporary_name,
    write_text, writer_alive,
)

POINTER = "current.json"
LOCK = ".lock"
USED = ".used"  # touched when an entry is read: its mtime is the entry's last use
VERSION_PREFIX = "v-"

try:  # POSIX: whole-file locks shared by every process using the cache folder
    import fcntl
except ImportError:  # pragma: no cover - Windows: locks hold within one process only
    fcntl = None  # type: ignore[assignment]


class _KeyLocks:
    """One re-entrant lock per key, created on demand, for the threads of this process."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.RLock] = {}

    def get(self, name: str) -> threading.RLock:
        with self._guard:
            return self._locks.setdefault(name, threading.RLock())


_THREAD_LOCKS = _KeyLocks()


class EntryStore:
    """Entries by key under ``root``; see the module docstring for the layout."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def key_dir(self, key: str) -> Path:
        if not key or "/" in key or "\\" in key or key.startswith("."):
            raise ValueError(f"not a cache key: {key!r}")
        return self.root / key

    # --- reading ---------------------------------------------------------------------------
    def folder(self, key: str) -> Path | None:
        """The committed folder of ``key``, or None when there is none (or it is damaged).

        A writer replacing the entry removes the old version right after moving the pointer;
        a reader caught in between sees the pointer change and follows it to the new version.
        """
        pointer = self.key_dir(key) / POINTER
        previous = None
        for _attempt in range(5):
            text = _read_text(pointer)
            if text is None or text == previous:
                return None
            folder = self._verified(pointer.parent, text)
            if folder is not None:
                return folder
            previous = text
        return None

    @staticmethod
    def _verified(key_dir: Path, pointer_text: str) -> Path | None:
        """The version folder a pointer names, if all its files are there with their sizes."""
        try:
            meta = json.loads(pointer_text)
            version = str(meta["version"])
            files = dict(meta["files"])
        except (ValueError, KeyError, TypeError):
            return None
        folder = key_dir / version
        if not version.startswith(VERSION_PREFIX) or folder.parent != key_dir:
            return None
        for name, size in files.items():
            try:
                if (folder / name).stat().st_size != int(size):
                    return None
            except (OSError, ValueError):
                return None
        return folder

    def exists(self, key: str) -> bool:
        return self.folder(key) is not None

    # --- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def write(self, key: str) -> Iterator[Path]:
        """Yield an empty folder; when the block succeeds it becomes the entry of ``key``.

        An existing entry is replaced by the pointer's atomic rename (readers never see a
        gap); its old folder is removed afterwards. On error nothing is committed.
        """
        require_writable(f"write cache entry {key}")
        key_dir = ensure_folder(self.key_dir(key))
        work = key_dir / temporary_name("entry")
        work.mkdir()
        try:
            yield work
            owner = parse_temporary_name(work.name)
            version = f"{VERSION_PREFIX}{owner[0]}-{owner[1]}-{os.urandom(4).hex()}" if owner else \
                f"{VERSION_PREFIX}{os.urandom(8).hex()}"
            files = {str(p.relative_to(work)).replace(os.sep, "/"): p.stat().st_size
                     for p in sorted(work.rglob("*")) if p.is_file()}
            fsync_tree(work)
            committed = key_dir / version
            os.rename(work, committed)
            fsync_path(key_dir)
        except BaseException:
            remove_path(work)
            raise
        previous = self._current_version(key_dir)
        write_text(key_dir / POINTER, json.dumps({"version": version, "files": files}, indent=1) + "\n")
        if previous and previous != version:
            remove_path(key_dir / previous)

    @staticmethod
    def _current_version(key_dir: Path) -> str | None:
        try:
            return str(json.loads((key_dir / POINTER).read_text(encoding="utf-8"))["version"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # --- compute once ----------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Hold ``key`` exclusively against other threads and processes sharing this folder.

        Callers check for the entry again after acquiring: whoever waited finds the entry
        the first holder committed and does not compute it a second time.
        """
        require_writable(f"lock cache entry {key}")
        key_dir = ensure_folder(self.key_dir(key))
        with _THREAD_LOCKS.get(str(key_dir.resolve())):
            if fcntl is None:  # pragma: no cover
                yield
                return
            with open(key_dir / LOCK, "a+b") as handle:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    # --- size limit ------------------------------------------------------------------------
    def mark_used(self, key: str) -> None:
        """Record that ``key`` was read now (for least-recently-used eviction); planner side only."""
        require_writable(f"mark cache entry {key} as used")
        (self.key_dir(key) / USED).touch()

    def usage(self) -> list[tuple[str, int, float]]:
        """``(key, bytes, last used)`` of every committed entry, least recently used first."""
        rows = []
        try:
            key_dirs = [p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return rows
        for key_dir in key_dirs:
            text = _read_text(key_dir / POINTER)
            try:
                size = sum(int(v) for v in json.loads(text)["files"].values()) if text else 0
            except (ValueError, KeyError, TypeError, AttributeError):
                continue
            stamps = [(key_dir / name).stat().st_mtime for name in (POINTER, USED) if (key_dir / name).exists()]
            if text and stamps:
                rows.append((key_dir.name, size, max(stamps)))
        return sorted(rows, key=lambda row: row[2])

    def prune(self, limit_bytes: int, protected: set[str] = frozenset()) -> list[str]:
        """Evict least recently used entries until the committed total is at most ``limit_bytes``.

        ``protected`` keys (e.g. published results) are never evicted, even above the limit.
        Each eviction holds the entry's lock, so an entry being written is not removed.
        """
        require_writable(f"evict cache entries in {self.root}")
        rows = self.usage()
        total = sum(size for _, size, _ in rows)
        evicted = []
        for key, size, _ in rows:
            if total <= limit_bytes:
                break
            if key in protected:
                continue
            with self.lock(key):
                remove_path(self.key_dir(key) / POINTER)  # readers now see no entry
                for path in self.key_dir(key).iterdir():
                    if path.name != LOCK:
                        remove_path(path)
            total -= size
            evicted.append(key)
        return evicted

    # --- housekeeping ----------------------------------------------------------------------
    def clean(self) -> list[Path]:
        """Remove what killed writers left: unfinished and uncommitted folders of dead processes."""
        require_writable(f"clean cache entries in {self.root}")
        removed: list[Path] = []
        try:
            key_dirs = [p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")]
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            return removed
        for key_dir in key_dirs:
            current = self._current_version(key_dir)
            for path in key_dir.iterdir():
                if path.name in (POINTER, LOCK, USED) or path.name == current:
                    continue
                if path.name.startswith(VERSION_PREFIX):
                    stale = _version_stale(path)
                else:
                    stale = is_stale(path)
                if stale:
                    remove_path(path)
                    removed.append(path)
        return removed


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return None


def _version_stale(path: Path) -> bool:
    """An uncommitted version folder whose writer is gone (killed between rename and pointer)."""
    parts = path.name[len(VERSION_PREFIX):].split("-")
    if len(parts) >= 2 and parts[1].isdigit():
        alive = writer_alive(parts[0], int(parts[1]))
        if alive is not None:
            return not alive
    try:  # another host, or a name we did not make: only when very old
        return time.time() - path.stat().st_mtime > FOREIGN_STALE_AFTER_S
    except FileNotFoundError:
        return False


__all__ = ["EntryStore", "POINTER"]
