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
    "model_quality_csi": {
        "de": "Auf Flächen, die das Modell beim Lernen nicht gesehen hat, trifft seine Zone für das {event} die "
              "tatsächlich überflutete Fläche mit einem CSI von {model} (1 = deckungsgleich, 0 = keine "
              "Überschneidung). Zum Vergleich, in denselben Prüfblöcken: eine Regel nur nach der Höhe über dem "
              "Gewässer {height}, eine logistische Regression mit denselben Merkmalen {logistic}.",
        "en": "On areas the model did not see while learning, its zone for the {event} matches the area that "
              "actually flooded with a CSI of {model} (1 = identical, 0 = no overlap). For comparison, in the "
              "same test blocks: a rule based on height above the stream alone {height}, a logistic regression "
              "on the same features {logistic}.",
    },
    "model_quality_synthetic": {
        "de": "Diese Zahlen stammen aus synthetischen Beispieldaten und sagen nichts über ein reales Gebiet.",
        "en": "These figures come from synthetic sample data and say nothing about a real region.",
    },
    "model_quality_old_card": {
        "de": "Diese Modellkarte enthält noch keinen Vergleich mit einfachen Regeln; bitte das Modell neu trainieren.",
        "en": "This model card has no comparison with simple rules yet; please retrain the model.",
    },
    "model_skill_header": {"de": "Im Vergleich mit einfachen Regeln", "en": "Compared with simple rules"},
    "model_skill_text": {
        "de": "Je Bemessungsereignis, an räumlich zurückgehaltenen Blöcken (historische Ereignisse ähnlicher "
              "Regenmenge): CSI = Treffer / (Treffer + Verfehlte + Fehlalarme); Trefferquote = Anteil der "
              "überfluteten Fläche in der Zone; Fehlalarmquote = Anteil der Zone, der trocken blieb; ROC AUC = "
              "Trennschärfe der Rangfolge. Die Höhenregel bekommt ihren Schwellenwert je Ereignis aus den "
              "Trainingsblöcken – ein großzügiger Vergleich.",
        "en": "Per design event, on spatially held-out blocks (historical events of similar rain): CSI = hits / "
              "(hits + misses + false alarms); hit rate = share of the flooded area inside the zone; false-alarm "
              "ratio = share of the zone that stayed dry; ROC AUC = how well the ranking separates. The height "
              "rule gets its threshold per event from the training blocks – a generous comparison.",
    },
    "model_col_event": {"de": "Bemessungsereignis", "en": "Design event"},
    "model_col_method": {"de": "Verfahren", "en": "Method"},
    "model_col_csi": {"de": "CSI", "en": "CSI"},
    "model_col_hit_rate": {"de": "Trefferquote", "en": "Hit rate"},
    "model_col_false_alarm_ratio": {"de": "Fehlalarmquote", "en": "False-alarm ratio"},
    "model_col_roc_auc": {"de": "ROC AUC", "en": "ROC AUC"},
    "model_method_model": {"de": "Modell", "en": "Model"},
    "model_method_height_rule": {"de": "Höhenregel (nur Höhe über Gewässer)", "en": "Height rule (height above stream only)"},
    "model_method_logistic": {"de": "Logistische Regression", "en": "Logistic regression"},
    "model_coverage_header": {"de": "Hält die Vorsorgezone, was sie verspricht?", "en": "Does the precautionary zone keep its promise?"},
    "model_coverage_text": {
        "de": "Die Vorsorgezone ist so bemessen, dass sie einen zugesagten Anteil der überfluteten Fläche enthält "
              "(konformes Verfahren auf zurückgehaltenen Blöcken). Gemessen wurde, welcher Anteil der "
              "überfluteten Fläche in nicht gesehenen Blöcken tatsächlich in der Zone lag.",
        "en": "The precautionary zone is sized to contain a promised share of the flooded area (conformal "
              "calibration on held-out blocks). Measured: the share of the flooded area in unseen blocks that "
              "actually lay inside the zone.",
    },
    "model_col_promised": {"de": "zugesagt", "en": "promised"},
    "model_col_measured": {"de": "gemessen", "en": "measured"},
    "model_col_threshold": {"de": "Schwelle p", "en": "threshold p"},
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
    "model_leakage": {
        "de": "Räumlich geprüft erreicht das Modell eine AUC von {spatial}, zufällig geprüft {random}. Die "
              "zufällige Prüfung fällt um {gap} günstiger aus, weil Nachbarzellen sich ähneln und in Training und "
              "Prüfung landen. Für neue Flächen zählt der räumliche Wert.",
        "en": "Tested spatially the model reaches an AUC of {spatial}, tested at random {random}. The random "
              "test comes out {gap} higher because neighbouring cells are alike and end up in both training and "
              "test. For new areas the spatial value is what counts.",
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
              "gekennzeichnet. Maß ist der Abstand zur ähnlichsten Trainingsfläche, geteilt durch den mittleren "
              "Abstand der Trainingsflächen untereinander; der Schwellenwert ist der größte Wert, den die "
              "Trainingsflächen in der Kreuzvalidierung ohne Ausreißer erreichen (Meyer & Pebesma 2021, wie im "
              "R-Paket CAST). Flächen hoch über dem Gewässer und unversiegelt berechnet das Modell nicht (p = 0); "
              "sie zählen weder als innerhalb noch als außerhalb.",
        "en": "Areas whose features differ strongly from everything the model saw while learning lie outside "
              "its area of applicability; values there are uncertain and are flagged on the map. The measure is "
              "the distance to the most similar training area divided by the mean distance between training "
              "areas; the threshold is the largest value training areas reach in cross-validation, outliers "
              "removed (Meyer & Pebesma 2021, as in the R package CAST). Unsealed land high above the streams is "
              "not computed by the model (p = 0) and counts as neither inside nor outside.",
    },
    "model_aoa_method": {"de": "Verfahren", "en": "Method"},
    "model_aoa_threshold": {"de": "Schwellenwert (Unähnlichkeit)", "en": "Threshold (dissimilarity)"},
    "model_aoa_share": {"de": "Anteil im Anwendungsbereich (an der berechneten Fläche), {event} ({scenario})",
                        "en": "Share inside the area of applicability (of the predicted area), {event} ({scenario})"},
    "model_aoa_screened": {"de": "Nicht berechnet, physikalisch ausgeschlossen (p = 0), Anteil am Gebiet ({scenario})",
                           "en": "Not predicted, ruled out physically (p = 0), share of the region ({scenario})"},
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
    "model_screen_missed": {
        "de": "Vom physikalischen Filter übergangene Überflutungen (Anteil der überfluteten Zellen aller Ereignisse, "
              "die weit über Gewässern in Senken liegen; jede Zone verfehlt sie, die Prüfung sieht sie nicht)",
        "en": "Floods the physical screen skips (share of flooded cells of all events lying in hollows far above "
              "streams; every zone misses them, the validation does not see them)",
    },
}
