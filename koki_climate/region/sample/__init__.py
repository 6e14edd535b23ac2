"""The sample region "Musterstadt": a fictitious town in a southern German river valley.

``generate_sample_region`` writes a complete region folder (see docs/region-format.md):
grids, flood events, climate scenarios, wells and vectors, all synthetic and deterministic
for a seed. The files are made in a hidden work folder and then moved into the target
(:func:`koki_climate.io.outputs.output_folder`), ``region.toml`` last, so a half-written
region never has a manifest; a folder with other files in it is refused, never emptied.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from koki_climate.errors import InputError
from koki_climate.io.outputs import check_output_folder, output_folder
from koki_climate.region.sample.files import write_region_files

MIN_CELLS, MAX_CELLS = 60, 20_000
OUTPUT_KIND = "sample-region"

__all__ = ["generate_sample_region", "MIN_CELLS", "MAX_CELLS", "OUTPUT_KIND"]


def generate_sample_region(out: Path, seed: int = 42, cells: int = 1200,
                           progress: Callable[[str], None] | None = None, *, force: bool = False) -> Path:
    """Write Musterstadt (``cells`` x ``cells`` over 30 km) to ``out``; returns the manifest path.

    ``out`` may be missing, empty, or an earlier sample region (whose files are replaced);
    other files are never deleted or overwritten (``force`` writes beside them).
    """
    if not isinstance(cells, int) or not MIN_CELLS <= cells <= MAX_CELLS:
        raise InputError(f"--cells must be an integer between {MIN_CELLS} and {MAX_CELLS} "
                         f"(got {cells!r}); the region is always 30 km wide, so {cells} cells "
                         "would give an unusable cell size")
    if not isinstance(seed, int) or seed < 0:
        raise InputError(f"--seed must be a non-negative integer (got {seed!r})")
    out = check_output_folder(out, OUTPUT_KIND, force=force)
    with output_folder(out, OUTPUT_KIND, force=force, last=("region.toml",)) as work:
        write_region_files(work, seed=seed, cells=cells, progress=progress or (lambda _msg: None))
    return out / "region.toml"
