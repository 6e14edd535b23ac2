"""Folders and files a user names for outputs (``--out``): never delete or overwrite their files.

Rules, the same for every command that writes a folder:

- a missing or empty folder is created / filled;
- a folder holding KoKI's earlier output of the same kind (recognised by the marker
  ``.koki-output-<kind>.json``, which lists the files KoKI wrote) gets exactly those files
  replaced; anything else in it is left alone;
- any other non-empty folder is refused with a clear message; ``force`` allows writing
  beside the foreign files, but a name that is taken by a file KoKI did not write is
  refused even then: a user's file is never deleted or overwritten;
- the new files are written completely into a hidden work folder inside the target first
  and then renamed into place one by one; the marker is written before the first rename
  (so a killed run's files are recognised as KoKI's next time) and completed after the last.

Single files (``--out file.csv``) are never replaced unless ``force`` says so.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from koki_climate.config import require_writable
from koki_climate.errors import InputError
from koki_climate.io.atomic import (
    TEMP_PREFIX, atomic_path, clean_stale_temporaries, ensure_folder, fsync_path, remove_path, temporary_folder,
    write_text,
)

MARKER_PREFIX = ".koki-output-"
#: how many foreign names a refusal lists
SHOWN = 5


class OutputRefused(InputError):
    """The output folder or file holds something KoKI must not touch."""


def marker_path(folder: Path, kind: str) -> Path:
    return folder / f"{MARKER_PREFIX}{kind}.json"


def _read_marker(folder: Path, kind: str) -> dict[str, int] | None:
    """Files (relative path -> size) an earlier KoKI output of ``kind`` wrote here, or None."""
    try:
        meta = json.loads(marker_path(folder, kind).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    if not isinstance(meta, dict) or meta.get("kind") != kind or not isinstance(meta.get("files"), dict):
        return None
    return {str(name): int(size) for name, size in meta["files"].items() if _safe_relative(str(name))}


def _safe_relative(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


def _foreign_entries(folder: Path, ours: dict[str, int] | None) -> list[str]:
    """Top-level names in ``folder`` that KoKI did not write (its markers and temporaries aside)."""
    own_tops = {Path(name).parts[0] for name in (ours or {})}
    return sorted(p.name for p in folder.iterdir()
                  if not p.name.startswith((TEMP_PREFIX, MARKER_PREFIX)) and p.name not in own_tops)


def check_output_folder(folder: str | os.PathLike[str], kind: str, *, force: bool = False) -> Path:
    """Refuse early (before long work) when ``folder`` cannot take an output of ``kind``.

    Returns the folder as an absolute path. Raises :class:`OutputRefused` naming the problem.
    """
    require_writable(f"write outputs to {folder}")
    folder = Path(folder).expanduser().absolute()
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(f"{folder}: is a file, not a folder; name a new or empty folder for the outputs")
    if not folder.exists():
        return folder
    ours = _read_marker(folder, kind)
    foreign = _foreign_entries(folder, ours)
    if foreign and ours is None and not force:
        shown = ", ".join(foreign[:SHOWN]) + (f" and {len(foreign) - SHOWN} more" if len(foreign) > SHOWN else "")
        raise OutputRefused(
            f"{folder}: the folder is not empty ({shown}) and holds no earlier KoKI {kind} output; "
            "name a new or empty folder, or add --force to write beside these files (they are never "
            "deleted or overwritten)")
    return folder


@contextlib.contextmanager
def output_folder(folder: str | os.PathLike[str], kind: str, *, force: bool = False,
                  last: Sequence[str] = ()) -> Iterator[Path]:
    """Yield an empty work folder; its files replace the previous KoKI output of ``kind`` in ``folder``.

    ``last`` names files moved into place after all others (e.g. ``region.toml``, whose
    presence means "complete" to other tools). See the module docstring for the rules.
    """
    folder = check_output_folder(folder, kind, force=force)
    ensure_folder(folder)
    clean_stale_temporaries(folder)
    with temporary_folder(folder, f"{kind}-out") as work:
        yield work
        _install(work, folder, kind, last)


def _install(work: Path, folder: Path, kind: str, last: Sequence[str]) -> None:
    ours = _read_marker(folder, kind) or {}
    new = {str(p.relative_to(work)).replace(os.sep, "/"): p.stat().st_size
           for p in sorted(work.rglob("*")) if p.is_file()}
    taken = [name for name in new if name not in ours and os.path.lexists(folder / name)]
    blocked = [name for name in new if any(os.path.lexists(folder / parent) and not (folder / parent).is_dir()
                                             for parent in _parents(name))]
    if taken or blocked:
        names = ", ".join((taken + blocked)[:SHOWN])
        raise OutputRefused(f"{folder}: {names} already exist(s) and were not written by KoKI; "
                            "they are left untouched: name another folder")
    marker = marker_path(folder, kind)
    _write_marker(marker, kind, "writing", {**ours, **new})
    order = [name for name in new if name not in last] + [name for name in last if name in new]
    for name in order:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        fsync_path(work / name)
        os.replace(work / name, target)
    for name in sorted(set(ours) - set(new)):
        remove_path(folder / name)
        _remove_empty_parents(folder, name)
    fsync_path(folder)
    _write_marker(marker, kind, "complete", new)


def _parents(name: str) -> list[str]:
    parts = Path(name).parts
    return [str(Path(*parts[:i])) for i in range(1, len(parts))]


def _remove_empty_parents(folder: Path, name: str) -> None:
    for parent in reversed(_parents(name)):
        with contextlib.suppress(OSError):
            (folder / parent).rmdir()


def _write_marker(marker: Path, kind: str, state: str, files: dict[str, int]) -> None:
    meta = {"kind": kind, "state": state, "written_by": "KoKI Klima",
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "files": files,
            "note": "KoKI replaces only the files listed here when it writes this output again."}
    write_text(marker, json.dumps(meta, indent=1, ensure_ascii=False) + "\n")


def check_output_file(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Refuse early when ``path`` is a folder, or an existing file without ``force``."""
    path = Path(path).expanduser().absolute()
    require_writable(f"write {path}")
    if path.is_dir():
        raise OutputRefused(f"{path}: is a folder; name a file for this output")
    if path.exists() and not force:
        raise OutputRefused(f"{path}: the file exists and is left untouched; name another file "
                            "or add --force to replace it")
    return path


@contextlib.contextmanager
def output_file(path: str | os.PathLike[str], *, force: bool = False) -> Iterator[Path]:
    """A temporary path that becomes ``path``; an existing ``path`` is replaced only with ``force``."""
    path = check_output_file(path, force=force)
    try:
        with atomic_path(path, replace=force) as tmp:
            yield tmp
    except FileExistsError:
        raise OutputRefused(f"{path}: the file appeared while writing and is left untouched") from None


__all__ = ["OutputRefused", "check_output_file", "check_output_folder", "marker_path", "output_file", "output_folder"]
