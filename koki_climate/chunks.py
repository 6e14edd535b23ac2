"""Block-by-block evaluation: how grids are cut into chunks, and where the blocks run.

Why one mechanism: the same code evaluates a town (one chunk) and a district or state
(hundreds of chunks). Every grid step is a block function (``xarray.apply_ufunc`` with
``dask="parallelized"``); neighbourhood steps get a halo wide enough that a block's core
cells come out exactly as on the whole grid (:mod:`koki_climate.zoning.classify` says why
its halo suffices). Memory is then bounded by chunk size × blocks in flight, not grid size.

Where the blocks run: the threads of this process, or — when ``KOKI_DASK_SCHEDULER`` names
a ``dask.distributed`` scheduler — that cluster's workers.
"""
from __future__ import annotations

import contextlib
import functools
import math
import os
from collections.abc import Iterator

import dask
import xarray as xr

from koki_climate.config import env_positive_int, settings

#: default cells per chunk (1024 x 1024): big enough that per-block overhead is small (the sample
#: evaluates as fast as in one block), small enough that a block's intermediates stay near 150 MB
DEFAULT_CHUNK_CELLS = 1024 * 1024


def chunk_edge() -> int:
    """Edge (cells) of a square chunk, from ``KOKI_CHUNK_CELLS``; always even.

    Even, so the applicability index's every-second-cell sampling lines up across blocks
    exactly as on the whole grid.
    """
    cells = env_positive_int("KOKI_CHUNK_CELLS", DEFAULT_CHUNK_CELLS, "cells")
    return max(2, int(math.isqrt(cells)) // 2 * 2)


def balanced_edge(size: int, edge: int) -> int:
    """The even block edge that cuts ``size`` cells into as many blocks as ``edge`` does, of equal size.

    1200 cells with an edge of 1024 become two blocks of 600, not 1024 + 176: two cores then
    finish together instead of one waiting for the big block.
    """
    blocks = max(1, math.ceil(size / edge))
    balanced = math.ceil(size / blocks)
    return min(edge, balanced + balanced % 2) if blocks > 1 else edge


def chunked(data: xr.Dataset | xr.DataArray, edge: int | None = None) -> xr.Dataset | xr.DataArray:
    """``data`` as dask-backed blocks of at most ``edge`` x ``edge`` cells, balanced in size (a small
    grid is one block)."""
    edge = edge or chunk_edge()
    return data.chunk({dim: balanced_edge(data.sizes[dim], edge) for dim in ("y", "x")})


@functools.lru_cache(maxsize=4)
def _client(address: str):
    """One client per scheduler address and process (connecting costs a round trip)."""
    from distributed import Client

    return Client(address, set_as_default=False, timeout="30s")


@contextlib.contextmanager
def scheduler() -> Iterator[str]:
    """Run the dask computations inside on the configured scheduler; yields its description."""
    address = settings().dask_scheduler
    if address:
        client = _client(address)
        with dask.config.set(scheduler=client.get):
            yield f"dask.distributed at {address}"
    else:
        workers = os.cpu_count() or 1
        with dask.config.set(scheduler="threads", num_workers=workers):
            yield f"threads ({workers})"


__all__ = ["DEFAULT_CHUNK_CELLS", "balanced_edge", "chunk_edge", "chunked", "scheduler"]
