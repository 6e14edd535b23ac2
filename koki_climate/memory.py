"""Memory a long-running server holds: sizes of cached results, and giving freed memory back.

glibc keeps freed heap memory in its arenas, so a server that evaluated large scenarios
stays at its peak size although its caches have shrunk. After evictions the engine asks
glibc to return free pages to the operating system (``malloc_trim``); elsewhere it is a no-op.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import sys
from typing import Any


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def release_free_memory() -> bool:
    """Return freed heap memory to the operating system where the C library allows it.

    Reference cycles are collected first: arrays held only by a cycle (xarray and pandas
    objects form them) are not freed until the collector runs, and trimming before that
    gave back almost nothing (1.94 GB resident after dropping ten cached scenarios, 0.59 GB
    with the collection first).
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    return bool(trim(0))


def result_nbytes(result: Any) -> int:
    """Approximate bytes a cached result holds: its grids (unless they stay on disk) plus its tables."""
    variables = result.risk.variables.values()
    total = int(sum(variable.nbytes for variable in variables if not variable.chunks))
    for frame in (result.zones, result.parcels):
        if frame is not None:
            total += int(frame.memory_usage(index=True, deep=False).sum())
    return total


__all__ = ["release_free_memory", "result_nbytes"]
