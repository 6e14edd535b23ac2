"""Grundwasser: wells on a map; for one well its trend, cycle, shifts, simulation and projection.

A well's report is read from the store; in planner and council modes a missing one is computed
and stored (ready for the public instance), the public instance only reads.
"""
from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from koki_climate.config import settings
from koki_climate.errors import KokiError, NotPreparedError
from koki_climate.groundwater.projection import REFERENCE, scenario_pairs
from koki_climate.groundwater.well_reports import DEFAULT_TRAIN_END, report_stamp
from koki_climate.ui import groundwater_view as gv
from koki_climate.ui.i18n import t
from koki_climate.ui.messages import message, show_error
from koki_climate.ui.state import load_region
from koki_climate.ui.widgets import language, legal_note, legend

lang = language()
region = load_region(lang)
st.title(f"{t('page_groundwater', lang)} · {region.name if region else ''}")
legal_note(lang)
if region is None:
    st.stop()
if region.manifest.synthetic:
    st.info(t("synthetic_warning", lang))
st.write(t("gw_intro", lang))
if region.wells is None or region.wells.empty:
    st.warning(t("gw_no_wells", lang))
    st.stop()

well_ids = [str(w) for w in region.wells["well_id"]]
pairs = [pair for pair in scenario_pairs(region.climate) if pair != REFERENCE] if region.climate is not None else []

map_col, side_col = st.columns([3, 1])
with side_col:
    well_id = st.selectbox(t("gw_choose_well", lang), well_ids, index=0, key="gw_well")
    options = [None, *pairs]
    grid_choice = st.selectbox(t("gw_map_layer", lang), options, index=0, key="gw_grid",
                               format_func=lambda p: t("gw_map_today", lang) if p is None else gv.pathway_label(*p, lang))
config = settings()
cache_dir = str(config.cache_dir)
projected = None
if grid_choice is not None:
    stamp = gv.cache_stamp(region, *grid_choice, cache_dir)
    projected = gv.cached_projected_depth(region, region.checksum, cache_dir, *grid_choice, stamp)
well_map = gv.wells_map(region, well_id, projected[0] if projected is not None else None, lang=lang)
with map_col:
    st.pydeck_chart(well_map.deck, height=480)
with side_col:
    legend(well_map.legend_title, well_map.legend)

if grid_choice is not None:
    label = gv.pathway_label(*grid_choice, lang)
    if projected is not None:
        values = projected[0]
        st.caption(t("gw_grid_cached", lang).format(
            scenario=label, low=float(values.min()), high=float(values.max()), median=float(values.median()),
            n=projected[1].get("n_wells") or "?"))
        if "span_rise_m" in projected[1]:
            st.caption(t("gw_grid_span", lang).format(rise=100 * projected[1]["span_rise_m"],
                                                      fall=100 * projected[1]["span_fall_m"]))
            if not projected[1]["climate_spread"]:
                st.caption(t("gw_no_climate_spread", lang))
    elif config.public:
        st.info(message(NotPreparedError("groundwater", f"no projected grid for {label}"), lang))
    else:
        st.info(t("gw_grid_missing", lang))
        st.code(gv.project_command(region, *grid_choice, cache_dir), language="bash")

st.header(f"{t('gw_well', lang)} {well_id}")
stored = report_stamp(region, cache_dir, well_id, DEFAULT_TRAIN_END)  # a newly stored report is a new cache key
try:
    with nullcontext() if config.public else st.spinner(t("gw_computing", lang)):
        report = gv.cached_well_report(region, region.checksum, cache_dir, well_id, DEFAULT_TRAIN_END, stored,
                                       config.public)
except NotPreparedError as exc:  # public instance: not computed on the planner side yet
    st.warning(message(exc, lang))
    st.stop()
except KokiError as exc:
    show_error(exc, lang, "gw_well_error")
    st.stop()
if "well" in report["errors"]:  # the well's heads could not be read at all (stored as a plain message)
    show_error(KokiError(report["errors"]["well"]), lang, "gw_well_error")
    st.stop()

analysis = report.get("analysis")
if analysis is not None:
    st.caption(t("gw_record", lang).format(n=analysis["n_obs"], start=analysis["start"], end=analysis["end"],
                                           grid=analysis["grid"]))
    trend_col, season_col = st.columns(2)
    with trend_col:
        st.subheader(t("gw_trend_header", lang))
        st.markdown(f"**{gv.trend_sentence(analysis['trend'], lang)}.**")
        with st.expander(t("gw_trend_details", lang)):
            st.dataframe(gv.trend_table(analysis["trend"], lang), hide_index=True)
            st.caption(t("gw_trend_method", lang))
    with season_col:
        st.subheader(t("gw_season_header", lang))
        st.write(gv.season_text(analysis["seasonality"], lang))
        st.subheader(t("gw_cp_header", lang))
        if analysis["change_points"]:
            st.write(t("gw_cp_some", lang))
            st.dataframe(gv.change_point_table(analysis["change_points"], lang), hide_index=True)
        else:
            st.write(t("gw_cp_none", lang))
else:
    st.warning(gv.part_error(report, "analysis", lang))

st.subheader(t("gw_sim_header", lang))
train_end = report["train_end"]
st.write(t("gw_sim_intro", lang).format(train_end=train_end))
if "simulation" in report:
    st.altair_chart(gv.heads_chart(report, lang), width="stretch")
    skill = report.get("skill")
    if skill:
        st.markdown(f"**{t('gw_skill_header', lang).format(train_end=train_end)}**")
        st.write(t("gw_skill_plain", lang).format(rmse=f"{100 * skill['rmse']:.0f}",
                                                  coverage=f"{100 * skill['coverage_95']:.0f}"))
        st.dataframe(gv.skill_table(skill, lang), hide_index=True)
    else:
        st.info(t("gw_no_test", lang))
    card = report.get("model") or {}
    if card.get("members"):
        st.write(t("gw_model_plain", lang).format(n=len(card["members"]), members=", ".join(card["members"]),
                                                  train_end=card.get("train_end", train_end)))
    with st.expander(t("gw_model_details", lang)):
        st.json(card)
else:
    st.warning(gv.part_error(report, "simulation", lang))

st.subheader(t("gw_proj_header", lang))
table = report.get("projections")
if table is not None and not table.empty:
    st.write(t("gw_proj_intro", lang))
    st.dataframe(gv.projection_table(table, lang), hide_index=True)
    if "climate_spread" in table and not table["climate_spread"].all():
        st.caption(t("gw_no_climate_spread", lang))
    st.altair_chart(gv.projection_chart(table, lang), width="stretch")
    with st.expander(t("gw_proj_method_label", lang)):
        st.write(t("gw_proj_method", lang))
else:
    st.warning(gv.part_error(report, "projection", lang))
