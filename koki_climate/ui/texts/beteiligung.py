"""Texts of the planner's Beteiligung page (comments: moderation, map, exports, digest, model check).

Keys are prefixed ``bet_`` (and ``page_participation_planner`` for the title).
"""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "page_participation_planner": {"de": "Beteiligung", "en": "Participation"},
    "bet_intro": {
        "de": "Kommentare der Bürgerinnen und Bürger zu veröffentlichten Szenario-Versionen: prüfen und freigeben, "
              "auf der Karte sehen, exportieren, nach Themen zusammenfassen und mit dem Modell vergleichen. "
              "Öffentlich sichtbar ist ein Kommentar erst nach der Freigabe.",
        "en": "Citizens' comments on published scenario versions: review and approve them, see them on the map, "
              "export them, digest them into themes and compare them with the model. A comment is visible to "
              "the public only after approval.",
    },
    "bet_public_refused": {
        "de": "Diese Seite gibt es nur auf der Planungsinstanz: Kommentare werden hier geprüft und freigegeben.",
        "en": "This page exists only on the planning instance: comments are reviewed and approved there.",
    },
    "bet_planner_only": {
        "de": "Kommentare prüfen ist nur im Planungsmodus möglich (KOKI_MODE=planner).",
        "en": "Reviewing comments is only possible in planning mode (KOKI_MODE=planner).",
    },
    "bet_store_error": {"de": "Die Kommentare konnten nicht gelesen werden:",
                        "en": "The comments could not be read:"},
    "bet_none": {
        "de": "Noch keine Kommentare. Bürgerinnen und Bürger kommentieren veröffentlichte Versionen auf der "
              "Beteiligungsinstanz (KOKI_MODE=participation).",
        "en": "No comments yet. Citizens comment on published versions on the participation instance "
              "(KOKI_MODE=participation).",
    },
    # filters and table
    "bet_filters": {"de": "Filter (leer = alle)", "en": "Filters (empty = all)"},
    "bet_filter_status": {"de": "Status", "en": "Status"},
    "bet_filter_category": {"de": "Kategorie", "en": "Category"},
    "bet_filter_version": {"de": "Szenario-Version", "en": "Scenario version"},
    "bet_filter_zone": {"de": "Zone bei Abgabe", "en": "Zone when posted"},
    "bet_all": {"de": "alle", "en": "all"},
    "bet_count": {"de": "{shown} von {total} Kommentaren", "en": "{shown} of {total} comments"},
    "bet_list_header": {"de": "Kommentare", "en": "Comments"},
    "bet_col_id": {"de": "Nr.", "en": "No."},
    "bet_col_time": {"de": "Zeit (UTC)", "en": "Time (UTC)"},
    "bet_col_version": {"de": "Szenario-Version", "en": "Scenario version"},
    "bet_col_category": {"de": "Kategorie", "en": "Category"},
    "bet_col_zone": {"de": "Zone bei Abgabe", "en": "Zone when posted"},
    "bet_col_status": {"de": "Status", "en": "Status"},
    "bet_col_language": {"de": "Sprache", "en": "Language"},
    "bet_col_observed": {"de": "beobachtete Überflutung", "en": "observed flood"},
    "bet_col_text": {"de": "Text", "en": "Text"},
    "bet_cat_water_seen": {"de": "Hier stand schon Wasser", "en": "Water stood here"},
    "bet_cat_objection": {"de": "Einwand", "en": "Objection"},
    "bet_cat_hint": {"de": "Hinweis", "en": "Hint"},
    "bet_cat_question": {"de": "Frage", "en": "Question"},
    "bet_status_pending": {"de": "offen", "en": "pending"},
    "bet_status_approved": {"de": "freigegeben", "en": "approved"},
    "bet_status_hidden": {"de": "ausgeblendet", "en": "hidden"},
    "bet_zone_unknown": {"de": "ohne Zone", "en": "no zone"},
    # moderation
    "bet_moderate_header": {"de": "Prüfen und freigeben", "en": "Review and approve"},
    "bet_select": {"de": "Kommentare auswählen", "en": "Select comments"},
    "bet_select_placeholder": {"de": "Nummern wählen", "en": "Choose numbers"},
    "bet_actor": {"de": "Geprüft von", "en": "Reviewed by"},
    "bet_actor_default": {"de": "Planung", "en": "Planning"},
    "bet_approve": {"de": "Freigeben", "en": "Approve"},
    "bet_hide": {"de": "Ausblenden", "en": "Hide"},
    "bet_moderate_help": {
        "de": "Freigegebene Kommentare sieht die Öffentlichkeit; ausgeblendete niemand außer der Planung. "
              "Jede Prüfung wird gespeichert, die neueste gilt – eine Entscheidung lässt sich also ändern.",
        "en": "Approved comments are shown to the public; hidden ones to nobody but the planners. Every review "
              "is kept and the newest counts, so a decision can be changed.",
    },
    "bet_done_approved": {"de": "Freigegeben von {actor}: {ids}", "en": "Approved by {actor}: {ids}"},
    "bet_done_hidden": {"de": "Ausgeblendet von {actor}: {ids}", "en": "Hidden by {actor}: {ids}"},
    "bet_nothing_selected": {"de": "Bitte zuerst Kommentare auswählen.", "en": "Please select comments first."},
    # map
    "bet_map_header": {"de": "Karte der Kommentare", "en": "Map of the comments"},
    "bet_map_caption": {
        "de": "Farbe: Kategorie. Ein Punkt zeigt den Ort des Kommentars, sein Kreis die angegebene Fläche "
              "(mindestens 30 m). Schwarz umrandet: mögliche Modellfehler (siehe unten).",
        "en": "Colour: category. A point is the comment's place, its circle the area given (at least 30 m). "
              "Black ring: possible model misses (see below).",
    },
    "bet_map_miss": {"de": "möglicher Modellfehler", "en": "possible model miss"},
    # exports
    "bet_export_header": {"de": "Export", "en": "Export"},
    "bet_export_caption": {
        "de": "Die gefilterten Kommentare. CSV für Excel (UTF-8, Semikolon): Zellen, die mit =, +, -, @, "
              "Tabulator oder Wagenrücklauf beginnen, bekommen dort ein vorangestelltes Apostroph, damit "
              "Tabellenprogramme sie nicht als Formel ausführen. GeoPackage für QGIS: Punkte im "
              "Koordinatensystem des Gebiets, Texte unverändert.",
        "en": "The filtered comments. CSV for Excel (UTF-8, semicolon): cells starting with =, +, -, @, tab or "
              "carriage return get a leading apostrophe there, so spreadsheets never run them as formulas. "
              "GeoPackage for QGIS: points in the region's coordinate system, texts unchanged.",
    },
    "bet_download_csv": {"de": "CSV herunterladen", "en": "Download CSV"},
    "bet_download_gpkg": {"de": "GeoPackage herunterladen", "en": "Download GeoPackage"},
    # digest
    "bet_digest_header": {"de": "Themen (Zusammenfassung)", "en": "Themes (digest)"},
    "bet_digest_caption": {
        "de": "Die gefilterten Kommentare nach Themen, offline berechnet (TF-IDF und NMF, keine externe KI): je "
              "Thema die Wörter, die es ausmachen, Schlüsselphrasen, Größe und typische Kommentare, dazu die "
              "Zählung nach Zone und Kategorie. Die Berechnung dauert einige Sekunden.",
        "en": "The filtered comments by theme, computed offline (TF-IDF and NMF, no external AI): for each theme "
              "the words that make it, keyphrases, size and typical comments, with counts per zone and category. "
              "It takes a few seconds.",
    },
    "bet_digest_run": {"de": "Themen berechnen", "en": "Compute themes"},
    "bet_digest_running": {"de": "Themen werden berechnet …", "en": "Computing themes …"},
    "bet_digest_too_few": {
        "de": "Für Themen braucht es mindestens {needed} Kommentare; ausgewählt sind {n}.",
        "en": "Themes need at least {needed} comments; {n} are selected.",
    },
    "bet_digest_no_words": {
        "de": "Die ausgewählten Kommentare enthalten keine auswertbaren Wörter (nur Füllwörter oder Zeichen).",
        "en": "The selected comments contain no usable words (only stop words or symbols).",
    },
    "bet_digest_stale": {
        "de": "Die Filter haben sich geändert: Themen für die jetzige Auswahl neu berechnen.",
        "en": "The filters changed: compute the themes for the current selection.",
    },
    "bet_digest_k": {
        "de": "{k} Themen aus {n} Kommentaren. Die Anzahl ist automatisch gewählt: die, deren Themen auf "
              "Teilmengen der Kommentare am stabilsten wiederkehren.",
        "en": "{k} themes from {n} comments. Their number is chosen automatically: the one whose themes recur "
              "most stably on subsets of the comments.",
    },
    "bet_digest_languages": {"de": "Erkannte Sprachen", "en": "Detected languages"},
    "bet_theme": {"de": "Thema", "en": "Theme"},
    "bet_theme_none": {"de": "ohne Wörter", "en": "no words"},
    "bet_col_size": {"de": "Kommentare", "en": "Comments"},
    "bet_col_words": {"de": "Wörter (warum)", "en": "Words (why)"},
    "bet_col_keyphrases": {"de": "Schlüsselphrasen", "en": "Keyphrases"},
    "bet_representatives": {"de": "Typische Kommentare", "en": "Typical comments"},
    "bet_assignments": {"de": "Zuordnung je Kommentar", "en": "Assignment per comment"},
    "bet_col_share": {"de": "Anteil des Themas", "en": "Share of the theme"},
    "bet_col_detected": {"de": "erkannte Sprache", "en": "detected language"},
    # labelling
    "bet_label_header": {"de": "Eigene Kategorien", "en": "Own categories"},
    "bet_label_caption": {
        "de": "Tragen Sie für einige Kommentare eine eigene Kategorie in die Spalte „Kategorie (eigene)“ ein "
              "(mindestens zwei verschiedene). „Rest sortieren“ ordnet die übrigen zu (logistische Regression) "
              "und sagt, wie gut das auf Ihren Beispielen gelingt (kreuzvalidiertes Makro-F1).",
        "en": "Type your own category for a few comments in the column \"Category (own)\" (at least two "
              "different ones). \"Sort the rest\" assigns the others (logistic regression) and says how well "
              "that works on your examples (cross-validated macro-F1).",
    },
    "bet_col_label": {"de": "Kategorie (eigene)", "en": "Category (own)"},
    "bet_col_predicted": {"de": "vorhergesagt", "en": "predicted"},
    "bet_label_run": {"de": "Rest sortieren", "en": "Sort the rest"},
    "bet_label_too_few": {
        "de": "Bitte mindestens zwei verschiedene eigene Kategorien vergeben (bisher: {n}).",
        "en": "Please give at least two different own categories (so far: {n}).",
    },
    "bet_label_no_cv": {
        "de": "Für eine Güteangabe braucht jede Kategorie mindestens zwei Beispiele: die Zuordnung ist ohne "
              "Gütemaß.",
        "en": "A quality figure needs at least two examples per category: the assignment comes without one.",
    },
    "bet_label_f1": {"de": "Makro-F1 (kreuzvalidiert, {folds}-fach)", "en": "Macro-F1 (cross-validated, {folds}-fold)"},
    "bet_label_baseline": {"de": "Vergleich: immer die häufigste Kategorie",
                           "en": "Baseline: always the most frequent category"},
    "bet_label_words": {"de": "Stärkste Wörter je Kategorie", "en": "Strongest words per category"},
    "bet_label_stale": {
        "de": "Kategorien oder Filter haben sich geändert: „Rest sortieren“ erneut ausführen.",
        "en": "Categories or filters changed: run \"Sort the rest\" again.",
    },
    # residents vs the model
    "bet_check_header": {"de": "„Hier stand schon Wasser“: Abgleich mit dem Modell",
                         "en": "\"Water stood here\": check against the model"},
    "bet_check_caption": {
        "de": "Meldungen von Wasser außerhalb der Zonen 2 und 3 (Bauen mit Auflagen, Freihalten) zum Zeitpunkt "
              "der Abgabe sind mögliche Modellfehler. Der Anteil innerhalb ist eine einfache Kontrollzahl, kein "
              "Gütemaß des Modells: Die Meldungen sind selbst ausgewählt, keine Stichprobe des Gebiets. "
              "Ausgeblendete Kommentare zählen nicht.",
        "en": "Reports of water outside zones 2 and 3 (build with conditions, keep free) when posted are possible "
              "model misses. The share inside is a plain check figure, not a score of the model: the reports are "
              "self-selected, not a sample of the region. Hidden comments do not count.",
    },
    "bet_check_total": {"de": "Wassermeldungen", "en": "Water reports"},
    "bet_check_inside": {"de": "in Zone 2/3", "en": "in zone 2/3"},
    "bet_check_outside": {"de": "außerhalb (mögliche Fehler)", "en": "outside (possible misses)"},
    "bet_check_unknown": {"de": "ohne Zone", "en": "no zone"},
    "bet_check_share": {"de": "Anteil in Zone 2/3", "en": "Share in zone 2/3"},
    "bet_check_confirmed": {"de": "als beobachtet übernommen", "en": "confirmed as observed"},
    "bet_check_none": {"de": "Keine möglichen Modellfehler in der Auswahl.",
                       "en": "No possible model misses in the selection."},
    "bet_check_more": {"de": "Gezeigt: die ersten {shown} von {total}; der Export enthält alle.",
                       "en": "Shown: the first {shown} of {total}; the export has all of them."},
    "bet_observe": {"de": "Als beobachtete Überflutung übernehmen", "en": "Record as an observed flood"},
    "bet_observe_help": {
        "de": "Bestätigt, dass hier tatsächlich Wasser stand: der Punkt wird als beobachtete Überflutung "
              "gespeichert (für das nächste Training des Modells).",
        "en": "Confirms that water really stood here: the point is stored as an observed flood (for the model's "
              "next training).",
    },
    "bet_observed_already": {"de": "als beobachtete Überflutung übernommen", "en": "recorded as an observed flood"},
    "bet_observed_done": {"de": "Kommentar {id} als beobachtete Überflutung übernommen (von {actor}).",
                          "en": "Comment {id} recorded as an observed flood (by {actor})."},
}
