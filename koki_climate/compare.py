"""Scenario A vs scenario B: where zones get stricter or looser, by how much, and for whom.

Works on the outputs of :mod:`koki_climate.zoning` only, so any two results on the same grid
(two climate horizons, expected vs precautionary, before/after a land-use change) compare.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from koki_climate.grid import cell_area_m2
from koki_climate.zoning import NODATA, ZONE_CLASSES, zone_areas_ha

CHANGE_NODATA = -128  #: int8 no-data of ``delta``/``change``: a cell unclassified in A or B


@dataclass
class Comparison:
    """Everything the compare page, the handout and the CLI show about A vs B.

    ``delta`` is B - A per cell (int8, -3..3); ``change`` its sign (-1 looser, 0 same,
    +1 stricter). ``areas`` has one row per class: zone, name, a_ha, b_ha, diff_ha (B - A).
    ``parcels_changed`` lists parcels whose dominant or highest zone differs.
    """

    delta: xr.DataArray
    change: xr.DataArray
    areas: pd.DataFrame
    parcels_changed: pd.DataFrame
    conflicts_gained: list[str] = field(default_factory=list)
    conflicts_lost: list[str] = field(default_factory=list)

    @property
    def cells_up(self) -> int:
        return int((self.change.values == 1).sum())

    @property
    def cells_down(self) -> int:
        return int((self.change.values == -1).sum())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able summary (no grids): areas, changed area, parcels and conflicts."""
        cell_ha = cell_area_m2(self.change) / 1e4
        return {
            "areas": [
                {"zone": int(r.zone), "name": str(r.name), "a_ha": float(r.a_ha), "b_ha": float(r.b_ha),
                 "diff_ha": float(r.diff_ha)}
                for r in self.areas.itertuples(index=False)
            ],
            "cells_up": self.cells_up,
            "cells_down": self.cells_down,
            "area_up_ha": self.cells_up * cell_ha,
            "area_down_ha": self.cells_down * cell_ha,
            "parcels_changed": int(len(self.parcels_changed)),
            "parcels_changed_ids": [str(p) for p in self.parcels_changed["parcel_id"]],
            "conflicts_gained": list(self.conflicts_gained),
            "conflicts_lost": list(self.conflicts_lost),
        }


def _check_same_grid(a: xr.DataArray, b: xr.DataArray) -> None:
    if a.dims != ("y", "x") or b.dims != ("y", "x"):
        raise ValueError("zone grids must have dims ('y', 'x')")
    if a.shape != b.shape or not (np.allclose(a["x"], b["x"]) and np.allclose(a["y"], b["y"])):
        raise ValueError(f"scenario A and B are not on the same grid ({a.shape} vs {b.shape})")


def change_grids(classes_a: xr.DataArray, classes_b: xr.DataArray) -> tuple[xr.DataArray, xr.DataArray]:
    """Per-cell B - A and its sign, both int8 with -128 where either is unclassified."""
    _check_same_grid(classes_a, classes_b)
    va = np.asarray(classes_a.values).astype("int16")
    vb = np.asarray(classes_b.values).astype("int16")
    missing = (va == NODATA) | (vb == NODATA)
    delta = np.where(missing, CHANGE_NODATA, vb - va).astype("int8")
    sign = np.where(missing, CHANGE_NODATA, np.sign(vb - va)).astype("int8")
    coords = {"y": classes_a["y"], "x": classes_a["x"]}

    def wrap(values: np.ndarray, name: str, long_name: str, extra: dict) -> xr.DataArray:
        da = xr.DataArray(values, coords=coords, dims=("y", "x"), name=name,
                          attrs={"long_name": long_name, **extra})
        if classes_a.rio.crs is not None:
            da.rio.write_crs(classes_a.rio.crs, inplace=True)  # inplace: rioxarray copies the data otherwise
        return da.rio.write_nodata(CHANGE_NODATA, encoded=False, inplace=True)

    delta_da = wrap(delta, "zone_delta", "zone class of B minus zone class of A", {"units": "1"})
    change_da = wrap(sign, "zone_change", "zone change from A to B",
                     {"flag_values": np.array([-1, 0, 1], dtype="int8"), "flag_meanings": "looser same stricter"})
    return delta_da, change_da


