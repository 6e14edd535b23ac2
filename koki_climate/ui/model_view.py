"""Builders for the Modell & Transparenz page: the model card as tables, charts and text.

Plain functions of the model card (``engine.card``) and of results already evaluated in
this process; no streamlit calls, so each piece is testable on its own.
"""
from __future__ import annotations

from typing import Any, Iterable

import altair as alt
import pandas as pd

from koki_climate.results import Result
from koki_climate.risk.card import model_card_markdown
from koki_climate.risk.features import FEATURE_LABELS
from koki_climate.ui.i18n import t

METRICS = ("roc_auc", "average_precision", "brier")


def _num(value: float, fmt: str, lang: str) -> str:
    """Format a number; German uses a decimal comma."""
    text = format(value, fmt)
    return text.replace(".", ",") if lang == "de" else text


def feature_label(name: str, lang: str = "de") -> str:
    """The plain name of a model feature (German or English); unknown names stay as they are."""
    labels = FEATURE_LABELS.get(name)
    if labels is None:
        return name
    return labels[0] if lang == "de" else labels[1]


def evaluated_results(engine: Any) -> list[Result]:
    """Results evaluated by ``engine`` in this process, oldest first (empty without an engine)."""
    evaluated = getattr(engine, "evaluated", None)
    return [r for r in evaluated() if isinstance(r, Result)] if callable(evaluated) else []


def scenario_label(result: Result) -> str:
    scenario = result.summary.get("scenario", {})
    pathway, horizon = scenario.get("pathway", "?"), scenario.get("horizon", "?")
    return f"{pathway} {horizon} · {str(result.summary.get('scenario_hash', ''))[:8]}"


# --- data and provenance ----------------------------------------------------------------------
def provenance_table(card: dict, lang: str = "de") -> pd.DataFrame:
    data, training = card.get("data", {}), card.get("training_data", {})
    rows = [
        (t("model_region", lang), str(card.get("region", ""))),
        (t("model_synthetic", lang), t("model_yes" if data.get("synthetic") else "model_no", lang)),
        (t("model_checksum", lang), str(data.get("checksum", ""))[:16] + "…"),
        (t("model_key_label", lang), f"{card.get('model_key', '')} · {card.get('model_version', '')}"),
        (t("model_events", lang), _events_text(data.get("events", []), training)),
    ]
    if "n_rows" in training:
        rows.append((t("model_rows", lang), f"{int(training['n_rows']):,}".replace(",", " ")))
    if "positive_share" in training:
        rows.append((t("model_positive_share", lang), _num(100 * float(training["positive_share"]), ".1f", lang) + " %"))
    return pd.DataFrame(rows, columns=[t("model_item", lang), t("model_value", lang)])


def _events_text(events: Iterable, training: dict) -> str:
    events = [str(e) for e in events]
    n = training.get("n_events", len(events))
    return f"{n}: {', '.join(events)}" if events else str(n)


# --- validation ---------------------------------------------------------------------------------
def metrics_table(card: dict, lang: str = "de") -> pd.DataFrame:
    """Spatial vs random CV side by side (raw numbers, so tests can compare them exactly)."""
    spatial, random = card["metrics"]["spatial_cv"], card["metrics"]["random_cv"]
    rows = []
    for key in METRICS:
        if key in spatial and key in random:
            rows.append({t("model_metric", lang): t(f"model_metric_{key}", lang),
                         t("model_spatial_cv", lang): round(float(spatial[key]), 4),
                         t("model_random_cv", lang): round(float(random[key]), 4),
                         t("model_better", lang): t(f"model_better_{key}", lang)})
    return pd.DataFrame(rows)


def leakage_gap(card: dict) -> float:
    metrics = card["metrics"]
    gap = metrics.get("leakage_gap_auc")
    if gap is None:
        gap = float(metrics["random_cv"]["roc_auc"]) - float(metrics["spatial_cv"]["roc_auc"])
    return float(gap)


def leakage_text(card: dict, lang: str = "de") -> str:
    """Why the spatial score is the one that counts, with this model's numbers (no verdict)."""
    spatial = float(card["metrics"]["spatial_cv"]["roc_auc"])
    random = float(card["metrics"]["random_cv"]["roc_auc"])
    return t("model_leakage", lang).format(spatial=_num(spatial, ".3f", lang), random=_num(random, ".3f", lang),
                                           gap=_num(leakage_gap(card), ".3f", lang))


