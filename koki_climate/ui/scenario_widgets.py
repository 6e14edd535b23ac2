"""Widgets of the scenario pages: scenario picker, map-view picker, council pair switcher, headline.

Each picker reads its first value from the URL (shareable links), keeps it across page
switches, and writes it back to the URL. Custom scenario controls exist only where the
caller allows them (planner mode); public and council instances get presets only.
"""
from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Iterator, Sequence

import streamlit as st

from koki_climate.engine import Engine
from koki_climate.errors import InputError
from koki_climate.presets import UNSEAL_FRACTION, Preset, preset_label
from koki_climate.ui.library import picker_presets
from koki_climate.results import Result
from koki_climate.scenario import (
    HORIZONS, MAX_GROUNDWATER_OFFSET_M, PATHWAYS, POLICIES, REFERENCE_HORIZON, LandUseChange, Scenario,
)
from koki_climate.ui.i18n import t
from koki_climate.ui.messages import inert, unexpected_message
from koki_climate.ui.risk_map import (
    DEFAULT_EVENT, DEFAULT_LAYER, EVENT_LAYERS, EVENTS, LAYERS, format_ha, format_number, headline,
)
from koki_climate.ui.url_state import ParsedScenario, find_preset, get_param, parse_choice, parse_scenario, set_params

log = logging.getLogger(__name__)

CUSTOM = "__custom__"
DEFAULT_SCENARIO = "Heute"
#: the council's prepared comparisons (preset names; pairs whose presets a region lacks are skipped)
COUNCIL_PAIRS: tuple[tuple[str, str], ...] = (
    ("Heute", "2100 ungebremst (RCP8.5)"),
    ("2100 ungebremst (RCP8.5)", "2100 RCP8.5 + Entsiegelung"),
    ("Heute", "2050 Klimaschutz (RCP2.6)"),
)
FUTURE_HORIZONS = tuple(h for h in HORIZONS if h != REFERENCE_HORIZON)


@dataclass(frozen=True)
class Picked:
    """The scenario a picker chose: the value, its preset name (None: custom) and words for people."""

    scenario: Scenario
    preset: str | None
    label: str
    description: str


@dataclass(frozen=True)
class MapView:
    """What the map shows: a layer, the design event of event layers, overlays."""

    layer: str
    event: str
    show_aoa: bool
    show_parcels: bool


# --- presets --------------------------------------------------------------------------------------

def preset_list(engine: Engine) -> list[Preset]:
    """The presets and published scenarios a picker offers in this mode."""
    return picker_presets(engine)


def picked_preset(preset: Preset, lang: str) -> Picked:
    return Picked(preset.scenario, preset.name, preset_label(preset.name, lang),
                  preset.description_de if lang == "de" else preset.description_en)


def describe(scenario: Scenario, lang: str) -> str:
    """One line about a custom scenario: climate, period, changes, policy."""
    parts = [t(f"map_pathway_{scenario.pathway}", lang)]
    if not scenario.is_reference:
        parts.append(scenario.horizon.replace("-", "–"))
    if scenario.groundwater_offset_m:
        parts.append(f"{t('map_groundwater_offset', lang)}: {scenario.groundwater_offset_m:+.2f}")
    for change in scenario.land_use_changes:
        if change.kind == "develop_planned":
            parts.append(t("map_develop", lang))
        else:
            parts.append(f"{t(f'map_{change.kind}', lang)}: {len(change.parcels)}")
    parts.append(t(f"map_policy_{scenario.policy}", lang))
    return " · ".join(parts)


def _unknown_parcels(scenario: Scenario, engine: Engine) -> list[str]:
    parcels = engine.region.parcels
    known = set(parcels["parcel_id"]) if parcels is not None else set()
    return sorted({p for c in scenario.land_use_changes for p in c.parcels} - known)


def _initial(raw: str | None, available: Sequence[Preset], engine: Engine, *, allow_custom: bool,
             lang: str) -> ParsedScenario:
    parsed = parse_scenario(raw, available, allow_custom=allow_custom, lang=lang)
    if parsed.scenario is not None and parsed.preset is None:
        unknown = _unknown_parcels(parsed.scenario, engine)
        if unknown:
            shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
            return ParsedScenario(error=f"{t('map_parcel', lang)}: {shown}?")
    return parsed


# --- custom controls ----------------------------------------------------------------------------

