"""Vergleich: scenario A against scenario B — zones side by side, what changes, for which parcels."""
from __future__ import annotations

import streamlit as st

from koki_climate.config import settings
from koki_climate.ui import compare_exports
from koki_climate.ui.i18n import t
from koki_climate.ui.messages import inert
from koki_climate.ui.risk_cache import change_map, comparison, downloads, risk_map
from koki_climate.ui.risk_map import format_ha
from koki_climate.ui.scenario_widgets import (
    big_type, headline_metrics, pair_switcher, plain_errors, scenario_picker, view_picker,
)
from koki_climate.ui.state import evaluate
from koki_climate.ui.url_state import set_params
from koki_climate.ui.widgets import language, legend, page_header
from koki_climate.grid import cell_area_m2

lang = language()
mode = settings().mode
council = mode == "council"
if council:
    big_type()
engine = page_header(lang, "page_compare")

with plain_errors(lang):
    if council:
        pair_col, handout_col = st.columns([5, 1], vertical_alignment="bottom")
        with pair_col:
            pick_a, pick_b = pair_switcher(engine, lang)
        view = view_picker(lang, key="cmp", parcels_toggle=False)
    else:
        st.caption(t("cmp_intro", lang))
        col_a, col_b = st.columns(2)
        with col_a:
            pick_a = scenario_picker(engine, lang, key="cmp_a", param="a", allow_custom=mode == "planner",
                                     label=t("cmp_a", lang))
        with col_b:
            pick_b = scenario_picker(engine, lang, key="cmp_b", param="b", default="2100 ungebremst (RCP8.5)",
                                     allow_custom=mode == "planner", label=t("cmp_b", lang))
        view = view_picker(lang, key="cmp")
    set_params(s=None)  # the link holds this page's state only
    a = evaluate(engine, pick_a.scenario, lang)
    b = evaluate(engine, pick_b.scenario, lang)
    if a is None or b is None:
        st.stop()
    cmp = comparison(engine, a, b)

    headline_metrics(b, lang, reference=a)
    st.caption(t("cmp_metric_help", lang))
    if pick_a.scenario.hash == pick_b.scenario.hash:
        st.info(t("cmp_same_scenario", lang))

    height = 560 if council else 440
    map_a, map_b = risk_map(engine, a, view, lang, height), risk_map(engine, b, view, lang, height)
    col_a, col_b, col_legend = st.columns([5, 5, 2])
    with col_a:
        st.subheader(f"A: {inert(pick_a.label)}")
        st.pydeck_chart(map_a.deck, height=height)
    with col_b:
        st.subheader(f"B: {inert(pick_b.label)}")
        st.pydeck_chart(map_b.deck, height=height)
    with col_legend:
        legend(map_b.title, list(map_b.legend))

    changed = change_map(engine, a, b, cmp, lang, show_parcels=view.show_parcels, height=height)
    cell_ha = cell_area_m2(cmp.change) / 1e4
    col_map, col_side = st.columns([10, 2])
    with col_map:
        st.subheader(changed.title)
        st.pydeck_chart(changed.deck, height=height)
    with col_side:
        legend(changed.title, list(changed.legend))
        st.metric(t("cmp_area_up", lang), format_ha(cmp.cells_up * cell_ha, lang))
        st.metric(t("cmp_area_down", lang), format_ha(cmp.cells_down * cell_ha, lang))

    st.subheader(t("cmp_table", lang))
    table = compare_exports.area_table(cmp, lang, "A", "B")
    st.dataframe(table, hide_index=True, key="cmp_area_table",
                 column_config={c: st.column_config.NumberColumn(format="%.1f") for c in table.columns[1:]})

    st.subheader(t("cmp_parcels_changed", lang))
    gained, lost = cmp.conflicts_gained, cmp.conflicts_lost
    c1, c2 = st.columns(2)
    c1.markdown(f"**{t('cmp_conflicts_gained', lang)} ({len(gained)}):** {', '.join(gained) or t('cmp_none', lang)}")
    c2.markdown(f"**{t('cmp_conflicts_lost', lang)} ({len(lost)}):** {', '.join(lost) or t('cmp_none', lang)}")
    if len(cmp.parcels_changed):
        with st.expander(f"{t('cmp_parcels_changed', lang)} ({len(cmp.parcels_changed)})", expanded=not council):
            st.dataframe(compare_exports.parcels_changed_table(cmp, lang), hide_index=True)
    else:
        st.caption(t("cmp_no_parcels_changed", lang))

    st.subheader(t("cmp_downloads", lang))
    builders = downloads(engine, a, b, cmp, pick_a.label, pick_b.label, lang)
    stem = f"koki-{a.scenario.hash[:8]}-{b.scenario.hash[:8]}"
    # what each mode offers; GeoPackage and NetCDF need a (temporary) file, so not on the public instance
    offered = {"planner": ("pdf", "gpkg", "netcdf", "csv"), "council": ("pdf", "csv"), "public": ("pdf", "csv"),
                "participation": ("pdf", "csv")}[mode]
    files = {
        "pdf": ("cmp_download_pdf", f"{stem}.pdf", "application/pdf"),
        "gpkg": ("cmp_download_gpkg", f"{stem}-B.gpkg", "application/geopackage+sqlite3"),
        "netcdf": ("cmp_download_netcdf", f"{stem}-B.nc", "application/x-netcdf"),
        "csv": ("cmp_download_csv", f"{stem}.csv", "text/csv"),
    }
    columns = st.columns(len(offered))
    if council:  # the handout one click away, beside the pair switcher
        columns[0] = handout_col
    for column, name in zip(columns, offered):
        text_key, file_name, mime = files[name]
        column.download_button(t(text_key, lang), data=builders[name], file_name=file_name, mime=mime,
                               key=f"cmp_download_{name}", on_click="ignore", help=t("cmp_download_help", lang),
                               type="primary" if name == "pdf" else "secondary", icon=":material/download:")
