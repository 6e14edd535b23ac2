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
    memory_cache_mb: int = 1024

    @property
    def public(self) -> bool:
        """The citizens' instance: read-only at every layer."""
        return self.mode == "public"


def settings() -> Settings:
    """Read ``KOKI_REGION``, ``KOKI_MODE``, ``KOKI_CACHE_DIR``, ``KOKI_GROUNDWATER``, ``KOKI_MEMORY_CACHE_MB``."""
    mode = os.environ.get("KOKI_MODE", "planner").strip().lower()
    if mode not in MODES:
        raise ValueError(f"KOKI_MODE={mode!r} is not one of {', '.join(MODES)}")
    region = Path(os.environ.get("KOKI_REGION", REPO_ROOT / "data" / "musterstadt"))
    cache = Path(os.environ.get("KOKI_CACHE_DIR", REPO_ROOT / ".cache"))
    groundwater = os.environ.get("KOKI_GROUNDWATER", "projection").strip().lower()
    if groundwater not in ("projection", "baseline"):
        raise ValueError(f"KOKI_GROUNDWATER={groundwater!r} is not 'projection' or 'baseline'")
    return Settings(region_path=region, mode=mode, cache_dir=cache,  # type: ignore[arg-type]
                    groundwater=groundwater, memory_cache_mb=_positive_int("KOKI_MEMORY_CACHE_MB", 1024))


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a whole number") from None
    if value <= 0:
        raise ValueError(f"{name}={raw!r} must be positive")
    return value


def is_public() -> bool:
    """Whether this process is the public read-only instance (``KOKI_MODE=public``)."""
    return os.environ.get("KOKI_MODE", "planner").strip().lower() == "public"


def require_writable(action: str) -> None:
    """Refuse a write on the public read-only instance, whatever the caller passes.

    Every writer of the library calls this (the safe-write module :mod:`koki_climate.io`
    first of all); there is no parameter that turns it off.
    """
    from koki_climate.errors import ReadOnlyError

    if is_public():
        raise ReadOnlyError(f"'{action}' is not available on the public read-only instance")
