"""Shareable links: a page's scenario(s) and view live in the URL (``st.query_params``).

``?s=<preset name or scenario JSON>&layer=zone&event=hq100&lang=en`` on the Karte,
``?a=…&b=…`` on the Vergleich. Parsing is pure (testable without an app); a bad value
becomes a plain message and the page falls back to its default, never a traceback.
Public and council instances accept only preset scenarios from a link.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import streamlit as st

from koki_climate.errors import InputError
from koki_climate.presets import Preset
from koki_climate.scenario import Scenario
from koki_climate.ui.i18n import t

#: longest URL value we try to read (a scenario JSON with a few hundred parcel ids fits)
MAX_PARAM_CHARS = 20_000


@dataclass(frozen=True)
class ParsedScenario:
    """What a URL value meant: a preset (by name), a custom scenario, or an error text."""

    scenario: Scenario | None = None
    preset: str | None = None
    error: str | None = None


def find_preset(scenario: Scenario, presets: Sequence[Preset]) -> str | None:
    """The name of the preset equal to ``scenario`` (same canonical JSON), if any."""
    return next((p.name for p in presets if p.scenario.hash == scenario.hash), None)


def parse_scenario(raw: str | None, presets: Sequence[Preset], *, allow_custom: bool,
                   lang: str = "de") -> ParsedScenario:
    """A URL value -> preset name or scenario; an error text (in ``lang``) when it is unusable."""
    text = (raw or "").strip()
    if not text:
        return ParsedScenario(error=t("map_url_empty", lang))
    if len(text) > MAX_PARAM_CHARS:
        return ParsedScenario(error=t("map_url_unknown", lang).format(value=text[:40] + "…"))
    for preset in presets:
        if preset.name.casefold() == text.casefold():
            return ParsedScenario(preset.scenario, preset.name)
    if not text.startswith("{"):
        shown = text if len(text) <= 60 else text[:60] + "…"
        return ParsedScenario(error=t("map_url_unknown", lang).format(value=shown))
    try:
        scenario = Scenario.from_json(text)
    except InputError as exc:
        return ParsedScenario(error=str(exc))
    name = find_preset(scenario, presets)
    if name is not None:
        return ParsedScenario(scenario, name)
    if not allow_custom:
        return ParsedScenario(error=t("map_bad_url_custom", lang))
    return ParsedScenario(scenario, None)


def scenario_value(scenario: Scenario, presets: Sequence[Preset]) -> str:
    """The URL value of a scenario: its preset name, else its canonical JSON."""
    return find_preset(scenario, presets) or scenario.canonical_json()


def parse_choice(raw: str | None, options: Sequence[str], default: str) -> tuple[str, bool]:
    """(value, ok): ``raw`` if it is one of ``options``; the default (ok=False) if it is not; absent is ok."""
    if raw is None or raw == "":
        return default, True
    return (raw, True) if raw in options else (default, False)


# --- streamlit glue ---------------------------------------------------------------------------

def get_param(name: str) -> str | None:
    value = st.query_params.get(name)
    return None if value is None else str(value)


def set_params(**values: str | None) -> None:
    """Write view state to the URL (only what changed; None removes a parameter)."""
    for name, value in values.items():
        current = st.query_params.get(name)
        if value is None:
            if current is not None:
                del st.query_params[name]
        elif current != value:
            st.query_params[name] = value
