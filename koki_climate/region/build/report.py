"""What a build did, for the planner: read, reprojected, resampled, converted, filled, assumed, dropped.

Every builder step adds plain sentences here instead of silently fixing things; the CLI
prints them at the end (and ``--json`` returns them), and the region folder keeps them as
``build_report.json`` so a later reader knows how each layer came about.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Kind = Literal["read", "reprojected", "resampled", "converted", "filled", "derived", "assumed", "dropped", "note"]
KINDS: tuple[Kind, ...] = ("read", "reprojected", "resampled", "converted", "filled", "derived", "assumed",
                           "dropped", "note")


@dataclass(frozen=True)
class Entry:
    kind: Kind
    message: str
    file: str | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "file": self.file, "message": self.message}


@dataclass
class BuildReport:
    """An ordered list of what happened, grouped by kind when printed."""

    entries: list[Entry] = field(default_factory=list)

    def add(self, kind: Kind, message: str, file: str | Path | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown report kind {kind!r}")
        self.entries.append(Entry(kind, message, str(file) if file is not None else None))

    def of(self, kind: Kind) -> list[Entry]:
        return [entry for entry in self.entries if entry.kind == kind]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def to_dict(self) -> dict:
        return {kind: [entry.to_dict() for entry in self.of(kind)] for kind in KINDS if self.of(kind)}

    def format_text(self) -> str:
        """The report as the terminal shows it: one heading per kind, one line per entry."""
        lines: list[str] = []
        for kind in KINDS:
            entries = self.of(kind)
            if not entries:
                continue
            lines.append(f"{kind}:")
            lines += [f"  - {entry.file + ': ' if entry.file else ''}{entry.message}" for entry in entries]
        return "\n".join(lines)


__all__ = ["BuildReport", "Entry", "KINDS", "Kind"]
