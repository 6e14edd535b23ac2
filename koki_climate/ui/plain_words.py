"""Plain words from facts: zones, scenarios, probabilities and a place card, in five languages.

Pure functions (no streamlit): they fill the templates of ``ui/texts/plain.py`` from a
Scenario, a zone code, a probability or :class:`~koki_climate.risk.place.PlaceFacts`, so
the readability check and the tests read exactly what a citizen reads.

**Probability in words.** p is the calibrated probability that water stands on a cell when
one design (rain) event happens, so the words say how likely water is *in such a rain*,
not how often it rains. The bins follow the IPCC's calibrated likelihood language (very
unlikely < 10 %, unlikely < 33 %, likely > 66 %, very likely > 90 %), with one change: the
"likely" bin starts at 50 %, because the zoning rule puts a cell into the flood zone from
p = 0.5 on ("more likely flooded than not"); a cell in the expected zone must never read as
"possible" only. So: [0, 0.1) very unlikely, [0.1, 0.33) unlikely, [0.33, 0.5) possible,
[0.5, 0.9) likely, [0.9, 1] very likely. The number goes with it as a natural frequency
("of 100 such rains, about 70 bring water here"), which people read more reliably than a
percentage.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from koki_climate.risk.place import PlaceFacts
from koki_climate.risk.predict import APPLICABLE_OUTSIDE
from koki_climate.scenario import LandUseChange, Scenario
from koki_climate.ui.i18n import t

#: lower edges of the probability bins 1..4 (bin 0 starts at 0); reasons in the module docstring
P_EDGES: tuple[float, ...] = (0.10, 0.33, 0.50, 0.90)
#: languages that write decimals with a comma
DECIMAL_COMMA = ("de", "tr", "uk")
#: the event whose rain change a scenario explanation names, and whose p other scenarios compare
MAIN_EVENT = "hq100"
#: design events in the order the card lists them
EVENT_ORDER = ("hq10", "hq100", "hqextrem")


def probability_bin(p: float) -> int:
    """0 (very unlikely) … 4 (very likely): the bin of :data:`P_EDGES` that ``p`` falls in."""
    return int(np.searchsorted(P_EDGES, float(p), side="right"))


def probability_sentence(p: float, lang: str) -> str:
    """'Hier steht wahrscheinlich Wasser.' for p in [0.5, 0.9)."""
    return t(f"plain_p_{probability_bin(p)}", lang)


def probability_word(p: float, lang: str) -> str:
    """'wahrscheinlich': the short word of p's bin (for tables and labels)."""
    return t(f"plain_p_word_{probability_bin(p)}", lang)


def in_100(p: float) -> int:
    """p as a whole number of 100 (a natural frequency)."""
    return int(round(float(p) * 100))


def probability_count(p: float, lang: str) -> str:
    """'Von 100 solchen Regenfällen bringen etwa 70 hier Wasser.'"""
    n = in_100(p)
    return t("plain_p_count_none", lang) if n == 0 else t("plain_p_count", lang).format(n=n)


def decimal(value: float, lang: str, decimals: int = 1) -> str:
    """A number as the language writes it: 0,5 (German, Turkish, Ukrainian) or 0.5; no trailing ',0'."""
    text = f"{abs(float(value)):.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang in DECIMAL_COMMA else text


def zone_name(code: int | None, lang: str) -> str:
    """The zone class's short name ('Freihalten'); 'Keine Daten' for no data."""
    return t("plain_zone_label_nodata" if code is None else f"plain_zone_label_{int(code)}", lang)


def zone_explanation(code: int, lang: str) -> str:
    """Two to four plain sentences: what the zone means here and what the town may do."""
    return t(f"plain_zone_{int(code)}", lang)


# --- a scenario, from its fields ---------------------------------------------------------------------

def _count(kind: str, n: int, lang: str) -> str:
    return t(f"plain_scn_{kind}_one", lang) if n == 1 else t(f"plain_scn_{kind}_many", lang).format(count=n)


