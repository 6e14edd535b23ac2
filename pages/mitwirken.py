"""Mitwirken: citizens comment on a published scenario version — a place on the map, a category, a text.

Shown on the participation instance (the form) and on the public instance (approved
comments only). The comment is stored by :func:`koki_climate.participation.posting.post`,
the same path the HTTP API uses; what visitors wrote is always shown as inert text.
"""
from __future__ import annotations

import uuid

import streamlit as st

from koki_climate.config import settings
from koki_climate.participation.comments import CATEGORIES, CommentRefused
from koki_climate.participation.posting import Posting, post, zone_at
from koki_climate.ui.i18n import TEXTS, t
from koki_climate.ui.library import shared_comment_store, shared_store
from koki_climate.ui.map_click import lattice, lattice_layer, marker_layer, selected_index
from koki_climate.ui.maps import WGS84, deck
from koki_climate.ui.risk_cache import risk_map
from koki_climate.ui.risk_map import DEFAULT_EVENT
from koki_climate.ui.scenario_widgets import MapView, plain_errors
from koki_climate.ui.state import evaluate
from koki_climate.ui.user_text import inert
from koki_climate.ui.widgets import language, page_header
from koki_climate.risk.place import place_facts
from koki_climate.ui.place_card import place_card
from koki_climate.ui.plain_words import zone_name
from koki_climate.zoning import ZONE_CODES

lang = language()
config = settings()
engine = page_header(lang, "page_participate")
comments = shared_comment_store()
state = st.session_state


@st.cache_resource(show_spinner=False)
def _lattice(region_key: str, _engine):
    return lattice(_engine.region.grid, _engine.region.crs)


def _session_key() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None  # held in memory for the rate limit, never stored


with plain_errors(lang):
    published = shared_store().published()
    if not published:
        st.info(t("mit_no_published", lang))
        st.stop()
    by_ref = {v.ref: v for v in published}
    ref = st.selectbox(t("mit_version", lang), list(by_ref), key="mit_version",
                       format_func=lambda r: t("part_scenario_version", lang).format(ref=r))
    version = by_ref[ref]
    result = evaluate(engine, version.scenario, lang)
    if result is None:
        st.stop()

    points = _lattice(str(engine.region.manifest.path), engine)
    drawn = risk_map(engine, result, MapView("zone", DEFAULT_EVENT, False, False), lang, height=520)
    layers = list(drawn.deck.layers) + [lattice_layer(points)]
    if state.get("mit_x") is not None and state.get("mit_y") is not None:
        from pyproj import Transformer

        lon, lat = Transformer.from_crs(engine.region.crs, WGS84, always_xy=True).transform(
            state["mit_x"], state["mit_y"])
        layers.append(marker_layer(lon, lat, points.radius_m))
    event = st.pydeck_chart(deck(layers, drawn.deck.initial_view_state), height=520, on_select="rerun",
                            selection_mode="single-object", key=f"mit_map_{ref}")
    picked = selected_index(event)
    if picked is not None and state.get("mit_picked") != (ref, picked):
        state["mit_picked"] = (ref, picked)
        state["mit_x"], state["mit_y"] = points.point(picked)
        st.rerun()

    st.subheader(t("part_title", lang))
    st.caption(t("part_point_help", lang))
    x_col, y_col = st.columns(2)
    x = x_col.number_input(t("mit_x", lang), value=None, format="%.1f", key="mit_x")
    y = y_col.number_input(t("mit_y", lang), value=None, format="%.1f", key="mit_y")
    if x is not None and y is not None:
        try:
            zone = zone_at(result, x, y)
            st.markdown(t("part_zone_at_point", lang).format(zone=zone_name(ZONE_CODES[zone], lang) if zone else "–"))
            # "Was bedeutet das für diese Stelle?": zone, water in words, why, what other published versions say
            others = [(v.ref, engine.evaluate(v.scenario)) for v in published
                      if v.ref != ref and engine.is_available(v.scenario)][:3]
            place_card(place_facts(engine, result, x, y, others), lang, scenario_label=ref)
        except CommentRefused:
            st.warning(t("mit_outside", lang))

    if comments.open_for_comments:
        st.info(t("part_privacy", lang))
        limit = comments.limits.max_chars
        state.setdefault("mit_submission", uuid.uuid4().hex)
        if state.pop("mit_posted", False):
            st.success(t("part_thanks", lang))
        with st.form("mit_form"):
            category = st.radio(t("part_category", lang), CATEGORIES, key="mit_category",
                                format_func=lambda c: t(f"part_cat_{c}", lang))
            # keyed by the submission: after a stored comment the next form starts empty (kept when refused)
            text = st.text_area(t("part_text", lang), max_chars=limit, key=f"mit_text_{state['mit_submission']}",
                                help=t("part_text_help", lang).format(limit=limit))
            sent = st.form_submit_button(t("part_submit", lang), type="primary")
        if sent:
            if x is None or y is None:
                st.warning(t("part_pick_first", lang))
            else:
                try:
                    post(Posting(state["mit_submission"], ref, float(x), float(y), category, text or "", lang,
                                 points.radius_m),
                         comments=comments, library=shared_store(), engine=engine, session_key=_session_key())
                    state["mit_submission"] = uuid.uuid4().hex  # the next comment is a new one
                    state["mit_posted"] = True
                    st.rerun()
                except CommentRefused as exc:
                    key = "mit_outside" if exc.reason == "outside" else f"part_limit_{exc.reason}"
                    reason = t(key, lang).format(limit=limit) if key in TEXTS else str(exc)
                    st.error(t("part_refused", lang).format(reason=reason))
    elif config.mode == "participation":
        st.warning(t("part_closed", lang))

    st.subheader(t("part_approved_title", lang))
    approved = comments.approved(version.name, version.version)
    if not approved:
        st.caption(t("part_none_yet", lang))
    for comment in reversed(approved):
        with st.container(border=True):
            st.caption(t("mit_posted_at", lang).format(
                category=t(f"part_cat_{comment.category}", lang), date=comment.created_at.strftime("%d.%m.%Y"),
                zone=zone_name(ZONE_CODES[comment.zone], lang) if comment.zone else "–"))
            st.text(inert(comment.text))
