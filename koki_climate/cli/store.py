"""Scenario library commands: ``store list|show|save|publish|unpublish|delete``.

The library is ``KOKI_DATABASE_URL`` or ``<cache>/scenarios.sqlite``. Writes open the region's
engine (to resolve preset names, and to stamp a version with the model version and data
checksum, or to precompute a published result); on the public instance every write ends with
exit code 2 and a plain message before anything is opened for writing.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys

from koki_climate.config import require_writable, settings


def register(subparsers: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--region", default=None, help="region folder (default: $KOKI_REGION or data/musterstadt)")
    common.add_argument("--cache-dir", default=None, help="cache folder holding scenarios.sqlite (default .cache)")
    common.add_argument("--json", action="store_true", help="print JSON to stdout")
    parser = subparsers.add_parser("store", help="saved and published scenarios (the scenario library)")
    commands = parser.add_subparsers(dest="store_command", required=True, metavar="ACTION")

    sub = commands.add_parser("list", parents=[common], help="saved scenarios, their versions and what is published")
    sub.set_defaults(handler=run_list)
    sub = commands.add_parser("show", parents=[common], help="one scenario: every version and its differences")
    sub.add_argument("name")
    sub.set_defaults(handler=run_show)
    sub = commands.add_parser("save", parents=[common], help="save a scenario (same content: the existing version)")
    sub.add_argument("--name", required=True)
    sub.add_argument("--scenario", required=True, metavar="NAME_OR_JSON", help="preset name or scenario JSON")
    sub.add_argument("--description", default="")
    sub.add_argument("--author", default=None, help="default: the login name")
    sub.set_defaults(handler=run_save)
    for action, text in (("publish", "publish a version (its result is computed first)"),
                         ("unpublish", "withdraw a published version")):
        sub = commands.add_parser(action, parents=[common], help=text)
        sub.add_argument("name")
        sub.add_argument("--version", type=int, default=None, help="default: the latest version")
        sub.add_argument("--actor", default=None, help="who does it, for the audit log (default: the login name)")
        sub.set_defaults(handler=run_publish if action == "publish" else run_unpublish)
    sub = commands.add_parser("delete", parents=[common], help="delete an unpublished scenario and its versions")
    sub.add_argument("name")
    sub.add_argument("--yes", action="store_true", help="confirm the deletion")
    sub.add_argument("--actor", default=None)
    sub.set_defaults(handler=run_delete)


def _store(args: argparse.Namespace, *, write: bool = False):
    from koki_climate.store import ScenarioStore

    if write:
        require_writable(f"store {args.store_command}")
    return ScenarioStore.for_cache(args.cache_dir or settings().cache_dir, read_only=not write)


def _who(value: str | None) -> str:
    if value:
        return value
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _engine(args: argparse.Namespace):
    from koki_climate.engine import Engine

    return Engine.open(args.region or settings().region_path, cache_dir=args.cache_dir or settings().cache_dir,
                       progress=lambda f, m: print(f"[{f:4.0%}] {m}", file=sys.stderr, flush=True))


def _print(args: argparse.Namespace, data, text: str) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False, default=str) if args.json else text)


def run_list(args: argparse.Namespace) -> int:
    infos = _store(args).scenarios()
    lines = [f"{len(infos)} saved scenario(s)"] + [
        f"  {i.name}: {len(i.versions)} version(s), latest {i.latest.version} ({i.latest.created_at:%Y-%m-%d %H:%M}), "
        f"published: {', '.join(str(v.version) for v in i.versions if v.published) or '-'}"
        for i in infos if i.versions]
    _print(args, [i.to_dict() for i in infos], "\n".join(lines))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from koki_climate.store import differences

    info = _store(args).scenario(args.name)
    lines = [f"{info.name} — {info.description or '(no description)'} (by {info.author or '?'})"]
    previous = None
    for v in info.versions:
        state = f"published {v.published_at:%Y-%m-%d %H:%M}" if v.published else "draft"
        lines.append(f"  version {v.version} ({v.created_at:%Y-%m-%d %H:%M}, {v.author or '?'}, {state}, "
                     f"hash {v.scenario_hash}, model {v.model_version or '?'})")
        if previous is not None:
            for field, (old, new) in differences(previous, v).items():
                lines.append(f"      {field}: {old!r} -> {new!r}")
        previous = v
    _print(args, info.to_dict(), "\n".join(lines))
    return 0


def run_save(args: argparse.Namespace) -> int:
    from koki_climate.presets import resolve_scenario

    store = _store(args, write=True)
    engine = _engine(args)
    scenario = resolve_scenario(args.scenario, engine.presets)
    engine.check(scenario)
    saved = store.save(args.name, scenario, description=args.description, author=_who(args.author),
                       model_version=engine.model_key, data_checksum=engine.region.checksum)
    _print(args, saved.to_dict(), f"saved {saved.ref} (hash {saved.scenario_hash})")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    from koki_climate.store import publish_with_result

    store = _store(args, write=True)
    version = store.version(args.name, args.version).version
    engine = _engine(args)
    done = publish_with_result(store, engine, args.name, version, actor=_who(args.actor),
                               progress=lambda f, m: print(f"[{f:4.0%}] {m}", file=sys.stderr, flush=True))
    _print(args, done.to_dict(), f"published {done.ref}")
    return 0


def run_unpublish(args: argparse.Namespace) -> int:
    store = _store(args, write=True)
    version = store.version(args.name, args.version).version
    done = store.unpublish(args.name, version, actor=_who(args.actor))
    _print(args, done.to_dict(), f"unpublished {done.ref}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from koki_climate.errors import InputError

    store = _store(args, write=True)
    if not args.yes:
        raise InputError(f"deleting {args.name!r} removes all its versions: repeat with --yes to confirm")
    store.delete(args.name, actor=_who(args.actor))
    _print(args, {"deleted": args.name}, f"deleted {args.name}")
    return 0
