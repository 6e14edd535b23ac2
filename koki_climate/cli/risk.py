"""Risk commands: ``scenarios``, ``train``, ``evaluate``, ``compare``.

JSON goes to stdout with ``--json``; progress and errors go to stderr, so the JSON can be
piped. User errors end with a message and exit code 2, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from koki_climate.config import settings


def register(subparsers: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--region", default=None, help="region folder or manifest (default: $KOKI_REGION "
                                                        "or data/musterstadt)")
    common.add_argument("--cache-dir", default=None, help="where models and results are kept (default .cache)")
    common.add_argument("--json", action="store_true", help="print JSON to stdout")

    parser = subparsers.add_parser("scenarios", parents=[common], help="list the preset scenarios")
    parser.set_defaults(handler=run_scenarios)

    parser = subparsers.add_parser("train", parents=[common], help="fit the flood model, or reuse the saved one")
    parser.set_defaults(handler=run_train)

    parser = subparsers.add_parser("evaluate", parents=[common], help="evaluate a scenario and write its outputs")
    parser.add_argument("--scenario", required=True, help="preset name (e.g. 'Heute') or scenario JSON")
    parser.add_argument("--out", required=True, help="output folder: risk.nc, zones.gpkg, summary.json")
    parser.set_defaults(handler=run_evaluate)

    parser = subparsers.add_parser("compare", parents=[common], help="compare two scenarios (A -> B)")
    parser.add_argument("a", help="scenario A: preset name or JSON")
    parser.add_argument("b", help="scenario B: preset name or JSON")
    parser.set_defaults(handler=run_compare)


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def _engine(args: argparse.Namespace):
    from koki_climate.engine import Engine

    region = args.region or settings().region_path
    return Engine.open(region, cache_dir=args.cache_dir, progress=_progress)


def _print(args: argparse.Namespace, data: dict, text: str) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str) if args.json else text)


def run_scenarios(args: argparse.Namespace) -> int:
    engine = _engine(args)
    items = [preset.to_dict() for preset in engine.presets]
    text = "\n".join(f"{p['name']:<30} {p['hash']}  {p['canonical_json']}" for p in items)
    _print(args, {"region": engine.region.name, "presets": items}, text)
    return 0


def run_train(args: argparse.Namespace) -> int:
    from koki_climate.risk.store import model_dir

    engine = _engine(args)
    card = engine.card
    data = {"region": engine.region.name, "model_key": engine.model_key,
            "model_dir": str(model_dir(engine.cache_dir, engine.model_key)),
            "reused": not engine.trained,
            "metrics": card["metrics"], "importance": card["importance"],
            "training_footprint": card["training_footprint"]}
    s, r = card["metrics"]["spatial_cv"], card["metrics"]["random_cv"]
    text = (f"Model {engine.model_key} for {engine.region.name} ({'reused' if data['reused'] else 'trained'})\n"
            f"  spatial CV: AUC {s['roc_auc']:.3f}  AP {s['average_precision']:.3f}  Brier {s['brier']:.4f}\n"
            f"  random CV:  AUC {r['roc_auc']:.3f}  AP {r['average_precision']:.3f}  Brier {r['brier']:.4f}\n"
            f"  model card: {data['model_dir']}/card.md")
    _print(args, data, text)
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from koki_climate.presets import resolve_scenario
    from koki_climate.results import save_result

    engine = _engine(args)
    scenario = resolve_scenario(args.scenario, engine.presets)
    _progress(0.95, f"evaluate scenario {scenario.hash}")
    result = engine.evaluate(scenario)
    out = save_result(result, Path(args.out), parcels_geometry=engine.region.parcels)
    summary = result.summary
    zones = ", ".join(f"{name} {ha:,.1f} ha" for name, ha in summary["zones_ha"].items())
    text = (f"Scenario {scenario.hash}: {scenario.canonical_json()}\n  zones: {zones}\n"
            f"  conflicts: {summary['n_conflicts']} planned-development parcels in zones 2/3\n"
            f"  written to {out}/ (risk.nc, zones.gpkg, summary.json)")
    _print(args, summary, text)
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from koki_climate.compare import compare_results
    from koki_climate.presets import resolve_scenario

    engine = _engine(args)
    a = engine.evaluate(resolve_scenario(args.a, engine.presets))
    b = engine.evaluate(resolve_scenario(args.b, engine.presets))
    comparison = compare_results(a, b)
    data = comparison.to_dict()
    lines = [f"A {a.scenario.hash} -> B {b.scenario.hash}"]
    for row in data["areas"]:
        lines.append(f"  {row['name']:<12} A {row['a_ha']:>10,.1f} ha   B {row['b_ha']:>10,.1f} ha   "
                     f"diff {row['diff_ha']:>+10,.1f} ha")
    lines.append(f"  conflicts gained: {len(data['conflicts_gained'])}, lost: {len(data['conflicts_lost'])}")
    _print(args, data, "\n".join(lines))
    return 0
