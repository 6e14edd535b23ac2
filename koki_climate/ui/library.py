"""The scenario library in the app: one shared store per process, published versions as picker entries.

Council and public pickers list the published versions ("Name@3": the link carries the
version, so minutes keep pointing at what was shown); when none is published they fall back
to the built-in presets. Planners see the presets and the published versions.
"""
from __future__ import annotations

import streamlit as st

from koki_climate.config import settings
from koki_climate.engine import Engine
from koki_climate.participation.comments import CommentStore
from koki_climate.presets import Preset
from koki_climate.store import ScenarioStore, VersionInfo
from koki_climate.store.database import database_exists, database_url


@st.cache_resource(show_spinner=False)
def _store(url: str, read_only: bool) -> ScenarioStore:
    return ScenarioStore(url, read_only=read_only)


def shared_store() -> ScenarioStore:
    """The deployment's library (read-only on the public instance); a missing public database is empty."""
    config = settings()
    url = database_url(config.cache_dir)
    store = _store(url, config.public)
    if not store.available and database_exists(url):  # a public instance started before the first save
        _store.clear()
        store = _store(url, config.public)
    return store


def as_preset(version: VersionInfo) -> Preset:
    """A published version as a picker entry named by its reference (``Name@version``)."""
    when = version.published_at.strftime("%d.%m.%Y") if version.published_at else "?"
    when_en = version.published_at.strftime("%Y-%m-%d") if version.published_at else "?"
    text = version.description.strip()
    return Preset(version.ref, version.scenario,
                  f"{text} (veröffentlicht am {when}, Version {version.version})".strip(),
                  f"{text} (published {when_en}, version {version.version})".strip())


def published_presets() -> list[Preset]:
    try:
        return [as_preset(v) for v in shared_store().published()]
    except Exception:  # noqa: BLE001  a broken library must not take the maps down: presets still work
        return []


def picker_presets(engine: Engine) -> list[Preset]:
    """What a scenario picker offers in this mode (see the module docstring)."""
    published = published_presets()
    if settings().mode in ("council", "public", "participation"):
        return published or list(engine.presets)
    return list(engine.presets) + published


@st.cache_resource(show_spinner=False)
def _comment_store(url: str, mode: str) -> CommentStore:
    return CommentStore(url, mode=mode)


def shared_comment_store() -> CommentStore:
    """The deployment's comments, opened as its mode allows (one store per process: the form and the API)."""
    config = settings()
    url = database_url(config.cache_dir)
    store = _comment_store(url, config.mode)
    if store.reader is None and database_exists(url):  # the library was created after this process started
        _comment_store.clear()
        store = _comment_store(url, config.mode)
    return store


__all__ = ["as_preset", "picker_presets", "published_presets", "shared_comment_store", "shared_store"]
