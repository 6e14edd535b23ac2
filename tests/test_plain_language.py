"""Plain words: probability bins, scenario explanations from their fields, and measured readability."""
from __future__ import annotations

import string

import pytest

from koki_climate.risk.place import PlaceFacts, Reason, ScenarioAtPlace
from koki_climate.scenario import LandUseChange, Scenario
from koki_climate.ui.i18n import PLAIN_LANGUAGES, t
from koki_climate.ui.plain_words import (
    P_EDGES, explain_scenario, other_sentences, place_card_text, probability_bin, probability_count,
    probability_sentence, rain_change_percent, reason_sentence, scenario_sentences,
)
from koki_climate.ui.readability import (
    AMSTAD_MIN, WIENER_MAX, all_scenarios, german_texts, report, sample_cards, score_german,
)
from koki_climate.zoning import ZoningRules

BUREAUCRATIC = ("Die Inanspruchnahme der Überschwemmungsgebietsausweisung erfolgt unter Berücksichtigung "
                "wasserwirtschaftlicher Belange gemäß den einschlägigen Bestimmungen des Wasserhaushaltsgesetzes "
                "durch die zuständige Behörde.")


# --- probability in words ---------------------------------------------------------------------------

@pytest.mark.parametrize("p, expected", [(0.0, 0), (0.0999, 0), (0.1, 1), (0.3299, 1), (0.33, 2), (0.4999, 2),
                                         (0.5, 3), (0.8999, 3), (0.9, 4), (1.0, 4)])
def test_probability_bins_have_their_stated_edges(p: float, expected: int):
    assert P_EDGES == (0.10, 0.33, 0.50, 0.90)
    assert probability_bin(p) == expected


def test_a_cell_in_the_expected_flood_zone_reads_likely():
    """The zoning rule's p >= 0.5 and the word "wahrscheinlich" start at the same value."""
    threshold = ZoningRules().flood_threshold
    assert probability_sentence(threshold, "de") == "Hier steht wahrscheinlich Wasser."
    assert probability_sentence(threshold - 1e-6, "de") == "Hier kann Wasser stehen."


def test_probability_as_natural_frequency():
    assert probability_count(0.704, "de") == "Von 100 solchen Regenfällen bringen etwa 70 hier Wasser."
    assert probability_count(0.004, "en") == "Of 100 such rains, hardly any bring water here."
    assert probability_count(1.0, "uk") == "Зі 100 таких злив приблизно 100 приносять сюди воду."


# --- scenarios from their fields -------------------------------------------------------------------

def test_today_has_no_horizon_and_no_rain_change():
    sentences = scenario_sentences(Scenario(), "de", rain_change=0)
    assert sentences[0] == t("plain_scn_historical", "de")
    assert not any("Es geht um die Jahre" in s or "Starkregen" in s for s in sentences)
    assert sentences[-2:] == [t("plain_scn_land_none", "de"), t("plain_scn_expected", "de")]


def test_each_field_value_becomes_its_sentence():
    scenario = Scenario("rcp85", "2071-2100", -1.25, (
        LandUseChange("develop_planned"), LandUseChange("unseal", ("a", "b"), 0.3),
        LandUseChange("retention", ("c",))), "precautionary")
    text = explain_scenario(scenario, "de", rain_change=18)
    for part in ("Die Welt schützt das Klima kaum.", "Es geht um die Jahre 2071 bis 2100.",
                 "etwa 18 Prozent mehr Regen", "Das Grundwasser steht 1,25 Meter tiefer.",
                 "Die geplanten Baugebiete werden bebaut.", "Auf 2 Flächen werden Asphalt und Pflaster entfernt.",
                 "Davon werden etwa 30 Prozent entfernt.", "Eine Fläche bleibt frei",
                 "Die Zonen sind vorsichtig gezogen."):
        assert part in text, part
    english = explain_scenario(scenario, "en", rain_change=-4)
    assert "1.25 metres lower" in english and "about 4 percent less rain" in english


def test_rain_change_is_read_from_the_result_summary():
    assert rain_change_percent({"design_events": {"hq100": {"change_factor": 1.184}}}) == 18
    assert rain_change_percent({"design_events": {"hq100": {"change_factor": 0.96}}}) == -4
    assert rain_change_percent({}) is None


def test_every_scenario_renders_in_every_language_without_open_placeholders():
    scenarios = all_scenarios()
    # 1 + 3 pathways x 2 horizons x 3 rain changes; 3 offsets; 4 x 3 x 3 land-use wordings; 2 policies
    assert len(scenarios) == (1 + 3 * 2 * 3) * 3 * (4 * 3 * 3) * 2
    for scenario, rain in scenarios[::37]:
        for lang in PLAIN_LANGUAGES:
            text = explain_scenario(scenario, lang, rain_change=rain)
            assert "{" not in text and "}" not in text


