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
    parser.add_argument("--raw", action="store_true",
                        help="write the town's raw files instead (DGM tiles, ALKIS land use, German CSV wells, "
                             "KOSTRA-like table, ...) with a build.toml for `region build`")
    parser.add_argument("--resolution", type=float, default=None,
                        help="with --raw: the planning resolution written into build.toml (m; default: the cell size)")
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

    if args.raw:
        return run_raw(args, progress, start)
    manifest = generate_sample_region(args.out, seed=args.seed, cells=args.cells, progress=progress,
                                      force=args.force)
    size = _size(manifest.parent) / 1e6
    print(f"wrote {manifest.parent} (seed {args.seed}, {args.cells} x {args.cells} cells) "
          f"in {time.perf_counter() - start:.1f} s, {size:.1f} MB on disk", flush=True)
    return 0


def run_raw(args: argparse.Namespace, progress, start: float) -> int:
    """The sample town as raw files: generated into a temporary folder, then written as a planning office holds them."""
    import tempfile

    from koki_climate.io.outputs import check_output_folder, output_folder
    from koki_climate.region.sample import generate_sample_region
    from koki_climate.region.sample.raw import write_raw_town

    out = check_output_folder(args.out, "sample-raw", force=args.force)
    with tempfile.TemporaryDirectory(prefix="koki-sample-") as scratch:
        region = generate_sample_region(Path(scratch) / "region", seed=args.seed, cells=args.cells,
                                        progress=progress).parent
        progress("raw files (DGM tiles, ALKIS, German CSV, KOSTRA-like table, build.toml)")
        with output_folder(out, "sample-raw", force=args.force) as work:
            write_raw_town(region, work, resolution_m=args.resolution)
    print(f"wrote the raw files of the sample town to {out} in {time.perf_counter() - start:.1f} s; "
          f"build them with: python -m koki_climate region build {out / 'build.toml'} --out DIR", flush=True)
    return 0
