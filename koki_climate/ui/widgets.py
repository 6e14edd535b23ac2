"""Streamlit widgets and cached loaders shared by the pages (the only streamlit user)."""
from __future__ import annotations

import streamlit as st

from koki_climate.ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from koki_climate.ui.maps import LegendEntry
from koki_climate.ui.state import get_engine


def language() -> str:
    """The UI language: from the URL (?lang=en) or the sidebar switch, German by default."""
    current = st.query_params.get("lang", DEFAULT_LANGUAGE)
    if current not in LANGUAGES:
        current = DEFAULT_LANGUAGE
    choice = st.sidebar.radio(t("language", current), LANGUAGES, index=LANGUAGES.index(current),
                              format_func=lambda code: {"de": "Deutsch", "en": "English"}[code],
                              horizontal=True, key="language")
    if choice != current:
        st.query_params["lang"] = choice
    return choice


def legend(title: str, entries: list[LegendEntry]) -> None:
    """Render a compact legend as coloured swatches."""
    rows = "".join(
        f"<div style='display:flex;align-items:center;gap:6px;margin:2px 0'>"
        f"<span style='display:inline-block;flex-shrink:0;width:14px;height:14px;background:{e.color};"
        f"border:1px solid #555'></span><span>{e.label}</span></div>"
        for e in entries
    )
    st.markdown(f"**{title}**<div data-testid='koki-legend'>{rows}</div>", unsafe_allow_html=True)


def legal_note(lang: str) -> None:
    """The always-visible advisory note (§ 76 WHG)."""
    st.caption(t("legal_note", lang))


def page_header(lang: str, title_key: str):
    """Title, legal note, the shared engine and the sample-data notice: how every map page starts.

    Stops the page (after a plain message) when the region or model cannot be opened.
    """
    st.title(t(title_key, lang))
    legal_note(lang)
    engine = get_engine(lang)
    if engine is None:
        st.stop()
    if engine.region.manifest.synthetic:
        st.info(t("synthetic_warning", lang))
    return engine
