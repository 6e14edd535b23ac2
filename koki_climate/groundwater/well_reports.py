"""One well's report (statistics, simulation, projection): computed on the planner side, stored, read.

Fitting a well takes seconds, so the public read-only instance never does it per request: it
only reads reports that the planner side computed beforehand (:func:`prepare_well_reports`,
or the Grundwasser page in planner and council modes, which stores what it computes).

Store layout, one committed :class:`~koki_climate.io.entries.EntryStore` entry per well::

    <cache>/wells/<region checksum[:16]>/<readable well id>-<hash>/current.json  (the pointer)
    <cache>/wells/<region checksum[:16]>/<readable well id>-<hash>/v-…/report.json
                                                                     /observed.json
                                                                     /simulation.json
                                                                     /projections.json

The key hashes (method version, train end, well id), so a well id with odd characters never
becomes a file name as it is; the readable prefix keeps only ``[A-Za-z0-9_]``. ``report.json``
holds the plain dicts, the errors, what identifies the report (full region checksum, method,
train end, well id) and the SHA-256 of each table file; tables are columnar JSON (one list per
column, dates as ``YYYY-MM-DD``) restored to the pandas types the page uses. No pickle anywhere.
JSON is written by Python's :mod:`json`, which keeps not-a-number values (``NaN``) as they are:
the page formats them as it does a freshly computed report.

A report that does not parse, whose identity or digests do not match, or whose files were
truncated (the entry's pointer records sizes) counts as missing: recomputed on the planner
side, "not prepared" on the public instance.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from koki_climate.config import is_public, require_writable
from koki_climate.errors import InputError, KokiError, NotPreparedError
from koki_climate.groundwater.analysis import analyse_heads
from koki_climate.groundwater.io import validate_heads
from koki_climate.groundwater.ensemble_projection import project_ensemble
from koki_climate.groundwater.pastas_models import Choice, candidates_tag, choose_candidate
from koki_climate.groundwater.projection import REFERENCE, scenario_pairs
from koki_climate.groundwater.regional import VERSION as PROJECTION_VERSION
from koki_climate.groundwater.regional import scenario_signals
from koki_climate.groundwater.skill import score
from koki_climate.io.entries import POINTER, EntryStore

if TYPE_CHECKING:
    from koki_climate.region import Region

#: heads up to this date train the simulation; later heads only test it
DEFAULT_TRAIN_END = "2014-12-31"
#: bump when the report's method or its stored format changes: part of every store key
METHOD = f"well-report-2+{PROJECTION_VERSION}"


def method_id() -> str:
    """What made a stored report: :data:`METHOD` and, if not all, the candidate set tried."""
    return METHOD + candidates_tag()


#: problems of one part of a well's report (bad data, a fit that fails numerically): that part
#: stores a plain message, the other parts are still computed
PART_ERRORS = (KokiError, ValueError, ArithmeticError, np.linalg.LinAlgError)
#: the tables of a report and the files that hold them
TABLES = {"observed": "observed.json", "simulation": "simulation.json", "projections": "projections.json"}
REPORT_FILE = "report.json"
FORMAT = 1
DATE_FORMAT = "%Y-%m-%d"

Progress = Callable[[float, str], None]


# --- computing ------------------------------------------------------------------------------
def well_report(region: Region, well_id: str, train_end: str = DEFAULT_TRAIN_END) -> dict:
    """Everything the Grundwasser page shows about one well, as plain data.

    Keys: ``analysis`` (dict), ``observed`` (Series), ``simulation`` (weekly DataFrame),
    ``skill`` (dict or None), ``model`` (the model card: rule, members, validation errors),
    ``projections`` (DataFrame), ``errors``
    (dict of plain messages for the parts that could not be computed). Dicts are already in
    their JSON form (lists, not tuples), so a stored report equals the computed one.
    Raises :class:`KokiError` when the well's heads cannot be read at all.
    """
    heads = validate_heads(region.read_heads(well_id), name=f"well {well_id}")
    weather = region.weather
    out: dict = {"well_id": well_id, "observed": heads, "train_end": train_end, "errors": {}}
    try:
        out["analysis"] = _plain(analyse_heads(heads, name=f"well {well_id}").to_dict())
    except PART_ERRORS as exc:
        out["errors"]["analysis"] = str(exc)
    choice = None
    try:
        choice = choose_candidate(heads, weather, train_end)
        simulated = choice.simulate(weather)
        test = heads[heads.index > pd.Timestamp(train_end)]
        skill = score(test, simulated) if len(test) else None
        out["skill"] = _plain(skill.to_dict()) if skill is not None else None
        out["model"] = _plain(choice.to_dict())
        out["simulation"] = simulated.resample("W").mean()
    except PART_ERRORS as exc:
        out["errors"]["simulation"] = str(exc)
    if region.climate is None:
        out["errors"]["projection"] = f"{region.path}: the region has no climate data"
    elif choice is None:
        out["errors"]["projection"] = "no model ensemble could be chosen for this well (see the simulation)"
    else:
        try:
            out["projections"] = project_well_table(region, well_id, heads, choice)
        except PART_ERRORS as exc:
            out["errors"]["projection"] = str(exc)
    return out


def project_well_table(region: Region, well_id: str, heads: pd.Series, choice: Choice) -> pd.DataFrame:
    """Change of mean and high head for every pathway x horizon (as the regional projection does).

    The ensemble chosen on the training years, its members refitted on every head; signals
    at the well's location with the climate ensemble's spread when the data hold it; the
    reference (historical 1991-2020) is left out (zero change by definition).
    """
    where = region.wells.set_index(region.wells["well_id"].astype(str))
    x, y = float(where.at[well_id, "x"]), float(where.at[well_id, "y"])
    refitted = choice.refit(heads, region.weather)
    pairs = [pair for pair in scenario_pairs(region.climate) if pair != REFERENCE]
    signals = [scenario_signals(region.climate, p, h, x, y) for p, h in pairs]
    table = pd.DataFrame([p.to_dict() for p in project_ensemble(refitted, region.weather, signals)])
    if table.empty:
        return table
    for name in ("mean_change", "high_change"):
        short = name.split("_")[0]
        table[[f"{short}_low", f"{short}_high"]] = pd.DataFrame(table.pop(f"{name}_ci95").tolist(), index=table.index)
        table[[f"{short}_span_low", f"{short}_span_high"]] = pd.DataFrame(table.pop(f"{name}_span").tolist(),
                                                                          index=table.index)
    table["members"] = table["members"].map(", ".join)
    return table


def failed_report(well_id: str, train_end: str, problem: str) -> dict:
    """The report of a well whose heads cannot be read at all: only the plain message (``errors['well']``)."""
    return {"well_id": well_id, "train_end": train_end, "errors": {"well": problem}}


def computed_report(region: Region, well_id: str, train_end: str = DEFAULT_TRAIN_END) -> dict:
    """:func:`well_report`, or :func:`failed_report` when the well's data are unusable (stored alike)."""
    try:
        return well_report(region, well_id, train_end)
    except KokiError as exc:
        return failed_report(well_id, train_end, str(exc))


