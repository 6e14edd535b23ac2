"""Texts of the citizens' participation page (Mitwirken) in the five plain-language languages.

The form's own words (categories, privacy note, limits) are in ``plain.py``.
"""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "page_participate": {
        "de": "Mitwirken", "en": "Take part", "tr": "Katılın", "ar": "شارك", "uk": "Долучитися",
    },
    "mit_version": {
        "de": "Veröffentlichtes Szenario", "en": "Published scenario", "tr": "Yayınlanan senaryo",
        "ar": "السيناريو المنشور", "uk": "Опублікований сценарій",
    },
    "mit_no_published": {
        "de": "Zurzeit ist kein Szenario zur Beteiligung veröffentlicht.",
        "en": "No scenario is published for participation at the moment.",
        "tr": "Şu anda katılım için yayınlanmış bir senaryo yok.",
        "ar": "لا يوجد حاليًا سيناريو منشور للمشاركة.",
        "uk": "Зараз немає опублікованого сценарію для участі.",
    },
    "mit_x": {"de": "Ostwert (m)", "en": "Easting (m)", "tr": "Doğu değeri (m)", "ar": "الإحداثي الشرقي (م)",
              "uk": "Східна координата (м)"},
    "mit_y": {"de": "Nordwert (m)", "en": "Northing (m)", "tr": "Kuzey değeri (m)", "ar": "الإحداثي الشمالي (م)",
              "uk": "Північна координата (м)"},
    "mit_outside": {
        "de": "Dieser Ort liegt außerhalb des Gebiets. Bitte wählen Sie einen Ort auf der Karte.",
        "en": "This place is outside the area. Please choose a place on the map.",
        "tr": "Bu yer alanın dışında. Lütfen haritada bir yer seçin.",
        "ar": "هذا المكان خارج المنطقة. يرجى اختيار مكان على الخريطة.",
        "uk": "Це місце поза межами території. Будь ласка, виберіть місце на карті.",
    },
    "mit_posted_at": {
        "de": "{category} · {date} · {zone}", "en": "{category} · {date} · {zone}",
        "tr": "{category} · {date} · {zone}", "ar": "{category} · {date} · {zone}",
        "uk": "{category} · {date} · {zone}",
    },
}
