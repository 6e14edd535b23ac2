"""Exports a planner takes away: CF NetCDF, GeoPackage for QGIS, CSV/JSON, a PDF handout.

Every file is written to a temporary file in the target folder and renamed into place, so a
crash, a full disk or a bad value never leaves a half-written file under the final name.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import xarray as xr

from koki_climate.zoning import NODATA, ZONE_LABELS

CF_CONVENTIONS = "CF-1.8"

#: Zone colours shared by the PNG maps (and meant for the app's legend as well).
ZONE_COLOURS: dict[int, str] = {0: "#ffffff", 1: "#9ecae1", 2: "#fd8d3c", 3: "#d7301f"}
NODATA_COLOUR = "#d9d9d9"
CHANGE_COLOURS: dict[int, str] = {-1: "#1a9850", 0: "#ffffff", 1: "#d73027"}

LEGAL_NOTE: dict[str, str] = {
    "de": "Hinweis: Diese Auswertung ist eine Planungshilfe und hat beratenden Charakter. "
          "Überschwemmungsgebiete setzt die Wasserbehörde fest (§ 76 WHG).",
    "en": "Note: this analysis is advisory. Flood areas are designated by the water authority "
          "(§ 76 WHG, German Water Act).",
}

_TEXT: dict[str, dict[str, str]] = {
    "de": {"page": "Seite {n} von {nb}", "table": "Flächenbilanz", "model": "Modell", "provenance": "Herkunft der Daten",
           "note": "Rechtlicher Hinweis", "date": "Stand", "nodata": "außerhalb / keine Daten",
           "down": "geringere Zone", "same": "unverändert", "up": "höhere Zone"},
    "en": {"page": "Page {n} of {nb}", "table": "Area balance", "model": "Model", "provenance": "Provenance",
           "note": "Legal note", "date": "Date", "nodata": "outside / no data",
           "down": "lower zone", "same": "unchanged", "up": "higher zone"},
}


def _text(key: str, lang: str) -> str:
    return _TEXT.get(lang, _TEXT["de"])[key]


# --- atomic writes ---------------------------------------------------------------------------

@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; rename it into place only if the block succeeds.

    The temporary name keeps the suffix (GDAL and netCDF pick drivers by it). On any error the
    temporary file and sidecars (SQLite journals of a GeoPackage) are removed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()  # writers create it themselves (some refuse an existing empty file)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_dir(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary folder beside ``folder``; it replaces ``folder`` only if the block succeeds.

    Readers never see half a result or model: they find the old folder, or the complete new one.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        yield tmp
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def to_jsonable(obj: Any) -> Any:
    """Plain Python values for JSON: numpy scalars/arrays, pandas, paths, dates; NaN -> None."""
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, pd.DataFrame):
        return [to_jsonable(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, pd.Series):
        return to_jsonable(obj.tolist())
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj, key=str) if isinstance(obj, (set, frozenset)) else obj
        return [to_jsonable(v) for v in items]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        value = float(obj)
        return value if math.isfinite(value) else None
    if obj is None or obj is pd.NA or obj is pd.NaT:
        return None
    if isinstance(obj, (dt.datetime, dt.date, pd.Timestamp)):
        return obj.isoformat()
    if isinstance(obj, np.datetime64):
        return str(obj)
    if isinstance(obj, (os.PathLike, Path)):
        return str(obj)
    if hasattr(obj, "to_dict"):
        return to_jsonable(obj.to_dict())
    if isinstance(obj, (str, bytes)):
        return obj.decode() if isinstance(obj, bytes) else obj
    return str(obj)


def write_json(path: str | os.PathLike[str], obj: Any, *, indent: int = 2) -> Path:
    """Write ``obj`` as UTF-8 JSON (numpy types converted, NaN as null), atomically."""
    text = json.dumps(to_jsonable(obj), indent=indent, ensure_ascii=False, sort_keys=False, allow_nan=False)
    with atomic_path(path) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")
    return Path(path)


def write_csv(path: str | os.PathLike[str], frame: pd.DataFrame, *, index: bool = False) -> Path:
    """Write a table as UTF-8 CSV, atomically."""
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=index, encoding="utf-8")
    return Path(path)


# --- NetCDF ----------------------------------------------------------------------------------

def _attr_value(value: Any) -> Any:
    """NetCDF attributes hold strings and numbers; anything else goes in as JSON text."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (str, int, float, np.integer, np.floating)):
        return value
    if isinstance(value, np.ndarray) and value.dtype.kind in "iuf":
        return value
    return json.dumps(to_jsonable(value), sort_keys=True)