# --- the store ------------------------------------------------------------------------------
def report_store(region: Region, cache_dir: str | Path) -> EntryStore:
    """The well reports of one region's data version in a cache folder."""
    return EntryStore(Path(cache_dir) / "wells" / region.checksum[:16])


def report_key(well_id: str, train_end: str = DEFAULT_TRAIN_END) -> str:
    """Entry name of a well's report: a readable, file-name-safe prefix plus a hash of what identifies it."""
    digest = hashlib.sha256(json.dumps([method_id(), str(train_end), str(well_id)]).encode()).hexdigest()[:20]
    readable = re.sub(r"[^A-Za-z0-9_]+", "_", str(well_id)).strip("_")[:40]
    return f"{readable}-{digest}" if readable else digest


def report_stamp(region: Region, cache_dir: str | Path, well_id: str, train_end: str = DEFAULT_TRAIN_END) -> str:
    """Changes whenever a report is (re)stored: the pointer's modification time and size, or ``-``."""
    pointer = report_store(region, cache_dir).key_dir(report_key(well_id, train_end)) / POINTER
    try:
        info = pointer.stat()
    except OSError:
        return "-"
    return f"{info.st_mtime_ns}-{info.st_size}"


def store_well_report(region: Region, cache_dir: str | Path, report: dict) -> Path:
    """Commit ``report`` as its well's entry (whole or not at all; refused on the public instance)."""
    store = report_store(region, cache_dir)
    well_id, train_end = str(report["well_id"]), str(report["train_end"])
    key = report_key(well_id, train_end)
    with store.write(key) as folder:
        tables = {}
        for name, file in TABLES.items():
            if report.get(name) is not None:
                data = _json_bytes(_table_dict(report[name]))
                (folder / file).write_bytes(data)
                tables[name] = {"file": file, "sha256": hashlib.sha256(data).hexdigest()}
        head = {
            "format": FORMAT, "region_checksum": region.checksum, "method": method_id(), "well_id": well_id,
            "train_end": train_end, "errors": dict(report.get("errors", {})), "tables": tables,
            "parts": {name: report[name] for name in ("analysis", "skill", "model") if name in report},
        }
        (folder / REPORT_FILE).write_bytes(_json_bytes(head))
    return store.key_dir(key)


