"""The translation table: complete per language, one key once, same placeholders, the fallback chain."""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

from koki_climate.ui import i18n, texts
from koki_climate.ui.i18n import (
    LANGUAGES, PLAIN_LANGUAGES, RTL_LANGUAGES, TEXTS, fallback_chain, is_rtl, languages_for, t,
)
from koki_climate.ui.texts.plain import TEXTS as PLAIN

PARTICIPATION_KEYS = (
    "part_title", "part_intro", "part_privacy", "part_category", "part_cat_water_seen", "part_cat_objection",
    "part_cat_hint", "part_cat_question", "part_text", "part_text_help", "part_point", "part_point_help",
    "part_pick_first", "part_submit", "part_thanks", "part_refused", "part_limit_text", "part_limit_session",
    "part_limit_global", "part_limit_total", "part_limit_empty", "part_limit_nul", "part_closed",
    "part_approved_title", "part_none_yet", "part_scenario_version", "part_zone_at_point",
)
#: placeholders the participation pages fill: a missing one would raise KeyError on the page
PARTICIPATION_PLACEHOLDERS = {"part_text_help": {"limit"}, "part_refused": {"reason"}, "part_limit_text": {"limit"},
                              "part_scenario_version": {"ref"}, "part_zone_at_point": {"zone"}}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def module_texts() -> dict[str, dict]:
    return {info.name: importlib.import_module(f"{texts.__name__}.{info.name}").TEXTS
            for info in pkgutil.iter_modules(texts.__path__)}


def test_every_text_has_german_and_english():
    missing = [key for key, entry in TEXTS.items() if not all(entry.get(lang, "").strip() for lang in LANGUAGES)]
    assert missing == []


def test_every_text_uses_only_known_languages_with_the_same_placeholders():
    for key, entry in TEXTS.items():
        assert set(entry) <= set(PLAIN_LANGUAGES), key
        assert len({frozenset(placeholders(text)) for text in entry.values()}) == 1, key


def test_plain_texts_have_all_five_languages_non_empty():
    assert PLAIN_LANGUAGES == ("de", "en", "tr", "ar", "uk")
    for key, entry in PLAIN.items():
        assert set(entry) == set(PLAIN_LANGUAGES), key
        assert all(text.strip() for text in entry.values()), key


def core_keys() -> set[str]:
    """The keys written in i18n.py itself (its TEXTS literal, before the page modules are merged in)."""
    tree = ast.parse(Path(i18n.__file__).read_text(encoding="utf-8"))
    table = next(node.value for node in tree.body if isinstance(node, ast.AnnAssign)
                 and getattr(node.target, "id", None) == "TEXTS")
    return {key.value for key in table.keys}


def test_keys_are_unique_across_modules():
    seen = dict.fromkeys(core_keys(), "i18n.py")
    for name, table in sorted(module_texts().items()):
        for key in table:
            assert key not in seen, f"{key} in {name} and {seen[key]}"
            seen[key] = name
    assert set(seen) == set(TEXTS)


def test_participation_keys_are_there_with_their_placeholders():
    for key in PARTICIPATION_KEYS:
        assert key in PLAIN, key
        assert placeholders(PLAIN[key]["de"]) == PARTICIPATION_PLACEHOLDERS.get(key, set()), key
    assert PLAIN["part_title"]["de"] == "Mitwirken: Ihr Hinweis zur Karte"
    assert PLAIN["plain_place_title"]["de"] == "Was bedeutet das für diese Stelle?"


def test_scripts_match_the_languages():
    """Arabic in Arabic letters, Ukrainian in Cyrillic, Turkish in Latin and not English copied."""
    arabic, cyrillic = re.compile(r"[\u0600-\u06ff]"), re.compile(r"[\u0400-\u04ff]")
    for key, entry in PLAIN.items():
        assert arabic.search(entry["ar"]) and not cyrillic.search(entry["ar"]), key
        assert cyrillic.search(entry["uk"]) and not arabic.search(entry["uk"]), key
        assert not arabic.search(entry["tr"]) and not cyrillic.search(entry["tr"]), key
        if len(entry["en"].split()) >= 3:  # a label may be the same word; a sentence is translated
            assert entry["tr"] != entry["en"] and entry["tr"] != entry["de"], key


def test_fallback_goes_to_english_before_german():
    only_de_en = "map_layer"  # a planner's text, not translated into the plain languages
    assert set(TEXTS[only_de_en]) == {"de", "en"}
    for lang in ("tr", "ar", "uk"):
        assert fallback_chain(lang) == (lang, "en", "de")
        assert t(only_de_en, lang) == TEXTS[only_de_en]["en"]
        assert t("plain_place_title", lang) == PLAIN["plain_place_title"][lang]
    assert fallback_chain("de") == ("de",) and fallback_chain("en") == ("en", "de")
    assert t(only_de_en, "de") == "Kartenebene" and t(only_de_en, "en") == "Map layer"
    assert t("no_such_key", "tr") == "no_such_key"


def test_a_text_without_english_falls_back_to_german(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(i18n.TEXTS, "test_only_german", {"de": "Nur Deutsch"})
    assert t("test_only_german", "tr") == "Nur Deutsch"
    assert t("test_only_german", "en") == "Nur Deutsch"


@pytest.mark.parametrize("mode, offered", [("planner", ("de", "en")), ("council", ("de", "en")),
                                           ("public", PLAIN_LANGUAGES), ("participation", PLAIN_LANGUAGES)])
def test_citizens_get_five_languages_the_office_two(mode: str, offered: tuple[str, ...]):
    assert languages_for(mode) == offered


def test_only_arabic_is_right_to_left():
    assert RTL_LANGUAGES == ("ar",)
    assert [lang for lang in PLAIN_LANGUAGES if is_rtl(lang)] == ["ar"]


def test_zone_names_on_the_map_come_from_the_table_and_match_the_library():
    """German and English as the zoning module names them (CSV, PDF); the plain languages from the table."""
    from koki_climate.ui.risk_map import zone_labels
    from koki_climate.zoning import ZONE_LABELS

    assert zone_labels("de") == ZONE_LABELS["de"] and zone_labels("en") == ZONE_LABELS["en"]
    assert zone_labels("tr")[3] == "Boş bırakılmalı" and zone_labels("uk")[1] == "Високі ґрунтові води"
