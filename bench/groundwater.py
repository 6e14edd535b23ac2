"""Groundwater benchmark on real wells: our model and Pastas candidates, held-out skill.

For every well folder (``heads.csv`` + ``climate.csv``) under ``--data`` (default
``../shared/data`` beside the checkout, searched two levels deep), fit on the heads up to the train end and
simulate the held-out years from the weather alone. The split comes from a README table
beside or above the well folder (a row naming the folder in backticks, with "fit up to"
and "simulate ... end" dates); without one, the last 5 years of heads are held out.

Per well: every candidate of :mod:`koki_climate.groundwater.pastas_models` on its own, the
ensemble the choice rule builds from the training years alone, and the Pastas default, each with
held-out NSE, KGE, RMSE, 95 % coverage and fit time; then a line with the chosen model
and its difference to the Pastas default. All measured in the same run.

    python bench/groundwater.py [--data DIR] [--json FILE] [--wells a,b]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

from koki_climate.groundwater import pastas_models as pm  # noqa: E402
from koki_climate.groundwater.skill import score  # noqa: E402
from koki_climate.io.tables import read_heads, read_weather  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"  # the team's real data beside the checkout
HOLDOUT_YEARS = 5
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ROW = re.compile(r"^\|\s*`([^`]+)`\s*(?:\(([^)]+)\))?\s*\|(.*)\|\s*$")


def discover(data: Path) -> list[Path]:
    """Folders holding ``heads.csv`` and ``climate.csv``, up to two levels below ``data``."""
    found = [p.parent for p in sorted(data.glob("*/heads.csv")) + sorted(data.glob("*/*/heads.csv"))
             if (p.parent / "climate.csv").exists()]
    return sorted(set(found))


def readme_splits(data: Path) -> dict[Path, tuple[str, pd.Timestamp, pd.Timestamp | None]]:
    """``folder -> (name, train_end, test_end)`` from README tables (``| `path` (name) | ... |``)."""
    splits: dict[Path, tuple[str, pd.Timestamp, pd.Timestamp | None]] = {}
    for readme in sorted(data.glob("*/README.md")) + sorted(data.glob("*/*/README.md")):
        for line in readme.read_text(encoding="utf-8").splitlines():
            match = ROW.match(line.strip())
            if not match:
                continue
            folder = (readme.parent / match.group(1)).resolve()
            dates = DATE.findall(match.group(3))
            if not dates:
                continue
            test_end = pd.Timestamp(dates[-1]) if len(dates) >= 3 else None
            splits[folder] = (match.group(2) or folder.name, pd.Timestamp(dates[0]), test_end)
    return splits


def bench_well(folder: Path, split: tuple[str, pd.Timestamp, pd.Timestamp | None] | None) -> dict:
    heads = read_heads(folder / "heads.csv")
    weather = read_weather(folder / "climate.csv")
    if split is None:
        name, train_end, test_end = folder.name, heads.index[-1] - pd.DateOffset(years=HOLDOUT_YEARS), None
        source = f"last {HOLDOUT_YEARS} years held out (no README split)"
    else:
        name, train_end, test_end = split
        source = "README"
    test_end = min(test_end or heads.index[-1], weather.index[-1])
    held_out = heads[(heads.index > train_end) & (heads.index <= test_end)]
    sim_weather = weather.loc[:test_end]
    rows: list[dict] = []

    def measure(label: str, model: pm.CandidateModel | pm.Choice, seconds: float) -> dict:
        skill = score(held_out, model.simulate(sim_weather).loc[train_end + pd.Timedelta(days=1):])
        row = {"model": label, **(skill.to_dict() if skill else {}), "fit_s": round(seconds, 2)}
        rows.append(row)
        return row

    print(f"[{name}] train to {train_end:%Y-%m-%d}, test to {test_end:%Y-%m-%d} ({source}), "
          f"{len(held_out)} held-out heads", file=sys.stderr)
    for spec in pm.candidates_for(weather):
        print(f"[{name}]   {spec.name}", file=sys.stderr)
        try:
            model = pm.fit_candidate(spec, heads, weather, train_end)
            measure(spec.name, model, model.fit_seconds_)
        except Exception as exc:  # report, keep benchmarking the rest
            rows.append({"model": spec.name, "error": f"{type(exc).__name__}: {exc}"})
    print(f"[{name}]   choice rule", file=sys.stderr)
    started = time.perf_counter()
    choice = pm.choose_candidate(heads, weather, train_end)
    chosen = measure(f"ensemble ({len(choice.members)} members)", choice, time.perf_counter() - started)
    default_model = pm.fit_candidate(pm.PASTAS_DEFAULT, heads, weather, train_end)
    default = measure("pastas_default", default_model, default_model.fit_seconds_)
    assert choice.last_head_seen <= train_end and choice.last_weather_seen <= train_end
    return {
        "well": name, "folder": str(folder), "train_end": f"{train_end:%Y-%m-%d}",
        "test_end": f"{test_end:%Y-%m-%d}", "split_source": source, "n_held_out": len(held_out),
        "rows": rows, "chosen": choice.chosen.name, "members": choice.member_names,
        "validation_rmse": choice.to_dict()["validation_rmse_m"],
        "validation_split": f"{choice.split:%Y-%m-%d}", "choice_errors": choice.errors,
        "nse_minus_default": round(chosen["nse"] - default["nse"], 4),
        "rmse_ratio_to_default": round(chosen["rmse"] / default["rmse"], 3),
    }


def format_table(results: list[dict]) -> str:
    lines = [f"{'well':<12} {'model':<28} {'NSE':>7} {'KGE':>7} {'RMSE':>7} {'cov95':>6} {'n':>5} {'fit s':>6}"]
    for result in results:
        lines.append("-" * len(lines[0]))
        for row in result["rows"]:
            if "error" in row:
                lines.append(f"{result['well']:<12} {row['model']:<28} failed: {row['error'][:60]}")
                continue
            lines.append(f"{result['well']:<12} {row['model']:<28} {row['nse']:>7.3f} {row['kge']:>7.3f} "
                         f"{row['rmse']:>7.3f} {row['coverage_95']:>6.2f} {row['n']:>5d} {row['fit_s']:>6.1f}")
    lines.append("")
    lines.append(f"Ensemble ({pm.RULE_TEXT}) vs Pastas default, held out:")
    for result in results:
        lines.append(f"  {result['well']:<12} NSE diff {result['nse_minus_default']:+.3f}  "
                     f"RMSE ratio {result['rmse_ratio_to_default']:.3f}  (validation from {result['validation_split']}; "
                     f"members {', '.join(result['members'])})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the well folders")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--wells", help="only these wells (folder or README names, comma-separated)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")
    splits = readme_splits(args.data)
    folders = discover(args.data)
    if not folders:
        print(f"no well folders (heads.csv + climate.csv) under {args.data}", file=sys.stderr)
        return 1
    wanted = {w.strip() for w in args.wells.split(",")} if args.wells else None
    results = []
    started = time.perf_counter()
    for folder in folders:
        split = splits.get(folder.resolve())
        if wanted and folder.name not in wanted and (split is None or split[0] not in wanted):
            continue
        results.append(bench_well(folder, split))
    print(format_table(results))
    print(f"\ntotal {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