def load_well_report(region: Region, cache_dir: str | Path, well_id: str,
                     train_end: str = DEFAULT_TRAIN_END) -> dict | None:
    """The stored report of a well, or None when there is none or it is damaged. Only reads."""
    folder = report_store(region, cache_dir).folder(report_key(well_id, train_end))
    if folder is None:
        return None
    try:
        head = _json_load((folder / REPORT_FILE).read_bytes())
        if (head.get("format") != FORMAT or head.get("region_checksum") != region.checksum
                or head.get("method") != method_id() or head.get("well_id") != str(well_id)
                or head.get("train_end") != str(train_end)):
            return None
        report: dict = {"well_id": head["well_id"], "train_end": head["train_end"], "errors": dict(head["errors"])}
        report.update(head["parts"])
        for name, spec in head["tables"].items():
            data = (folder / spec["file"]).read_bytes()
            if hashlib.sha256(data).hexdigest() != spec["sha256"]:
                return None
            report[name] = _table_from_dict(_json_load(data))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # damaged: treated as missing
    return report


def ensure_well_report(region: Region, cache_dir: str | Path, well_id: str,
                       train_end: str = DEFAULT_TRAIN_END) -> dict:
    """The stored report; when missing, computed and stored (planner side, once across processes).

    On the public instance nothing is computed: a missing report raises
    :class:`NotPreparedError` (``what="wells"``) so the page can say so in plain words.
    """
    report = load_well_report(region, cache_dir, well_id, train_end)
    if report is not None:
        return report
    if is_public():
        raise NotPreparedError("wells", f"no stored report for well {well_id} (train end {train_end}) in the "
                                        "cache; prepare it on the planner side (python -m koki_climate prepare)")
    _check_well(region, well_id)
    store = report_store(region, cache_dir)
    with store.lock(report_key(well_id, train_end)):
        report = load_well_report(region, cache_dir, well_id, train_end)  # stored by another process meanwhile
        if report is None:
            report = computed_report(region, well_id, train_end)
            store_well_report(region, cache_dir, report)
    return report


