"""Citizens' comments as files a planning office opens: CSV (Excel) and GeoPackage (QGIS).

Both carry the same columns (:data:`COLUMNS`), named as in the code so a script can rely on
them whatever the UI language. Texts are exported exactly as stored, with one exception in
the CSV only: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading apostrophe (``'``), because Excel and LibreOffice would otherwise run it as a
formula ("CSV injection": ``=HYPERLINK(…)`` in a citizen's text must stay text on the
planner's machine). The GeoPackage is not opened by a spreadsheet and keeps every text as it
is. A CSV reader that wants the stored text back removes one leading apostrophe from cells
whose second character is one of those.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timezone

import geopandas as gpd
import pandas as pd
import shapely

from koki_climate.export.geopackage import gpkg_bytes
from koki_climate.participation.comments import Comment

#: the exported columns (besides the geometry; the CSV adds x, y and crs instead)
COLUMNS: tuple[str, ...] = ("id", "created_at", "scenario", "scenario_hash", "category", "text", "language",
                            "zone", "status", "observed_flood", "radius_m")
#: the GeoPackage layer
LAYER = "comments"
#: first characters that make a spreadsheet cell a formula (OWASP's list)
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def _row(comment: Comment) -> dict:
    return {"id": comment.id,
            "created_at": comment.created_at.astimezone(timezone.utc).isoformat(),
            "scenario": comment.scenario_ref, "scenario_hash": comment.scenario_hash, "category": comment.category,
            "text": comment.text, "language": comment.language, "zone": comment.zone, "status": comment.status,
            "observed_flood": bool(comment.observed), "radius_m": float(comment.radius_m)}


def comments_frame(comments: Sequence[Comment], crs: str | None = None) -> gpd.GeoDataFrame:
    """The comments as points with :data:`COLUMNS`, in ``crs`` (default: the first comment's CRS).

    Comments stored in another CRS are reprojected to it, so one layer never mixes systems.
    An empty list gives an empty frame with the same columns.
    """
    target = crs or (comments[0].crs if comments else None)
    parts = []
    for source in dict.fromkeys(c.crs for c in comments):
        group = [c for c in comments if c.crs == source]
        frame = gpd.GeoDataFrame([_row(c) for c in group], columns=list(COLUMNS),
                                 geometry=shapely.points([c.x for c in group], [c.y for c in group]), crs=source)
        parts.append(frame if target is None else frame.to_crs(target))
    if not parts:
        return gpd.GeoDataFrame({name: pd.Series(dtype=_EMPTY_DTYPES.get(name, "object")) for name in COLUMNS},
                                geometry=gpd.GeoSeries([], crs=target), crs=target)
    if len(parts) == 1:
        return parts[0]
    out = pd.concat(parts).set_index("id", drop=False)  # back to the caller's order
    return out.loc[[c.id for c in comments]].reset_index(drop=True)


_EMPTY_DTYPES = {"id": "int64", "observed_flood": "bool", "radius_m": "float64"}


def defuse_formula(value: object) -> object:
    """A string cell a spreadsheet would run as a formula, with a leading apostrophe (CSV only)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def comments_csv_bytes(comments: Sequence[Comment], *, sep: str = ";", decimal: str = ",") -> bytes:
    """The comments as CSV for German Excel: UTF-8 with BOM (umlauts), ``;`` and decimal comma.

    Point coordinates are the columns ``x``, ``y`` (in ``crs``); formula-looking cells are
    defused as the module docstring says; every other text is as stored (quoted where it
    holds the separator, quotes or line breaks).
    """
    frame = comments_frame(comments)
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    table["x"] = frame.geometry.x if len(frame) else pd.Series(dtype="float64")
    table["y"] = frame.geometry.y if len(frame) else pd.Series(dtype="float64")
    table["crs"] = frame.crs.to_string() if frame.crs is not None else ""
    for column in table.columns:
        if not (pd.api.types.is_numeric_dtype(table[column]) or pd.api.types.is_bool_dtype(table[column])):
            table[column] = table[column].map(defuse_formula)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def comments_gpkg_bytes(comments: Sequence[Comment], crs: str | None = None) -> bytes:
    """The comments as a GeoPackage with one point layer ``comments`` (QGIS), texts as stored.

    ``crs`` as in :func:`comments_frame`; pass the region's CRS so that even an empty layer
    has one (QGIS then places points added to it).
    """
    frame = comments_frame(comments, crs)

    def write(path) -> None:
        frame.to_file(path, layer=LAYER, driver="GPKG", engine="pyogrio", geometry_type="Point")

    return gpkg_bytes(write, "comments.gpkg")


__all__ = ["COLUMNS", "FORMULA_STARTS", "LAYER", "comments_csv_bytes", "comments_frame", "comments_gpkg_bytes",
           "defuse_formula"]
