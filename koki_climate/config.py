"""Settings from the environment, read in one place (documented in README.md)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

REPO_ROOT = Path(__file__).resolve().parents[1]
Mode = Literal["planner", "council", "public"]
MODES: tuple[Mode, ...] = ("planner", "council", "public")


@dataclass(frozen=True)
class Settings:
    """What the app and CLI need to know about their deployment."""

    region_path: Path
    mode: Mode
    cache_dir: Path
    groundwater: str = "projection"


def settings() -> Settings:
    """Read ``KOKI_REGION``, ``KOKI_MODE``, ``KOKI_CACHE_DIR``, ``KOKI_GROUNDWATER``."""
    mode = os.environ.get("KOKI_MODE", "planner").strip().lower()
    if mode not in MODES:
        raise ValueError(f"KOKI_MODE={mode!r} is not one of {', '.join(MODES)}")
    region = Path(os.environ.get("KOKI_REGION", REPO_ROOT / "data" / "musterstadt"))
    cache = Path(os.environ.get("KOKI_CACHE_DIR", REPO_ROOT / ".cache"))
    groundwater = os.environ.get("KOKI_GROUNDWATER", "projection").strip().lower()
    if groundwater not in ("projection", "baseline"):
        raise ValueError(f"KOKI_GROUNDWATER={groundwater!r} is not 'projection' or 'baseline'")
    return Settings(region_path=region, mode=mode, cache_dir=cache,  # type: ignore[arg-type]
                    groundwater=groundwater)


def require_writable(action: str) -> None:
    """Refuse a write operation on the public read-only instance, whatever the UI shows."""
    from koki_climate.errors import ReadOnlyError

    if settings().mode == "public":
        raise ReadOnlyError(f"'{action}' is not available on the public read-only instance")