def cf_dataset(ds: xr.Dataset, global_attrs: Mapping[str, Any] | None = None) -> xr.Dataset:
    """A copy of ``ds`` with CF metadata checked and completed, ready for ``to_netcdf``.

    Every data variable needs ``units`` (flag variables and booleans excepted) and gets a
    ``long_name`` from its name if it has neither that nor ``standard_name``; the CRS becomes
    a ``spatial_ref`` grid-mapping variable with ``crs_wkt``. Missing units raise: guessing
    them would hand a planner a wrong number.
    """
    crs = ds.rio.crs
    if crs is None:
        crs = next((ds[v].rio.crs for v in ds.data_vars if ds[v].rio.crs is not None), None)
    if crs is None:
        raise ValueError("the dataset has no CRS: attach one with ds.rio.write_crs('EPSG:25832')")
    out = ds.copy(deep=False)
    missing = []
    for name in out.data_vars:
        var = out[name]
        attrs = dict(var.attrs)
        if var.dtype == bool:
            attrs.setdefault("flag_values", np.array([0, 1], dtype="int8"))
            attrs.setdefault("flag_meanings", "false true")
        if "standard_name" not in attrs and "long_name" not in attrs:
            attrs["long_name"] = str(name).replace("_", " ")
        if "units" not in attrs and "flag_values" not in attrs and "flag_masks" not in attrs:
            missing.append(str(name))
        if name == "spatial_ref":
            continue
        out[name].attrs = {k: _attr_value(v) for k, v in attrs.items() if k != "grid_mapping"}
    if missing:
        raise ValueError(f"variable(s) without 'units': {', '.join(missing)} (use '1' for fractions and probabilities)")
    out = out.rio.write_crs(crs).rio.write_coordinate_system()
    for name in out.data_vars:
        if {"x", "y"} <= set(out[name].dims):
            out[name] = out[name].rio.write_grid_mapping("spatial_ref")
    attrs = {k: _attr_value(v) for k, v in dict(ds.attrs).items()}
    attrs.update({k: _attr_value(v) for k, v in dict(global_attrs or {}).items()})
    attrs["Conventions"] = CF_CONVENTIONS
    out.attrs = attrs
    return out


def _encoding(ds: xr.Dataset, complevel: int = 4) -> dict[str, dict[str, Any]]:
    """Per-variable encoding: compression, fill values, grid mapping; stale encodings dropped.

    ``to_netcdf(encoding=...)`` replaces a variable's encoding, so everything kept goes here.
    """
    keep = ("dtype", "_FillValue", "scale_factor", "add_offset", "grid_mapping", "units", "calendar")
    encoding: dict[str, dict[str, Any]] = {}
    for name in ds.data_vars:
        var = ds[name]
        enc: dict[str, Any] = {k: v for k, v in var.encoding.items() if k in keep}
        if "_FillValue" in var.attrs:
            enc["_FillValue"] = var.attrs.pop("_FillValue")
        if var.dtype.kind in "iufb" and var.ndim > 0:
            enc.update(zlib=complevel > 0, complevel=complevel, shuffle=complevel > 0)
        encoding[str(name)] = enc
    for name in ("x", "y"):
        if name in ds.coords:
            encoding[name] = {"_FillValue": None}  # CF: coordinate variables have no missing values
    return encoding


def write_risk_netcdf(path: str | os.PathLike[str], ds: xr.Dataset, global_attrs: Mapping[str, Any] | None = None,
                      *, complevel: int = 4) -> Path:
    """Write a result Dataset as compressed CF NetCDF (with CRS and ``global_attrs``), atomically.

    ``complevel`` 1 writes several times faster than 4 for a little more disk (the cache uses it).
    """
    out = cf_dataset(ds, global_attrs)
    encoding = _encoding(out, complevel)
    with atomic_path(path) as tmp:
        out.to_netcdf(tmp, engine="netcdf4", encoding=encoding)
    return Path(path)


# --- GeoPackage ------------------------------------------------------------------------------

