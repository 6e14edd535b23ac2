"""What the Vergleich page offers for download, as bytes: PDF handout, GeoPackage, NetCDF, CSV.

Pure functions (no streamlit): the page caches them by scenario hashes and hands them to
``st.download_button`` as deferred callables, so nothing is built until someone clicks.
Files that need a path (GeoPackage, NetCDF) go to a private temporary folder that is removed
before the bytes are returned: nothing stays behind on the server.
"""
from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd

from koki_climate.compare import Comparison
from koki_climate.export import (
    LEGAL_NOTE, change_map_png, handout_pdf, print_area_table, write_risk_netcdf, write_zones_gpkg, zone_map_png,
)
from koki_climate.results import Result, annotate
from koki_climate.ui.i18n import t
from koki_climate.zoning import zone_label


def area_table(comparison: Comparison, lang: str, label_a: str = "A", label_b: str = "B") -> pd.DataFrame:
    """ha per zone class in A and B and B − A, with zone names (strictest first)."""
    return print_area_table(comparison.areas, lang, label_a, label_b)


def parcels_changed_table(comparison: Comparison, lang: str) -> pd.DataFrame:
    """The parcels whose zone changes, with zone names instead of codes."""
    frame = comparison.parcels_changed
    out = pd.DataFrame({t("map_col_parcel", lang): frame["parcel_id"].astype(str)})
    for column in ("dominant_zone_a", "dominant_zone_b", "max_zone_a", "max_zone_b"):
        out[t(f"cmp_col_{column.replace('_zone', '')}", lang)] = [zone_label(z, lang) for z in frame[column]]
    for column in ("conflict_a", "conflict_b"):
        out[t(f"cmp_col_{column}", lang)] = [t("map_yes", lang) if c else t("map_no", lang) for c in frame[column]]
    return out


def model_summary(card: dict) -> dict:
    """The model card in a few lines for the handout: skill under spatial and random CV."""
    metrics = card["metrics"]
    spatial, random = metrics["spatial_cv"], metrics["random_cv"]
    return {
        "Modell / model": f"{card['model']} ({card['model_version']})",
        "AUC (räumliche CV / spatial CV)": round(float(spatial["roc_auc"]), 3),
        "AUC (zufällige CV / random CV)": round(float(random["roc_auc"]), 3),
        "Brier (räumliche CV / spatial CV)": round(float(spatial["brier"]), 4),
        "Brier (zufällige CV / random CV)": round(float(random["brier"]), 4),
        "Folds": metrics.get("n_folds"),
    }


def provenance(a: Result, b: Result) -> dict:
    """Where the numbers come from: data checksum, model, both scenarios."""
    prov = b.summary["provenance"]
    return {
        "data_checksum": str(prov["data_checksum"])[:16],
        "model_key": prov["model_key"],
        "model_version": prov["model_version"],
        "scenario_a": a.scenario.canonical_json(),
        "scenario_b": b.scenario.canonical_json(),
        "synthetic_data": prov.get("synthetic_data", False),
    }


def handout_bytes(a: Result, b: Result, comparison: Comparison, card: dict, *, region_name: str,
                  label_a: str, label_b: str, lang: str = "de", parcels: gpd.GeoDataFrame | None = None) -> bytes:
    """The council handout: both zone maps, the change map, the area table, model and provenance."""
    maps = [
        (f"A: {label_a}", zone_map_png(a.risk["zone"], f"A: {label_a}", lang, parcels)),
        (f"B: {label_b}", zone_map_png(b.risk["zone"], f"B: {label_b}", lang, parcels)),
        (t("cmp_change_map", lang), change_map_png(comparison.change, t("cmp_change_map", lang), lang)),
    ]
    return handout_pdf(
        title=t("cmp_handout_title", lang),
        subtitle=t("cmp_handout_subtitle", lang).format(region=region_name, a=label_a, b=label_b),
        date=dt.date.today(), maps=maps, table=area_table(comparison, lang, "A", "B"),
        model_summary=model_summary(card), provenance=provenance(a, b), legal_note=LEGAL_NOTE.get(lang), lang=lang)


def gpkg_bytes(result: Result, parcels: gpd.GeoDataFrame) -> bytes:
    """Zones and parcels (with zone shares and conflicts) of a result as a GeoPackage (EPSG of the region)."""
    with tempfile.TemporaryDirectory(prefix="koki-gpkg-") as folder:
        path = Path(folder) / "zonen.gpkg"
        write_zones_gpkg(path, result.zones, parcels, result.parcels)
        return path.read_bytes()


def netcdf_bytes(result: Result) -> bytes:
    """The result grids as CF NetCDF with units and the scenario in the global attributes."""
    attrs = {"title": "KoKI Klima flood-risk result", "scenario_hash": result.scenario.hash,
             "scenario": result.scenario.canonical_json(),
             "data_checksum": result.summary["provenance"]["data_checksum"],
             "model_key": result.summary["provenance"]["model_key"],
             "advisory": "Flood areas are designated by the water authority (§ 76 WHG)"}
    with tempfile.TemporaryDirectory(prefix="koki-nc-") as folder:
        path = Path(folder) / "risiko.nc"
        write_risk_netcdf(path, annotate(result.risk), global_attrs=attrs)
        return path.read_bytes()


def csv_bytes(comparison: Comparison, lang: str, label_a: str, label_b: str) -> bytes:
    """The area table and the changed parcels in one UTF-8 CSV (two blocks, ';'-separated for Excel)."""
    buffer = io.StringIO()
    sep = ";" if lang == "de" else ","
    decimal = "," if lang == "de" else "."
    buffer.write(f"# {t('cmp_table', lang)}: A = {label_a}; B = {label_b}\n")
    area_table(comparison, lang, "A", "B").to_csv(buffer, index=False, sep=sep, decimal=decimal)
    buffer.write(f"\n# {t('cmp_parcels_changed', lang)}\n")
    parcels_changed_table(comparison, lang).to_csv(buffer, index=False, sep=sep, decimal=decimal)
    return buffer.getvalue().encode("utf-8-sig")
