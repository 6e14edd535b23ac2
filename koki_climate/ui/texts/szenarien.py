"""Texts of the Szenarien page (the scenario library) and of the audit on the Modell page."""
TEXTS = {
    "page_scenarios": {"de": "Szenarien", "en": "Scenarios"},
    "lib_intro": {
        "de": "Gespeicherte Szenarien mit allen Versionen. Veröffentlichte Versionen sehen der Gemeinderat und die "
              "Öffentlichkeit; sie werden nie verändert – eine Änderung wird eine neue Version.",
        "en": "Saved scenarios with all their versions. Published versions are what the council and the public see; "
              "they never change – an edit becomes a new version.",
    },
    "lib_database": {"de": "Datenbank", "en": "Database"},
    "lib_save_header": {"de": "Szenario speichern", "en": "Save a scenario"},
    "lib_source": {"de": "Inhalt", "en": "Content"},
    "lib_source_map": {"de": "aktuelles Szenario der Karte", "en": "current scenario of the map"},
    "lib_name": {"de": "Name", "en": "Name"},
    "lib_description": {"de": "Beschreibung", "en": "Description"},
    "lib_author": {"de": "Autorin / Autor", "en": "Author"},
    "lib_save": {"de": "Speichern", "en": "Save"},
    "lib_saved": {"de": "Gespeichert als {ref}.", "en": "Saved as {ref}."},
    "lib_same": {"de": "Diese Fassung ist schon als {ref} gespeichert.", "en": "This content is saved already as {ref}."},
    "lib_list_header": {"de": "Bibliothek", "en": "Library"},
    "lib_empty": {"de": "Noch keine gespeicherten Szenarien.", "en": "No saved scenarios yet."},
    "lib_version": {"de": "Version", "en": "Version"},
    "lib_created": {"de": "gespeichert", "en": "saved"},
    "lib_state": {"de": "Status", "en": "State"},
    "lib_published": {"de": "veröffentlicht", "en": "published"},
    "lib_draft": {"de": "Entwurf", "en": "draft"},
    "lib_changes": {"de": "Änderungen gegenüber der Vorversion", "en": "changes against the previous version"},
    "lib_stale": {
        "de": "Modell oder Daten haben sich seit dem Speichern geändert: Die Ergebnisse dieser Version würden heute "
              "anders ausfallen. Beim Veröffentlichen wird neu gerechnet.",
        "en": "The model or the data changed since this version was saved: its results would differ today. "
              "Publishing recomputes them.",
    },
    "lib_result_outdated": {
        "de": "Das veröffentlichte Ergebnis wurde mit einem anderen Modell oder anderen Daten berechnet als den "
              "heutigen: Rat und Öffentlichkeit sehen es erst wieder nach einer Neuberechnung.",
        "en": "The published result was computed with another model or other data than today's: the council and "
              "the public see it again only after recomputing.",
    },
    "lib_recompute": {"de": "Neu berechnen", "en": "Recompute"},
    "lib_publish": {"de": "Veröffentlichen", "en": "Publish"},
    "lib_unpublish": {"de": "Zurückziehen", "en": "Withdraw"},
    "lib_publishing": {"de": "Ergebnis wird vorberechnet und veröffentlicht …", "en": "Precomputing and publishing …"},
    "lib_done_publish": {"de": "{ref} ist veröffentlicht.", "en": "{ref} is published."},
    "lib_done_unpublish": {"de": "{ref} ist zurückgezogen.", "en": "{ref} is withdrawn."},
    "lib_duplicate": {"de": "Kopieren als …", "en": "Duplicate as …"},
    "lib_duplicate_do": {"de": "Kopieren", "en": "Duplicate"},
    "lib_delete": {"de": "Löschen", "en": "Delete"},
    "lib_delete_confirm": {"de": "Ja, „{name}“ mit allen Versionen löschen", "en": "Yes, delete “{name}” with all versions"},
    "lib_deleted": {"de": "„{name}“ ist gelöscht.", "en": "“{name}” is deleted."},
    "lib_link": {"de": "Link für das Protokoll", "en": "Link for the minutes"},
    "audit_header": {"de": "Veröffentlichungen (Protokoll)", "en": "Publications (log)"},
    "audit_intro": {"de": "Wer wann was veröffentlicht, zurückgezogen oder gelöscht hat.",
                    "en": "Who published, withdrew or deleted what, and when."},
    "audit_empty": {"de": "Noch keine Einträge.", "en": "No entries yet."},
    "audit_at": {"de": "Zeit (UTC)", "en": "time (UTC)"},
    "audit_actor": {"de": "wer", "en": "who"},
    "audit_action": {"de": "was", "en": "what"},
    "audit_scenario": {"de": "Szenario", "en": "scenario"},
}
