"""Texts of the Modell & Transparenz page (keys prefixed ``model_``)."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "model_intro": {
        "de": "Was steckt hinter der Karte? Hier steht offen, mit welchen Daten das Modell gelernt hat, wie gut "
              "es ist, wo es sich auskennt, wo seine Grenzen liegen und was die Berechnungen an Energie kosten.",
        "en": "What is behind the map? This page states openly which data the model learned from, how good it "
              "is, where it knows its way around, where its limits are and what the computations cost in energy.",
    },
    "model_intended_use_header": {"de": "Wofür das Modell gedacht ist", "en": "Intended use"},
    "model_intended_use": {
        "de": "Das Modell ist eine Planungshilfe für den Flächennutzungsplan. Es schätzt, wie wahrscheinlich eine "
              "Fläche bei einem Starkregen- oder Hochwasserereignis überflutet wird. Überschwemmungsgebiete setzt "
              "allein die Wasserbehörde fest (§ 76 WHG); das Modell ersetzt weder diese Festsetzung noch die "
              "Abwägung durch Verwaltung und Gemeinderat.",
        "en": "The model is a planning aid for the land-use plan. It estimates how likely an area is to be "
              "flooded in a heavy-rain or flood event. Flood areas are designated by the water authority alone "
              "(§ 76 WHG, German Water Act); the model replaces neither that designation nor the weighing of "
              "interests by the administration and the council.",
    },
    # data
    "model_data_header": {"de": "Daten und Herkunft", "en": "Data and provenance"},
    "model_region": {"de": "Gebiet", "en": "Region"},
    "model_synthetic": {"de": "Beispieldaten (synthetisch)", "en": "Sample data (synthetic)"},
    "model_yes": {"de": "ja", "en": "yes"},
    "model_no": {"de": "nein", "en": "no"},
    "model_checksum": {"de": "Prüfsumme der Daten", "en": "Data checksum"},
    "model_key_label": {"de": "Modellschlüssel · Version", "en": "Model key · version"},
    "model_events": {"de": "Historische Ereignisse (Anzahl: Daten)", "en": "Historical events (count: dates)"},
    "model_rows": {"de": "Trainingsbeispiele (Zelle × Ereignis)", "en": "Training rows (cell × event)"},
    "model_positive_share": {"de": "davon überflutet", "en": "of which flooded"},
    "model_item": {"de": "Angabe", "en": "Item"},
    "model_value": {"de": "Wert", "en": "Value"},
    "model_libraries": {"de": "Details: Algorithmus und Programmversionen", "en": "Details: algorithm and library versions"},
    # quality
    "model_quality_header": {"de": "Wie gut ist das Modell?", "en": "How good is the model?"},
    "model_quality_good": {
        "de": "Gut: Zeigt man dem Modell eine überflutete und eine trockene Stelle aus einem Gebiet, das es beim "
              "Lernen nicht gesehen hat, ordnet es sie in etwa {share} von 100 Fällen richtig ein (AUC {auc}).",
        "en": "Good: shown a flooded and a dry spot from an area it did not see while learning, the model ranks "
              "them correctly in about {share} of 100 cases (AUC {auc}).",
    },
    "model_quality_fair": {
        "de": "Brauchbar: Bei einer überfluteten und einer trockenen Stelle aus einem unbekannten Gebiet liegt "
              "das Modell in etwa {share} von 100 Fällen richtig (AUC {auc}). Ergebnisse mit Vorsicht nutzen.",
        "en": "Fair: for a flooded and a dry spot from an unseen area the model is right in about {share} of "
              "100 cases (AUC {auc}). Use the results with care.",
    },
    "model_quality_weak": {
        "de": "Schwach: Das Modell unterscheidet überflutete und trockene Stellen in unbekannten Gebieten nur "
              "in etwa {share} von 100 Fällen richtig (AUC {auc}). Nicht ohne weitere Prüfung verwenden.",
        "en": "Weak: the model tells flooded from dry spots in unseen areas in only about {share} of 100 cases "
              "(AUC {auc}). Do not use without further checks.",
    },
    "model_metric": {"de": "Kennzahl", "en": "Metric"},
    "model_spatial_cv": {"de": "räumliche Prüfung", "en": "spatial CV"},
    "model_random_cv": {"de": "zufällige Prüfung", "en": "random CV"},
    "model_better": {"de": "besser ist", "en": "better is"},
    "model_metric_roc_auc": {"de": "ROC AUC (Trennschärfe)", "en": "ROC AUC (discrimination)"},
    "model_metric_average_precision": {"de": "Average Precision", "en": "Average precision"},
    "model_metric_brier": {"de": "Brier-Score (Fehler der Wahrscheinlichkeit)", "en": "Brier score (probability error)"},
    "model_better_roc_auc": {"de": "höher (max. 1)", "en": "higher (max 1)"},
    "model_better_average_precision": {"de": "höher (max. 1)", "en": "higher (max 1)"},
    "model_better_brier": {"de": "niedriger (min. 0)", "en": "lower (min 0)"},
    "model_cv_details": {"de": "Details: räumliche und zufällige Kreuzvalidierung", "en": "Details: spatial and random cross-validation"},
    "model_cv_method": {
        "de": "Räumliche Prüfung: Das Gebiet wird in {n_blocks} Blöcke von {block_km} km geteilt und diese in "
              "{n_folds} Gruppen; das Modell wird jeweils ohne eine Gruppe trainiert und an ihr geprüft. Zufällige Prüfung: "
              "Zellen werden zufällig aufgeteilt – benachbarte, fast gleiche Zellen landen dann in Training "
              "und Prüfung, das Ergebnis wirkt zu gut.",
        "en": "Spatial CV: the region is split into {n_blocks} blocks of {block_km} km, grouped into {n_folds} "
              "folds; the model is trained without one fold and tested on it. Random CV: cells are split at random, so "
              "neighbouring, nearly identical cells end up in both training and test, and the score looks "
              "too good.",
    },
    "model_leakage_small": {
        "de": "Räumlich geprüft erreicht das Modell eine AUC von {spatial}, zufällig geprüft {random}. Der "
              "Unterschied ({gap}) ist klein: Das Modell hat wenig „auswendig gelernt“ und überträgt sich gut "
              "auf Flächen, die es nicht kennt.",
        "en": "Tested spatially the model reaches an AUC of {spatial}, tested at random {random}. The gap "
              "({gap}) is small: the model has memorised little and transfers well to areas it does not know.",
    },
    "model_leakage_large": {
        "de": "Räumlich geprüft erreicht das Modell eine AUC von {spatial}, zufällig geprüft {random}. Die "
              "zufällige Prüfung ist um {gap} zu optimistisch, weil Nachbarzellen sich ähneln und das Modell "
              "sie „wiedererkennt“. Maßgeblich für neue Flächen ist der räumliche Wert.",
        "en": "Tested spatially the model reaches an AUC of {spatial}, tested at random {random}. The random "
              "test is {gap} too optimistic because neighbouring cells are alike and the model "
              "“recognises” them. For new areas the spatial value is what counts.",
    },
    # calibration
    "model_cal_header": {"de": "Stimmen die Wahrscheinlichkeiten?", "en": "Are the probabilities right?"},
    "model_cal_text": {
        "de": "Kalibrierung: Von allen Zellen, denen das Modell z. B. 30 % Überflutungswahrscheinlichkeit gibt, "
              "sollten etwa 30 % tatsächlich überflutet gewesen sein. Punkte nahe der gestrichelten Linie "
              "bedeuten: die Prozentwerte sind ehrlich.",
        "en": "Calibration: of all cells the model gives, say, a 30 % flood probability, about 30 % should "
              "actually have been flooded. Points close to the dashed line mean the percentages are honest.",
    },
    "model_cal_predicted": {"de": "vorhergesagte Wahrscheinlichkeit", "en": "predicted probability"},
    "model_cal_observed": {"de": "beobachteter Anteil überflutet", "en": "observed flooded share"},
    "model_cal_count": {"de": "Anzahl", "en": "count"},
    "model_cal_missing": {"de": "Keine Kalibrierungsdaten in der Modellkarte.", "en": "No calibration data in the model card."},
    # importance
    "model_importance_header": {"de": "Worauf achtet das Modell?", "en": "What does the model look at?"},
    "model_importance_text": {
        "de": "Wie stark die Vorhersage schlechter wird, wenn man ein Merkmal durcheinanderwürfelt "
              "(Permutations-Wichtigkeit, Verlust an AUC). Je länger der Balken, desto wichtiger das Merkmal.",
        "en": "How much worse the prediction gets when one feature is shuffled (permutation importance, drop "
              "in AUC). The longer the bar, the more important the feature.",
    },
    "model_importance_axis": {"de": "Verlust an AUC", "en": "Drop in AUC"},
    # applicability
    "model_aoa_header": {"de": "Wo kennt sich das Modell aus?", "en": "Where does the model know its way around?"},
    "model_aoa_text": {
        "de": "Flächen, deren Merkmale stark von allem abweichen, was das Modell beim Lernen gesehen hat, liegen "
              "außerhalb seines Anwendungsbereichs; dort sind die Werte unsicher und werden auf der Karte "
              "gekennzeichnet.",
        "en": "Areas whose features differ strongly from everything the model saw while learning lie outside "
              "its area of applicability; values there are uncertain and are flagged on the map.",
    },
    "model_aoa_method": {"de": "Verfahren", "en": "Method"},
    "model_aoa_threshold": {"de": "Schwellenwert (Unähnlichkeit)", "en": "Threshold (dissimilarity)"},
    "model_aoa_share": {"de": "Anteil im Anwendungsbereich, {event} ({scenario})",
                        "en": "Share inside the area of applicability, {event} ({scenario})"},
    "model_aoa_none": {
        "de": "Noch kein Szenario berechnet – der Anteil im Anwendungsbereich erscheint, sobald auf der Karte "
              "oder im Vergleich ein Szenario berechnet wurde.",
        "en": "No scenario computed yet – the share inside the area of applicability appears once a scenario "
              "has been computed on the map or comparison page.",
    },
    # footprint
    "model_footprint_header": {"de": "Rechenzeit und Energie", "en": "Compute time and energy"},
    "model_footprint_plain": {
        "de": "Das Training hat etwa {minutes} Minuten gedauert und rund {wh} Wh Strom verbraucht "
              "(≈ {co2} g CO₂).",
        "en": "Training took about {minutes} minutes and used about {wh} Wh of electricity (≈ {co2} g CO₂).",
    },
    "model_footprint_assumptions": {
        "de": "Schätzung: CPU-Sekunden × {watts} W je ausgelastetem Prozessorkern; {co2} g CO₂ je kWh "
              "(deutscher Strommix). Anzeige der Szenarien: seit dem Start dieses Servers berechnete Läufe.",
        "en": "Estimate: CPU seconds × {watts} W per busy core; {co2} g CO₂ per kWh (German electricity mix). "
              "Scenario rows: runs computed since this server started.",
    },
    "model_run": {"de": "Lauf", "en": "Run"},
    "model_training": {"de": "Training", "en": "Training"},
    "model_scenario": {"de": "Szenario", "en": "Scenario"},
    "model_wall_s": {"de": "Dauer (s)", "en": "Wall time (s)"},
    "model_cpu_s": {"de": "CPU (s)", "en": "CPU (s)"},
    "model_energy_wh": {"de": "Energie (Wh)", "en": "Energy (Wh)"},
    "model_co2_g": {"de": "CO₂ (g)", "en": "CO₂ (g)"},
    # limits
    "model_limits_header": {"de": "Grenzen des Modells", "en": "Limits of the model"},
    "model_limits_plain": {
        "de": "Das Modell lernt nur aus den bisherigen Ereignissen dieses Gebiets. Größere Ereignisse als die "
              "größten beobachteten, Deichbrüche und Sturzfluten in kleinen Einzugsgebieten kann es nicht "
              "abbilden. Rückhalteflächen wirken nur über ihre Entsiegelung, nicht über ihr Speichervolumen.",
        "en": "The model learns only from this region's past events. Events larger than the largest observed "
              "ones, dike failures and flash floods in small catchments are beyond it. Retention areas act "
              "only through their unsealing, not through their storage volume.",
    },
    "model_limits_original": {"de": "Wortlaut der Modellkarte (englisch)", "en": "Model card wording"},
    "model_download": {"de": "Modellkarte herunterladen (Markdown)", "en": "Download model card (Markdown)"},
    "model_download_json": {"de": "Modellkarte als JSON", "en": "Model card as JSON"},
}
