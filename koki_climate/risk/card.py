"""Render the model card (JSON data) as Markdown for people: planners, council, citizens."""
from __future__ import annotations


def model_card_markdown(card: dict) -> str:
    """A readable model card: purpose, data, validation, importance, limits, cost."""
    spatial, random = card["metrics"]["spatial_cv"], card["metrics"]["random_cv"]
    lines = [
        f"# Model card: {card['model']}",
        "",
        f"*Region:* {card['region']} · *model key:* `{card['model_key']}` · *version:* {card['model_version']}",
        "",
        "## Intended use",
        card["intended_use"],
        "",
        "## Algorithm",
        card["algorithm"] + ".",
        f"Monotonic constraints: {', '.join(f'{k} ({v:+d})' for k, v in card['monotonic_constraints'].items())}.",
        "",
        "## Data",
        f"Data checksum `{card['data']['checksum'][:16]}…`"
        + (" — **synthetic sample data**" if card["data"]["synthetic"] else ""),
        f"{card['training_data']['n_events']} historical events, {card['training_data']['n_rows']:,} sampled "
        f"(cell, event) rows, {card['training_data']['positive_share']:.1%} inundated.",
        "",
        "## Validation",
        f"Spatially blocked {card['metrics']['n_folds']}-fold CV ({card['metrics']['block_size_m'] / 1000:g} km "
        "blocks) against a random split (which leaks spatial autocorrelation):",
        "",
        "| split | ROC AUC | average precision | Brier |",
        "|---|---|---|---|",
        f"| spatial blocks | {spatial['roc_auc']:.3f} | {spatial['average_precision']:.3f} | {spatial['brier']:.4f} |",
        f"| random | {random['roc_auc']:.3f} | {random['average_precision']:.3f} | {random['brier']:.4f} |",
        "",
        *_skill_lines(card),
        "## Importance (permutation, drop in ROC AUC)",
    ]
    for name, value in sorted(card["importance"].items(), key=lambda item: -item[1]):
        lines.append(f"- {name}: {value:.4f}")
    footprint = card["training_footprint"]
    missed = card["screening"].get("flooded_screened_share")  # cards from before it was measured lack it
    screen_missed = "" if missed is None else (f"; {100 * float(missed):.2f} % of the flooded (cell, event) pairs "
                                               "lie above it and are missed by every zone")
    lines += [
        "",
        "## Applicability",
        f"{card['applicability']['method']}, threshold {card['applicability']['threshold']:.3f}.",
        f"Screening: {card['screening']['rule']} (limit {card['screening']['hand_limit_m']:.1f} m){screen_missed}.",
        "",
        "## Limits",
        *[f"- {limit}" for limit in card["limits"]],
        "",
        "## Compute and energy",
        f"Training: {footprint['wall_s']:.1f} s wall, {footprint['cpu_s']:.1f} s CPU, "
        f"≈ {footprint['energy_wh']:.3f} Wh, ≈ {footprint['co2_g']:.2f} g CO₂ "
        f"(assuming {footprint['assumptions']['watts_per_core']:g} W per busy core, "
        f"{footprint['assumptions']['grid_g_co2_per_kwh']:g} g CO₂/kWh).",
        "",
    ]
    return "\n".join(lines)


METHOD_NAMES = {"model": "model", "height_rule": "height rule (HAND threshold)", "logistic": "logistic regression"}


def _skill_lines(card: dict) -> list[str]:
    """Held-out skill per design event beside the two baselines, and the precautionary coverage."""
    checked = card["metrics"].get("validation")
    if not checked:
        return []
    synthetic = " Synthetic sample data: the figures say nothing about a real region." if card["data"]["synthetic"] else ""
    lines = ["### Against simple baselines, on held-out blocks",
             f"Historical events grouped by the design event nearest in rain; the zone is p >= "
             f"{checked['zone_threshold']:g}. {checked['methods']['height_rule'].capitalize()}.{synthetic}", "",
             "| design event | method | CSI | hit rate | false-alarm ratio | ROC AUC |", "|---|---|---|---|---|---|"]
    for name, group in checked["per_design_event"].items():
        if not group:
            lines.append(f"| {name} | no historical event of this size | | | | |")
            continue
        for method in ("model", "height_rule", "logistic"):
            row = group[method]
            lines.append(f"| {name} | {METHOD_NAMES[method]} | {_fmt(row['csi'])} | {_fmt(row['hit_rate'])} | "
                         f"{_fmt(row['false_alarm_ratio'])} | {_fmt(row['roc_auc'])} |")
    precaution = checked["precaution"]
    lines += ["", f"Precautionary zones: {precaution['method']}. Promised share of the flooded area "
                  f"{precaution['level']:.0%}; measured on held-out blocks:", ""]
    for name, threshold in precaution["thresholds"].items():
        measured = precaution["coverage"].get(name)
        lines.append(f"- {name}: p >= {threshold:.3f}, measured coverage "
                     f"{'n/a' if measured is None else f'{measured:.1%}'}")
    return lines + [""]


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"