def change_sentences(change: LandUseChange, lang: str) -> list[str]:
    """The sentences of one land-use change (what happens, how much of it, what it does to rain)."""
    percent = in_100(change.fraction)
    if change.kind == "develop_planned":
        out = [t("plain_scn_develop_all", lang) if not change.parcels else _count("develop", len(change.parcels), lang)]
        if percent < 100:
            out.append(t("plain_scn_develop_part", lang).format(percent=percent))
        return out + [t("plain_scn_develop_effect", lang)]
    if change.kind == "unseal":
        out = [_count("unseal", len(change.parcels), lang)]
        if percent < 100:
            out.append(t("plain_scn_unseal_part", lang).format(percent=percent))
        return out + [t("plain_scn_unseal_effect", lang)]
    return [_count("retention", len(change.parcels), lang)]


def rain_change_percent(summary: dict, event: str = MAIN_EVENT) -> int | None:
    """How much more (or less) rain the scenario's design event brings than today, in whole percent."""
    factor = (summary.get("design_events") or {}).get(event, {}).get("change_factor")
    return None if factor is None or not np.isfinite(factor) else int(round((float(factor) - 1.0) * 100))


def scenario_sentences(scenario: Scenario, lang: str, *, rain_change: int | None = None) -> list[str]:
    """The explanation of a scenario as sentences, one template piece per field value.

    ``rain_change`` (whole percent, from :func:`rain_change_percent` of a result) adds what the
    climate does to a rare heavy rain; without a result it is left out.
    """
    out = [t(f"plain_scn_{scenario.pathway}", lang)]
    if not scenario.is_reference:
        out.append(t(f"plain_scn_horizon_{scenario.horizon.replace('-', '_')}", lang))
        if rain_change is not None:
            key = "plain_scn_rain_same" if rain_change == 0 else \
                "plain_scn_rain_more" if rain_change > 0 else "plain_scn_rain_less"
            out.append(t(key, lang).format(percent=abs(rain_change)))
    out.append(t("plain_scn_gw_same", lang))
    offset = scenario.groundwater_offset_m
    if offset:
        key = "plain_scn_gw_higher" if offset > 0 else "plain_scn_gw_lower"
        out.append(t(key, lang).format(meters=decimal(offset, lang, 2)))
    if scenario.land_use_changes:
        for change in scenario.land_use_changes:
            out += change_sentences(change, lang)
    else:
        out.append(t("plain_scn_land_none", lang))
    out.append(t(f"plain_scn_{scenario.policy}", lang))
    return out


def explain_scenario(scenario: Scenario, lang: str, *, rain_change: int | None = None) -> str:
    """The scenario in plain words, as one paragraph (see :func:`scenario_sentences`)."""
    return " ".join(scenario_sentences(scenario, lang, rain_change=rain_change))


# --- the place card -----------------------------------------------------------------------------------

def reason_sentence(feature: str, value: float, typical: float, contribution: float, lang: str) -> str:
    """'Die Stelle liegt in einer Mulde. … Das macht Wasser hier wahrscheinlicher.'"""
    state = t(f"plain_reason_{feature}_{'high' if value > typical else 'low'}", lang)
    effect = t("plain_place_raises" if contribution > 0 else "plain_place_lowers", lang)
    return f"{state} {effect}"


def other_sentences(label: str, zone: int | None, p: float | None, here_zone: int, here_p: float | None,
                    spread: float, lang: str) -> list[str]:
    """What another scenario changes at the point: its zone against this one, then p.

    p is called "about the same" when the two differ by no more than the fold models' spread
    at the point (``spread``, the larger of both) or round to the same number of 100: a
    smaller difference is within what the model itself is unsure about.
    """
    if zone is None:
        return [t("plain_place_other_nodata", lang).format(scenario=label)]
    key = "same" if zone == here_zone else "stricter" if zone > here_zone else "looser"
    out = [t(f"plain_place_other_{key}", lang).format(scenario=label, zone=zone_name(zone, lang))]
    if p is not None and here_p is not None:
        before, after = in_100(here_p), in_100(p)
        if before == after or abs(p - here_p) <= spread:
            out.append(t("plain_place_other_similar", lang))
        else:
            key = "more" if after > before else "less"
            out.append(t(f"plain_place_other_{key}", lang).format(after=after, before=before))
    return out