# --- place card words ------------------------------------------------------------------------------

def test_reason_words_follow_the_value_and_the_sign():
    assert reason_sentence("depression_depth", 0.8, 0.0, 0.2, "de") == \
        "Die Stelle liegt in einer Mulde. Dort kann Wasser stehen bleiben. Das macht Wasser hier wahrscheinlicher."
    assert reason_sentence("hand", 30.0, 2.6, -0.1, "en") == \
        "This place lies high above the nearest stream or river. This makes water here less likely."


def test_other_scenario_is_similar_within_the_models_spread():
    # 0.50 -> 0.55 with the fold models spread 0.08 at the point: not a change worth a sentence
    assert other_sentences("B", 3, 0.55, 3, 0.50, 0.08, "de")[1] == t("plain_place_other_similar", "de")
    # 0.50 -> 0.97: beyond the spread
    assert other_sentences("B", 3, 0.97, 3, 0.50, 0.08, "de") == [
        "Im Szenario „B“ bleibt die Zone hier gleich: Freihalten.",
        "Wasser wird hier wahrscheinlicher: etwa 97 statt 50 von 100."]
    assert other_sentences("B", 1, 0.2, 3, 0.6, 0.0, "de")[0].startswith("Im Szenario „B“ gilt hier eine mildere")
    assert other_sentences("B", None, None, 3, 0.6, 0.0, "de") == [
        "Im Szenario „B“ gibt es für diese Stelle keine Daten."]


def test_people_typed_names_go_through_the_escape():
    facts = PlaceFacts(0.0, 0.0, "inside", "h", (0, 0), zone=2, p={"hq100": 0.6}, spread={"hq100": 0.0},
                       reasons=(Reason("impervious", 0.1, 0.9, 0.1),),
                       others=(ScenarioAtPlace("*B*", "o", 3, {"hq100": 0.9}),))
    card = place_card_text(facts, "de", scenario_label="[A](x)", escape=lambda s: f"<{s}>")
    assert card.scenario == "Szenario: <[A](x)>"
    assert card.others[0] == "Im Szenario „<*B*>“ gilt hier eine strengere Zone: Freihalten."


# --- readability, measured -------------------------------------------------------------------------

def test_a_bureaucratic_sentence_fails_the_check():
    score = score_german(BUREAUCRATIC)
    assert score.wiener > WIENER_MAX and score.amstad < AMSTAD_MIN and not score.plain


def test_scoring_german_needs_no_download(monkeypatch: pytest.MonkeyPatch):
    """Syllables of German come from pyphen's dictionary in the wheel (nltk's cmudict is English only)."""
    import nltk

    def refuse(*args, **kwargs):
        raise AssertionError("textstat tried to download data")

    monkeypatch.setattr(nltk, "download", refuse)
    assert score_german("Hier kann bei Starkregen Wasser stehen.").words == 6


def test_every_german_plain_text_is_within_the_thresholds():
    texts = german_texts()
    assert sum(name.startswith("scenario ") for name in texts) == len(all_scenarios())
    assert sum(name.startswith("place card ") for name in texts) == len(sample_cards())
    assert {f"plain_zone_{code}" for code in range(4)} | {"part_privacy", "part_intro"} <= set(texts)
    too_hard = {name: (round(s.wiener, 1), round(s.amstad, 1)) for name, text in texts.items()
                if not (s := score_german(text)).plain}
    assert too_hard == {}


def test_sample_cards_use_every_card_sentence():
    used = " ".join(" ".join(sentence for sentence in _card_sentences(facts)) for facts in sample_cards())
    keys = [key for key in _plain_keys() if key.startswith(("plain_reason_", "plain_place_other_", "plain_p_"))
            and not key.startswith("plain_p_word_")] + ["plain_place_uncertain", "plain_place_screened",
                                                         "plain_place_raises", "plain_place_lowers",
                                                         "plain_place_outside", "plain_place_nodata",
                                                         "plain_place_no_reasons"]
    for key in keys:
        text = t(key, "de")
        fixed = [part for part in _literal_parts(text) if len(part) > 3]
        assert all(part in used for part in fixed), key


def test_report_gives_min_median_max():
    figures = report()
    assert figures["wiener"]["max"] <= WIENER_MAX and figures["amstad"]["min"] >= AMSTAD_MIN
    assert figures["wiener"]["min"] <= figures["wiener"]["median"] <= figures["wiener"]["max"]


def _card_sentences(facts: PlaceFacts) -> list[str]:
    from koki_climate.ui.plain_words import sentences_of

    return list(sentences_of(place_card_text(facts, "de", scenario_label="S")))


def _plain_keys() -> list[str]:
    from koki_climate.ui.texts.plain import TEXTS

    return list(TEXTS)


def _literal_parts(template: str) -> list[str]:
    return [literal.strip() for literal, *_ in string.Formatter().parse(template) if literal.strip()]
