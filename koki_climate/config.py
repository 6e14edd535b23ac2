"""Settings from the environment, read in one place (documented in README.md)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
Mode = Literal["planner", "council", "public", "participation"]
MODES: tuple[Mode, ...] = ("planner", "council", "public", "participation")
#: modes that serve the public: read-only at every layer (participation adds exactly one write, a comment)
PUBLIC_MODES: tuple[Mode, ...] = ("public", "participation")


@dataclass(frozen=True)
class Settings:
    """What the app and CLI need to know about their deployment."""

    region_path: Path
    mode: Mode
    cache_dir: Path
    groundwater: str = "projection"
    memory_cache_mb: int = 1024
    #: URL of a MapLibre style JSON drawn under the maps; None: no basemap, no request leaves the origin
    basemap_style: str | None = None
    #: most disk space for cached scenario results (least recently used are evicted, published ones never)
    result_cache_mb: int = 5000
    #: names of the groundwater model candidates the choice rule tries; empty: all of them
    groundwater_candidates: tuple[str, ...] = ()
    #: "compiled": the model's trees as native code (same p within 1e-9), "sklearn": scikit-learn's own
    inference: str = "compiled"
    #: address of a dask.distributed scheduler ("tcp://host:8786"); None: this machine's threads
    dask_scheduler: str | None = None
    #: grids larger than this (a region's layers, its terrain features, a result) stay on disk and
    #: are read block by block; smaller ones are read into memory
    grids_in_memory_mb: int = 1024

    @property
    def public(self) -> bool:
        """A citizens' instance: read-only at every layer (participation: except posting a comment)."""
        return self.mode in PUBLIC_MODES


def settings() -> Settings:
    """Read ``KOKI_REGION``, ``KOKI_MODE``, ``KOKI_CACHE_DIR``, ``KOKI_GROUNDWATER``, ``KOKI_MEMORY_CACHE_MB``,
    ``KOKI_BASEMAP_STYLE``, ``KOKI_GROUNDWATER_CANDIDATES``, ``KOKI_RESULT_CACHE_MB``, ``KOKI_INFERENCE``,
    ``KOKI_DASK_SCHEDULER``, ``KOKI_GRIDS_IN_MEMORY_MB``."""
    mode = os.environ.get("KOKI_MODE", "planner").strip().lower()
    if mode not in MODES:
        raise ValueError(f"KOKI_MODE={mode!r} is not one of {', '.join(MODES)}")
    region = Path(os.environ.get("KOKI_REGION", REPO_ROOT / "data" / "musterstadt"))
    cache = Path(os.environ.get("KOKI_CACHE_DIR", REPO_ROOT / ".cache"))
    groundwater = os.environ.get("KOKI_GROUNDWATER", "projection").strip().lower()
    if groundwater not in ("projection", "baseline"):
        raise ValueError(f"KOKI_GROUNDWATER={groundwater!r} is not 'projection' or 'baseline'")
    inference = os.environ.get("KOKI_INFERENCE", "compiled").strip().lower()
    if inference not in ("compiled", "sklearn"):
        raise ValueError(f"KOKI_INFERENCE={inference!r} is not 'compiled' or 'sklearn'")
    return Settings(region_path=region, mode=mode, cache_dir=cache,  # type: ignore[arg-type]
                    groundwater=groundwater, memory_cache_mb=env_positive_int("KOKI_MEMORY_CACHE_MB", 1024, "MB"),
                    basemap_style=_basemap_style(),
                    result_cache_mb=env_positive_int("KOKI_RESULT_CACHE_MB", 5000, "MB"),
                    groundwater_candidates=tuple(name.strip() for name in
                                                 os.environ.get("KOKI_GROUNDWATER_CANDIDATES", "").split(",")
                                                 if name.strip()),
                    inference=inference, dask_scheduler=os.environ.get("KOKI_DASK_SCHEDULER", "").strip() or None,
                    grids_in_memory_mb=env_positive_int("KOKI_GRIDS_IN_MEMORY_MB", 1024, "MB"))


def _basemap_style() -> str | None:
    """``KOKI_BASEMAP_STYLE``: an absolute http(s) URL, or None when unset or empty.

    Absolute because the server lets the browser reach exactly this URL's origin (its
    Content-Security-Policy names it); anything else would silently draw no basemap.
    """
    raw = os.environ.get("KOKI_BASEMAP_STYLE", "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"KOKI_BASEMAP_STYLE={raw!r} is not an absolute http(s) URL of a MapLibre style JSON")
    return raw


def env_positive_int(name: str, default: int, unit: str = "") -> int:
    """A positive whole number from the environment variable ``name`` (``default`` when unset).

    A bad value raises :class:`~koki_climate.errors.InputError`, shown as one plain line.
    """
    from koki_climate.errors import InputError

    raw = os.environ.get(name, str(default)).strip()
    what = f"a whole number of {unit}" if unit else "a whole number"
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{name}={raw!r} is not {what}") from None
    if value <= 0:
        raise InputError(f"{name}={raw!r} must be positive")
    return value


def env_flag(name: str) -> bool:
    """An on/off switch from the environment (1/true/yes or 0/false/no; unset is off)."""
    raw = os.environ.get(name, "").strip().lower()
    if raw not in ("", "0", "1", "false", "true", "no", "yes"):
        raise ValueError(f"{name}={raw!r} is not 1 or 0")
    return raw in ("1", "true", "yes")


def current_mode() -> str:
    """``KOKI_MODE`` as given (lower case), without validating it (:func:`settings` does)."""
    return os.environ.get("KOKI_MODE", "planner").strip().lower()


def is_public() -> bool:
    """Whether this process serves citizens (``KOKI_MODE=public`` or ``participation``): read-only."""
    return current_mode() in PUBLIC_MODES


def require_writable(action: str) -> None:
    """Refuse a write on the public read-only instance, whatever the caller passes.

    Every writer of the library calls this (the safe-write module :mod:`koki_climate.io`
    first of all); there is no parameter that turns it off.
    """
    from koki_climate.errors import ReadOnlyError

    if is_public():
        raise ReadOnlyError(f"'{action}' is not available on the public read-only instance")