@dataclass(frozen=True)
class PlaceCardText:
    """The place card as text, section by section (the renderer only lays it out)."""

    title: str
    notice: str | None = None          # outside / no data: the card says only this
    scenario: str | None = None
    zone_label: str = ""
    zone_name: str = ""
    zone_text: str = ""
    water_label: str = ""
    water: tuple[tuple[str, str], ...] = ()   # (event, "sentence. count sentence.")
    uncertain: str | None = None
    why_label: str = ""
    why: tuple[str, ...] = ()
    others_label: str = ""
    others: tuple[str, ...] = ()
    advisory: str = ""


def place_card_text(facts: PlaceFacts, lang: str, *, scenario_label: str | None = None,
                    escape: Callable[[str], str] = str) -> PlaceCardText:
    """The words of the place card for ``facts``.

    ``escape`` is applied to every text a person typed (scenario names) before it goes into
    a template: the renderer passes its Markdown escaping, tests the identity.
    """
    title = t("plain_place_title", lang)
    scenario = t("plain_place_scenario", lang).format(scenario=escape(scenario_label)) if scenario_label else None
    if facts.status == "outside":
        return PlaceCardText(title, t("plain_place_outside", lang), scenario, advisory=t("plain_advisory", lang))
    if facts.status == "no_data" or facts.zone is None:
        return PlaceCardText(title, t("plain_place_nodata", lang), scenario, advisory=t("plain_advisory", lang))
    events = [name for name in EVENT_ORDER if name in facts.p] + [n for n in facts.p if n not in EVENT_ORDER]
    water = tuple((t(f"plain_event_{name}", lang),
                   f"{probability_sentence(facts.p[name], lang)} {probability_count(facts.p[name], lang)}")
                  for name in events if np.isfinite(facts.p[name]))
    uncertain = t("plain_place_uncertain", lang) if facts.applicable.get(MAIN_EVENT) == APPLICABLE_OUTSIDE else None
    if facts.screened:
        why: tuple[str, ...] = (t("plain_place_screened", lang),)
    elif facts.reasons:
        why = tuple(reason_sentence(r.feature, r.value, r.typical, r.contribution, lang) for r in facts.reasons)
    else:
        why = (t("plain_place_no_reasons", lang),)
    here_p = facts.p.get(MAIN_EVENT)
    others: list[str] = []
    for other in facts.others:
        spread = max(facts.spread.get(MAIN_EVENT, 0.0), other.spread.get(MAIN_EVENT, 0.0))
        others += other_sentences(escape(other.label), other.zone, other.p.get(MAIN_EVENT), facts.zone, here_p,
                                  float(np.nan_to_num(spread)), lang)
    return PlaceCardText(
        title, None, scenario, zone_label=t("plain_place_zone", lang), zone_name=zone_name(facts.zone, lang),
        zone_text=zone_explanation(facts.zone, lang), water_label=t("plain_place_water", lang), water=water,
        uncertain=uncertain, why_label=t("plain_place_why", lang), why=why,
        others_label=t("plain_place_others", lang), others=tuple(others), advisory=t("plain_advisory", lang))


def sentences_of(card: PlaceCardText) -> Iterable[str]:
    """Every sentence-like text of a card (for the readability check)."""
    yield from (text for text in (card.notice, card.zone_text, card.uncertain, card.advisory) if text)
    yield from (sentence for _, sentence in card.water)
    yield from card.why
    yield from card.others
