"""Texts of the Grundwasser page (keys prefixed ``gw_``)."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "gw_intro": {
        "de": "Wie hoch steht das Grundwasser, wie verändert es sich, und was bedeutet der Klimawandel dafür? "
              "Wählen Sie eine Messstelle auf der Karte oder in der Liste.",
        "en": "How high is the groundwater, how is it changing, and what does climate change mean for it? "
              "Choose a monitoring well on the map or in the list.",
    },
    "gw_no_wells": {
        "de": "Für dieses Gebiet sind keine Grundwassermessstellen hinterlegt.",
        "en": "This region has no groundwater monitoring wells.",
    },
    "gw_well": {"de": "Messstelle", "en": "Well"},
    "gw_selected_well": {"de": "gewählte Messstelle", "en": "selected well"},
    "gw_choose_well": {"de": "Messstelle wählen", "en": "Choose a well"},
    "gw_ground_elevation": {"de": "Geländehöhe", "en": "Ground elevation"},
    "gw_depth_legend": {"de": "Grundwasserflurabstand", "en": "Depth to groundwater"},
    "gw_map_layer": {"de": "Flurabstand auf der Karte", "en": "Depth shown on the map"},
    "gw_map_today": {"de": "heute (Datengrundlage)", "en": "today (region data)"},
    "gw_computing": {
        "de": "Messreihe wird ausgewertet (einige Sekunden, danach zwischengespeichert) …",
        "en": "Analysing the well record (a few seconds, then cached) …",
    },
    "gw_well_error": {
        "de": "Die Messreihe dieser Messstelle konnte nicht ausgewertet werden:",
        "en": "The record of this well could not be analysed:",
    },
    "gw_part_error": {"de": "Nicht berechenbar:", "en": "Could not be computed:"},
    "gw_part_unavailable": {
        "de": "Dieser Teil der Auswertung ist für diese Messstelle nicht verfügbar.",
        "en": "This part of the analysis is not available for this well.",
    },
    "gw_record": {
        "de": "{n} Messwerte von {start} bis {end} (Raster: {grid}).",
        "en": "{n} readings from {start} to {end} (grid: {grid}).",
    },
    # trend
    "gw_trend_header": {"de": "Entwicklung (Trend)", "en": "Development (trend)"},
    "gw_trend_up": {"de": "Der Grundwasserstand steigt um etwa {value} cm pro Jahr",
                    "en": "The groundwater level rises by about {value} cm per year"},
    "gw_trend_down": {"de": "Der Grundwasserstand sinkt um etwa {value} cm pro Jahr",
                      "en": "The groundwater level falls by about {value} cm per year"},
    "gw_trend_flat": {"de": "Der Grundwasserstand bleibt etwa gleich ({value} cm pro Jahr)",
                      "en": "The groundwater level stays about the same ({value} cm per year)"},
    "gw_trend_significant": {"de": "statistisch gesichert", "en": "statistically significant"},
    "gw_trend_not_significant": {"de": "statistisch nicht gesichert – kann Zufall sein",
                                 "en": "not statistically significant – may be chance"},
    "gw_slope_ols": {"de": "Steigung (Regression)", "en": "Slope (regression)"},
    "gw_p_value_hac": {"de": "p-Wert der Steigung", "en": "p-value of the slope"},
    "gw_sen_slope": {"de": "Sen-Steigung", "en": "Sen's slope"},
    "gw_mann_kendall": {"de": "Mann-Kendall-Test", "en": "Mann–Kendall test"},
    "gw_figure": {"de": "Kennzahl", "en": "Figure"},
    "gw_value": {"de": "Wert", "en": "Value"},
    "gw_detail": {"de": "Erläuterung", "en": "Detail"},
    "gw_trend_details": {"de": "Details: Trendtests", "en": "Details: trend tests"},
    "gw_trend_method": {
        "de": "Trend des saisonbereinigten Verlaufs: lineare Regression mit autokorrelations-robusten "
              "(HAC-)Standardfehlern sowie Mann-Kendall-Test mit Sen-Steigung. Ein p-Wert unter 0,05 "
              "gilt als statistisch gesichert.",
        "en": "Trend of the deseasonalised series: linear regression with autocorrelation-robust (HAC) "
              "standard errors, plus the Mann–Kendall test with Sen's slope. A p-value below 0.05 counts "
              "as statistically significant.",
    },
    # season and change points
    "gw_season_header": {"de": "Jahresgang", "en": "Seasonal cycle"},
    "gw_season_yes": {
        "de": "Deutlicher Jahresgang: Zyklus von etwa {period} Tagen, Schwankung etwa ±{amplitude} cm.",
        "en": "Clear seasonal cycle: period of about {period} days, swing of about ±{amplitude} cm.",
    },
    "gw_season_none": {
        "de": "Kein ausgeprägter Jahresgang (Schwankung etwa ±{amplitude} cm).",
        "en": "No pronounced seasonal cycle (swing of about ±{amplitude} cm).",
    },
    "gw_cp_header": {"de": "Sprünge im Niveau", "en": "Level shifts"},
    "gw_cp_none": {"de": "Keine sprunghaften Niveauänderungen gefunden.", "en": "No abrupt level shifts found."},
    "gw_cp_some": {
        "de": "Sprunghafte Änderungen (z. B. neuer Brunnen, Drainage) – Mittel vorher/nachher in m ü. NN:",
        "en": "Abrupt changes (e.g. a new pumping well, drainage) – mean before/after in m a.s.l.:",
    },
    "gw_cp_date": {"de": "ab Datum", "en": "from"},
    "gw_cp_before": {"de": "Mittel vorher (m)", "en": "mean before (m)"},
    "gw_cp_after": {"de": "Mittel nachher (m)", "en": "mean after (m)"},
    "gw_cp_shift": {"de": "Sprung (m)", "en": "shift (m)"},
    # simulation
    "gw_sim_header": {"de": "Klimagesteuerte Simulation", "en": "Climate-driven simulation"},
    "gw_sim_intro": {
        "de": "Das Modell lernt bis {train_end}, wie die Messstelle auf Niederschlag und Verdunstung reagiert. "
              "Danach berechnet es den Grundwasserstand nur aus dem Wetter – ohne die Messwerte zu kennen. "
              "Der Vergleich mit den späteren Messungen zeigt, wie gut das gelingt.",
        "en": "Up to {train_end} the model learns how the well responds to rain and evaporation. After that "
              "it computes the level from the weather alone, without seeing the readings. Comparing with the "
              "later readings shows how well this works.",
    },
    "gw_observed": {"de": "gemessen", "en": "observed"},
    "gw_simulated": {"de": "simuliert (95-%-Band)", "en": "simulated (95 % band)"},
    "gw_head_axis": {"de": "Grundwasserstand (m ü. NN)", "en": "Groundwater level (m a.s.l.)"},
    "gw_train_end": {"de": "Ende des Lernzeitraums", "en": "End of training period"},
    "gw_skill_header": {"de": "Güte im Prüfzeitraum (nach {train_end})", "en": "Skill in the test period (after {train_end})"},
    "gw_skill_plain": {
        "de": "Im Prüfzeitraum weicht die Simulation im Mittel um {rmse} cm ab; {coverage} % der Messwerte "
              "liegen im 95-%-Band.",
        "en": "In the test period the simulation is off by {rmse} cm on average; {coverage} % of the readings "
              "lie inside the 95 % band.",
    },
    "gw_no_test": {"de": "Nach dem Lernzeitraum gibt es keine Messwerte zum Prüfen.",
                   "en": "There are no readings after the training period to test against."},
    "gw_nse_help": {"de": "Nash-Sutcliffe-Effizienz: 1 = perfekt, 0 = nicht besser als der Mittelwert",
                    "en": "Nash–Sutcliffe efficiency: 1 = perfect, 0 = no better than the mean"},
    "gw_rmse_help": {"de": "mittlere quadratische Abweichung", "en": "root mean square error"},
    "gw_kge_help": {"de": "Kling-Gupta-Effizienz: 1 = perfekt", "en": "Kling–Gupta efficiency: 1 = perfect"},
    "gw_coverage": {"de": "Trefferquote 95-%-Band", "en": "95 % band coverage"},
    "gw_coverage_help": {"de": "Anteil der Messwerte im Band (Soll: etwa 95 %)",
                         "en": "share of readings inside the band (target: about 95 %)"},
    "gw_n_help": {"de": "Messwerte im Prüfzeitraum", "en": "readings in the test period"},
    "gw_model_details": {"de": "Details: Modellwahl und Modellkarte", "en": "Details: model choice and model card"},
    "gw_model_plain": {
        "de": "Gerechnet wird mit einem Ensemble aus {n} Modellen ({members}). Ausgewählt wurden sie nur mit "
              "Messwerten vor {train_end}: Jedes Modell sagte dort einige Jahre voraus, die besten blieben. "
              "Das Band enthält ihre Abweichungen in diesen Jahren und die Unterschiede zwischen den Modellen.",
        "en": "The simulation is an ensemble of {n} models ({members}). They were chosen with readings before "
              "{train_end} only: each model predicted a few of those years, the best ones stayed. The band holds "
              "their errors in those years and the differences between the models.",
    },
    # projection
    "gw_proj_header": {"de": "Projektion unter Klimaszenarien", "en": "Projection under climate scenarios"},
    "gw_proj_intro": {
        "de": "Änderung gegenüber heute (1991–2020) in cm: mittlerer Grundwasserstand und hoher Stand "
              "(Mittel der Jahreshöchststände). Positiv = Anstieg. Der 95-%-Bereich enthält die Unsicherheit der "
              "Modellparameter und die Unterschiede zwischen den Modellen des Ensembles; die Spanne zusätzlich "
              "das untere und obere Klimasignal (15. und 85. Perzentil des Klimamodell-Ensembles).",
        "en": "Change against today (1991–2020) in cm: mean groundwater level and high level (mean of annual "
              "maxima). Positive = rise. The 95 % range holds the uncertainty of the model parameters and the "
              "differences between the ensemble's models; the span adds the low and high climate signal (15th "
              "and 85th percentile of the climate model ensemble).",
    },
    "gw_proj_method": {
        "de": "Methode: Das beobachtete Wetter wird mit den Änderungssignalen des Szenarios an der Messstelle "
              "verändert (Delta-Change: Niederschlag je Jahreszeit, Erwärmung über die Verdunstung) und durch "
              "das Modell-Ensemble geschickt, dessen Modelle an alle Messwerte angepasst sind. Jedes Modell "
              "rechnet mit seinen besten und 19 gezogenen Parametersätzen; die Modelle zählen gleich. Die Spanne "
              "ist ein Bereich, keine Wahrscheinlichkeit: Sie vereint die 95-%-Bereiche unter dem unteren, "
              "mittleren und oberen Klimasignal. Enthalten die Klimadaten kein unteres und oberes Signal, "
              "entspricht die Spanne dem 95-%-Bereich.",
        "en": "Method: the observed weather is changed by the scenario's change signals at the well (delta "
              "change: precipitation by season, warming via evaporation) and run through the model fitted to "
              "the model ensemble whose models are fitted to all readings. Each model runs with its best and 19 "
              "drawn parameter sets; the models count equally. The span is a range, not a probability: it joins "
              "the 95 % ranges under the low, median and high climate signal. When the climate data hold no low "
              "and high signal, the span equals the 95 % range.",
    },
    "gw_proj_method_label": {"de": "Details: Methode und Grenzen", "en": "Details: method and limits"},
    "gw_scenario": {"de": "Szenario", "en": "Scenario"},
    "gw_mean_change": {"de": "Mittlerer Stand (cm)", "en": "Mean level (cm)"},
    "gw_high_change": {"de": "Hoher Stand (cm)", "en": "High level (cm)"},
    "gw_interval": {"de": "95-%-Bereich", "en": "95 % range"},
    "gw_span": {"de": "Spanne mit Klimasignal", "en": "span incl. climate signal"},
    "gw_no_climate_spread": {"de": "Die Klimadaten enthalten kein unteres und oberes Klimasignal: die Spanne "
                                   "zeigt nur Modelle und Parameter.",
                             "en": "The climate data hold no low and high climate signal: the span shows models "
                                   "and parameters only."},
    "gw_mean_short": {"de": "Mittel", "en": "mean"},
    "gw_high_short": {"de": "Hochstand", "en": "high"},
    "gw_change_axis": {"de": "Änderung (cm)", "en": "Change (cm)"},
    "gw_pathway_historical": {"de": "heute", "en": "today"},
    "gw_pathway_rcp26": {"de": "Klimaschutz (RCP2.6)", "en": "Mitigation (RCP2.6)"},
    "gw_pathway_rcp45": {"de": "mittel (RCP4.5)", "en": "Moderate (RCP4.5)"},
    "gw_pathway_rcp85": {"de": "ungebremst (RCP8.5)", "en": "High emissions (RCP8.5)"},
    # grid
    "gw_grid_cached": {
        "de": "Projizierter mittlerer Flurabstand ({scenario}): {low:.1f} bis {high:.1f} m "
              "(Median {median:.1f} m), aus {n} Messstellen interpoliert.",
        "en": "Projected mean depth ({scenario}): {low:.1f} to {high:.1f} m (median {median:.1f} m), "
              "interpolated from {n} wells.",
    },
    "gw_grid_span": {
        "de": "Spanne (Modelle, Parameter, Klimasignal): Im Median liegt das Grundwasser am steigenden Ende "
              "{rise:.0f} cm höher und am fallenden Ende {fall:.0f} cm tiefer als in der mittleren Projektion.",
        "en": "Span (models, parameters, climate signal): at the median cell the water table lies {rise:.0f} cm "
              "higher at the rising end and {fall:.0f} cm lower at the falling end than in the central projection.",
    },
    "gw_grid_missing": {
        "de": "Für dieses Szenario ist noch keine flächige Projektion berechnet. Die Karte zeigt den heutigen "
              "Flurabstand. Berechnen (alle Messstellen, einige Minuten) mit:",
        "en": "No gridded projection has been computed for this scenario yet. The map shows today's depth. "
              "Compute it (all wells, a few minutes) with:",
    },
}
