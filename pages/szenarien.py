"""Szenarien: the planner's scenario library — save, versions, publish, duplicate, delete."""
from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from koki_climate.errors import KokiError
from koki_climate.store import differences, publish_with_result
from koki_climate.store.database import describe_url
from koki_climate.ui.i18n import t
from koki_climate.ui.library import shared_store
from koki_climate.ui.messages import inert, show_error
from koki_climate.ui.scenario_widgets import kept_scenario
from koki_climate.ui.state import get_engine
from koki_climate.ui.widgets import language

lang = language()
engine = get_engine(lang)
st.title(t("page_scenarios", lang))
st.write(t("lib_intro", lang))
if engine is None:
    st.stop()
store = shared_store()
st.caption(f"{t('lib_database', lang)}: {describe_url(store.url)}")

# --- save --------------------------------------------------------------------------------------
st.header(t("lib_save_header", lang))
sources = {t("lib_source_map", lang): kept_scenario("karte")}  # what the Karte page shows now
sources.update({p.name: p.scenario for p in engine.presets})
sources = {label: s for label, s in sources.items() if s is not None}
with st.form("lib_save_form", clear_on_submit=False):
    source = st.selectbox(t("lib_source", lang), list(sources))
    name = st.text_input(t("lib_name", lang), max_chars=200)
    description = st.text_area(t("lib_description", lang), max_chars=5000)
    author = st.text_input(t("lib_author", lang), max_chars=200)
    if st.form_submit_button(t("lib_save", lang), type="primary"):
        try:
            before = {v.scenario_hash for i in store.scenarios() if i.name == name.strip() for v in i.versions}
            saved = store.save(name, sources[source], description=description, author=author,
                               model_version=engine.model_key, data_checksum=engine.region.checksum)
            key = "lib_same" if saved.scenario_hash in before else "lib_saved"
            st.success(t(key, lang).format(ref=inert(saved.ref)))
        except KokiError as exc:
            show_error(exc, lang)

# --- the library -------------------------------------------------------------------------------
def publish(name: str, version: int, actor: str) -> None:
    """Precompute the version's result (with a progress bar) and publish both together."""
    bar = st.progress(0.0, text=t("lib_publishing", lang))
    done = publish_with_result(store, engine, name, version, actor=actor or "?",
                               progress=lambda f, m: bar.progress(f, text=m))
    bar.empty()
    st.success(t("lib_done_publish", lang).format(ref=inert(done.ref)))



st.header(t("lib_list_header", lang))
infos = [i for i in store.scenarios() if i.versions]
if not infos:
    st.info(t("lib_empty", lang))
for info in infos:
    published = [v.version for v in info.versions if v.published]
    label = f"{inert(info.name)} · {len(info.versions)} {t('lib_version', lang)}" + (
        f" · {t('lib_published', lang)}: {', '.join(map(str, published))}" if published else "")
    with st.expander(label, expanded=False):
        if info.description:
            st.text(info.description)  # plain text: never rendered as Markdown or HTML
        rows = []
        previous = None
        for v in info.versions:
            changes = differences(previous, v) if previous else {}
            rows.append({t("lib_version", lang): v.version,
                         t("lib_created", lang): f"{v.created_at:%Y-%m-%d %H:%M}",
                         t("lib_author", lang): v.author,
                         t("lib_state", lang): t("lib_published" if v.published else "lib_draft", lang),
                         t("lib_changes", lang): "; ".join(f"{k}: {a} → {b}" for k, (a, b) in changes.items())})
            previous = v
        st.dataframe(pd.DataFrame(rows), hide_index=True, key=f"lib_table_{info.name}")
        version = st.selectbox(t("lib_version", lang), [v.version for v in info.versions][::-1],
                               key=f"lib_pick_{info.name}")
        chosen = next(v for v in info.versions if v.version == version)
        stored = store.published_result(info.name, chosen.version) if chosen.published else None
        outdated = stored is not None and stored.result_key != engine.result_key(chosen.scenario)
        if outdated:
            st.warning(t("lib_result_outdated", lang))
        elif chosen.is_stale(engine.model_key, engine.region.checksum):
            st.warning(t("lib_stale", lang))
        st.caption(f"{t('lib_link', lang)}: `?s={quote(chosen.ref)}`")
        actor = st.text_input(t("lib_author", lang), key=f"lib_actor_{info.name}", max_chars=200)
        left, middle, right = st.columns(3)
        try:
            if not chosen.published and left.button(t("lib_publish", lang), key=f"lib_pub_{info.name}",
                                                     type="primary"):
                publish(info.name, chosen.version, actor)
            if outdated and left.button(t("lib_recompute", lang), key=f"lib_recompute_{info.name}", type="primary"):
                publish(info.name, chosen.version, actor)
            if chosen.published and left.button(t("lib_unpublish", lang), key=f"lib_unpub_{info.name}"):
                done = store.unpublish(info.name, chosen.version, actor=actor or "?")
                st.success(t("lib_done_unpublish", lang).format(ref=inert(done.ref)))
            copy_name = middle.text_input(t("lib_duplicate", lang), key=f"lib_copy_{info.name}", max_chars=200)
            if copy_name and middle.button(t("lib_duplicate_do", lang), key=f"lib_copy_do_{info.name}"):
                copied = store.duplicate(info.name, copy_name, author=actor)
                st.success(t("lib_saved", lang).format(ref=inert(copied.ref)))
            confirm = right.checkbox(t("lib_delete_confirm", lang).format(name=inert(info.name)),
                                     key=f"lib_conf_{info.name}")
            if right.button(t("lib_delete", lang), key=f"lib_del_{info.name}", disabled=not confirm):
                store.delete(info.name, actor=actor or "?")
                st.success(t("lib_deleted", lang).format(name=inert(info.name)))
        except KokiError as exc:
            show_error(exc, lang)