def _load_controls(key: str, scenario: Scenario) -> None:
    """Put a scenario into the custom controls' session state (before they are drawn)."""
    state = st.session_state
    state[f"{key}_pathway"] = scenario.pathway
    state[f"{key}_horizon"] = scenario.horizon
    state[f"{key}_gw"] = float(scenario.groundwater_offset_m)
    state[f"{key}_develop"] = any(c.kind == "develop_planned" for c in scenario.land_use_changes)
    for kind in ("unseal", "retention"):
        changes = [c for c in scenario.land_use_changes if c.kind == kind]
        state[f"{key}_{kind}"] = sorted({p for c in changes for p in c.parcels})
        if kind == "unseal":
            state[f"{key}_unseal_fraction"] = float(changes[0].fraction) if changes else UNSEAL_FRACTION
    state[f"{key}_policy"] = scenario.policy


def _controls_scenario(key: str) -> Scenario:
    state = st.session_state
    changes = []
    if state.get(f"{key}_develop"):
        changes.append(LandUseChange("develop_planned"))
    if state.get(f"{key}_unseal"):
        changes.append(LandUseChange("unseal", tuple(state[f"{key}_unseal"]),
                                     float(state.get(f"{key}_unseal_fraction", UNSEAL_FRACTION))))
    if state.get(f"{key}_retention"):
        changes.append(LandUseChange("retention", tuple(state[f"{key}_retention"])))
    return Scenario(state[f"{key}_pathway"], state[f"{key}_horizon"], float(state[f"{key}_gw"]), tuple(changes),
                    state[f"{key}_policy"])


def _on_preset(key: str, available: Sequence[Preset]) -> None:
    choice = st.session_state[f"{key}_choice"]
    for preset in available:
        if preset.name == choice:
            _load_controls(key, preset.scenario)


def _on_control(key: str, changed: str | None = None) -> None:
    """Any edit makes the scenario custom; pathway and period are kept a valid pair."""
    state = st.session_state
    state[f"{key}_choice"] = CUSTOM
    pathway, horizon = state[f"{key}_pathway"], state[f"{key}_horizon"]
    if changed == "pathway":
        if pathway == "historical":
            state[f"{key}_horizon"] = REFERENCE_HORIZON
        elif horizon == REFERENCE_HORIZON:
            state[f"{key}_horizon"] = FUTURE_HORIZONS[-1]
    elif changed == "horizon":
        if horizon == REFERENCE_HORIZON:
            state[f"{key}_pathway"] = "historical"
        elif pathway == "historical":
            state[f"{key}_pathway"] = "rcp45"


def _custom_controls(key: str, engine: Engine, lang: str, expanded: bool) -> None:
    parcels = engine.region.parcels
    ids = sorted(parcels["parcel_id"]) if parcels is not None else []
    with st.expander(t("map_custom_edit", lang), expanded=expanded):
        st.caption(t("map_custom_help", lang))
        c1, c2 = st.columns(2)
        c1.selectbox(t("map_pathway", lang), PATHWAYS, key=f"{key}_pathway",
                     format_func=lambda p: t(f"map_pathway_{p}", lang), on_change=_on_control, args=(key, "pathway"))
        c2.selectbox(t("map_horizon", lang), HORIZONS, key=f"{key}_horizon",
                     format_func=lambda h: h.replace("-", "–"), on_change=_on_control, args=(key, "horizon"))
        st.slider(t("map_groundwater_offset", lang), -MAX_GROUNDWATER_OFFSET_M, MAX_GROUNDWATER_OFFSET_M, step=0.1,
                  key=f"{key}_gw", help=t("map_groundwater_offset_help", lang), on_change=_on_control, args=(key,))
        st.toggle(t("map_develop", lang), key=f"{key}_develop", on_change=_on_control, args=(key,))
        st.multiselect(t("map_unseal", lang), ids, key=f"{key}_unseal", on_change=_on_control, args=(key,))
        st.slider(t("map_unseal_fraction", lang), 0.1, 1.0, step=0.05, key=f"{key}_unseal_fraction",
                  on_change=_on_control, args=(key,))
        st.multiselect(t("map_retention", lang), ids, key=f"{key}_retention", on_change=_on_control, args=(key,))
        st.radio(t("map_policy", lang), POLICIES, key=f"{key}_policy", horizontal=True,
                 format_func=lambda p: t(f"map_policy_{p}", lang), on_change=_on_control, args=(key,))


# --- the scenario picker ----------------------------------------------------------------------

