"""``python -m koki_climate region build SPEC.toml --out DIR``: a town's raw files become a region folder."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("region", help="build a region folder from a town's raw files",
                                   description="Build a region from the files a municipality holds "
                                               "(see docs/region-build.md).")
    commands = parser.add_subparsers(dest="region_command", required=True, metavar="SUBCOMMAND")
    build = commands.add_parser(
        "build", help="build a region folder from a build spec (TOML)",
        description="Read the DEM tiles, land use, flood areas, wells, weather and climate tables a build spec "
                    "names, put them on one grid and write a region folder that `check`, `train`, `evaluate` "
                    "and the app open. The folder is written whole or not at all.")
    build.add_argument("spec", type=Path, help="the build spec (TOML), e.g. build.toml")
    build.add_argument("--out", type=Path, required=True,
                       help="region folder to write (new or empty, or an earlier build of this command)")
    build.add_argument("--force", action="store_true", help="write into a folder holding other files "
                                                            "(they are never deleted or overwritten)")
    build.add_argument("--json", action="store_true", help="print the build report as JSON on stdout")
    build.set_defaults(handler=run_build)


def run_build(args: argparse.Namespace) -> int:
    from koki_climate.region.build.build import build_region

    start = time.perf_counter()

    def progress(fraction: float, message: str) -> None:
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    result = build_region(args.spec, args.out, force=args.force, progress=progress)
    summary = result.summary()
    summary["wall_s"] = round(time.perf_counter() - start, 1)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(result.report.format_text())
        print(f"\nwrote {result.folder} ({summary['grid']['shape'][0]} x {summary['grid']['shape'][1]} cells of "
              f"{summary['grid']['resolution_m']:g} m) in {summary['wall_s']:.0f} s; "
              f"next: python -m koki_climate check {result.folder}")
    return 0