def area_table(classes_a: xr.DataArray, classes_b: xr.DataArray) -> pd.DataFrame:
    """Area per class in A and B and the difference B - A, in hectares."""
    a, b = zone_areas_ha(classes_a), zone_areas_ha(classes_b)
    rows = [{"zone": k, "name": ZONE_CLASSES[k], "a_ha": a[ZONE_CLASSES[k]], "b_ha": b[ZONE_CLASSES[k]]}
            for k in sorted(ZONE_CLASSES, reverse=True)]
    frame = pd.DataFrame(rows, columns=["zone", "name", "a_ha", "b_ha"])
    frame["diff_ha"] = frame["b_ha"] - frame["a_ha"]
    return frame


def _parcel_changes(overlay_a: pd.DataFrame, overlay_b: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    cols = ["parcel_id", "dominant_zone", "max_zone", "conflict"]
    merged = pd.merge(overlay_a[cols], overlay_b[cols], on="parcel_id", how="outer", suffixes=("_a", "_b"))
    info = [c for c in ("current_use", "planned_use") if c in overlay_b]
    if info:
        extra = pd.concat([overlay_a[["parcel_id", *info]], overlay_b[["parcel_id", *info]]]).drop_duplicates("parcel_id")
        merged = merged.merge(extra, on="parcel_id", how="left")
    for c in ("dominant_zone_a", "dominant_zone_b", "max_zone_a", "max_zone_b"):
        merged[c] = merged[c].fillna(NODATA).astype("int64")
    for c in ("conflict_a", "conflict_b"):
        merged[c] = merged[c].astype("boolean").fillna(False).astype(bool)
    changed = (merged["dominant_zone_a"] != merged["dominant_zone_b"]) | (merged["max_zone_a"] != merged["max_zone_b"])
    gained = sorted(merged.loc[merged["conflict_b"] & ~merged["conflict_a"], "parcel_id"].astype(str))
    lost = sorted(merged.loc[merged["conflict_a"] & ~merged["conflict_b"], "parcel_id"].astype(str))
    order = ["parcel_id", *info, "dominant_zone_a", "dominant_zone_b", "max_zone_a", "max_zone_b",
             "conflict_a", "conflict_b"]
    out = merged.loc[changed, order].sort_values("parcel_id").reset_index(drop=True)
    return out, gained, lost


def compare_zoning(
    classes_a: xr.DataArray,
    classes_b: xr.DataArray,
    overlay_a: pd.DataFrame | None = None,
    overlay_b: pd.DataFrame | None = None,
) -> Comparison:
    """Compare two zonings on the same grid (and, if given, their parcel overlays)."""
    delta, change = change_grids(classes_a, classes_b)
    areas = area_table(classes_a, classes_b)
    if overlay_a is not None and overlay_b is not None:
        parcels, gained, lost = _parcel_changes(overlay_a, overlay_b)
    else:
        parcels = pd.DataFrame(columns=["parcel_id", "dominant_zone_a", "dominant_zone_b", "max_zone_a",
                                        "max_zone_b", "conflict_a", "conflict_b"])
        gained, lost = [], []
    return Comparison(delta=delta, change=change, areas=areas, parcels_changed=parcels,
                      conflicts_gained=gained, conflicts_lost=lost)


def compare_results(a, b) -> Comparison:
    """Compare two evaluated scenarios (:class:`koki_climate.results.Result`) of one region."""
    return compare_zoning(a.risk["zone"], b.risk["zone"], a.parcels, b.parcels)


def write_comparison_files(comparison: Comparison, a, b, folder: Path) -> list[Path]:
    """A comparison's files in ``folder``: JSON summary, area and parcel tables, change grids (NetCDF)."""
    from koki_climate.export.netcdf import write_cf_netcdf
    from koki_climate.io.serialize import write_csv, write_json

    folder = Path(folder)
    summary = {"a": a.scenario.to_dict(), "a_hash": a.scenario.hash, "b": b.scenario.to_dict(),
               "b_hash": b.scenario.hash, "provenance": b.summary.get("provenance", {}), **comparison.to_dict()}
    grids = xr.Dataset({"zone_delta": comparison.delta, "zone_change": comparison.change})
    attrs = {"title": "KoKI Klima zone change from scenario A to B", "scenario_a": a.scenario.canonical_json(),
             "scenario_b": b.scenario.canonical_json()}
    return [write_json(folder / "comparison.json", summary), write_csv(folder / "areas.csv", comparison.areas),
            write_csv(folder / "parcels_changed.csv", comparison.parcels_changed),
            write_cf_netcdf(folder / "change.nc", grids, attrs)]
