"""Karte: one scenario on the map — protection zones, flood probability, uncertainty, groundwater."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from koki_climate.config import settings
from koki_climate.ui.i18n import t
from koki_climate.ui.maps import LegendEntry
from koki_climate.ui.risk_cache import risk_map
from koki_climate.ui.risk_map import translate_reasons, translate_use
from koki_climate.ui.scenario_widgets import headline_metrics, plain_errors, scenario_picker, view_picker
from koki_climate.ui.state import evaluate
from koki_climate.ui.url_state import set_params
from koki_climate.ui.widgets import language, legend, page_header
from koki_climate.ui.plain_words import zone_name

lang = language()
mode = settings().mode
engine = page_header(lang, "page_map")

with plain_errors(lang):
    pick_col, view_col = st.columns([3, 2])
    with pick_col:
        picked = scenario_picker(engine, lang, key="karte", param="s", allow_custom=mode == "planner")
    with view_col:
        view = view_picker(lang, key="karte")
    set_params(a=None, b=None)  # the link holds this page's state only
    result = evaluate(engine, picked.scenario, lang)
    if result is None:
        st.stop()

    headline_metrics(result, lang)
    drawn = risk_map(engine, result, view, lang, height=620)
    map_col, legend_col = st.columns([4, 1])
    with map_col:
        st.pydeck_chart(drawn.deck, height=620)
    with legend_col:
        legend(drawn.title, list(drawn.legend))
        if view.layer in ("zone", "p", "uncertainty", "aoa"):
            st.caption(t(f"map_layer_help_{view.layer}", lang))
        if view.show_parcels:
            legend(t("parcels", lang), [LegendEntry("#c80000", t("map_parcel_conflict", lang))])
        st.caption(t("map_share_link", lang))

    conflicts = result.parcels[result.parcels["conflict"]] if result.parcels is not None else pd.DataFrame()
    share_col = t("map_col_share", lang)
    with st.expander(f"{t('map_conflicts_title', lang)} ({len(conflicts)})"):
        if len(conflicts):
            st.dataframe(pd.DataFrame({
                t("map_col_parcel", lang): conflicts["parcel_id"],
                t("map_col_current", lang): [translate_use(u, lang) for u in conflicts["current_use"]],
                t("map_col_planned", lang): [translate_use(u, lang) for u in conflicts["planned_use"]],
                t("map_col_zone", lang): [zone_name(z, lang) for z in conflicts["max_zone"]],
                share_col: (conflicts["share_auflagen"] + conflicts["share_freihalten"]) * 100,
                t("map_col_reasons", lang): [translate_reasons(r, lang) for r in conflicts["reasons"]],
            }), hide_index=True, column_config={share_col: st.column_config.NumberColumn(format="%.0f %%")})

    with st.expander(t("map_details", lang)):
        summary = result.summary
        st.markdown(f"**{t('map_design_events', lang)}**")
        st.dataframe(pd.DataFrame([
            {t("map_col_event", lang): t(f"map_event_{name}", lang), t("map_col_precip", lang): ev["precip_mm"],
             t("map_col_reference", lang): ev["reference_mm"], t("map_col_factor", lang): ev["change_factor"],
             t("map_col_point", lang): ev.get("point_reference_mm"), t("map_col_arf", lang): ev.get("areal_reduction_factor"),
             t("map_applicable", lang): f"{summary['applicable_share'].get(name, 0) * 100:.0f} %"}
            for name, ev in summary["design_events"].items()]), hide_index=True)
        if "screened_share" in summary:
            st.caption(t("map_screened", lang).format(share=f"{summary['screened_share'] * 100:.0f}"))
        hq100 = (summary.get("validation") or {}).get("per_design_event", {}).get("hq100") or {}
        if "model" in hq100:
            st.markdown(t("map_model_skill", lang).format(
                **{key: "–" if hq100[method]["csi"] is None else f"{hq100[method]['csi']:.2f}"
                   for key, method in (("model", "model"), ("height", "height_rule"), ("logistic", "logistic"))}))
        st.markdown(f"**{t('map_compute_time', lang)}:** {summary['timing_s'].get('total_s', 0):.1f} s")
        st.markdown(f"**{t('map_scenario_json', lang)}** (`{picked.scenario.hash}`)")
        st.code(picked.scenario.canonical_json(), language="json")