def prepare_well_reports(region: Region, cache_dir: str | Path, *, well_ids: list[str] | None = None,
                         progress: Progress | None = None) -> dict:
    """Compute and store the report of every well (or of ``well_ids``) that is not stored yet.

    Each well is committed on its own, so an interrupted run keeps what it finished and a
    second run only computes the rest. ``progress(fraction, message)`` is called before each
    well. Returns a summary: which wells were computed, which were already stored, the plain
    errors of the wells (or of parts of them) that could not be computed, and the time taken.
    """
    require_writable("prepare well reports")
    report_progress = progress or (lambda fraction, message: None)
    known = _well_ids(region)
    wanted = list(dict.fromkeys(str(w) for w in well_ids)) if well_ids is not None else known
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise InputError(f"{region.path}: unknown well(s) {', '.join(unknown)}")
    store = report_store(region, cache_dir)
    store.clean()  # what killed writers left behind
    start = time.perf_counter()
    computed: list[str] = []
    reused: list[str] = []
    errors: dict[str, dict[str, str]] = {}
    for i, well_id in enumerate(wanted):
        report_progress(i / max(len(wanted), 1), f"well {well_id} ({i + 1}/{len(wanted)})")
        report = load_well_report(region, cache_dir, well_id)
        if report is None:
            report = ensure_well_report(region, cache_dir, well_id)
            computed.append(well_id)
        else:
            reused.append(well_id)
        if report["errors"]:
            errors[well_id] = dict(report["errors"])
    report_progress(1.0, "done")
    return {"region": region.name, "region_checksum": region.checksum, "method": method_id(),
            "train_end": DEFAULT_TRAIN_END, "store": str(store.root), "wells": len(wanted),
            "computed": computed, "reused": reused, "errors": errors,
            "seconds": round(time.perf_counter() - start, 1)}


# --- helpers --------------------------------------------------------------------------------
def _well_ids(region: Region) -> list[str]:
    if region.wells is None or region.wells.empty:
        return []
    return [str(w) for w in region.wells["well_id"]]


def _check_well(region: Region, well_id: str) -> None:
    """Refuse a well the region does not have before anything is locked or stored under its name."""
    if str(well_id) not in _well_ids(region):
        raise InputError(f"{region.path}: unknown well {well_id}")


def _plain(value: Any) -> Any:
    """``value`` as it comes back from JSON (tuples as lists, numpy scalars as Python numbers)."""
    return _json_load(_json_bytes(value))


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return pd.Timestamp(value).strftime(DATE_FORMAT)
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, default=_json_default, ensure_ascii=False, allow_nan=True).encode("utf-8")


def _json_load(data: bytes) -> Any:
    return json.loads(data.decode("utf-8"))


def _table_dict(table: pd.Series | pd.DataFrame) -> dict:
    """A Series or DataFrame as columnar JSON data: dtypes, index (dates or positions), one list per column."""
    series = isinstance(table, pd.Series)
    frame = table.to_frame() if series else table
    index = frame.index
    dated = isinstance(index, pd.DatetimeIndex)
    if not dated and not index.equals(pd.RangeIndex(len(index))):
        raise TypeError("a stored table needs a date index or a plain position index")
    return {
        "kind": "series" if series else "frame",
        "name": table.name if series else None,
        "index": {"dates": [d.strftime(DATE_FORMAT) for d in index] if dated else None,
                  "dtype": str(index.dtype) if dated else None, "name": index.name,
                  "freq": index.freqstr if dated and index.freq is not None else None},
        "columns": [str(c) for c in frame.columns],
        "dtypes": {str(c): str(frame[c].dtype) for c in frame.columns},
        "data": {str(c): frame[c].tolist() for c in frame.columns},
    }


def _table_from_dict(spec: dict) -> pd.Series | pd.DataFrame:
    """The Series or DataFrame :func:`_table_dict` described, with its dtypes and date index."""
    index_spec = spec["index"]
    if index_spec["dates"] is not None:
        dates = pd.to_datetime(index_spec["dates"], format=DATE_FORMAT).astype(index_spec["dtype"])
        index: pd.Index = pd.DatetimeIndex(dates, name=index_spec["name"], freq=index_spec["freq"])
    else:  # tables without dates have a plain position index (0, 1, 2, ...)
        index = pd.RangeIndex(len(next(iter(spec["data"].values()), [])), name=index_spec["name"])
    frame = pd.DataFrame({c: pd.Series(spec["data"][c], index=index, dtype=spec["dtypes"][c])
                          for c in spec["columns"]}, index=index, columns=spec["columns"])
    if spec["kind"] == "series":
        return frame[spec["columns"][0]].rename(spec["name"])
    return frame


__all__ = ["DEFAULT_TRAIN_END", "METHOD", "PART_ERRORS", "method_id", "computed_report", "ensure_well_report",
           "failed_report", "load_well_report", "prepare_well_reports", "project_well_table", "report_key",
           "report_stamp", "report_store", "store_well_report", "well_report"]
