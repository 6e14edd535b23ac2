"""Risk commands: ``scenarios``, ``train``, ``evaluate``, ``compare``.

JSON goes to stdout with ``--json``; progress and errors go to stderr, so the JSON can be
piped. User errors end with a message and exit code 2, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys

from koki_climate.config import settings

#: output kinds (the marker names) of the commands that write folders
RESULT_OUTPUT, COMPARE_OUTPUT = "result", "comparison"


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

    parser = subparsers.add_parser(
        "prepare", parents=[common], help="compute everything a read-only (public) instance shows",
        description="Train or reuse the model, project groundwater, evaluate the preset scenarios (and any "
                    "--scenario) and analyse every well, storing all of it in the cache, so that a public "
                    "instance serving this cache only reads.")
    parser.add_argument("--scenario", action="append", default=[], metavar="NAME_OR_JSON",
                        help="also prepare this scenario (repeatable)")
    parser.add_argument("--no-wells", action="store_true", help="skip the per-well analyses (Grundwasser page)")
    parser.set_defaults(handler=run_prepare)

    parser = subparsers.add_parser("evaluate", parents=[common], help="evaluate a scenario and write its outputs")
    parser.add_argument("--scenario", required=True, help="preset name (e.g. 'Heute') or scenario JSON")
    parser.add_argument("--out", required=True, help="output folder: risk.nc, zones.gpkg, parcels.csv, summary.json "
                                                     "(new or empty, or an earlier evaluate output)")
    parser.add_argument("--force", action="store_true", help="write into a folder holding other files "
                                                             "(they are never deleted or overwritten)")
    parser.set_defaults(handler=run_evaluate)

    parser = subparsers.add_parser("compare", parents=[common], help="compare two scenarios (A -> B)")
    parser.add_argument("a", help="scenario A: preset name or JSON")
    parser.add_argument("b", help="scenario B: preset name or JSON")
    parser.add_argument("--out", default=None, help="also write comparison.json, areas.csv, parcels_changed.csv "
                                                    "and change.nc to this folder")
    parser.add_argument("--force", action="store_true", help="write into a folder holding other files "
                                                             "(they are never deleted or overwritten)")
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
    from koki_climate.risk.store import model_store

    engine = _engine(args)
    card = engine.card
    data = {"region": engine.region.name, "model_key": engine.model_key,
            "model_dir": str(model_store(engine.cache_dir).folder(engine.model_key)),
            "reused": not engine.trained,
            "metrics": card["metrics"], "importance": card["importance"],
            "training_footprint": card["training_footprint"]}
    s, r = card["metrics"]["spatial_cv"], card["metrics"]["random_cv"]
    text = (f"Model {engine.model_key} for {engine.region.name} ({'reused' if data['reused'] else 'trained'})\n"
            f"  spatial CV: AUC {s['roc_auc']:.3f}  AP {s['average_precision']:.3f}  Brier {s['brier']:.4f}\n"
            f"  random CV:  AUC {r['roc_auc']:.3f}  AP {r['average_precision']:.3f}  Brier {r['brier']:.4f}\n"
            + skill_lines(card) + f"  model card: {data['model_dir']}/card.md")
    _print(args, data, text)
    return 0


def skill_lines(card: dict) -> str:
    """Held-out CSI per design event: the model beside the height rule and the logistic regression."""
    checked = card["metrics"].get("validation")
    if not checked:
        return ""
    lines = ["  held-out CSI of the zone (model / height rule / logistic regression), precautionary coverage:"]
    coverage = checked["precaution"]["coverage"]
    for name, group in checked["per_design_event"].items():
        if group:
            csi = " / ".join("-" if group[m]["csi"] is None else f"{group[m]['csi']:.3f}"
                             for m in ("model", "height_rule", "logistic"))
            measured = coverage.get(name)
            lines.append(f"    {name:<9} {csi}   coverage {'-' if measured is None else f'{measured:.1%}'} "
                         f"(promised {checked['precaution']['level']:.0%})")
    if card.get("data", {}).get("synthetic"):
        lines.append("    (synthetic sample data)")
    return "\n".join(lines) + "\n"


def run_prepare(args: argparse.Namespace) -> int:
    import time

    from koki_climate.config import require_writable
    from koki_climate.groundwater.well_reports import prepare_well_reports
    from koki_climate.presets import resolve_scenario

    require_writable("prepare (fills the cache)")
    start = time.perf_counter()
    engine = _engine(args)
    scenarios = [(preset.name, preset.scenario) for preset in engine.presets]
    scenarios += [(text, resolve_scenario(text, engine.presets)) for text in args.scenario]
    prepared = []
    for index, (name, scenario) in enumerate(scenarios):
        _progress(index / len(scenarios), f"scenario {name}")
        engine.check(scenario)
        _, source = engine.evaluate_traced(scenario)
        prepared.append({"name": name, "hash": scenario.hash, "source": source})
    wells = None
    if not args.no_wells and engine.region.wells is not None:
        wells = prepare_well_reports(engine.region, engine.cache_dir,
                                     progress=lambda f, m: _progress(f, f"wells: {m}"))
    data = {"region": engine.region.name, "cache_dir": str(engine.cache_dir), "model_key": engine.model_key,
            "model": "reused" if not engine.trained else "trained", "scenarios": prepared, "wells": wells,
            "wall_s": round(time.perf_counter() - start, 1)}
    lines = [f"Prepared {engine.region.name} in {data['wall_s']:.0f} s (cache {engine.cache_dir}):",
             f"  model {engine.model_key} ({data['model']})"]
    lines += [f"  scenario {item['name']:<30} {item['hash']} ({item['source']})" for item in prepared]
    if wells is not None:
        lines.append(f"  wells: {len(wells['computed'])} analysed, {len(wells['reused'])} reused, "
                     f"{len(wells['errors'])} with problems")
    _print(args, data, "\n".join(lines))
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from koki_climate.io.outputs import check_output_folder, output_folder
    from koki_climate.presets import resolve_scenario
    from koki_climate.results import write_result_files

    out = check_output_folder(args.out, RESULT_OUTPUT, force=args.force)  # refuse before the long work
    engine = _engine(args)
    scenario = resolve_scenario(args.scenario, engine.presets)
    engine.check(scenario)
    _progress(0.95, f"evaluate scenario {scenario.hash}")
    result, source = engine.evaluate_traced(scenario)
    with output_folder(out, RESULT_OUTPUT, force=args.force) as work:
        written = write_result_files(result, work, engine.region.parcels)
    run = {"cache": source, "out": str(out), "files": sorted(p.name for p in written)}
    summary = {**result.summary, "run": run}
    zones = ", ".join(f"{name} {ha:,.1f} ha" for name, ha in summary["zones_ha"].items())
    text = (f"Scenario {scenario.hash}: {scenario.canonical_json()}\n  zones: {zones}\n"
            f"  conflicts: {summary['n_conflicts']} planned-development parcels in zones 2/3\n"
            f"  written to {out}/ ({', '.join(run['files'])})")
    _print(args, summary, text)
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from koki_climate.compare import compare_results, write_comparison_files
    from koki_climate.io.outputs import check_output_folder, output_folder
    from koki_climate.presets import resolve_scenario

    out = check_output_folder(args.out, COMPARE_OUTPUT, force=args.force) if args.out else None
    engine = _engine(args)
    a = engine.evaluate(resolve_scenario(args.a, engine.presets))
    b = engine.evaluate(resolve_scenario(args.b, engine.presets))
    comparison = compare_results(a, b)
    data = {"a": a.scenario.to_dict(), "b": b.scenario.to_dict(), **comparison.to_dict()}
    if out is not None:
        with output_folder(out, COMPARE_OUTPUT, force=args.force) as work:
            write_comparison_files(comparison, a, b, work)
        data["out"] = str(out)
    lines = [f"A {a.scenario.hash} -> B {b.scenario.hash}"]
    for row in data["areas"]:
        lines.append(f"  {row['name']:<12} A {row['a_ha']:>10,.1f} ha   B {row['b_ha']:>10,.1f} ha   "
                     f"diff {row['diff_ha']:>+10,.1f} ha")
    lines.append(f"  conflicts gained: {len(data['conflicts_gained'])}, lost: {len(data['conflicts_lost'])}")
    if out is not None:
        lines.append(f"  written to {out}/")
    _print(args, data, "\n".join(lines))
    return 0
