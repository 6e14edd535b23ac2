"""``koki check PATH``: validate a region and print its report."""
from __future__ import annotations

import argparse
import json
import sys

from koki_climate.errors import KokiError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="validate a region folder or manifest and print a report")
    parser.add_argument("path", help="region folder or its region.toml")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from koki_climate.region import open_region
    from koki_climate.region.report import format_report, region_report

    try:
        report = region_report(open_region(args.path))
    except KokiError as exc:
        if args.json:
            print(json.dumps({"valid": False, "error": str(exc)}, ensure_ascii=False))
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_report(report))
    return 0
