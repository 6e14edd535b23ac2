"""How easy is the German plain text to read? Measured, not assumed (textstat, offline).

Two German formulas, both from textstat (syllables from the pyphen dictionaries in its wheel):

- **Wiener Sachtextformel** (first variant; Bamberger & Vanecek 1984): a school grade, 4 (very
  easy) to 15 (very hard), from sentence length and the shares of words with three or more
  syllables, with more than six letters, and of one syllable.
- **Flesch reading ease, German (Amstad 1978)**: 180 - words per sentence - 58.5 x syllables per
  word; 0-30 very hard, 60-70 medium, 70-80 fairly easy, 80-100 easy.

Thresholds, and why: every plain text must score **Wiener ≤ 8** and **Amstad ≥ 60**. A German
reader finishes compulsory school after grade 9 (Hauptschulabschluss); grade 8 leaves one
school year of margin, so the texts do not ask for more than anyone leaving school can read.
Amstad 60 is the lower end of "medium" (texts for 13- to 15-year-olds). Both together, because
one alone can be gamed: very short sentences full of long compounds pass Amstad's sentence
term, long chains of short words pass the Wiener word terms. This does not make "Leichte
Sprache" (which needs testing with readers); it keeps the texts from drifting into office
German.
"""
from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass

from koki_climate.risk.features import FEATURES
from koki_climate.risk.place import PlaceFacts, Reason, ScenarioAtPlace
from koki_climate.scenario import HORIZONS, POLICIES, REFERENCE_HORIZON, LandUseChange, Scenario
from koki_climate.ui.i18n import t
from koki_climate.ui.plain_words import explain_scenario, place_card_text, sentences_of
from koki_climate.ui.texts.plain import TEXTS as PLAIN_TEXTS

#: the hardest school grade a plain text may need (Wiener Sachtextformel, variant 1)
WIENER_MAX = 8.0
#: the lowest German reading ease a plain text may have (Flesch-Amstad)
AMSTAD_MIN = 60.0
#: values put into the templates' placeholders when they are measured (typical, not flattering)
SAMPLE_VALUES: dict[str, object] = {"scenario": "Sitzung März", "zone": "Bauen mit Auflagen", "count": 12,
                                    "percent": 25, "meters": "0,5", "n": 70, "after": 70, "before": 40,
                                    "limit": 1000, "ref": "Sitzung März, Version 2"}


@dataclass(frozen=True)
class Score:
    """Readability of one German text."""

    wiener: float
    amstad: float
    words: int
    sentences: int

    @property
    def plain(self) -> bool:
        """Within both thresholds (see the module docstring)."""
        return self.wiener <= WIENER_MAX and self.amstad >= AMSTAD_MIN


def score_german(text: str) -> Score:
    """Wiener Sachtextformel (variant 1) and Flesch-Amstad of a German text."""
    import textstat

    meter = type(textstat.textstat)()  # its own instance: the language is per instance, not global
    meter.set_lang("de")
    return Score(wiener=float(meter.wiener_sachtextformel(text, 1)), amstad=float(meter.flesch_reading_ease(text)),
                 words=int(meter.lexicon_count(text)), sentences=int(meter.sentence_count(text)))


def all_scenarios() -> list[tuple[Scenario, int | None]]:
    """Every combination of scenario field values a text can depend on, with a rain change.

    Pathways with their horizons, groundwater unchanged/higher/lower, each land-use change
    kind in every wording (none, all, one, many parcels, part), both policies, and for the
    future climates a rain change up, down and none.
    """
    climates = [("historical", REFERENCE_HORIZON, None)] + [
        (pathway, horizon, rain) for pathway in ("rcp26", "rcp45", "rcp85")
        for horizon in HORIZONS if horizon != REFERENCE_HORIZON for rain in (18, -4, 0)]
    develop = [(), (LandUseChange("develop_planned"),), (LandUseChange("develop_planned", ("p1",)),),
               (LandUseChange("develop_planned", ("p1", "p2", "p3"), 0.5),)]
    unseal = [(), (LandUseChange("unseal", ("p4",)),), (LandUseChange("unseal", ("p4", "p5"), 0.3),)]
    retention = [(), (LandUseChange("retention", ("p6",)),), (LandUseChange("retention", ("p6", "p7")),)]
    out = []
    for (pathway, horizon, rain), offset, d, u, r, policy in itertools.product(
            climates, (0.0, 0.5, -1.25), develop, unseal, retention, POLICIES):
        out.append((Scenario(pathway, horizon, offset, d + u + r, policy), rain))
    return out