#: the design event the headline sentence speaks of, and the methods and scores in table order
HEADLINE_EVENT = "hq100"
SKILL_METHODS = ("model", "height_rule", "logistic")
SKILL_COLUMNS = ("csi", "hit_rate", "false_alarm_ratio", "roc_auc")


def validation(card: dict) -> dict | None:
    """The held-out skill beside the baselines (None for a card from before they existed)."""
    return (card.get("metrics") or {}).get("validation")


def quality_sentence(card: dict, lang: str = "de") -> str:
    """The headline: the model's zone against the held-out flooded area, beside the two baselines."""
    groups = (validation(card) or {}).get("per_design_event") or {}
    name = HEADLINE_EVENT if groups.get(HEADLINE_EVENT) else next((n for n, g in groups.items() if g), None)
    if name is None:
        return t("model_quality_old_card", lang)
    row = groups[name]
    text = t("model_quality_csi", lang).format(
        event=t(f"map_event_{name}", lang), model=_score(row["model"]["csi"], lang),
        height=_score(row["height_rule"]["csi"], lang), logistic=_score(row["logistic"]["csi"], lang))
    if (card.get("data") or {}).get("synthetic"):
        text += " " + t("model_quality_synthetic", lang)
    return text


def _score(value: float | None, lang: str) -> str:
    return "–" if value is None else _num(float(value), ".2f", lang)


def skill_table(card: dict, lang: str = "de") -> pd.DataFrame:
    """Per design event and method: CSI, hit rate, false-alarm ratio and ROC AUC on held-out blocks."""
    rows = []
    for name, group in ((validation(card) or {}).get("per_design_event") or {}).items():
        if not group:
            continue
        for method in SKILL_METHODS:
            scores = group[method]
            rows.append({t("model_col_event", lang): t(f"map_event_{name}", lang),
                         t("model_col_method", lang): t(f"model_method_{method}", lang),
                         **{t(f"model_col_{key}", lang): None if scores.get(key) is None else round(float(scores[key]), 3)
                            for key in SKILL_COLUMNS}})
    return pd.DataFrame(rows)


def coverage_table(card: dict, lang: str = "de") -> pd.DataFrame:
    """Per design event: the precautionary zone's promised and measured share of the flooded area."""
    precaution = (validation(card) or {}).get("precaution") or {}
    rows = []
    for name, threshold in (precaution.get("thresholds") or {}).items():
        measured = (precaution.get("coverage") or {}).get(name)
        rows.append({t("model_col_event", lang): t(f"map_event_{name}", lang),
                     t("model_col_promised", lang): f"{100 * float(precaution['level']):.0f} %",
                     t("model_col_measured", lang): "–" if measured is None else _num(100 * float(measured), ".1f", lang) + " %",
                     t("model_col_threshold", lang): round(float(threshold), 3)})
    return pd.DataFrame(rows)


def calibration_frame(card: dict) -> pd.DataFrame:
    cal = card.get("calibration") or {}
    frame = pd.DataFrame({"predicted": cal.get("predicted", []), "observed": cal.get("observed", []),
                          "count": cal.get("count", [0] * len(cal.get("predicted", [])))})
    return frame.dropna()


def calibration_chart(card: dict, lang: str = "de") -> alt.LayerChart:
    """Predicted vs observed share per probability bin; the diagonal is perfect calibration."""
    frame = calibration_frame(card)
    diagonal = pd.DataFrame({"predicted": [0.0, 1.0], "observed": [0.0, 1.0]})
    axis_x = alt.X("predicted:Q", title=t("model_cal_predicted", lang), scale=alt.Scale(domain=[0, 1]))
    axis_y = alt.Y("observed:Q", title=t("model_cal_observed", lang), scale=alt.Scale(domain=[0, 1]))
    line = alt.Chart(diagonal).mark_line(strokeDash=[4, 4], color="#888").encode(x=axis_x, y=axis_y)
    curve = alt.Chart(frame).mark_line(point=True, color="#1f77b4").encode(
        x=axis_x, y=axis_y, size=alt.Size("count:Q", title=t("model_cal_count", lang), legend=None),
        tooltip=[alt.Tooltip("predicted:Q", format=".2f"), alt.Tooltip("observed:Q", format=".2f"), "count:Q"])
    return alt.layer(line, curve).properties(height=300)