def _as_multipolygons(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    """Valid (Multi)Polygons only, all promoted to MultiPolygon: one geometry type per layer for QGIS."""
    values = np.asarray(geoms.values, dtype=object)
    present = np.array([g is not None for g in values])
    fixed = values.copy()
    if present.any():
        fixed[present] = shapely.make_valid(list(values[present]), method="structure", keep_collapsed=False)
    out = []
    for g in fixed:
        if g is None or g.is_empty:
            out.append(None)
            continue
        parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
        polys = [q for p in parts for q in shapely.get_parts(p)]
        out.append(shapely.MultiPolygon(polys) if polys else None)
    return gpd.GeoSeries(out, index=geoms.index, crs=geoms.crs)


def _gpkg_ready(frame: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    if frame.crs is None:
        raise ValueError(f"layer '{name}' has no CRS")
    out = frame.copy()
    out = out.set_geometry(_as_multipolygons(out.geometry))
    for column in out.columns:
        if column != out.geometry.name and out[column].dtype == object:
            if out[column].map(lambda v: isinstance(v, (dict, list, tuple))).any():
                out[column] = out[column].map(lambda v: json.dumps(to_jsonable(v)))
    return out


def parcels_with_overlay(parcels: gpd.GeoDataFrame, overlay: pd.DataFrame) -> gpd.GeoDataFrame:
    """Parcels joined with their zone shares and conflict columns (from ``parcel_overlay``)."""
    extra = overlay.drop(columns=[c for c in overlay.columns if c in parcels.columns and c != "parcel_id"])
    left = parcels.assign(parcel_id=parcels["parcel_id"].astype(str))
    right = extra.assign(parcel_id=extra["parcel_id"].astype(str))
    return left.merge(right, on="parcel_id", how="left")


def write_zones_gpkg(
    path: str | os.PathLike[str],
    zones: gpd.GeoDataFrame,
    parcels: gpd.GeoDataFrame,
    overlay: pd.DataFrame | None = None,
) -> Path:
    """A GeoPackage with layers ``zones`` and ``parcels`` (joined with ``overlay`` if given), atomically.

    Geometries are repaired (``make_valid``) and promoted to MultiPolygon so QGIS opens both
    layers without complaint; parcels are reprojected to the zones' CRS.
    """
    if overlay is not None:
        parcels = parcels_with_overlay(parcels, overlay)
    zones_out = _gpkg_ready(zones, "zones")
    parcels_out = _gpkg_ready(parcels, "parcels")
    if parcels_out.crs != zones_out.crs:
        parcels_out = parcels_out.to_crs(zones_out.crs)
    with atomic_path(path) as tmp:
        zones_out.to_file(tmp, layer="zones", driver="GPKG", engine="pyogrio")
        parcels_out.to_file(tmp, layer="parcels", driver="GPKG", engine="pyogrio")
    return Path(path)


# --- PNG maps --------------------------------------------------------------------------------

def _extent(grid: xr.DataArray) -> tuple[float, float, float, float]:
    x, y = np.asarray(grid["x"], float), np.asarray(grid["y"], float)
    dx = abs(x[1] - x[0]) if len(x) > 1 else 1.0
    dy = abs(y[1] - y[0]) if len(y) > 1 else 1.0
    return x.min() - dx / 2, x.max() + dx / 2, y.min() - dy / 2, y.max() + dy / 2


def _north_up(values: np.ndarray, grid: xr.DataArray) -> np.ndarray:
    y = np.asarray(grid["y"])
    return values[::-1] if len(y) > 1 and y[0] < y[-1] else values


def _scale_bar(ax: Any, extent: tuple[float, float, float, float]) -> None:
    width = extent[1] - extent[0]
    target = width / 5
    base = 10 ** math.floor(math.log10(target))
    length = max(m * base for m in (1, 2, 5) if m * base <= target)
    x0 = extent[0] + width * 0.04
    y0 = extent[2] + (extent[3] - extent[2]) * 0.04
    ax.plot([x0, x0 + length], [y0, y0], color="black", linewidth=3, solid_capstyle="butt")
    label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
    ax.text(x0 + length / 2, y0 + (extent[3] - extent[2]) * 0.012, label, ha="center", va="bottom", fontsize=8,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 1})


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, bbox_inches="tight", metadata={"Software": None})
    return buf.getvalue()


