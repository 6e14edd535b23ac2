"""The one translation table: German by default, English switchable.

Code uses English keys; every text a user reads comes from here, so a missing
translation is a test failure, not a mixed-language page.

The public and participation instances also speak Turkish, Arabic (right to left) and
Ukrainian: the plain-language texts (``ui/texts/plain.py``) exist in all five languages;
any other text falls back along :func:`fallback_chain` (Turkish, Arabic, Ukrainian →
English → German: a reader of those languages more likely reads English than German).
"""
from __future__ import annotations

#: the full UI (planner, council): every text in these languages
LANGUAGES: tuple[str, ...] = ("de", "en")
#: the citizens' languages: every plain-language text in all of them
PLAIN_LANGUAGES: tuple[str, ...] = ("de", "en", "tr", "ar", "uk")
#: languages written right to left (the page is mirrored for them)
RTL_LANGUAGES: tuple[str, ...] = ("ar",)
#: modes whose language picker offers the plain languages
PLAIN_MODES: tuple[str, ...] = ("public", "participation")
DEFAULT_LANGUAGE = "de"
#: each language's name in itself, as the picker shows it
LANGUAGE_NAMES: dict[str, str] = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية",
                                  "uk": "Українська"}

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"de": "KoKI Klima", "en": "KoKI Klima"},
    "app_subtitle": {"de": "Klimaangepasste Flächennutzungsplanung", "en": "Climate-aware land-use planning"},
    "language": {"de": "Sprache", "en": "Language", "tr": "Dil", "ar": "اللغة", "uk": "Мова"},
    "page_map": {"de": "Karte", "en": "Map", "tr": "Harita", "ar": "الخريطة", "uk": "Карта"},
    "region": {"de": "Gebiet", "en": "Region"},
    "layer": {"de": "Kartenebene", "en": "Map layer"},
    "layer_landuse": {"de": "Flächennutzung", "en": "Land use"},
    "layer_elevation": {"de": "Geländehöhe", "en": "Elevation"},
    "layer_groundwater_depth": {"de": "Grundwasserflurabstand", "en": "Depth to groundwater"},
    "layer_impervious": {"de": "Versiegelungsgrad", "en": "Impervious fraction"},
    "show_parcels": {"de": "Flurstücke zeigen", "en": "Show parcels"},
    "show_rivers": {"de": "Gewässer zeigen", "en": "Show rivers"},
    "legend": {"de": "Legende", "en": "Legend"},
    "parcels": {"de": "Flurstücke", "en": "Parcels"},
    "rivers": {"de": "Gewässer", "en": "Rivers"},
    "boundary": {"de": "Gemeindegrenze", "en": "Municipal boundary"},
    "synthetic_warning": {
        "de": "Beispieldaten: Musterstadt ist eine erfundene Gemeinde; alle Daten sind synthetisch.",
        "en": "Sample data: Musterstadt is a fictitious municipality; all data are synthetic.",
        "tr": "Örnek veriler: Musterstadt hayali bir belediyedir; tüm veriler yapaydır.",
        "ar": "بيانات تجريبية: موسترشتات بلدية خيالية؛ جميع البيانات اصطناعية.",
        "uk": "Приклад даних: Мустерштадт — вигадана громада; усі дані синтетичні.",
    },
    "legal_note": {
        "de": "Hinweis: Diese Karte ist eine Planungshilfe. Überschwemmungsgebiete setzt die "
              "Wasserbehörde fest (§ 76 WHG).",
        "en": "Note: this map is advisory. Flood areas are designated by the water authority "
              "(§ 76 WHG, German Water Act).",
        "tr": "Not: Bu harita bir planlama yardımıdır. Taşkın alanlarını su idaresi belirler "
              "(§ 76 WHG, Alman Su Kanunu).",
        "ar": "ملاحظة: هذه الخريطة أداة مساعدة للتخطيط. تحدد سلطة المياه مناطق الفيضان "
              "(المادة 76 من قانون المياه الألماني WHG).",
        "uk": "Примітка: ця карта є допоміжним засобом для планування. Зони затоплення визначає водний орган "
              "(§ 76 WHG, Закон Німеччини про воду).",
    },
    "not_prepared_model": {
        "de": "Diese Ansicht ist noch nicht vorbereitet: das Modell für dieses Gebiet wurde noch nicht berechnet.",
        "en": "This view is not prepared yet: the model for this region has not been computed.",
    },
    "not_prepared_scenario": {
        "de": "Dieses Szenario ist auf dieser Seite noch nicht vorbereitet. Bitte wählen Sie ein anderes Szenario.",
        "en": "This scenario is not prepared on this site yet. Please choose another scenario.",
    },
    "not_prepared_groundwater": {
        "de": "Die Grundwasser-Projektionen für dieses Gebiet sind noch nicht vorbereitet.",
        "en": "The groundwater projections for this region are not prepared yet.",
    },
    "not_prepared_wells": {
        "de": "Die Auswertung dieses Brunnens ist noch nicht vorbereitet.",
        "en": "The analysis of this well is not prepared yet.",
    },
    "public_unavailable": {
        "de": "Diese Ansicht ist gerade nicht verfügbar. Bitte versuchen Sie es später noch einmal.",
        "en": "This view is not available right now. Please try again later.",
    },
    "region_error": {
        "de": "Das Gebiet konnte nicht geladen werden:",
        "en": "The region could not be loaded:",
    },
    "grid_info": {"de": "Raster", "en": "Grid"},
    "cells": {"de": "Zellen", "en": "cells"},
    "area": {"de": "Fläche", "en": "Area"},
    "min": {"de": "min.", "en": "min"},
    "max": {"de": "max.", "en": "max"},
    "landuse_1": {"de": "Siedlung", "en": "Settlement"},
    "landuse_2": {"de": "Gewerbe/Industrie", "en": "Industry"},
    "landuse_3": {"de": "Acker", "en": "Agriculture"},
    "landuse_4": {"de": "Grünland", "en": "Grassland"},
    "landuse_5": {"de": "Wald", "en": "Forest"},
    "landuse_6": {"de": "Gewässer", "en": "Water"},
    "landuse_7": {"de": "Geplante Bebauung", "en": "Planned development"},
    "tooltip_parcel": {"de": "Flurstück", "en": "Parcel"},
    "tooltip_current_use": {"de": "Nutzung", "en": "Current use"},
    "tooltip_planned_use": {"de": "Planung", "en": "Planned use"},
    "engine_loading": {"de": "Gebiet und Modell werden geladen …", "en": "Loading region and model …"},
    "computing_scenario": {"de": "Szenario wird berechnet …", "en": "Computing scenario …"},
    "scenario_ready": {"de": "Szenario berechnet", "en": "Scenario ready"},
    "page_compare": {"de": "Vergleich", "en": "Comparison", "tr": "Karşılaştırma", "ar": "مقارنة",
                     "uk": "Порівняння"},
    "page_groundwater": {"de": "Grundwasser", "en": "Groundwater", "tr": "Yeraltı suyu", "ar": "المياه الجوفية",
                         "uk": "Підземні води"},
    "page_model": {"de": "Modell & Transparenz", "en": "Model & transparency", "tr": "Model ve şeffaflık",
                   "ar": "النموذج والشفافية", "uk": "Модель і прозорість"},
    "page_data": {"de": "Daten", "en": "Data"},
    "mode_planner": {"de": "Planung", "en": "Planning"},
    "mode_council": {"de": "Gemeinderat", "en": "Council"},
    "mode_public": {"de": "Öffentlich", "en": "Public"},
}


def _merge() -> None:
    from koki_climate.ui.texts import collect

    for key, value in collect().items():
        if key in TEXTS:
            raise ValueError(f"UI text key {key!r} defined twice (i18n.py and ui/texts)")
        TEXTS[key] = value


def languages_for(mode: str) -> tuple[str, ...]:
    """The languages a mode's picker offers: all five for citizens, German/English for the office."""
    return PLAIN_LANGUAGES if mode in PLAIN_MODES else LANGUAGES


def fallback_chain(lang: str) -> tuple[str, ...]:
    """Where a missing text is looked up: the language itself, then English (not for German), then German."""
    if lang == DEFAULT_LANGUAGE:
        return (DEFAULT_LANGUAGE,)
    return tuple(dict.fromkeys((lang, "en", DEFAULT_LANGUAGE)))


def is_rtl(lang: str) -> bool:
    """Whether ``lang`` is written right to left (the page must be mirrored)."""
    return lang in RTL_LANGUAGES


def t(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Translate ``key`` along :func:`fallback_chain`; the key itself when it is unknown (visible in tests)."""
    entry = TEXTS.get(key)
    if entry is None:
        return key
    for code in fallback_chain(lang):
        text = entry.get(code)
        if text:
            return text
    return key


_merge()
