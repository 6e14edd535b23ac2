"""Shared, cached application state: the region and the engine, opened once per process.

``st.cache_resource`` shares one Region and one Engine across all sessions; the engine's
own memory and disk caches (with a lock per scenario) then make scenario switches instant
for everyone after the first evaluation, and compute a cold scenario only once.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from koki_climate.config import settings
from koki_climate.engine import Engine
from koki_climate.errors import KokiError
from koki_climate.region import Region, open_region
from koki_climate.results import Result
from koki_climate.scenario import Scenario
from koki_climate.ui.i18n import t
from koki_climate.ui.messages import show_error


@st.cache_resource(show_spinner=False)
def _cached_region(path: str, manifest_mtime: float) -> Region:
    """One shared Region per folder and manifest version, across sessions."""
    return open_region(path, chunks="by_size")


def shared_region(path: str | Path) -> Region:
    """The one Region per folder and manifest version that every page and the engine share."""
    path = Path(path)
    manifest = path / "region.toml" if path.is_dir() else path
    mtime = manifest.stat().st_mtime if manifest.exists() else 0.0
    return _cached_region(str(path), mtime)


def load_region(lang: str, path: Path | None = None) -> Region | None:
    """Open the configured region, or show a plain message and return None."""
    try:
        return shared_region(path or settings().region_path)
    except KokiError as exc:
        show_error(exc, lang, "region_error")
        return None


@st.cache_resource(show_spinner=False)
def _engine(region_path: str, cache_dir: str, read_only: bool) -> Engine:
    bar = st.progress(0.0, text="…")

    def progress(fraction: float, message: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=message)

    try:
        region = shared_region(region_path)  # the same Region object the Grundwasser page uses
        return Engine.open(region_path, cache_dir=cache_dir, read_only=read_only, progress=progress,
                           region=region)
    finally:
        bar.empty()


def shared_engine() -> Engine:
    """The process's engine for callers outside a page (the comment API): the same object the pages use."""
    config = settings()
    return _engine(str(config.region_path), str(config.cache_dir), config.public)


def get_engine(lang: str) -> Engine | None:
    """The engine for the configured region, or a plain error message and None."""
    try:
        with st.spinner(t("engine_loading", lang)):
            return shared_engine()
    except KokiError as exc:
        show_error(exc, lang, "region_error")
        return None


def evaluate(engine: Engine, scenario: Scenario, lang: str) -> Result | None:
    """Evaluate with a status box on the first (cold) run; instant when cached."""
    try:
        if engine.is_cached(scenario):  # warm: no status box flicker
            return engine.evaluate(scenario)
        holder = st.empty()  # the status box disappears once the result is there
        with holder.status(t("computing_scenario", lang), expanded=False):
            result = engine.evaluate(scenario)
        holder.empty()
        return result
    except KokiError as exc:
        show_error(exc, lang)
        return None