def _map_figure(values: np.ndarray, grid: xr.DataArray, colours: list[str], codes: list[int], title: str,
                labels: list[str], nodata_label: str, parcels: gpd.GeoDataFrame | None) -> bytes:
    from matplotlib.collections import LineCollection
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure  # no pyplot: no global state, safe in server threads
    from matplotlib.patches import Patch

    extent = _extent(grid)
    cmap = ListedColormap(colours).with_extremes(bad=NODATA_COLOUR)
    norm = BoundaryNorm([c - 0.5 for c in codes] + [codes[-1] + 0.5], len(codes))
    fig = Figure(figsize=(6.0, 6.4), dpi=150)
    ax = fig.add_subplot()
    ax.imshow(values, cmap=cmap, norm=norm, extent=extent, origin="upper", interpolation="nearest")
    if parcels is not None and len(parcels):
        crs = grid.rio.crs
        frame = parcels.to_crs(crs) if crs is not None and parcels.crs is not None and parcels.crs != crs else parcels
        lines = [np.asarray(part.coords) for part in shapely.get_parts(frame.geometry.boundary.dropna().values)
                 if not part.is_empty]
        ax.add_collection(LineCollection(lines, colors="#333333", linewidths=0.3))
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=11)
    _scale_bar(ax, extent)
    # strictest first: the legend reads like the plan's key
    handles = [Patch(facecolor=c, edgecolor="#555555", label=lab) for c, lab in zip(colours[::-1], labels[::-1])]
    handles.append(Patch(facecolor=NODATA_COLOUR, edgecolor="#555555", label=nodata_label))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=8, frameon=False)
    return _png(fig)


def zone_map_png(classes: xr.DataArray, title: str, lang: str = "de",
                 parcels: gpd.GeoDataFrame | None = None) -> bytes:
    """A PNG map of a zone grid in the fixed zone colours, with legend and scale bar."""
    raw = _north_up(np.asarray(classes.values), classes)
    values = np.ma.masked_where(raw == NODATA, raw.astype("float32"))
    labels = ZONE_LABELS.get(lang, ZONE_LABELS["de"])
    codes = sorted(ZONE_COLOURS)
    return _map_figure(values, classes, [ZONE_COLOURS[c] for c in codes], codes, title,
                       [labels[c] for c in codes], _text("nodata", lang), parcels)


def change_map_png(change: xr.DataArray, title: str, lang: str = "de") -> bytes:
    """A PNG map of zone changes: looser green, stricter red (sign of B - A)."""
    raw = _north_up(np.asarray(change.values).astype("float32"), change)
    nodata = change.rio.nodata
    bad = ~np.isfinite(raw) | ((raw == nodata) if nodata is not None else False) | (np.abs(raw) > 3)
    values = np.ma.masked_where(bad, np.sign(np.where(bad, 0, raw)))
    codes = [-1, 0, 1]
    labels = [_text("down", lang), _text("same", lang), _text("up", lang)]
    return _map_figure(values, change, [CHANGE_COLOURS[c] for c in codes], codes, title, labels,
                       _text("nodata", lang), None)


# --- PDF handout -----------------------------------------------------------------------------

def _font_files() -> tuple[Path, Path]:
    """DejaVu Sans (regular, bold): the system copy if present, else matplotlib's (always there)."""
    system = Path("/usr/share/fonts/truetype/dejavu")
    if (system / "DejaVuSans.ttf").is_file() and (system / "DejaVuSans-Bold.ttf").is_file():
        return system / "DejaVuSans.ttf", system / "DejaVuSans-Bold.ttf"
    import matplotlib

    mpl = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return mpl / "DejaVuSans.ttf", mpl / "DejaVuSans-Bold.ttf"


def _format_cell(value: Any, lang: str, decimals: int | None = 2) -> str:
    """Numbers as a German or English reader expects them (``decimals=None``: 3 significant digits)."""
    if isinstance(value, (bool, np.bool_)):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(float(value)):
            return "–"
        text = f"{float(value):,.{decimals}f}" if decimals is not None else f"{float(value):,.3g}"
        if lang == "de":  # 1,234.5 -> 1.234,5
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text
    return str(value)


def print_area_table(areas: pd.DataFrame, lang: str = "de", label_a: str = "A", label_b: str = "B") -> pd.DataFrame:
    """The compare area table (zone, name, a_ha, b_ha, diff_ha) with headings and zone labels for print."""
    labels = ZONE_LABELS.get(lang, ZONE_LABELS["de"])
    de = lang == "de"
    return pd.DataFrame({
        "Zone": [labels[int(z)] for z in areas["zone"]],
        f"{label_a} (ha)": areas["a_ha"].astype(float),
        f"{label_b} (ha)": areas["b_ha"].astype(float),
        ("Differenz (ha)" if de else "Difference (ha)"): areas["diff_ha"].astype(float),
    })


