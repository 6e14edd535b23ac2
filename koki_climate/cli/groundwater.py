"""``python -m koki_climate groundwater {fit,trend,project}``: wells from the command line.

- ``fit``: fit the climate-driven model on heads up to ``--train-end`` and write daily
  simulated heads with 95 % bands, simulated from the weather alone;
- ``trend``: trend, seasonal cycle and level shifts of one well;
- ``project``: every well of a region under every climate scenario, plus depth grids.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from koki_climate.config import settings
from koki_climate.errors import InputError

HELP = """Groundwater wells: statistics, climate-driven simulation and projection.

  fit      fit a well's heads to the weather up to --train-end, then simulate daily heads
           with 95 % bands from the weather alone (no heads after --train-end are used)
  trend    trend per year, seasonal cycle and level shifts of one well
  project  every well of a region under every climate scenario, plus depth grids (NetCDF)"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("groundwater", help="well statistics, climate-driven simulation and projection",
                                   description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="groundwater_command", required=True, metavar="SUBCOMMAND")

    fit = commands.add_parser("fit", help="fit heads to weather and simulate them from the weather alone")
    fit.add_argument("--heads", required=True, type=Path, help="CSV with date,head_m (any sampling, gaps allowed)")
    fit.add_argument("--climate", required=True, type=Path,
                     help="daily CSV with date,precipitation_mm and pet_mm and/or temperature_c")
    fit.add_argument("--train-end", help="last date (YYYY-MM-DD) whose heads are used for fitting; default: all")
    fit.add_argument("--out", type=Path, help="write simulated daily heads (date,head_m,lower_95,upper_95) to this "
                                              "new CSV file")
    fit.add_argument("--force", action="store_true", help="replace the --out file if it exists")
    fit.add_argument("--trend", action="store_true",
                     help="add a linear trend in time (pumping, drainage); it is extrapolated after --train-end")
    fit.add_argument("--latitude", type=float, default=48.0,
                     help="latitude for PET from temperature (Hamon), degrees north (default 48)")
    fit.add_argument("--json", action="store_true", help="print JSON instead of a text report")
    fit.set_defaults(handler=run_fit)

    trend = commands.add_parser("trend", help="trend, seasonal cycle and level shifts of one well")
    trend.add_argument("--heads", required=True, type=Path, help="CSV with date,head_m")
    trend.add_argument("--json", action="store_true", help="print JSON instead of a text report")
    trend.set_defaults(handler=run_trend)

    project = commands.add_parser("project", help="project a region's wells under its climate scenarios")
    project.add_argument("--region", required=True, type=Path, help="region folder (with region.toml)")
    project.add_argument("--scenario", action="append", metavar="PATHWAY:HORIZON",
                         help="only this scenario, e.g. rcp85:2071-2100 (repeatable); default: all")
    project.add_argument("--wells", help="only these wells, comma-separated ids (default: all)")
    project.add_argument("--no-grids", action="store_true", help="only the per-well projections, no depth grids")
    project.add_argument("--cache-dir", default=None,
                         help="where depth grids are cached (default: $KOKI_CACHE_DIR or .cache)")
    project.add_argument("--json", action="store_true", help="print JSON instead of a text report")
    project.set_defaults(handler=run_project)


