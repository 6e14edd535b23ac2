"""Modell & Transparenz: the model card — data, quality, calibration, importance, limits, cost."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from koki_climate.config import settings
from koki_climate.ui import model_view as mv
from koki_climate.ui.i18n import t
from koki_climate.ui.library import shared_store
from koki_climate.ui.state import get_engine
from koki_climate.ui.widgets import language, legal_note

lang = language()
mode = settings().mode
engine = get_engine(lang)
st.title(f"{t('page_model', lang)} · {engine.region.name if engine else ''}")
legal_note(lang)
if engine is None:
    st.stop()
card = engine.card
results = mv.evaluated_results(engine)
if card.get("data", {}).get("synthetic"):
    st.info(t("synthetic_warning", lang))
st.write(t("model_intro", lang))

st.header(t("model_intended_use_header", lang))
st.write(t("model_intended_use", lang))

st.header(t("model_quality_header", lang))
st.markdown(f"**{mv.quality_sentence(card, lang)}**")
st.write(mv.leakage_text(card, lang))
st.subheader(t("model_skill_header", lang))
st.write(t("model_skill_text", lang))
st.dataframe(mv.skill_table(card, lang), hide_index=True, key="model_skill")
st.subheader(t("model_coverage_header", lang))
st.write(t("model_coverage_text", lang))
st.dataframe(mv.coverage_table(card, lang), hide_index=True, key="model_coverage")
st.dataframe(mv.metrics_table(card, lang), hide_index=True, key="model_metrics")
with st.expander(t("model_cv_details", lang)):
    metrics = card["metrics"]
    st.write(t("model_cv_method", lang).format(n_blocks=metrics.get("n_blocks", "?"),
                                               n_folds=metrics.get("n_folds", "?"),
                                               block_km=f"{float(metrics.get('block_size_m', 0)) / 1000:g}"))
    st.json(metrics, expanded=False)

cal_col, imp_col = st.columns(2)
with cal_col:
    st.subheader(t("model_cal_header", lang))
    st.write(t("model_cal_text", lang))
    if mv.calibration_frame(card).empty:
        st.info(t("model_cal_missing", lang))
    else:
        st.altair_chart(mv.calibration_chart(card, lang), width="stretch")
with imp_col:
    st.subheader(t("model_importance_header", lang))
    st.write(t("model_importance_text", lang))
    st.altair_chart(mv.importance_chart(card, lang), width="stretch")

st.header(t("model_aoa_header", lang))
st.write(t("model_aoa_text", lang))
st.dataframe(mv.applicability_rows(card, results, lang), hide_index=True)
if not results:
    st.caption(t("model_aoa_none", lang))

st.header(t("model_data_header", lang))
st.dataframe(mv.provenance_table(card, lang), hide_index=True)
with st.expander(t("model_libraries", lang)):
    st.write(card.get("algorithm", ""))
    st.json({"library_versions": card.get("library_versions", {}),
             "training_config": card.get("training_config", {}),
             "screening": card.get("screening", {})}, expanded=False)

st.header(t("model_footprint_header", lang))
st.write(mv.footprint_sentence(card, lang))
st.dataframe(mv.footprint_table(card, results, lang), hide_index=True)
st.caption(mv.footprint_assumptions(card, lang))

st.header(t("model_limits_header", lang))
st.write(t("model_limits_plain", lang))
with st.expander(t("model_limits_original", lang)):
    for limit in card.get("limits", []):
        st.markdown(f"- {limit}")
    st.caption(card.get("intended_use", ""))

st.header(t("audit_header", lang))
st.write(t("audit_intro", lang))
audit = shared_store().audit_log()
if audit:
    st.dataframe(pd.DataFrame([{t("audit_at", lang): f"{e.at:%Y-%m-%d %H:%M}", t("audit_actor", lang): e.actor,
                                t("audit_action", lang): e.action,
                                t("audit_scenario", lang): f"{e.scenario_name}@{e.version}" if e.version
                                else e.scenario_name} for e in audit]), hide_index=True, key="model_audit")
else:
    st.caption(t("audit_empty", lang))

if mode == "planner":
    col_md, col_json = st.columns(2)
    with col_md:
        st.download_button(t("model_download", lang), mv.card_markdown(card),
                           file_name=f"modellkarte-{engine.model_key}.md", mime="text/markdown")
    with col_json:
        st.download_button(t("model_download_json", lang), json.dumps(card, indent=2, ensure_ascii=False),
                           file_name=f"modellkarte-{engine.model_key}.json", mime="application/json")
