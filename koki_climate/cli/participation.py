"""Participation commands: ``participation digest`` and ``participation open``.

``open`` readies a library for a participation instance (planner side): it migrates the
database (the comments table) and, when nothing is published yet, saves and publishes one
scenario with its precomputed result, so citizens have something to comment on.

``digest`` reads a CSV export of citizen contributions (DIPAS, DEMOS-plan style, the app's
own export), finds its themes offline and prints them with one assignment per contribution;
``--json`` prints one JSON document on stdout. Unreadable files end with a message naming the
file and the problem, and exit code 2.
"""
from __future__ import annotations

import argparse
import json


def _themes(value: str) -> int | str:
    if value.strip().lower() == "auto":
        return "auto"
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of themes or 'auto', not {value!r}") from None
    if k < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {k}")
    return k


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("participation", help="digest citizen contributions (themes, offline)")
    commands = parser.add_subparsers(dest="participation_command", required=True, metavar="ACTION")
    sub = commands.add_parser(
        "digest", help="themes of a CSV export of contributions, and each contribution's theme",
        description="Find the themes of citizen contributions offline (TF-IDF + NMF on German stems) and "
                    "say, for each contribution, its theme and the words that put it there.")
    sub.add_argument("--input", required=True, metavar="FILE.csv", help="CSV export (';' or ',', UTF-8 or Windows-1252)")
    sub.add_argument("--text-column", default=None, help="column with the text (default: text, Stellungnahme, …)")
    sub.add_argument("--id-column", default=None, help="column with the id (default: id, document_id, …; else row numbers)")
    sub.add_argument("--title-column", default=None, help="column with a title read with the text (default: title, Titel, …)")
    sub.add_argument("--themes", type=_themes, default="auto", metavar="K|auto",
                     help="number of themes, or 'auto' (chosen by stability over K=4..12; default)")
    sub.add_argument("--seed", type=int, default=0, help="random seed of the theme model (default 0)")
    sub.add_argument("--no-language", action="store_true", help="skip the language detection")
    sub.add_argument("--json", action="store_true", help="print one JSON document to stdout")
    sub.set_defaults(handler=run_digest)
    sub = commands.add_parser(
        "open", help="ready the library for a participation instance (migrate; publish one scenario if none is)")
    sub.add_argument("--region", default=None, help="region folder (default: $KOKI_REGION or data/musterstadt)")
    sub.add_argument("--cache-dir", default=None, help="cache folder holding scenarios.sqlite (default .cache)")
    sub.add_argument("--scenario", default="2050 moderat (RCP4.5)", metavar="PRESET_OR_JSON",
                     help="what to publish when nothing is published yet (default: 2050 moderat (RCP4.5))")
    sub.add_argument("--name", default="Entwurf zur Beteiligung", help="its name in the library")
    sub.set_defaults(handler=run_open)


def run_digest(args: argparse.Namespace) -> int:
    from koki_climate.participation import digest, read_contributions

    contributions = read_contributions(args.input, text_column=args.text_column, id_column=args.id_column,
                                       title_column=args.title_column)
    result = digest(contributions, themes=args.themes, seed=args.seed, languages=not args.no_language)
    if args.json:
        data = result.to_dict()
        data["input"] = {"file": contributions.source, "rows": len(contributions), "encoding": contributions.encoding,
                         "delimiter": contributions.delimiter, "text_column": contributions.text_column,
                         "id_column": contributions.id_column}
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    lines = [f"{len(contributions)} contributions from {contributions.source}: {result.k} themes ({result.k_choice})"]
    if result.k_scores:
        lines.append("  stability by K: " + ", ".join(f"{k}: {v:.2f}" for k, v in result.k_scores.items()))
    if result.languages:
        lines.append("  languages: " + ", ".join(f"{k} {v}" for k, v in sorted(result.languages.items(),
                                                                                key=lambda kv: -kv[1])))
    for t in result.themes:
        lines.append("")
        lines.append(f"Theme {t.number} ({t.size} contributions): {', '.join(t.words)}")
        if t.keyphrases:
            lines.append(f"  keyphrases: {'; '.join(t.keyphrases)}")
        lines.append(f"  most representative: {', '.join(t.representative_ids)}")
    lines.append("")
    lines.append("Assignments (id, theme, share of the contribution's theme weight, words that put it there):")
    for a in result.assignments:
        theme = "-" if a.theme is None else str(a.theme)
        extra = f"  {a.url}" if a.url else ""
        lines.append(f"  {a.id}\t{theme}\t{a.share:.2f}\t{', '.join(a.words)}{extra}")
    lines.append("")
    lines.append(result.attribution)
    print("\n".join(lines))
    return 0


def run_open(args: argparse.Namespace) -> int:
    import sys

    from koki_climate.config import require_writable, settings
    from koki_climate.engine import Engine
    from koki_climate.presets import resolve_scenario
    from koki_climate.store import ScenarioStore, publish_with_result

    require_writable("participation open")
    cache = args.cache_dir or settings().cache_dir
    store = ScenarioStore.for_cache(cache, read_only=False)  # opening writable migrates (comments table)
    try:
        published = store.published()
        if published:
            print(f"published already: {', '.join(v.ref for v in published)}")
            return 0
        engine = Engine.open(args.region or settings().region_path, cache_dir=cache,
                             progress=lambda f, m: print(f"[{f:4.0%}] {m}", file=sys.stderr, flush=True))
        scenario = resolve_scenario(args.scenario, engine.presets)
        saved = store.save(args.name, scenario, description="Zur Beteiligung veröffentlicht", author="participation open",
                           model_version=engine.model_key, data_checksum=engine.region.checksum)
        done = publish_with_result(store, engine, saved.name, saved.version, actor="participation open")
        print(f"published {done.ref}")
        return 0
    finally:
        store.close()
