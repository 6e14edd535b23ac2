"""Builders for the planner's Beteiligung page: the comment store, tables, the map, cached digest.

Citizens' text only ever goes into tables (``st.dataframe``/``st.data_editor`` draw cells as
plain text) or ``st.text``; the map's tooltip names id, category, zone and status, never the
text (deck.gl would render a tooltip's HTML).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import timezone

import pandas as pd
import pydeck as pdk
import streamlit as st

from koki_climate.participation.comment_digest import NO_THEME, UNKNOWN_ZONE, CommentDigest, digest_comments
from koki_climate.participation.comments import CATEGORIES, Comment, CommentStore
from koki_climate.participation.export import comments_frame
from koki_climate.store.database import database_url
from koki_climate.ui.i18n import t
from koki_climate.ui.maps import LegendEntry, deck, geojson_layer, image_layer, rgba_to_hex, to_geojson
from koki_climate.ui.risk_cache import RegionPieces
from koki_climate.ui.palette import THEME_COLOURS
from koki_climate.ui.risk_map import fit_view, hex_to_rgba
from koki_climate.zoning.rules import ZONE_CLASSES, ZONE_CODES, zone_label

#: colour per category (water blue, objection red, hint green, question amber)
CATEGORY_COLORS: dict[str, tuple[int, int, int, int]] = {
    "water_seen": (30, 100, 220, 220), "objection": (200, 40, 40, 220), "hint": (40, 150, 70, 220),
    "question": (230, 150, 20, 220)}
MISS_RING = (0, 0, 0, 255)
#: smallest circle drawn (m): a comment without an area is still visible at planning zoom
MIN_RADIUS_M = 30.0
STATUSES: tuple[str, ...] = ("pending", "approved", "hidden")
#: zone filter values: the zone classes and "no zone"
ZONE_FILTERS: tuple[str, ...] = (*ZONE_CLASSES.values(), UNKNOWN_ZONE)


@st.cache_resource(show_spinner=False)
def _store(url: str) -> CommentStore:
    return CommentStore(url, mode="planner")


def planner_comment_store(cache_dir) -> CommentStore:
    """The deployment's comments, opened for a planner (reads, reviews, confirmations), once per process."""
    return _store(database_url(cache_dir))


# --- words ------------------------------------------------------------------------------------
def category_label(category: str, lang: str) -> str:
    return t(f"bet_cat_{category}", lang)


def status_label(status: str, lang: str) -> str:
    return t(f"bet_status_{status}", lang)


def zone_name(comment: Comment) -> str:
    """The comment's zone class name, or :data:`UNKNOWN_ZONE` (none, or not a class we know)."""
    return comment.zone if comment.zone in ZONE_CODES else UNKNOWN_ZONE


def zone_text(zone: str | None, lang: str) -> str:
    return zone_label(ZONE_CODES[zone], lang) if zone in ZONE_CODES else t("bet_zone_unknown", lang)


def utc_time(comment: Comment) -> str:
    """When the comment was posted, in UTC to the minute (a PostgreSQL server may return its own zone)."""
    return f"{comment.created_at.astimezone(timezone.utc):%Y-%m-%d %H:%M}"


# --- filter and table ---------------------------------------------------------------------------
def filter_comments(comments: Sequence[Comment], *, statuses: Iterable[str] = (), categories: Iterable[str] = (),
                    versions: Iterable[str] = (), zones: Iterable[str] = ()) -> list[Comment]:
    """The comments matching every filter; an empty filter lets everything through."""
    statuses, categories, versions, zones = set(statuses), set(categories), set(versions), set(zones)
    return [c for c in comments if (not statuses or c.status in statuses)
            and (not categories or c.category in categories) and (not versions or c.scenario_ref in versions)
            and (not zones or zone_name(c) in zones)]


