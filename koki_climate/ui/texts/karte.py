"""Texts of the Karte page, its scenario picker and the risk-map layers (keys start with ``map_``)."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # scenario picker
    "map_scenario": {"de": "Szenario", "en": "Scenario"},
    "map_custom": {"de": "Eigenes Szenario", "en": "Custom scenario"},
    "map_custom_edit": {"de": "Szenario anpassen", "en": "Adjust scenario"},
    "map_custom_help": {
        "de": "Eine Änderung hier macht aus der Vorlage ein eigenes Szenario.",
        "en": "A change here turns the preset into a custom scenario.",
    },
    "map_pathway": {"de": "Klimapfad", "en": "Climate pathway"},
    "map_pathway_historical": {"de": "Heutiges Klima (1991–2020)", "en": "Today's climate (1991–2020)"},
    "map_pathway_rcp26": {"de": "RCP2.6 – starker Klimaschutz", "en": "RCP2.6 – strong mitigation"},
    "map_pathway_rcp45": {"de": "RCP4.5 – mittlerer Pfad", "en": "RCP4.5 – intermediate"},
    "map_pathway_rcp85": {"de": "RCP8.5 – ungebremst", "en": "RCP8.5 – unmitigated"},
    "map_horizon": {"de": "Zeitraum", "en": "Period"},
    "map_groundwater_offset": {"de": "Grundwasser zusätzlich höher (m)", "en": "Groundwater additionally higher (m)"},
    "map_groundwater_offset_help": {
        "de": "Positiv: Grundwasser steht so viele Meter höher als projiziert; negativ: tiefer.",
        "en": "Positive: groundwater this many metres higher than projected; negative: lower.",
    },
    "map_develop": {"de": "Geplante Baugebiete bebauen", "en": "Build out planned development"},
    "map_unseal": {"de": "Flurstücke entsiegeln", "en": "Unseal parcels"},
    "map_unseal_fraction": {"de": "Anteil der Versiegelung, der entfernt wird", "en": "Share of sealing removed"},
    "map_retention": {"de": "Flurstücke als Rückhalteflächen", "en": "Parcels as retention areas"},
    "map_policy": {"de": "Zonierung", "en": "Zoning"},
    "map_policy_expected": {"de": "Erwartungswert", "en": "Expected value"},
    "map_policy_precautionary": {"de": "Vorsorgeprinzip (deckt 90 % der Überflutungsfläche)", "en": "Precautionary (covers 90 % of the flooded area)"},
    "map_scenario_json": {"de": "Szenario als JSON", "en": "Scenario as JSON"},
    "map_bad_url": {
        "de": "Der Link enthält ein ungültiges Szenario ({detail}). Es wird „{fallback}“ gezeigt.",
        "en": "The link contains an invalid scenario ({detail}). Showing “{fallback}” instead.",
    },
    "map_bad_url_custom": {
        "de": "Auf dieser Instanz können nur vorbereitete Szenarien geöffnet werden",
        "en": "only prepared scenarios can be opened on this instance",
    },
    "map_url_unknown": {"de": "unbekanntes Szenario „{value}“", "en": "unknown scenario “{value}”"},
    "map_url_empty": {"de": "kein Szenario angegeben", "en": "no scenario given"},
    "map_bad_layer": {
        "de": "Die Kartenebene „{value}“ aus dem Link gibt es nicht; es wird „{fallback}“ gezeigt.",
        "en": "The map layer “{value}” in the link does not exist; showing “{fallback}” instead.",
    },
    "map_bad_scenario": {"de": "Dieses Szenario ist nicht möglich:", "en": "This scenario is not possible:"},
    "map_share_link": {
        "de": "Die Adresse dieser Seite enthält Szenario und Ansicht: kopieren und teilen.",
        "en": "This page's address holds the scenario and view: copy it to share.",
    },
    # layers
    "map_layer": {"de": "Kartenebene", "en": "Map layer"},
    "map_event": {"de": "Bemessungsereignis", "en": "Design event"},
    "map_layer_zone": {"de": "Schutzzonen", "en": "Protection zones"},
    "map_layer_p": {"de": "Überflutungswahrscheinlichkeit", "en": "Flood probability"},
    "map_layer_uncertainty": {"de": "Unsicherheit", "en": "Uncertainty"},
    "map_layer_aoa": {"de": "Anwendungsbereich des Modells", "en": "Model's area of applicability"},
    "map_layer_groundwater_depth": {"de": "Grundwasserflurabstand", "en": "Depth to groundwater"},
    "map_layer_impervious": {"de": "Versiegelung", "en": "Sealing"},
    "map_layer_elevation": {"de": "Gelände", "en": "Terrain"},
    "map_layer_landuse": {"de": "Flächennutzung", "en": "Land use"},
    "map_event_hq10": {"de": "10-jährliches Regenereignis (HQ10-ähnlich)", "en": "10-year rain event (HQ10-like)"},
    "map_event_hq100": {"de": "100-jährliches Regenereignis (HQ100-ähnlich)", "en": "100-year rain event (HQ100-like)"},
    "map_event_hqextrem": {"de": "Extremes Regenereignis (HQextrem-ähnlich)", "en": "Extreme rain event (HQextreme-like)"},
    "map_show_aoa": {"de": "Außerhalb des Anwendungsbereichs schraffieren",
                     "en": "Hatch outside the area of applicability"},
    "map_show_parcels": {"de": "Flurstücke zeigen", "en": "Show parcels"},
    "map_unit_percent": {"de": "Wahrscheinlichkeit (%)", "en": "Probability (%)"},
    "map_unit_spread": {"de": "Streuung der Modelle (± Prozentpunkte)", "en": "Spread of the models (± percentage points)"},
    "map_unit_depth": {"de": "Grundwasser unter Gelände (m)", "en": "Groundwater below ground (m)"},
    "map_unit_impervious": {"de": "Versiegelter Anteil (%)", "en": "Sealed share (%)"},
    "map_unit_elevation": {"de": "Geländehöhe (m ü. NN)", "en": "Elevation (m a.s.l.)"},
    "map_aoa_inside": {"de": "Modell anwendbar", "en": "Model applicable"},
    "map_aoa_outside": {"de": "Außerhalb: Aussage unsicher", "en": "Outside: result uncertain"},
    "map_aoa_screened": {"de": "Nicht berechnet: physikalisch ausgeschlossen (p = 0)",
                         "en": "Not predicted: ruled out physically (p = 0)"},
    "map_parcel_conflict": {"de": "Flurstück mit Konflikt", "en": "Parcel in conflict"},
    "map_parcel": {"de": "Flurstück", "en": "Parcel"},
    "map_layer_help_zone": {
        "de": "Vorschlag für Schutzzonen im Flächennutzungsplan nach diesem Szenario.",
        "en": "Proposed protection zones for the land-use plan under this scenario.",
    },
    "map_layer_help_p": {
        "de": "Wie wahrscheinlich eine Fläche bei diesem Ereignis überflutet wird.",
        "en": "How likely an area is flooded in this event.",
    },
    "map_layer_help_uncertainty": {
        "de": "Wie stark die Modelle untereinander abweichen: je dunkler, desto unsicherer.",
        "en": "How much the models disagree: the darker, the less certain.",
    },
    "map_layer_help_aoa": {
        "de": "Schraffiert: Gelände oder Ereignis unterscheidet sich stark von den Trainingsdaten. Hellblau: "
              "Flächen hoch über dem Gewässer und unversiegelt; das Modell rechnet dort nicht, sie gelten als "
              "nicht überflutbar (p = 0) und zählen weder als innerhalb noch als außerhalb.",
        "en": "Hatched: terrain or event differ strongly from the training data. Pale blue: unsealed land high "
              "above the streams; the model does not compute there, it counts as unable to flood (p = 0) and "
              "as neither inside nor outside.",
    },
    # tooltip
    "map_tt_use": {"de": "Nutzung", "en": "Use"},
    "map_tt_zones": {"de": "Zonen", "en": "Zones"},
    "map_tt_conflict": {"de": "Konflikt", "en": "Conflict"},
    "map_tt_reasons": {"de": "Gründe", "en": "Reasons"},
    "map_yes": {"de": "ja", "en": "yes"},
    "map_no": {"de": "nein", "en": "no"},
    "map_conflict_yes": {
        "de": "ja – Bebauung geplant in Hochwasserzone",
        "en": "yes – development planned in a flood zone",
    },
    "map_use_settlement": {"de": "Siedlung", "en": "settlement"},
    "map_use_industry": {"de": "Gewerbe", "en": "industry"},
    "map_use_agriculture": {"de": "Acker", "en": "agriculture"},
    "map_use_grassland": {"de": "Grünland", "en": "grassland"},
    "map_use_forest": {"de": "Wald", "en": "forest"},
    "map_use_water": {"de": "Gewässer", "en": "water"},
    "map_use_planned_development": {"de": "geplante Bebauung", "en": "planned development"},
    # headline and details
    "map_metric_conflicts": {"de": "Konflikte", "en": "Conflicts"},
    "map_metric_conflicts_help": {
        "de": "Flurstücke mit geplanter Bebauung, die zu mehr als 5 % in einer Hochwasserzone liegen.",
        "en": "Parcels planned for development with more than 5 % in a flood zone.",
    },
    "map_conflicts_title": {"de": "Flurstücke mit Konflikt", "en": "Parcels in conflict"},
    "map_details": {"de": "Technische Details zu diesem Szenario", "en": "Technical details of this scenario"},
    "map_design_events": {"de": "Bemessungsniederschläge", "en": "Design rainfall"},
    "map_applicable": {"de": "Anteil im Anwendungsbereich (an der berechneten Fläche)",
                       "en": "Share inside area of applicability (of the predicted area)"},
    "map_compute_time": {"de": "Rechenzeit", "en": "Compute time"},
    "map_col_event": {"de": "Ereignis", "en": "Event"},
    "map_col_precip": {"de": "Niederschlag (mm)", "en": "Rainfall (mm)"},
    "map_col_reference": {"de": "Referenz (mm)", "en": "Reference (mm)"},
    "map_col_factor": {"de": "Faktor", "en": "Factor"},
    "map_col_point": {"de": "Punktwert heute (mm)", "en": "Point value today (mm)"},
    "map_col_arf": {"de": "Flächenabminderung", "en": "Areal reduction"},
    "map_screened": {
        "de": "{share} % der Fläche liegen so hoch über dem Gewässer, dass sie nicht überfluten können (p = 0, "
              "nicht berechnet); der Anwendungsbereich bezieht sich auf die übrige Fläche.",
        "en": "{share} % of the area lies so high above the streams that it cannot flood (p = 0, not computed); "
              "the area of applicability refers to the rest.",
    },
    "map_model_skill": {
        "de": "CSI der Zone beim 100-jährlichen Regenereignis auf nicht gesehenen Blöcken: Modell {model}, "
              "Höhenregel {height}, logistische Regression {logistic} (Details: Seite Modell).",
        "en": "CSI of the zone for the 100-year rain event on unseen blocks: model {model}, height rule {height}, "
              "logistic regression {logistic} (details: Model page).",
    },
    "map_col_parcel": {"de": "Flurstück", "en": "Parcel"},
    "map_col_current": {"de": "Nutzung heute", "en": "Current use"},
    "map_col_planned": {"de": "Planung", "en": "Planned use"},
    "map_col_zone": {"de": "Höchste Zone", "en": "Highest zone"},
    "map_col_share": {"de": "Anteil Hochwasserzone", "en": "Share in flood zone"},
    "map_col_reasons": {"de": "Wichtigste Gründe", "en": "Main reasons"},
    "map_error": {
        "de": "Bei der Darstellung ist ein Fehler aufgetreten:",
        "en": "Something went wrong while drawing this page:",
    },
}