def run_fit(args: argparse.Namespace) -> int:
    from koki_climate.groundwater import fit_response, read_climate_csv, read_heads_csv, score
    from koki_climate.groundwater.report import format_fit, to_json
    from koki_climate.io.outputs import check_output_file, output_file

    if args.out is not None:
        check_output_file(args.out, force=args.force)  # refuse before the fit
    heads = read_heads_csv(args.heads)
    repairs: list[str] = []
    weather = read_climate_csv(args.climate, notes=repairs)
    for note in repairs:
        print(f"{args.climate}: {note}", file=sys.stderr)
    model = fit_response(heads, weather, args.train_end, latitude=args.latitude, trend=args.trend,
                         heads_name=str(args.heads), weather_name=str(args.climate))
    start = max(heads.index[0], weather.index[0])
    simulation = model.simulate(weather).loc[start:]
    end = pd.Timestamp(args.train_end) if args.train_end else model.train_end
    training, held_out = score(heads[heads.index <= end], simulation), score(heads[heads.index > end], simulation)
    result: dict[str, object] = {
        "heads": str(args.heads), "climate": str(args.climate), "train_end": end.strftime("%Y-%m-%d"),
        "model": model.to_dict(),
        "training": training.to_dict() if training else None,
        "held_out": held_out.to_dict() if held_out else None,
        "out": None, "rows": len(simulation),
        "first_date": simulation.index[0].strftime("%Y-%m-%d"), "last_date": simulation.index[-1].strftime("%Y-%m-%d"),
    }
    if args.out is not None:
        table = simulation.rename_axis("date").reset_index()
        with output_file(args.out, force=args.force) as tmp:
            table.to_csv(tmp, index=False, float_format="%.4f", date_format="%Y-%m-%d")
        result["out"] = str(args.out)
    print(to_json(result) if args.json else format_fit(result))
    return 0


def run_trend(args: argparse.Namespace) -> int:
    from koki_climate.groundwater import analyse_heads, read_heads_csv
    from koki_climate.groundwater.report import format_trend, to_json

    analysis = analyse_heads(read_heads_csv(args.heads), name=str(args.heads))
    result = {"heads": str(args.heads), "units": "m", **analysis.to_dict()}
    print(to_json(result) if args.json else format_trend(result))
    return 0


def run_project(args: argparse.Namespace) -> int:
    from koki_climate.groundwater.regional import (
        compute_depth_grids,
        cache_path,
        fit_region_wells,
        project_scenarios,
        scenario_pairs,
        write_depth_grids,
    )
    from koki_climate.config import require_writable
    from koki_climate.groundwater.projection import change_signals
    from koki_climate.groundwater.report import format_projection, to_json
    from koki_climate.region import open_region

    if not args.no_grids:
        require_writable("groundwater project (writes depth grids to the cache)")
    region = open_region(args.region)
    if region.climate is None:
        raise InputError(f"{args.region}: the region has no [climate] section to project with")
    pairs = scenario_pairs(region.climate)
    if args.scenario:
        wanted = [_scenario_arg(s) for s in args.scenario]
        unknown = [f"{p}:{h}" for p, h in wanted if (p, h) not in pairs]
        if unknown:
            known = ", ".join(f"{p}:{h}" for p, h in pairs)
            raise InputError(f"{args.region}: unknown scenario(s) {', '.join(unknown)}; available: {known}")
        pairs = wanted
    wells = [w.strip() for w in args.wells.split(",") if w.strip()] if args.wells else None
    fitted = fit_region_wells(region, wells)
    projected = project_scenarios(fitted, region.climate, pairs)
    scenarios = []
    for pathway, horizon in pairs:
        projections = projected[(pathway, horizon)]
        entry: dict[str, object] = {
            "pathway": pathway, "horizon": horizon,
            "signals": change_signals(region.climate, pathway, horizon).to_dict(),
            "wells": {well_id: p.to_dict() for well_id, p in projections.items()},
            "grid": None,
        }
        if not args.no_grids and projections:
            grids = compute_depth_grids(region, fitted, pathway, horizon, projections)
            target = cache_path(args.cache_dir or settings().cache_dir, region, pathway, horizon, wells)
            entry["grid"] = str(write_depth_grids(grids, target))
        scenarios.append(entry)
    result = {
        "region": str(args.region),
        "wells": {well_id: m.to_dict() for well_id, m in fitted.models.items()},
        "skipped": fitted.skipped,
        "scenarios": scenarios,
    }
    print(to_json(result) if args.json else format_projection(result))
    return 0


def _scenario_arg(text: str) -> tuple[str, str]:
    pathway, sep, horizon = text.partition(":")
    if not sep or not pathway or not horizon:
        raise InputError(f"--scenario {text!r}: use PATHWAY:HORIZON, e.g. rcp85:2071-2100")
    return pathway.strip(), horizon.strip()
