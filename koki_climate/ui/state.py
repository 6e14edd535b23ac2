"""Shared, cached application state: the engine (region + model), opened once per process.

``st.cache_resource`` shares one Engine across all sessions; its own memory and disk caches
then make scenario switches instant for everyone after the first evaluation.
"""
from __future__ import annotations

import streamlit as st

from koki_climate.config import settings
from koki_climate.engine import Engine
from koki_climate.errors import KokiError
from koki_climate.results import Result
from koki_climate.scenario import Scenario
from koki_climate.ui.i18n import t
from koki_climate.ui.widgets import shared_region


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


def get_engine(lang: str) -> Engine | None:
    """The engine for the configured region, or a plain error message and None."""
    config = settings()
    try:
        with st.spinner(t("engine_loading", lang)):
            return _engine(str(config.region_path), str(config.cache_dir), config.mode == "public")
    except KokiError as exc:
        st.error(f"{t('region_error', lang)} {exc}")
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
        st.error(str(exc))
        return None