def scenario_picker(engine: Engine, lang: str, *, key: str, param: str, default: str = DEFAULT_SCENARIO,
                    allow_custom: bool = False, label: str | None = None) -> Picked:
    """Choose a scenario: presets (and, if allowed, custom controls); synced with ``?<param>=``."""
    available = preset_list(engine)
    by_name = {p.name: p for p in available}
    default = default if default in by_name else available[0].name
    choice_key, keep_key = f"{key}_choice", f"_keep_{key}"
    state = st.session_state

    if choice_key not in state:  # first draw in this session (or after a page switch)
        raw = get_param(param)
        initial: Scenario | None = None
        choice = default
        if raw is not None:
            parsed = _initial(raw, available, engine, allow_custom=allow_custom, lang=lang)
            if parsed.error:
                st.warning(t("map_bad_url", lang).format(detail=parsed.error, fallback=default))
            else:
                choice, initial = parsed.preset or CUSTOM, parsed.scenario
        elif keep_key in state:
            choice, kept = state[keep_key]
            initial = Scenario.from_json(kept)
            if choice == CUSTOM and not allow_custom:
                choice, initial = default, None
        state[choice_key] = choice
        if allow_custom:
            _load_controls(key, initial or by_name[choice if choice in by_name else default].scenario)

    options = [p.name for p in available] + ([CUSTOM] if allow_custom else [])
    if state[choice_key] not in options:
        state[choice_key] = default
    choice = st.selectbox(label or t("map_scenario", lang), options, key=choice_key,
                          format_func=lambda name: t("map_custom", lang) if name == CUSTOM else preset_label(name, lang),
                          on_change=_on_preset, args=(key, available))
    if allow_custom:
        _custom_controls(key, engine, lang, expanded=choice == CUSTOM)

    picked = picked_preset(by_name[choice], lang) if choice in by_name else None
    if picked is None:
        try:
            scenario = _controls_scenario(key)
        except InputError as exc:
            st.error(f"{t('map_bad_scenario', lang)} {exc}")
            picked = picked_preset(by_name[default], lang)
        else:
            name = find_preset(scenario, available)
            picked = picked_preset(by_name[name], lang) if name else \
                Picked(scenario, None, t("map_custom", lang), describe(scenario, lang))
    state[keep_key] = (picked.preset or CUSTOM, picked.scenario.canonical_json())
    st.caption(inert(picked.description))  # published descriptions are people's text
    set_params(**{param: picked.preset or picked.scenario.canonical_json()})
    return picked


def kept_scenario(key: str) -> Scenario | None:
    """The scenario the picker ``key`` last showed in this session (None before it was drawn)."""
    kept = st.session_state.get(f"_keep_{key}")
    return Scenario.from_json(kept[1]) if kept else None


def pair_switcher(engine: Engine, lang: str, *, key: str = "cmp_pair") -> tuple[Picked, Picked]:
    """The council's one-click switch between prepared comparisons; synced with ``?a=…&b=…``."""
    available = preset_list(engine)
    by_name = {p.name: p for p in available}
    pairs = [pair for pair in COUNCIL_PAIRS if pair[0] in by_name and pair[1] in by_name]
    if not pairs:  # a region without the usual presets: first against last
        pairs = [(available[0].name, available[-1].name)]
    pairs_key = f"_pairs_{key}"
    state = st.session_state
    if key not in state:
        raw_a, raw_b = get_param("a"), get_param("b")
        index = state.get(f"_keep_{key}", 0)
        extra = None
        if raw_a is not None or raw_b is not None:
            a = parse_scenario(raw_a, available, allow_custom=False, lang=lang)
            b = parse_scenario(raw_b, available, allow_custom=False, lang=lang)
            if a.error or b.error:
                fallback = " → ".join(pairs[0])
                st.warning(t("cmp_bad_pair", lang).format(detail=a.error or b.error, fallback=fallback))
                index = 0
            elif (a.preset, b.preset) in pairs:
                index = pairs.index((a.preset, b.preset))
            else:
                extra = (a.preset, b.preset)
        state[pairs_key] = extra
        state[key] = len(pairs) if extra else min(index, len(pairs) - 1)
    if state.get(pairs_key):
        pairs = pairs + [state[pairs_key]]
    choice = st.segmented_control(t("cmp_pair", lang), list(range(len(pairs))), key=key, required=True,
                                  format_func=lambda i: f"{preset_label(pairs[i][0], lang)}  →  "
                                                        f"{preset_label(pairs[i][1], lang)}")
    index = choice if isinstance(choice, int) and 0 <= choice < len(pairs) else 0
    state[f"_keep_{key}"] = index
    name_a, name_b = pairs[index]
    set_params(a=name_a, b=name_b)
    return picked_preset(by_name[name_a], lang), picked_preset(by_name[name_b], lang)


