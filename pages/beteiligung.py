"""Beteiligung (planners only): citizens' comments — review, map, export, themes, own categories, model check.

Not listed outside planner mode (app.py), and refusing on its own too: only the planner
instance reviews comments or records observed floods (the store refuses it elsewhere).
Citizens' text is shown only in tables and ``st.text``, never as Markdown or HTML.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from koki_climate.config import settings
from koki_climate.errors import KokiError
from koki_climate.participation import classify
from koki_climate.participation.comments import CATEGORIES
from koki_climate.participation.export import comments_csv_bytes, comments_gpkg_bytes
from koki_climate.participation.model_check import possible_misses, water_reports_summary
from koki_climate.store.database import database_url
from koki_climate.ui import participation_view as pv
from koki_climate.ui.i18n import t
from koki_climate.ui.messages import inert, message, show_error
from koki_climate.ui.risk_cache import region_pieces
from koki_climate.ui.risk_map import format_number
from koki_climate.ui.scenario_widgets import plain_errors
from koki_climate.ui.widgets import language, legend, page_header

#: possible misses listed with their own button (the export and the map hold all of them)
MAX_LISTED = 100

lang = language()
config = settings()
if config.mode != "planner":
    st.title(t("page_participation_planner", lang))
    if config.public:
        st.error(t("bet_public_refused", lang))
    else:
        st.warning(t("bet_planner_only", lang))
    st.stop()

engine = page_header(lang, "page_participation_planner")
st.write(t("bet_intro", lang))
try:
    store = pv.planner_comment_store(config.cache_dir)
    everything = store.comments()
except KokiError as exc:
    show_error(exc, lang, "bet_store_error")
    st.stop()
url = database_url(config.cache_dir)


def _actor() -> str:
    return (st.session_state.get("bet_actor") or "").strip() or t("bet_actor_default", lang)


def review(status: str) -> None:
    """Approve or hide the selected comments (a button's callback: the table below shows the new state)."""
    ids = list(st.session_state.get("bet_selected", []))
    if not ids:
        st.session_state["bet_flash"] = ("warning", t("bet_nothing_selected", lang))
        return
    try:
        for comment_id in ids:
            store.review(comment_id, status, _actor())
    except KokiError as exc:
        st.session_state["bet_flash"] = ("error", message(exc, lang))
        return
    st.session_state["bet_selected"] = []
    listed = ", ".join(f"#{i}" for i in ids)
    st.session_state["bet_flash"] = ("success", t(f"bet_done_{status}", lang).format(actor=inert(_actor()),
                                                                                      ids=listed))


def observe(comment_id: int) -> None:
    """Record a possible miss as an observed flood (a button's callback)."""
    try:
        store.confirm_observed(comment_id, _actor())
    except KokiError as exc:
        st.session_state["bet_flash"] = ("error", message(exc, lang))
        return
    st.session_state["bet_flash"] = ("success", t("bet_observed_done", lang).format(id=comment_id,
                                                                                      actor=inert(_actor())))


with plain_errors(lang):
    kind, flash = st.session_state.pop("bet_flash", (None, None))
    if flash:
        {"success": st.success, "warning": st.warning}.get(kind, st.error)(flash)
    if not everything:
        st.info(t("bet_none", lang))
        st.stop()

    # --- filters and the list --------------------------------------------------------------------
    st.subheader(t("bet_list_header", lang))
    st.caption(t("bet_filters", lang))
    f_status, f_category, f_version, f_zone = st.columns(4)
    statuses = f_status.multiselect(t("bet_filter_status", lang), pv.STATUSES, key="bet_f_status",
                                    format_func=lambda s: pv.status_label(s, lang), placeholder=t("bet_all", lang))
    categories = f_category.multiselect(t("bet_filter_category", lang), CATEGORIES, key="bet_f_category",
                                        format_func=lambda c: pv.category_label(c, lang),
                                        placeholder=t("bet_all", lang))
    versions = f_version.multiselect(t("bet_filter_version", lang),
                                     list(dict.fromkeys(c.scenario_ref for c in everything)), key="bet_f_version",
                                     placeholder=t("bet_all", lang))
    zones = f_zone.multiselect(t("bet_filter_zone", lang), pv.ZONE_FILTERS, key="bet_f_zone",
                               format_func=lambda z: pv.zone_text(z, lang), placeholder=t("bet_all", lang))
    shown = pv.filter_comments(everything, statuses=statuses, categories=categories, versions=versions, zones=zones)
    st.caption(t("bet_count", lang).format(shown=len(shown), total=len(everything)))
    st.dataframe(pv.comments_table(shown, lang), hide_index=True, key="bet_table",
                 column_config={t("bet_col_text", lang): st.column_config.TextColumn(width="large")})

    # --- review ------------------------------------------------------------------------------------
    st.subheader(t("bet_moderate_header", lang))
    by_id = {c.id: c for c in shown}
    pick_col, actor_col = st.columns([3, 1])
    pick_col.multiselect(t("bet_select", lang), list(by_id), key="bet_selected",
                         format_func=lambda i: pv.comment_option(by_id[i], lang),
                         placeholder=t("bet_select_placeholder", lang))
    actor_col.text_input(t("bet_actor", lang), value=t("bet_actor_default", lang), max_chars=200, key="bet_actor")
    approve_col, hide_col, _ = st.columns([1, 1, 3])
    approve_col.button(t("bet_approve", lang), key="bet_approve", type="primary", on_click=review, args=("approved",))
    hide_col.button(t("bet_hide", lang), key="bet_hide", on_click=review, args=("hidden",))
    st.caption(t("bet_moderate_help", lang))

    # --- map -----------------------------------------------------------------------------------------
    misses = possible_misses(shown)
    st.subheader(t("bet_map_header", lang))
    pieces = region_pieces(engine)
    crs = engine.region.crs
    map_col, legend_col = st.columns([4, 1])
    map_col.pydeck_chart(pv.comments_deck(pieces, shown, crs, lang, highlight=[c.id for c in misses]), height=520)
    with legend_col:
        legend(t("bet_col_category", lang), pv.category_legend(lang))
    st.caption(t("bet_map_caption", lang))

    # --- export ----------------------------------------------------------------------------------
    st.subheader(t("bet_export_header", lang))
    stem = f"kommentare-{date.today():%Y-%m-%d}"
    csv_col, gpkg_col, _ = st.columns([1, 1, 2])
    csv_col.download_button(t("bet_download_csv", lang), data=lambda: comments_csv_bytes(shown),
                            file_name=f"{stem}.csv", mime="text/csv", key="bet_csv", on_click="ignore",
                            icon=":material/download:")
    gpkg_col.download_button(t("bet_download_gpkg", lang), data=lambda: comments_gpkg_bytes(shown, crs.to_string()),
                             file_name=f"{stem}.gpkg", mime="application/geopackage+sqlite3", key="bet_gpkg",
                             on_click="ignore", icon=":material/download:")
    st.caption(t("bet_export_caption", lang))

    # --- digest --------------------------------------------------------------------------------------
    st.subheader(t("bet_digest_header", lang))
    st.caption(t("bet_digest_caption", lang))
    selection = tuple(sorted(by_id))
    if st.button(t("bet_digest_run", lang), key="bet_digest_run"):
        with st.spinner(t("bet_digest_running", lang)):
            pv.cached_digest(shown, url)
        st.session_state["bet_digest_for"] = selection
    if st.session_state.get("bet_digest_for") is not None:
        if st.session_state["bet_digest_for"] != selection:
            st.info(t("bet_digest_stale", lang))
        else:
            result = pv.cached_digest(shown, url)  # cached: instant after the button
            if result.problem == "too_few":
                st.info(t("bet_digest_too_few", lang).format(needed=result.needed, n=result.n_comments))
            elif result.problem == "no_words":
                st.info(t("bet_digest_no_words", lang))
            else:
                found = result.digest
                st.caption(t("bet_digest_k", lang).format(k=found.k, n=result.n_comments))
                st.dataframe(pv.themes_table(result, lang), hide_index=True, key="bet_themes")
                theme_map, theme_key = st.columns([4, 1])  # where each theme was said
                theme_map.pydeck_chart(pv.comments_deck(pieces, shown, crs, lang, colors=pv.theme_colors(result),
                                                        height=420), height=420)
                with theme_key:
                    legend(t("bet_theme", lang), pv.theme_legend(result, lang))
                st.caption(f"{t('bet_digest_languages', lang)}: "
                           + ", ".join(f"{code} {count}" for code, count in sorted(found.languages.items())))
                for theme in found.themes:
                    with st.expander(f"{pv.theme_name(theme.number, lang)} · {inert(theme.label)} ({theme.size})"):
                        st.text(f"{t('bet_col_words', lang)}: {', '.join(theme.words)}")
                        if theme.keyphrases:
                            st.text(f"{t('bet_col_keyphrases', lang)}: {'; '.join(theme.keyphrases)}")
                        st.caption(t("bet_representatives", lang))
                        for comment_id in theme.representative_ids:
                            st.text(f"#{comment_id}: {by_id[int(comment_id)].text}")
                with st.expander(t("bet_assignments", lang)):
                    st.dataframe(pv.assignments_table(result, shown, lang), hide_index=True, key="bet_assign")

    # --- own categories --------------------------------------------------------------------------
    st.subheader(t("bet_label_header", lang))
    st.caption(t("bet_label_caption", lang))
    id_col, text_col, label_col = t("bet_col_id", lang), t("bet_col_text", lang), t("bet_col_label", lang)
    # labels are kept per comment id: the editor (one per selection, as its edits are by row) starts from them
    given = st.session_state.setdefault("bet_label_by_id", {})
    edited = st.data_editor(
        pd.DataFrame({id_col: [c.id for c in shown], text_col: [c.text for c in shown],
                      label_col: [given.get(c.id, "") for c in shown]}),
        hide_index=True, disabled=[id_col, text_col], key=pv.labels_editor_key(selection),
        column_config={label_col: st.column_config.TextColumn(max_chars=80)})
    labels = [str(v).strip() if isinstance(v, str) else "" for v in edited[label_col]]
    given.update(zip((c.id for c in shown), labels))
    label_key = (selection, tuple(labels))
    if st.button(t("bet_label_run", lang), key="bet_label_run"):
        distinct = {v for v in labels if v}
        if len(distinct) < 2:
            st.session_state["bet_classified"] = (label_key, None)
            st.info(t("bet_label_too_few", lang).format(n=len(distinct)))
        else:
            with st.spinner(t("bet_digest_running", lang)):
                st.session_state["bet_classified"] = (label_key, classify([c.text for c in shown], labels))
    stored_key, sorted_out = st.session_state.get("bet_classified", (None, None))
    if sorted_out is not None:
        if stored_key != label_key:
            st.info(t("bet_label_stale", lang))
        else:
            if sorted_out.cv_macro_f1 is None:
                st.info(t("bet_label_no_cv", lang))
            else:
                f1_col, base_col, _ = st.columns([1, 1, 2])
                f1_col.metric(t("bet_label_f1", lang).format(folds=sorted_out.folds),
                              format_number(sorted_out.cv_macro_f1, lang, 2))
                base_col.metric(t("bet_label_baseline", lang), format_number(sorted_out.baseline_macro_f1, lang, 2))
            st.dataframe(pd.DataFrame({
                id_col: [c.id for c in shown], label_col: sorted_out.predictions,
                t("bet_col_predicted", lang): sorted_out.predicted, text_col: [c.text for c in shown],
            }), hide_index=True, key="bet_sorted")
            st.caption(t("bet_label_words", lang))
            st.dataframe(pd.DataFrame({label_col: list(sorted_out.category_words),
                                       t("bet_col_words", lang): [", ".join(w) for w in
                                                                  sorted_out.category_words.values()]}),
                         hide_index=True, key="bet_label_words")

    # --- residents vs the model --------------------------------------------------------------------
    st.subheader(t("bet_check_header", lang))
    st.caption(t("bet_check_caption", lang))
    summary = water_reports_summary(shown)
    figures = [*st.columns(3), *st.columns(3)]
    figures[0].metric(t("bet_check_total", lang), summary.total)
    figures[1].metric(t("bet_check_inside", lang), summary.inside)
    figures[2].metric(t("bet_check_share", lang), "–" if summary.share_inside is None else
                      f"{format_number(summary.share_inside * 100, lang)} %")
    figures[3].metric(t("bet_check_outside", lang), summary.outside)
    figures[4].metric(t("bet_check_unknown", lang), summary.unknown)
    figures[5].metric(t("bet_check_confirmed", lang), summary.confirmed)
    if not misses:
        st.info(t("bet_check_none", lang))
    else:
        st.pydeck_chart(pv.comments_deck(pieces, misses, crs, lang, highlight=[c.id for c in misses]), height=420)
        if len(misses) > MAX_LISTED:
            st.caption(t("bet_check_more", lang).format(shown=MAX_LISTED, total=len(misses)))
        for miss in misses[:MAX_LISTED]:
            with st.container(border=True):
                st.text(f"#{miss.id} · {pv.utc_time(miss)} UTC · {miss.scenario_ref} · "
                        f"{pv.zone_text(miss.zone, lang)} · {pv.status_label(miss.status, lang)}")
                st.text(miss.text)
                if miss.observed:
                    st.caption(t("bet_observed_already", lang))
                else:
                    st.button(t("bet_observe", lang), key=f"bet_observe_{miss.id}", on_click=observe,
                              args=(miss.id,), help=t("bet_observe_help", lang))