def sample_cards() -> list[PlaceFacts]:
    """Place facts whose cards between them use every sentence of the card.

    Every reason (feature x above/below the usual value x raises/lowers), every probability
    bin, every zone, every way another scenario can differ; and the screened, reasonless,
    outside and no-data cards.
    """
    combos = [Reason(name, 0.1 * sign, value, 1.0) for name in FEATURES for value in (2.0, 0.5) for sign in (1, -1)]
    bins = (0.03, 0.2, 0.4, 0.7, 0.95)
    zone_shifts, p_shifts = (0, 1, 3), (-0.3, 0.01, 0.25)  # same/stricter/looser zone; less/similar/more water
    cards = []
    for i in range(0, len(combos), 3):
        k = i // 3
        p, zone = bins[k % len(bins)], k % 4
        other = ScenarioAtPlace("Heute", "a", (zone + zone_shifts[k % 3]) % 4,
                                {"hq100": min(1.0, max(0.0, p + p_shifts[(k // 3) % 3]))}, {"hq100": 0.02})
        cards.append(PlaceFacts(0.0, 0.0, "inside", "x", (0, 0), zone=zone,
                                p={"hq10": p / 2, "hq100": p, "hqextrem": min(1.0, p + 0.2)},
                                spread={"hq100": 0.02}, applicable={"hq100": 1 if k % 2 else 0},
                                reasons=tuple(combos[i:i + 3]), others=(other,)))
    cards += [PlaceFacts(0.0, 0.0, "inside", "x", (0, 0), zone=0, p={"hq100": 0.0}, screened=True,
                         others=(ScenarioAtPlace("Alt", "b", None),)),
              PlaceFacts(0.0, 0.0, "inside", "x", (0, 0), zone=1, p={"hq100": 0.6}),
              PlaceFacts(0.0, 0.0, "outside", "x"), PlaceFacts(0.0, 0.0, "no_data", "x", (0, 0))]
    return cards


#: template pieces that people only read inside a composed text (a scenario explanation, a
#: place card); they are measured there, in the text they belong to
IN_CONTEXT = ("plain_scn_", "plain_reason_", "plain_p_", "plain_place_other_", "plain_place_raises",
              "plain_place_lowers", "plain_event_")


def german_texts() -> dict[str, str]:
    """Every German plain text a citizen reads as one piece, named: what the readability check measures.

    Each zone explanation; each scenario explanation (:func:`all_scenarios`); each place card
    as a whole (:func:`sample_cards`: its sentences as the card shows them, without headings);
    and every other text of the plain table that stands on its own (messages, notes; filled
    with :data:`SAMPLE_VALUES`). Not measured: headings and labels (no full stop at the end: a
    formula says nothing about three words) and the pieces of :data:`IN_CONTEXT`, which are
    measured inside the texts they make up.
    """
    texts: dict[str, str] = {}
    for scenario, rain in all_scenarios():
        texts[f"scenario {scenario.canonical_json()} rain {rain}"] = explain_scenario(scenario, "de", rain_change=rain)
    for number, facts in enumerate(sample_cards()):
        card = place_card_text(facts, "de", scenario_label="Sitzung März")
        texts[f"place card {number}"] = " ".join(sentences_of(card))
    for key in PLAIN_TEXTS:
        text = t(key, "de").format(reason=t("part_limit_session", "de"), **SAMPLE_VALUES)
        if not key.startswith(IN_CONTEXT) and text.rstrip().endswith((".", "!")):
            texts[key] = text
    return texts


def report() -> dict[str, dict[str, float]]:
    """Minimum, median and maximum of both scores over :func:`german_texts` (for the README)."""
    scores = [score_german(text) for text in german_texts().values()]
    out = {}
    for name in ("wiener", "amstad"):
        values = [getattr(score, name) for score in scores]
        out[name] = {"min": round(min(values), 1), "median": round(statistics.median(values), 1),
                     "max": round(max(values), 1)}
    out["texts"] = {"count": len(scores)}
    return out


if __name__ == "__main__":  # python -m koki_climate.ui.readability
    import json

    print(json.dumps(report(), indent=2))