# --- the map view -------------------------------------------------------------------------------

def view_picker(lang: str, *, key: str, parcels_toggle: bool = True) -> MapView:
    """Layer (and design event) of the map; synced with ``?layer=…&event=…``."""
    state = st.session_state
    layer_key, event_key = f"{key}_layer", f"{key}_event"
    if layer_key not in state:
        layer, ok_layer = parse_choice(get_param("layer"), LAYERS, state.get(f"_keep_{layer_key}", DEFAULT_LAYER))
        event, ok_event = parse_choice(get_param("event"), EVENTS, state.get(f"_keep_{event_key}", DEFAULT_EVENT))
        if not ok_layer:
            st.info(t("map_bad_layer", lang).format(value=get_param("layer"), fallback=t(f"map_layer_{layer}", lang)))
        if not ok_event:
            st.info(t("map_bad_layer", lang).format(value=get_param("event"), fallback=t(f"map_event_{event}", lang)))
        state[layer_key], state[event_key] = layer, event
    c1, c2 = st.columns(2)
    layer = c1.selectbox(t("map_layer", lang), LAYERS, key=layer_key, format_func=lambda l: t(f"map_layer_{l}", lang))
    if layer in EVENT_LAYERS:
        event = c2.selectbox(t("map_event", lang), EVENTS, key=event_key,
                             format_func=lambda e: t(f"map_event_{e}", lang))
    else:
        event = state.get(event_key, DEFAULT_EVENT)
        state[event_key] = event  # keep the widget's value while it is hidden
    c3, c4 = st.columns(2)
    show_aoa = layer in ("p", "uncertainty") and c3.checkbox(t("map_show_aoa", lang), value=True, key=f"{key}_aoa")
    show_parcels = c4.checkbox(t("map_show_parcels", lang), value=True, key=f"{key}_parcels") \
        if parcels_toggle else True
    state[f"_keep_{layer_key}"], state[f"_keep_{event_key}"] = layer, event
    set_params(layer=layer, event=event if layer in EVENT_LAYERS else None)
    return MapView(layer, event, bool(show_aoa), bool(show_parcels))


# --- headline -----------------------------------------------------------------------------------

def _delta(value: float, lang: str, unit: str = " ha") -> str | None:
    if abs(value) < 0.05:
        return None
    decimals = 0 if abs(value) >= 100 else 1
    sign = "+" if value > 0 else "-"  # ASCII: Streamlit reads the arrow's direction from it
    return f"{sign}{format_number(abs(value), lang, decimals)}{unit}"


def headline_metrics(result: Result, lang: str, reference: Result | None = None) -> None:
    """Hectares per zone class and the number of conflicts; with ``reference`` the change from it."""
    rows = headline(result.summary, lang)
    ref_rows = dict(headline(reference.summary, lang)) if reference is not None else {}
    columns = st.columns(len(rows) + 1)
    for index, (column, (label, hectares)) in enumerate(zip(columns, rows)):
        delta = _delta(hectares - ref_rows[label], lang) if reference is not None else None
        # more flood zone is worse (red), more unrestricted land is better
        column.metric(label, format_ha(hectares, lang), delta=delta,
                      delta_color="normal" if index == len(rows) - 1 else "inverse")
    conflicts = int(result.summary["n_conflicts"])
    delta = None
    if reference is not None:
        diff = conflicts - int(reference.summary["n_conflicts"])
        delta = f"{diff:+d}" if diff else None
    columns[-1].metric(t("map_metric_conflicts", lang), str(conflicts), delta=delta, delta_color="inverse",
                       help=t("map_metric_conflicts_help", lang))


# --- page helpers -------------------------------------------------------------------------------

@contextlib.contextmanager
def plain_errors(lang: str) -> Iterator[None]:
    """Turn an unexpected error into a plain message (the log keeps the traceback).

    Planners see the error's type and text; the public instance one plain sentence.
    """
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the page must never show a traceback
        log.exception("page failed")
        st.error(unexpected_message(exc, lang, "map_error"))


BIG_TYPE_CSS = """
<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 3rem !important; line-height: 1.15; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: 1.25rem !important; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { font-size: 1.25rem !important; }
h3 { font-size: 1.9rem !important; }
[data-testid="stMarkdownContainer"] p { font-size: 1.1rem; }
button[data-testid^="stBaseButton-segmented_control"] p { font-size: 1.2rem; }
</style>
"""


def big_type() -> None:
    """Larger type for a projector (council mode)."""
    st.markdown(BIG_TYPE_CSS, unsafe_allow_html=True)