def comments_table(comments: Sequence[Comment], lang: str) -> pd.DataFrame:
    """One row per comment, in the page's language; the text as stored (a table cell is plain text)."""
    return pd.DataFrame({
        t("bet_col_id", lang): pd.Series([c.id for c in comments], dtype="int64"),
        t("bet_col_text", lang): [c.text for c in comments],
        t("bet_col_category", lang): [category_label(c.category, lang) for c in comments],
        t("bet_col_zone", lang): [zone_text(c.zone, lang) for c in comments],
        t("bet_col_status", lang): [status_label(c.status, lang) for c in comments],
        t("bet_col_version", lang): [c.scenario_ref for c in comments],
        t("bet_col_time", lang): [utc_time(c) for c in comments],
        t("bet_col_language", lang): [c.language for c in comments],
        t("bet_col_observed", lang): pd.Series([c.observed for c in comments], dtype="bool"),
    })


def labels_editor_key(ids: Sequence[int]) -> str:
    """The label editor's widget key for one selection of comments (its edits refer to row positions)."""
    return "bet_labels_" + hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:12]


def comment_option(comment: Comment, lang: str) -> str:
    """A comment as a picker entry: number, category, status (no citizen text: labels may render Markdown)."""
    return f"#{comment.id} · {category_label(comment.category, lang)} · {status_label(comment.status, lang)}"


# --- map ----------------------------------------------------------------------------------------
def category_legend(lang: str) -> list[LegendEntry]:
    return [LegendEntry(rgba_to_hex(CATEGORY_COLORS[c]), category_label(c, lang)) for c in CATEGORIES] + [
        LegendEntry(rgba_to_hex(MISS_RING), t("bet_map_miss", lang))]


def comment_points(comments: Sequence[Comment], crs, lang: str,
                   colors: Mapping[int, Sequence[int]] | None = None) -> list[dict]:
    """One record per comment in lon/lat for a ScatterplotLayer (converted as all vectors are: :func:`to_geojson`)."""
    if not comments:
        return []
    frame = comments_frame(comments, crs)
    features = to_geojson(frame, 0.0, ["id", "category", "zone", "status", "radius_m"])["features"]
    points = []
    for feature in features:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        points.append({"id": int(props["id"]), "lon": float(lon), "lat": float(lat),
                       "radius": max(float(props["radius_m"]), MIN_RADIUS_M),
                       "color": list((colors or {}).get(int(props["id"]))
                                     or CATEGORY_COLORS.get(props["category"], (90, 90, 90, 220))),
                       "label": f"#{props['id']} · {category_label(props['category'], lang)} · "
                                f"{zone_text(props['zone'], lang)} · {status_label(props['status'], lang)}"})
    return points


def comments_deck(pieces: RegionPieces, comments: Sequence[Comment], crs, lang: str, *,
                  highlight: Iterable[int] = (), height: int = 520,
                  colors: Mapping[int, Sequence[int]] | None = None) -> pdk.Deck:
    """The comments over the region's relief, boundary and rivers, coloured by category (or by ``colors``
    per comment id, e.g. their themes); ``highlight`` ringed."""
    layers = [image_layer(pieces.relief, pieces.bounds, "relief")]
    if pieces.rivers is not None:
        layers.append(geojson_layer(pieces.rivers, "rivers", filled=False, line=(30, 90, 200, 255), line_width_px=2))
    if pieces.boundary is not None:
        layers.append(geojson_layer(pieces.boundary, "boundary", filled=False, line=(20, 20, 20, 255),
                                    line_width_px=2.5))
    points = comment_points(comments, crs, lang, colors)
    ringed = set(highlight)
    misses = [p for p in points if p["id"] in ringed]
    if misses:
        layers.append(pdk.Layer("ScatterplotLayer", id="misses", data=misses, get_position=["lon", "lat"],
                                get_radius="radius", radius_units=pdk.types.String("meters"),
                                radius_min_pixels=9, filled=False, stroked=True, get_line_color=list(MISS_RING),
                                line_width_min_pixels=3))
    layers.append(pdk.Layer("ScatterplotLayer", id="comments", data=points, get_position=["lon", "lat"],
                            get_fill_color="color", get_radius="radius", radius_units=pdk.types.String("meters"),
                            radius_min_pixels=5, stroked=True, get_line_color=[255, 255, 255, 255],
                            line_width_min_pixels=1, pickable=True))
    # "text", not "html": the tooltip is drawn as plain text (and holds no citizen text anyway)
    return deck(layers, fit_view(pieces.bounds, int(height * 0.9)), {"text": "{label}"})


