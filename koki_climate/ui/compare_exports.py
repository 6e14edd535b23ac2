"""What the Vergleich page offers for download, as bytes: PDF handout, GeoPackage, NetCDF, CSV.

Pure functions (no streamlit): the page caches them by scenario hashes and hands them to
``st.download_button`` as deferred callables, so nothing is built until someone clicks.
Files that need a path (GeoPackage, NetCDF) go to a private temporary folder that is removed
before the bytes are returned: nothing stays behind on the server.
"""
from __future__ import annotations

import datetime as dt
import io

import geopandas as gpd
import pandas as pd

from koki_climate.compare import Comparison
from koki_climate.export.geopackage import zones_gpkg_bytes
from koki_climate.export.netcdf import netcdf_bytes as cf_netcdf_bytes
from koki_climate.export.pdf import HandoutText, handout_pdf
from koki_climate.export.png import MapKey, change_map_png, zone_map_png
from koki_climate.results import Result, annotate, result_attrs
from koki_climate.ui.i18n import t
from koki_climate.ui.palette import CHANGE_COLOURS, NODATA_COLOUR, ZONE_COLOURS
from koki_climate.zoning import ZONE_LABELS, zone_label


def area_table(comparison: Comparison, lang: str, label_a: str = "A", label_b: str = "B") -> pd.DataFrame:
    """ha per zone class in A and B and B − A, with zone names (as the CSV and the handout print it)."""
    areas = comparison.areas
    labels = ZONE_LABELS.get(lang, ZONE_LABELS["de"])
    return pd.DataFrame({
        t("pdf_col_zone", lang): [labels[int(z)] for z in areas["zone"]],
        f"{label_a} (ha)": areas["a_ha"].astype(float),
        f"{label_b} (ha)": areas["b_ha"].astype(float),
        t("pdf_col_diff", lang): areas["diff_ha"].astype(float),
    })


def zone_key(lang: str) -> MapKey:
    """Legend of printed zone maps: the app's zone colours and names."""
    labels = ZONE_LABELS.get(lang, ZONE_LABELS["de"])
    codes = tuple(sorted(ZONE_COLOURS))
    return MapKey(codes, tuple(ZONE_COLOURS[c] for c in codes), tuple(labels[c] for c in codes),
                  NODATA_COLOUR, t("pdf_nodata", lang))


def change_key(lang: str) -> MapKey:
    """Legend of the printed change map: looser green, unchanged white, stricter red."""
    codes = (-1, 0, 1)
    labels = (t("pdf_change_down", lang), t("pdf_change_same", lang), t("pdf_change_up", lang))
    return MapKey(codes, tuple(CHANGE_COLOURS[c] for c in codes), labels, NODATA_COLOUR, t("pdf_nodata", lang))


def handout_text(lang: str) -> HandoutText:
    return HandoutText(page=t("pdf_page", lang), date=t("pdf_date", lang), table=t("cmp_table", lang),
                       model=t("pdf_model", lang), provenance=t("pdf_provenance", lang),
                       note_heading=t("pdf_note", lang), legal_note=t("pdf_legal_note", lang),
                       yes=t("map_yes", lang), no=t("map_no", lang))


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
    zones = zone_key(lang)
    maps = [
        (f"A: {label_a}", zone_map_png(a.risk["zone"], f"A: {label_a}", zones, parcels)),
        (f"B: {label_b}", zone_map_png(b.risk["zone"], f"B: {label_b}", zones, parcels)),
        (t("cmp_change_map", lang), change_map_png(comparison.change, t("cmp_change_map", lang), change_key(lang))),
    ]
    today = dt.date.today()
    return handout_pdf(
        title=t("cmp_handout_title", lang), text=handout_text(lang),
        subtitle=t("cmp_handout_subtitle", lang).format(region=region_name, a=label_a, b=label_b),
        date=today.strftime("%d.%m.%Y") if lang == "de" else today.isoformat(), maps=maps,
        table=area_table(comparison, lang, "A", "B"), model_summary=model_summary(card),
        provenance=provenance(a, b), lang=lang)


def gpkg_bytes(result: Result, parcels: gpd.GeoDataFrame) -> bytes:
    """Zones and parcels (with zone shares and conflicts) of a result as a GeoPackage (EPSG of the region)."""
    return zones_gpkg_bytes(result.zones, parcels, result.parcels)


def netcdf_bytes(result: Result) -> bytes:
    """The result grids as CF NetCDF with units and the scenario in the global attributes."""
    return cf_netcdf_bytes(annotate(result.risk), result_attrs(result))


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
