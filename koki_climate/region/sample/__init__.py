"""The sample region "Musterstadt": a fictitious town in a southern German river valley.

``generate_sample_region`` writes a complete region folder (see docs/region-format.md):
grids, flood events, climate scenarios, wells and vectors, all synthetic and deterministic
for a seed. It writes into a temporary sibling folder and renames it at the end, with
``region.toml`` written last, so a half-written region never exists.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from koki_climate.errors import InputError
from koki_climate.region.sample.files import write_region_files

MIN_CELLS, MAX_CELLS = 60, 20_000

__all__ = ["generate_sample_region", "MIN_CELLS", "MAX_CELLS"]


def generate_sample_region(out: Path, seed: int = 42, cells: int = 1200,
                           progress: Callable[[str], None] | None = None) -> Path:
    """Write Musterstadt (``cells`` x ``cells`` over 30 km) to ``out``; returns the manifest path.

    An existing ``out`` is replaced only after the new region is complete.
    """
    if not isinstance(cells, int) or not MIN_CELLS <= cells <= MAX_CELLS:
        raise InputError(f"--cells must be an integer between {MIN_CELLS} and {MAX_CELLS} "
                         f"(got {cells!r}); the region is always 30 km wide, so {cells} cells "
                         "would give an unusable cell size")
    if not isinstance(seed, int) or seed < 0:
        raise InputError(f"--seed must be a non-negative integer (got {seed!r})")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.tmp-"))
    try:
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; the region is an ordinary folder
        write_region_files(tmp, seed=seed, cells=cells, progress=progress or (lambda _msg: None))
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
            out.rename(old / out.name)
            tmp.rename(out)
            shutil.rmtree(old)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out / "region.toml"