# --- digest ---------------------------------------------------------------------------------------
@st.cache_data(max_entries=8, show_spinner=False)
def _digest(_comments: tuple[Comment, ...], url: str, ids: tuple[int, ...]) -> CommentDigest:
    return digest_comments(_comments)


def cached_digest(comments: Sequence[Comment], url: str) -> CommentDigest:
    """The digest of these comments, computed once per database and set of comment ids (texts never change)."""
    return _digest(tuple(comments), url, tuple(sorted(c.id for c in comments)))


def theme_name(number: int, lang: str) -> str:
    return f"{t('bet_theme', lang)} {number + 1}" if number != NO_THEME else t("bet_theme_none", lang)


def _theme_colour(number: int) -> str:
    return THEME_COLOURS[number % len(THEME_COLOURS)]


def theme_colors(result: CommentDigest) -> dict[int, list[int]]:
    """Colour of each comment by its theme (grey: no theme), for the themes map."""
    def rgba(number: int) -> list[int]:
        return [150, 150, 150, 200] if number == NO_THEME else hex_to_rgba(_theme_colour(number), 230)
    return {int(a.id): rgba(NO_THEME if a.theme is None else a.theme) for a in result.digest.assignments}


def theme_legend(result: CommentDigest, lang: str) -> list[LegendEntry]:
    return [LegendEntry(_theme_colour(theme.number), theme_name(theme.number, lang)) for theme in result.digest.themes]


def themes_table(result: CommentDigest, lang: str) -> pd.DataFrame:
    """Theme, size, top words, keyphrases, then the counts per zone class and per category."""
    themes = {theme.number: theme for theme in result.digest.themes}
    rows = []
    for number in result.by_zone.index:
        theme = themes.get(number)
        row = {t("bet_theme", lang): theme_name(number, lang),
               t("bet_col_size", lang): int(result.by_zone.loc[number].sum()),
               t("bet_col_words", lang): ", ".join(theme.words) if theme else "",
               t("bet_col_keyphrases", lang): "; ".join(theme.keyphrases) if theme else ""}
        row.update({zone_text(z, lang): int(result.by_zone.loc[number, z]) for z in result.by_zone.columns})
        row.update({category_label(c, lang): int(result.by_category.loc[number, c])
                    for c in result.by_category.columns})
        rows.append(row)
    return pd.DataFrame(rows)


def assignments_table(result: CommentDigest, comments: Sequence[Comment], lang: str) -> pd.DataFrame:
    """Per comment: its theme, how much of it is that theme, the words that put it there, its detected language."""
    by_id = {str(c.id): c for c in comments}
    return pd.DataFrame([{
        t("bet_col_id", lang): int(a.id),
        t("bet_theme", lang): theme_name(NO_THEME if a.theme is None else a.theme, lang),
        t("bet_col_share", lang): f"{a.share * 100:.0f} %",
        t("bet_col_words", lang): ", ".join(a.words),
        t("bet_col_detected", lang): a.language or "?",
        t("bet_col_text", lang): by_id[a.id].text,
    } for a in result.digest.assignments])


__all__ = ["CATEGORY_COLORS", "STATUSES", "ZONE_FILTERS", "assignments_table", "cached_digest", "category_label",
           "category_legend", "comment_option", "comment_points", "comments_deck", "comments_table",
           "filter_comments", "labels_editor_key", "planner_comment_store", "status_label", "theme_name",
           "themes_table", "utc_time", "zone_name", "zone_text"]
