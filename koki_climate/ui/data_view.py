"""Builders for the Daten page: validate a region folder or an uploaded zip, report in plain words.

``check_region`` and ``receive_upload`` return plain data or a plain message, never raise
(apart from programming errors): the page shows the message and keeps running. Nothing
here calls streamlit, except the cached wrapper ``cached_check``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
import streamlit as st

from koki_climate.errors import KokiError, ReadOnlyError
from koki_climate.region import open_region
from koki_climate.region.manifest import MANIFEST_NAME
from koki_climate.region.report import format_report, region_report
from koki_climate.region.upload import extract_region_zip, remove_extracted
from koki_climate.ui.i18n import t


@dataclass
class Check:
    """The outcome of validating one region: a report, or a plain message (and its detail)."""

    path: str
    report: dict[str, Any] | None = None
    message: str | None = None
    detail: str | None = None
    text: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.report is not None


def check_region(path: str | Path, lang: str = "de") -> Check:
    """Open and validate a region folder or manifest; plain messages for every failure."""
    raw = str(path).strip()
    if not raw:
        return Check(raw, message=t("data_path_empty", lang))
    where = Path(raw).expanduser()
    if not where.exists():
        return Check(raw, message=t("data_path_missing", lang).format(path=where))
    if where.is_dir() and not (where / MANIFEST_NAME).exists():
        return Check(raw, message=t("data_no_manifest", lang).format(path=where, name=MANIFEST_NAME))
    try:
        region = open_region(where)
        report = region_report(region)
    except KokiError as exc:
        return Check(raw, message=t("data_invalid", lang), detail=str(exc))
    except (OSError, ValueError, TypeError, KeyError, RuntimeError) as exc:
        # a file the readers choke on (truncated NetCDF, unreadable GeoPackage, …)
        return Check(raw, message=t("data_unreadable", lang), detail=f"{type(exc).__name__}: {exc}")
    return Check(raw, report=report, text=format_report(report), warnings=list(report.get("warnings", [])))


def manifest_stamp(path: str | Path) -> str:
    """A cache stamp that changes when the manifest (or a named file in the folder) changes."""
    where = Path(str(path).strip() or ".").expanduser()
    manifest = where / MANIFEST_NAME if where.is_dir() else where
    stamps = []
    for candidate in ([manifest] + (sorted(where.glob("*")) if where.is_dir() else [])):
        try:
            stamps.append(f"{candidate.name}:{candidate.stat().st_mtime_ns}")
        except OSError:
            stamps.append(f"{candidate.name}:-")
    return "|".join(stamps)


@st.cache_data(show_spinner=False, max_entries=16)
def cached_check(path: str, stamp: str, lang: str) -> Check:
    """:func:`check_region` cached by path and file modification times."""
    return check_region(path, lang)


def layers_frame(report: dict[str, Any], lang: str = "de") -> pd.DataFrame:
    """One row per layer: role, file:variable, size, units, range, share missing."""
    rows = []
    for layer in report.get("layers", []):
        rows.append({
            t("data_col_role", lang): layer["role"],
            t("data_col_source", lang): f"{layer['file']}:{layer['variable']}",
            t("data_col_shape", lang): " × ".join(str(n) for n in layer["shape"]),
            t("data_col_units", lang): layer.get("units") or "–",
            t("data_col_min", lang): layer.get("min"),
            t("data_col_max", lang): layer.get("max"),
            t("data_col_nan", lang): f"{100 * float(layer.get('nan_share') or 0):.1f} %",
        })
    return pd.DataFrame(rows)


def summary_frame(report: dict[str, Any], lang: str = "de") -> pd.DataFrame:
    """Region, grid, CRS, area, vectors, wells, climate scenarios, checksum — one row each."""
    grid = report["grid"]
    rows = [
        (t("data_row_region", lang), report["region"]),
        (t("data_row_synthetic", lang), t("data_yes" if report.get("synthetic") else "data_no", lang)),
        (t("data_row_grid", lang), f"{grid['shape'][0]} × {grid['shape'][1]} "
                                   f"({grid['cell_size_m'][0]:g} × {grid['cell_size_m'][1]:g} m)"),
        (t("data_row_area", lang), f"{grid['area_km2']:g} km²"),
        (t("data_row_crs", lang), f"{grid['crs']} ({grid['crs_name']})"),
        (t("data_row_vectors", lang), ", ".join(f"{role} ({v['features']})" for role, v in report["vectors"].items())
         or "–"),
        (t("data_row_wells", lang), str(report.get("wells", 0))),
        (t("data_row_climate", lang), ", ".join(report.get("climate_scenarios", [])) or "–"),
        (t("data_row_checksum", lang), str(report["checksum"])[:16] + "…"),
        (t("data_row_path", lang), report["path"]),
    ]
    return pd.DataFrame(rows, columns=[t("data_col_item", lang), t("data_col_value", lang)])


@dataclass
class Upload:
    """An extracted upload: its region folder, or a plain message."""

    folder: Path | None = None
    message: str | None = None
    detail: str | None = None


def receive_upload(data: bytes | BinaryIO, target_dir: str | Path, max_bytes: int, lang: str = "de") -> Upload:
    """Extract an uploaded zip safely (see :func:`koki_climate.region.upload.extract_region_zip`)."""
    try:
        return Upload(folder=extract_region_zip(data, target_dir, max_bytes=max_bytes))
    except ReadOnlyError as exc:
        return Upload(message=t("data_read_only", lang), detail=str(exc))
    except KokiError as exc:
        return Upload(message=t("data_upload_refused", lang), detail=str(exc))
    except OSError as exc:  # disk full, permissions
        return Upload(message=t("data_upload_failed", lang), detail=f"{type(exc).__name__}: {exc}")


def discard_upload(folder: str | Path | None, target_dir: str | Path) -> None:
    """Remove a previous upload of this session (only folders made under ``target_dir``)."""
    if folder:
        remove_extracted(folder, target_dir)
