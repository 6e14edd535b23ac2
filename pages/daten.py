"""Daten (planners only): check a region folder or an uploaded zipped region; show the report.

Not listed in public mode (app.py), and refusing on its own too: a public instance never
reads paths or accepts uploads, and the library's upload function raises ReadOnlyError there.
"""
from __future__ import annotations

import json

import streamlit as st

from koki_climate.config import settings
from koki_climate.region.upload import max_unpacked_bytes, max_upload_mb
from koki_climate.ui import data_view as dv
from koki_climate.ui.i18n import t
from koki_climate.ui.widgets import language

lang = language()
config = settings()
st.title(t("page_data", lang))
if config.public:
    st.error(t("data_public_refused", lang))
    st.stop()
if config.mode != "planner":
    st.warning(t("data_planner_only", lang))
    st.stop()

st.write(t("data_intro", lang))
st.caption(t("data_current", lang).format(path=config.region_path))


def show_check(check: dv.Check) -> None:
    """The validation report as tables (plain words first, JSON and text one click away)."""
    if not check.ok:
        st.error(check.message)
        if check.detail:
            st.code(check.detail, language=None)
        return
    report = check.report
    st.success(t("data_valid", lang).format(name=report["region"]))
    if report.get("synthetic"):
        st.info(t("synthetic_warning", lang))
    if check.warnings:
        st.warning(t("data_warnings", lang) + "\n\n" + "\n".join(f"- {w}" for w in check.warnings))
    st.subheader(t("data_summary", lang))
    st.dataframe(dv.summary_frame(report, lang), hide_index=True)
    st.subheader(t("data_layers", lang))
    st.dataframe(dv.layers_frame(report, lang), hide_index=True)
    with st.expander(t("data_report_text", lang)):
        st.code(check.text, language=None)
    with st.expander(t("data_report_json", lang)):
        st.json(json.dumps(report, ensure_ascii=False), expanded=False)
    st.subheader(t("data_use_header", lang))
    st.write(t("data_use_text", lang))
    st.code(f"python -m koki_climate train --region {report['path']}\n"
            f"KOKI_REGION={report['path']} streamlit run app.py", language="bash")


tab_folder, tab_upload = st.tabs([t("data_tab_folder", lang), t("data_tab_upload", lang)])

with tab_folder:
    path = st.text_input(t("data_path_label", lang), value="", placeholder=str(config.region_path),
                         help=t("data_path_help", lang), key="data_path")
    if path.strip():
        with st.spinner(t("data_checking", lang)):
            show_check(dv.cached_check(path.strip(), dv.manifest_stamp(path), lang))

with tab_upload:
    limit_mb = max_upload_mb()
    uploads_dir = config.cache_dir / "uploads"
    uploaded = st.file_uploader(t("data_upload_label", lang).format(mb=limit_mb), type=["zip"],
                                max_upload_size=limit_mb, help=t("data_upload_help", lang), key="data_upload")
    if uploaded is None:
        dv.discard_upload(st.session_state.pop("data_upload_folder", None), uploads_dir)
        st.session_state.pop("data_upload_id", None)
    else:
        upload_id = f"{uploaded.file_id}:{uploaded.name}:{uploaded.size}"
        if st.session_state.get("data_upload_id") != upload_id:
            dv.discard_upload(st.session_state.pop("data_upload_folder", None), uploads_dir)
            with st.spinner(t("data_checking", lang)):
                outcome = dv.receive_upload(uploaded, uploads_dir, max_unpacked_bytes(), lang)
            st.session_state["data_upload_id"] = upload_id
            st.session_state["data_upload_folder"] = str(outcome.folder) if outcome.folder else None
            st.session_state["data_upload_error"] = (outcome.message, outcome.detail)
        folder = st.session_state.get("data_upload_folder")
        if folder:
            st.caption(t("data_upload_ok", lang).format(path=folder))
            with st.spinner(t("data_checking", lang)):
                show_check(dv.cached_check(folder, dv.manifest_stamp(folder), lang))
        else:
            message, detail = st.session_state.get("data_upload_error", (None, None))
            st.error(message or t("data_upload_refused", lang))
            if detail:
                st.code(detail, language=None)
