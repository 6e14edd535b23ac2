"""Command-line interface: ``python -m koki_climate <command> …``.

Each command lives in its own module exposing ``register(subparsers)``; the module's
handler returns an exit code. User errors (:class:`~koki_climate.errors.KokiError`) are
printed as one plain message on stderr with exit code 2, never as a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from koki_climate.errors import KokiError

#: command modules, in the order they appear in ``--help``
COMMAND_MODULES = (
    "koki_climate.cli.sample",
    "koki_climate.cli.check",
    "koki_climate.cli.region",
    "koki_climate.cli.risk",
    "koki_climate.cli.groundwater",
    "koki_climate.cli.store",
    "koki_climate.cli.participation",
)


def build_parser() -> argparse.ArgumentParser:
    """Build the top-level parser with one subcommand per command module."""
    parser = argparse.ArgumentParser(
        prog="python -m koki_climate",
        description="KoKI Klima: flood-risk and groundwater analysis for land-use planning.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KokiError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
