"""Readable text and strict JSON for the groundwater command's results.

The CLI builds one plain dict per command; these helpers turn it into valid JSON (no NaN)
or into a short report a planner can read without knowing the statistics' names.
"""
from __future__ import annotations

import json
import math
from typing import Any


def to_json(payload: dict[str, Any]) -> str:
    """Strict JSON: non-finite numbers become null."""
    return json.dumps(_finite(payload), indent=2, ensure_ascii=False)


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _num(value: Any, fmt: str = ".3f") -> str:
    return "n/a" if value is None or (isinstance(value, float) and not math.isfinite(value)) else format(value, fmt)


def _skill_line(label: str, skill: dict[str, Any] | None) -> str:
    if not skill:
        return f"  {label:<9} no observed heads"
    return (f"  {label:<9} NSE {_num(skill['nse'])}  RMSE {_num(skill['rmse'])} m  KGE {_num(skill['kge'])}  "
            f"inside 95 % band {_num(100 * skill['coverage_95'], '.1f')} %  (n = {skill['n']})")


def format_fit(result: dict[str, Any]) -> str:
    model = result["model"]
    lines = [
        f"Climate-driven head model for {result['heads']}",
        f"  trained on {model['n_train']} heads, {model['train_start']} to {model['train_end']}; "
        f"PET from {model['pet_source']}",
        f"  response time {model['tau_days']:.0f} days; +1 mm/d lasting rain raises the head by "
        f"{model['precipitation_gain_m_per_mm_d']:.3f} m; simulation error s.d. {model['noise_sd_m']:.3f} m",
        "Skill of the simulation (weather only, no heads used):",
        _skill_line("training", result.get("training")),
        _skill_line("held out", result.get("held_out")),
    ]
    lines += [f"  note: {n}" for n in model.get("notes", [])]
    if result.get("out"):
        lines.append(f"Simulated daily heads ({result['rows']} days, {result['first_date']} to "
                     f"{result['last_date']}) written to {result['out']}")
    return "\n".join(lines)


def format_trend(result: dict[str, Any]) -> str:
    trend, season = result["trend"], result["seasonality"]
    significant = trend["p_value_hac"] is not None and trend["p_value_hac"] < 0.05
    direction = "rising" if trend["slope_per_year"] > 0 else "falling"
    lines = [
        f"Well statistics for {result['heads']} ({result['n_obs']} heads, {result['start']} to {result['end']}, "
        f"analysed per {result['grid']})",
        f"  trend: {direction} {abs(trend['slope_per_year']) * 100:.2f} cm/year "
        f"(95 % CI {_num(trend['ci95'][0] * 100, '.2f')} to {_num(trend['ci95'][1] * 100, '.2f')} cm/year, "
        f"p = {_num(trend['p_value_hac'], '.3g')} with autocorrelation-robust errors) - "
        + ("significant" if significant else "not significant"),
        f"  Mann-Kendall: tau {_num(trend['mk_tau'])}, p = {_num(trend['mk_p_value'], '.3g')}, "
        f"Sen's slope {_num(trend['sen_slope_per_year'] * 100, '.2f')} cm/year ({trend['mk_trend']})",
    ]
    if season["seasonal"]:
        lines.append(f"  seasonal cycle: period {season['period_days']:.0f} days, amplitude "
                     f"{season['amplitude']:.2f} m (strength {season['strength']:.2f})")
    else:
        lines.append("  no clear seasonal cycle")
    if result["change_points"]:
        for c in result["change_points"]:
            lines.append(f"  level shift at {c['date']}: mean {c['mean_before']:.2f} -> {c['mean_after']:.2f} m "
                         f"({c['shift']:+.2f} m)")
    else:
        lines.append("  no level shifts found")
    return "\n".join(lines)


def format_projection(result: dict[str, Any]) -> str:
    lines = [f"Groundwater projection for {result['region']} ({len(result['wells'])} wells fitted, "
             f"{len(result['skipped'])} skipped)"]
    for scenario in result["scenarios"]:
        signals = scenario["signals"]
        lines.append(f"{scenario['pathway']} {scenario['horizon']}: precipitation x{signals['precip_annual_ratio']:.2f} "
                     f"(summer x{signals['precip_summer_ratio']:.2f}, winter x{signals['precip_winter_ratio']:.2f}), "
                     f"{signals['delta_t_k']:+.1f} K")
        for well_id, p in scenario["wells"].items():
            lo, hi = p["mean_change_ci95"]
            hlo, hhi = p["high_change_ci95"]
            line = (f"  {well_id}: mean {p['mean_change_m']:+.2f} m [{lo:+.2f}, {hi:+.2f}]  "
                    f"high {p['high_change_m']:+.2f} m [{hlo:+.2f}, {hhi:+.2f}]")
            if "mean_change_span" in p:
                slo, shi = p["mean_change_span"]
                line += (f"  span of the mean {slo:+.2f} … {shi:+.2f} m"
                         + ("" if p.get("climate_spread") else " (no climate spread in the data)"))
            lines.append(line)
        if scenario.get("grid"):
            lines.append(f"  depth grids: {scenario['grid']}")
    for well_id, why in result["skipped"].items():
        lines.append(f"skipped {well_id}: {why}")
    return "\n".join(lines)
