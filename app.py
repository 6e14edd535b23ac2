"""KoKI Klima — Streamlit entry point: page navigation only; each page lives in pages/."""
from __future__ import annotations

import streamlit as st

from koki_climate.ui.i18n import t

st.set_page_config(page_title="KoKI Klima", page_icon="🌧️", layout="wide")

lang = st.query_params.get("lang", "de")
pages = [
    st.Page("pages/karte.py", title=t("page_map", lang), icon="🗺️", url_path="karte", default=True),
]
st.navigation(pages).run()
