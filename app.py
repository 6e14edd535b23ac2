"""KoKI Klima — Streamlit entry point: page navigation per mode; each page lives in pages/.

Modes (``KOKI_MODE``): ``planner`` (everything), ``council`` (presentation: comparison
first, few controls), ``public`` (read-only citizens' instance: no Daten page, no uploads,
no training or editing; the library refuses writes too; approved comments are shown),
``participation`` (the public instance plus one write: a comment on a published version).
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from koki_climate.config import settings
from koki_climate.ui.i18n import DEFAULT_LANGUAGE, languages_for, t

st.set_page_config(page_title="KoKI Klima", page_icon="🌧️", layout="wide",
                   initial_sidebar_state="collapsed" if settings().mode == "council" else "auto")

mode = settings().mode
lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
lang = lang if lang in languages_for(mode) else DEFAULT_LANGUAGE

#: (file, text key, icon, url path) — which pages each mode shows, in order
PAGES = {
    "karte": ("pages/karte.py", "page_map", ":material/map:"),
    "vergleich": ("pages/vergleich.py", "page_compare", ":material/compare:"),
    "grundwasser": ("pages/grundwasser.py", "page_groundwater", ":material/water_drop:"),
    "modell": ("pages/modell.py", "page_model", ":material/insights:"),
    "szenarien": ("pages/szenarien.py", "page_scenarios", ":material/bookmarks:"),
    "daten": ("pages/daten.py", "page_data", ":material/folder_open:"),
    "beteiligung": ("pages/beteiligung.py", "page_participation_planner", ":material/forum:"),
    "mitwirken": ("pages/mitwirken.py", "page_participate", ":material/rate_review:"),
}
MODE_PAGES = {
    "planner": ("karte", "vergleich", "grundwasser", "szenarien", "beteiligung", "modell", "daten"),
    "council": ("vergleich", "karte", "modell"),
    "public": ("karte", "vergleich", "grundwasser", "modell", "mitwirken"),
    "participation": ("mitwirken", "karte", "vergleich", "grundwasser", "modell"),
}

here = Path(__file__).parent
pages = []
for index, key in enumerate(MODE_PAGES[mode]):
    file, title_key, icon = PAGES[key]
    if (here / file).exists():
        pages.append(st.Page(file, title=t(title_key, lang), icon=icon, url_path=key, default=not pages))
st.navigation(pages).run()
