"""``python -m koki_climate sample``: write the synthetic sample region Musterstadt."""
from __future__ import annotations

import argparse
import time
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``sample`` subcommand."""
    parser = subparsers.add_parser(
        "sample", help="generate the synthetic sample region Musterstadt",
        description="Generate the synthetic sample region Musterstadt (30 x 30 km, EPSG:25832). "
                    "Deterministic for a seed. The folder may be new, empty or an earlier sample region "
                    "(its files are replaced only after success); other files are never touched.")
    parser.add_argument("--out", type=Path, default=Path("data/musterstadt"),
                        help="output folder (default: data/musterstadt)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    parser.add_argument("--cells", type=int, default=1200,
                        help="cells per side over the same 30 km (default: 1200, i.e. 25 m)")
    parser.add_argument("--force", action="store_true", help="write into a folder holding other files "
                                                             "(they are never deleted or overwritten)")
    parser.set_defaults(handler=run)


def _size(folder: Path) -> int:
    from koki_climate.region.manifest import read_manifest

    return sum(p.stat().st_size for p in read_manifest(folder).files() if p.is_file())


def run(args: argparse.Namespace) -> int:
    """Generate the region, printing one line per step; returns 0."""
    from koki_climate.region.sample import generate_sample_region

    start = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - start:5.1f} s] {message}", flush=True)

    manifest = generate_sample_region(args.out, seed=args.seed, cells=args.cells, progress=progress,
                                      force=args.force)
    size = _size(manifest.parent) / 1e6
    print(f"wrote {manifest.parent} (seed {args.seed}, {args.cells} x {args.cells} cells) "
          f"in {time.perf_counter() - start:.1f} s, {size:.1f} MB on disk", flush=True)
    return 0
