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
        "## Importance (permutation, drop in ROC AUC)",
    ]
    for name, value in sorted(card["importance"].items(), key=lambda item: -item[1]):
        lines.append(f"- {name}: {value:.4f}")
    footprint = card["training_footprint"]
    lines += [
        "",
        "## Applicability",
        f"{card['applicability']['method']}, threshold {card['applicability']['threshold']:.3f}.",
        f"Screening: {card['screening']['rule']} (limit {card['screening']['hand_limit_m']:.1f} m).",
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