def _key_values(pdf: Any, heading: str, items: Mapping[str, Any], lang: str) -> None:
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for key, value in items.items():
        if isinstance(value, (Mapping, list, tuple)):
            value = json.dumps(to_jsonable(value), ensure_ascii=False)
        pdf.multi_cell(0, 5, f"{key}: {_format_cell(value, lang, None)}", align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def handout_pdf(
    path_or_buffer: str | os.PathLike[str] | IO[bytes] | None = None,
    *,
    title: str,
    subtitle: str = "",
    date: str | dt.date | None = None,
    maps: Sequence[tuple[str, bytes]] = (),
    table: pd.DataFrame | None = None,
    model_summary: Mapping[str, Any] | None = None,
    provenance: Mapping[str, Any] | None = None,
    legal_note: str | None = None,
    lang: str = "de",
) -> bytes:
    """An A4 handout for a council meeting: maps, area table, model summary, provenance, legal note.

    Returns the PDF bytes; also writes them to a path (atomically) or a binary buffer if given.
    The first two maps sit side by side (the two scenarios), further maps (the change map)
    below; text uses DejaVu Sans so umlauts and § print.
    """
    from fpdf import FPDF

    regular, bold = _font_files()
    note = legal_note if legal_note is not None else LEGAL_NOTE.get(lang, LEGAL_NOTE["de"])
    if isinstance(date, (dt.date, dt.datetime)):
        date_text = date.strftime("%d.%m.%Y") if lang == "de" else date.isoformat()[:10]
    else:
        date_text = str(date or dt.date.today().isoformat())
    page_label = _text("page", lang)

    class Handout(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", "", 8)
            self.set_text_color(100)
            self.cell(0, 6, page_label.format(n=self.page_no(), nb="{nb}"), align="C")
            self.set_text_color(0)

    pdf = Handout(orientation="P", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_title(title)
    pdf.set_creator("KoKI Klima")
    pdf.set_lang(lang)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()

    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, title, align="L", new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.set_font("DejaVu", "", 12)
        pdf.multi_cell(0, 6, subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 6, f"{_text('date', lang)}: {date_text}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def place(caption: str, png: bytes, x: float, y: float, w: float) -> float:
        info = pdf.image(io.BytesIO(png), x=x, y=y, w=w)
        pdf.set_xy(x, y + info.rendered_height + 1)
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(w, 4, caption, align="C")
        return pdf.get_y() - y

    gap = 4.0
    rows = [list(maps[:2])] + [[m] for m in maps[2:]]
    for row in rows:
        if not row:
            continue
        w = (pdf.epw - gap) / 2 if len(row) == 2 or len(maps) >= 2 else pdf.epw * 0.6
        if pdf.get_y() + w * 1.1 > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        start = pdf.l_margin + (pdf.epw - (len(row) * w + (len(row) - 1) * gap)) / 2
        heights = [place(cap, png, start + i * (w + gap), y, w) for i, (cap, png) in enumerate(row)]
        pdf.set_xy(pdf.l_margin, y + max(heights) + 3)

    if table is not None and len(table):
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 8, _text("table", lang), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        numeric = [table[c].dtype.kind in "iuf" for c in table.columns]
        align = tuple("RIGHT" if n else "LEFT" for n in numeric)
        with pdf.table(text_align=align, line_height=5, first_row_as_headings=True) as t:
            header = t.row()
            for column in table.columns:
                header.cell(str(column))
            for record in table.itertuples(index=False):
                row = t.row()
                for value in record:
                    row.cell(_format_cell(value, lang))
        pdf.ln(4)
    elif model_summary or provenance:
        pdf.add_page()
    if model_summary:
        _key_values(pdf, _text("model", lang), model_summary, lang)
    if provenance:
        _key_values(pdf, _text("provenance", lang), provenance, lang)

    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(0, 8, _text("note", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5, note, border=1, padding=2, align="L", new_x="LMARGIN", new_y="NEXT")

    data = bytes(pdf.output())
    if path_or_buffer is None:
        return data
    if hasattr(path_or_buffer, "write"):
        path_or_buffer.write(data)  # type: ignore[union-attr]
    else:
        with atomic_path(path_or_buffer) as tmp:  # type: ignore[arg-type]
            tmp.write_bytes(data)
    return data
