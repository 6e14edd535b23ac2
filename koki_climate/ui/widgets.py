"""Streamlit widgets and cached loaders shared by the pages (the only streamlit user)."""
from __future__ import annotations

import streamlit as st

from koki_climate.config import settings
from koki_climate.ui.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, is_rtl, languages_for, t
from koki_climate.ui.maps import LegendEntry
from koki_climate.ui.state import get_engine

#: mirrors the page for a right-to-left language. Paragraphs take their direction from their
#: first letter (``unicode-bidi: plaintext``), so a text that falls back to English keeps its
#: full stop at its end; maps, charts and tables keep their own left-to-right layout.
RTL_STYLE = """<style>
[data-testid="stMainBlockContainer"], [data-testid="stSidebar"] { direction: rtl; text-align: right; }
[data-testid="stMainBlockContainer"] :is(p, li, h1, h2, h3, h4, label, summary),
[data-testid="stSidebar"] :is(p, li, h1, h2, h3, h4, label, summary) { unicode-bidi: plaintext; }
[data-testid="stMainBlockContainer"] :is(p, li, h1, h2, h3, h4, label, summary, [data-testid="stCaptionContainer"]) {
  text-align: right !important; }
[data-testid="stDeckGlJsonChart"], [data-testid="stDataFrame"], [data-testid="stVegaLiteChart"],
[data-testid="stCode"] { direction: ltr; text-align: left; }
</style>"""


def language() -> str:
    """The UI language: from the URL (?lang=en) or the sidebar switch, German by default.

    Public and participation instances offer Turkish, Arabic and Ukrainian as well; a
    right-to-left language mirrors the page (every page calls this first).
    """
    offered = languages_for(settings().mode)
    current = st.query_params.get("lang", DEFAULT_LANGUAGE)
    if current not in offered:
        current = DEFAULT_LANGUAGE
    choice = st.sidebar.radio(t("language", current), offered, index=offered.index(current),
                              format_func=LANGUAGE_NAMES.__getitem__, horizontal=True, key="language")
    if choice != current:
        st.query_params["lang"] = choice
    text_direction(choice)
    return choice


def text_direction(lang: str) -> None:
    """Mirror the page for a right-to-left language (an inline style: the CSP allows those, not scripts)."""
    if is_rtl(lang):
        st.html(RTL_STYLE)


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