def importance_frame(card: dict, lang: str = "de") -> pd.DataFrame:
    """Permutation importance (drop in ROC AUC) with translated feature names, largest first."""
    items = sorted((card.get("importance") or {}).items(), key=lambda item: -float(item[1]))
    return pd.DataFrame({"feature": [feature_label(name, lang) for name, _ in items],
                         "key": [name for name, _ in items],
                         "importance": [float(value) for _, value in items]})


def importance_chart(card: dict, lang: str = "de") -> alt.Chart:
    frame = importance_frame(card, lang)
    return alt.Chart(frame).mark_bar(color="#4c78a8").encode(
        x=alt.X("importance:Q", title=t("model_importance_axis", lang)),
        y=alt.Y("feature:N", sort="-x", title=None),
        tooltip=["feature:N", alt.Tooltip("importance:Q", format=".4f")],
    ).properties(height=max(160, 28 * len(frame)))


# --- applicability ----------------------------------------------------------------------------
def applicability_rows(card: dict, results: list[Result], lang: str = "de") -> pd.DataFrame:
    """Method and threshold; for the last result the share of the predicted cells inside the AOA
    per event, and the share of the region the physical screen left unpredicted (p = 0)."""
    app = card.get("applicability", {})
    rows = [(t("model_aoa_method", lang), str(app.get("method", ""))),
            (t("model_aoa_threshold", lang), _num(float(app.get("threshold", float("nan"))), ".3f", lang))]
    missed = card.get("screening", {}).get("flooded_screened_share")
    if missed is not None:  # cards from before it was reported lack it
        rows.append((t("model_screen_missed", lang), f"{100 * float(missed):.2f} %"))
    if results:
        last = results[-1]
        for event, share in (last.summary.get("applicable_share") or {}).items():
            rows.append((t("model_aoa_share", lang).format(event=event, scenario=scenario_label(last)),
                         f"{100 * float(share):.1f} %"))
        if "screened_share" in last.summary:  # results from before it was reported lack it
            rows.append((t("model_aoa_screened", lang).format(scenario=scenario_label(last)),
                         f"{100 * float(last.summary['screened_share']):.1f} %"))
    return pd.DataFrame(rows, columns=[t("model_item", lang), t("model_value", lang)])


# --- compute and energy -------------------------------------------------------------------------
def footprint_table(card: dict, results: list[Result], lang: str = "de") -> pd.DataFrame:
    """Training and every scenario run so far: wall and CPU time, energy and CO2 estimates."""
    rows = []

    def add(label: str, footprint: dict | None) -> None:
        if not footprint:
            return
        rows.append({t("model_run", lang): label,
                     t("model_wall_s", lang): round(float(footprint.get("wall_s", 0.0)), 2),
                     t("model_cpu_s", lang): round(float(footprint.get("cpu_s", 0.0)), 2),
                     t("model_energy_wh", lang): round(float(footprint.get("energy_wh", 0.0)), 4),
                     t("model_co2_g", lang): round(float(footprint.get("co2_g", 0.0)), 4)})

    add(t("model_training", lang), card.get("training_footprint"))
    for result in results:
        add(f"{t('model_scenario', lang)} {scenario_label(result)}", result.summary.get("footprint"))
    return pd.DataFrame(rows)


def footprint_assumptions(card: dict, lang: str = "de") -> str:
    assumptions = (card.get("training_footprint") or {}).get("assumptions", {})
    return t("model_footprint_assumptions", lang).format(
        watts=_num(float(assumptions.get("watts_per_core", float("nan"))), "g", lang),
        co2=_num(float(assumptions.get("grid_g_co2_per_kwh", float("nan"))), "g", lang))


def footprint_sentence(card: dict, lang: str = "de") -> str:
    footprint = card.get("training_footprint") or {}
    return t("model_footprint_plain", lang).format(
        minutes=_num(float(footprint.get("wall_s", 0.0)) / 60.0, ".1f", lang),
        wh=_num(float(footprint.get("energy_wh", 0.0)), ".2f", lang),
        co2=_num(float(footprint.get("co2_g", 0.0)), ".2f", lang))


def card_markdown(card: dict) -> str:
    """The model card as Markdown (the same text the CLI writes as card.md)."""
    return model_card_markdown(card)
