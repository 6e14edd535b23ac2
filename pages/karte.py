"""Karte: the region on a map with land use, terrain and groundwater layers."""
from __future__ import annotations

import streamlit as st

from koki_climate.ui.i18n import t
from koki_climate.ui.region_map import RASTER_LAYERS, region_map
from koki_climate.ui.widgets import language, legal_note, legend, load_region

lang = language()
region = load_region(lang)
st.title(f"{t('page_map', lang)} · {region.name if region else ''}")
legal_note(lang)
if region is None:
    st.stop()
if region.manifest.synthetic:
    st.info(t("synthetic_warning", lang))

with st.sidebar:
    layer = st.selectbox(t("layer", lang), RASTER_LAYERS, format_func=lambda key: t(f"layer_{key}", lang))
    show_parcels = st.checkbox(t("show_parcels", lang), value=True)
    show_rivers = st.checkbox(t("show_rivers", lang), value=True)

result = region_map(region, layer, lang=lang, show_parcels=show_parcels, show_rivers=show_rivers)
map_col, legend_col = st.columns([4, 1])
with map_col:
    st.pydeck_chart(result.deck, height=640)
with legend_col:
    legend(result.legend_title, result.legend)
    ny, nx = region.shape
    st.caption(f"{t('grid_info', lang)}: {ny} × {nx} {t('cells', lang)}, "
               f"{region.cell_area_m2 ** 0.5:g} m · {t('area', lang)} {ny * nx * region.cell_area_m2 / 1e6:,.0f} km²")
