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

import uuid

import dask
import dask.array
import numpy as np
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


class _Blocks:
    """An in-memory array that dask reads block by block *without copying it first*.

    ``dask.array.from_array`` copies every numpy array it is given (dask 2026: ``x = x.copy()``),
    which doubled each in-memory grid an evaluation cut into blocks: 1.3 GB at 100 M cells.
    This wrapper has no ``copy``, so dask slices the original.
    """

    def __init__(self, array: np.ndarray) -> None:
        self.array, self.shape, self.dtype, self.ndim = array, array.shape, array.dtype, array.ndim

    def __getitem__(self, key):
        return self.array[key]


def chunked(data: xr.Dataset | xr.DataArray, edge: int | None = None) -> xr.Dataset | xr.DataArray:
    """``data`` as dask-backed blocks of at most ``edge`` x ``edge`` cells, balanced in size (a small
    grid is one block). Grids already in memory are sliced, not copied."""
    edge = edge or chunk_edge()
    sizes = {dim: balanced_edge(data.sizes[dim], edge) for dim in ("y", "x") if dim in data.sizes}
    if isinstance(data, xr.Dataset):
        return data.copy(data={name: _blocks(data[name].variable, sizes) for name in data.data_vars})
    return data.copy(data=_blocks(data.variable, sizes))


def _blocks(variable: xr.Variable, sizes: dict[str, int]):
    """The variable's data as a dask array of ``sizes`` blocks (rechunked when it already is one)."""
    chunks = tuple(sizes.get(dim, -1) for dim in variable.dims)
    if variable.chunks is not None:
        return variable.data.rechunk(chunks)
    values = np.asarray(variable.data)
    return dask.array.from_array(_Blocks(values), chunks=chunks, name=f"grid-{uuid.uuid4().hex}",
                                 meta=np.empty((0,) * values.ndim, values.dtype))


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
