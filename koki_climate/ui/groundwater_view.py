"""Builders for the Grundwasser page: well map, well statistics, simulation, projections.

Nothing here fits a model: a well's report comes from the store of
:mod:`koki_climate.groundwater.well_reports` (computed and stored there on the planner side,
only read on the public instance), and the gridded projection is only *read* from the cache
(``regional.load_cached``). The chart and table builders are plain functions of a report.
"""
from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import pydeck as pdk
import pyproj
import streamlit as st
import xarray as xr

from koki_climate.config import is_public
from koki_climate.groundwater.projection import REFERENCE
from koki_climate.groundwater.regional import cache_path, load_cached
from koki_climate.groundwater.well_reports import ensure_well_report
from koki_climate.region import Region
from koki_climate.ui.i18n import t
from koki_climate.ui.maps import (
    DEFAULT_MAX_PIXELS, WGS84, LegendEntry, bitmap_layer, colorize_continuous, corner_bounds, deck, downsample,
    geojson_layer, rgba_to_hex, to_geojson, view_for,
)

DEPTH_CMAP = "Blues_r"
WELL_COLOR = (230, 90, 20, 230)
SELECTED_COLOR = (200, 0, 60, 255)


# --- the map ---------------------------------------------------------------------------------
def well_points(region: Region, lang: str = "de") -> list[dict]:
    """One small record per well in lon/lat for a ScatterplotLayer (about 40 rows)."""
    if region.wells is None or region.wells.empty:
        return []
    wells = region.wells
    to_wgs84 = pyproj.Transformer.from_crs(region.crs, WGS84, always_xy=True)
    lons, lats = to_wgs84.transform(wells["x"].to_numpy(), wells["y"].to_numpy())
    label = t("gw_ground_elevation", lang)
    return [{"well_id": str(w), "lon": float(lon), "lat": float(lat),
             "info": f"{label}: {float(z):.1f} m ü. NN"}
            for w, lon, lat, z in zip(wells["well_id"], lons, lats, wells["ground_elevation_m"])]


@dataclass(frozen=True)
class WellMap:
    deck: pdk.Deck
    legend: list[LegendEntry]
    legend_title: str


def wells_map(region: Region, selected: str | None = None, depth: xr.DataArray | None = None, *,
              lang: str = "de", max_pixels: int = DEFAULT_MAX_PIXELS) -> WellMap:
    """Depth to groundwater as one image (today's layer or a projected grid), wells as points."""
    depth = region.grid["groundwater_depth"] if depth is None else depth
    bounds = corner_bounds(depth, region.crs)
    values = downsample(np.asarray(depth.values, dtype="float32"), max_pixels)
    finite = np.isfinite(values)
    vmin, vmax = (np.nanpercentile(values, [2, 98]) if finite.any() else (0.0, 1.0))
    vmin, vmax = float(vmin), float(max(vmax, vmin + 0.1))
    layers = [bitmap_layer(colorize_continuous(values, DEPTH_CMAP, vmin, vmax), bounds, "groundwater-depth",
                           opacity=0.75)]
    cell = abs(float(depth.x[1] - depth.x[0])) if depth.sizes.get("x", 0) > 1 else 100.0
    tolerance = cell * max(1, int(np.ceil(max(depth.shape) / max_pixels)))
    if region.boundary is not None:
        layers.append(geojson_layer(to_geojson(region.boundary, tolerance), "boundary", filled=False,
                                    line=(20, 20, 20, 255), line_width_px=2.5))
    if region.rivers is not None:
        layers.append(geojson_layer(to_geojson(region.rivers, tolerance), "rivers", filled=False,
                                    line=(30, 90, 200, 255), line_width_px=2.0))
    points = well_points(region, lang)
    for point in points:
        point["color"] = list(SELECTED_COLOR if point["well_id"] == selected else WELL_COLOR)
        point["radius"] = 11 if point["well_id"] == selected else 7
    layers.append(pdk.Layer("ScatterplotLayer", id="wells", data=points, get_position=["lon", "lat"],
                            get_fill_color="color", get_radius="radius", radius_units=pdk.types.String("pixels"),
                            stroked=True, get_line_color=[255, 255, 255, 255], line_width_min_pixels=1,
                            pickable=True))
    tooltip = {"html": f"<b>{t('gw_well', lang)}</b> {{well_id}}<br/>{{info}}"}
    legend = _depth_legend(vmin, vmax) + [LegendEntry(rgba_to_hex(WELL_COLOR), t("gw_well", lang)),
                                          LegendEntry(rgba_to_hex(SELECTED_COLOR), t("gw_selected_well", lang))]
    return WellMap(deck(layers, view_for(bounds), tooltip), legend, t("gw_depth_legend", lang))


def _depth_legend(vmin: float, vmax: float, steps: int = 5) -> list[LegendEntry]:
    from matplotlib import colormaps

    colors = colormaps[DEPTH_CMAP](np.linspace(0, 1, steps))
    return [LegendEntry(rgba_to_hex((np.array(c) * 255).astype(int)), f"{v:.1f} m")
            for c, v in zip(colors, np.linspace(vmin, vmax, steps))]


# --- the gridded projection (read from the cache only) ------------------------------------
def projected_depth(region: Region, pathway: str, horizon: str, cache_dir) -> tuple[xr.DataArray, dict] | None:
    """The projected mean depth of a scenario if cached, else None (nothing is computed here).

    As in the engine, the projection's *change* against the reference is applied to the
    observed depth layer when the reference grid is cached too; otherwise the projected
    grid itself is shown.
    """
    future = load_cached(region, pathway, horizon, cache_dir)
    if future is None:
        return None
    reference = load_cached(region, *REFERENCE, cache_dir)
    attrs = {"n_wells": future.attrs.get("n_wells"), "change_applied": reference is not None,
             **span_summary(future)}
    if reference is None:
        return future["groundwater_depth"], attrs
    observed = region.grid["groundwater_depth"].astype("float32")
    change = (future["groundwater_depth"] - reference["groundwater_depth"]).values
    return (observed + change).clip(min=0.0).astype("float32"), attrs


def span_summary(grids: xr.Dataset) -> dict:
    """Median over the grid of how far the span's ends lie from the central projection (m), if stored."""
    if "groundwater_depth_shallow" not in grids or "groundwater_depth_deep" not in grids:
        return {}
    central = grids["groundwater_depth"]
    return {"span_rise_m": float((central - grids["groundwater_depth_shallow"]).median(skipna=True)),
            "span_fall_m": float((grids["groundwater_depth_deep"] - central).median(skipna=True)),
            "climate_spread": bool(grids.attrs.get("climate_spread", 0))}


@st.cache_data(show_spinner=False, max_entries=16)
def cached_projected_depth(_region: Region, checksum: str, cache_dir: str, pathway: str, horizon: str,
                           stamp: str) -> tuple[xr.DataArray, dict] | None:
    """:func:`projected_depth` cached by strings (``stamp``: the cache files' mtimes)."""
    return projected_depth(_region, pathway, horizon, cache_dir)


def cache_stamp(region: Region, pathway: str, horizon: str, cache_dir) -> str:
    """Modification times of the cached grids, so a newly computed projection is picked up."""
    stamps = []
    for p, h in ((pathway, horizon), REFERENCE):
        path = cache_path(cache_dir, region, p, h)
        stamps.append(str(path.stat().st_mtime_ns) if path.exists() else "-")
    return "/".join(stamps)


def project_command(region: Region, pathway: str, horizon: str, cache_dir) -> str:
    return (f"python -m koki_climate groundwater project --region {region.path} "
            f"--scenario {pathway}:{horizon} --cache-dir {cache_dir}")


# --- one well: read from the store (computed there on the planner side) ----------------------
@st.cache_data(show_spinner=False, max_entries=64)
def cached_well_report(_region: Region, checksum: str, cache_dir: str, well_id: str, train_end: str, stamp: str,
                       public: bool) -> dict:
    """:func:`~koki_climate.groundwater.well_reports.ensure_well_report`, cached by strings.

    ``stamp`` (:func:`~koki_climate.groundwater.well_reports.report_stamp`) changes when a report
    is stored, so a newly prepared report is picked up; ``public`` keeps the read-only
    instance's answers apart from the planner's. On the public instance nothing is fitted: a
    missing report raises :class:`~koki_climate.errors.NotPreparedError` (not cached, so a
    report prepared later is found on the next run).
    """
    return ensure_well_report(_region, cache_dir, well_id, train_end)


def part_error(report: dict, part: str, lang: str = "de") -> str:
    """Why a part of a report is missing: the stored message for planners, plain words for the public."""
    if is_public():
        return t("gw_part_unavailable", lang)
    return f"{t('gw_part_error', lang)} {report['errors'].get(part, '')}"


# --- plain words and tables -------------------------------------------------------------------
def _dec(text: str, lang: str) -> str:
    """German numbers use a decimal comma."""
    return text.replace(".", ",") if lang == "de" else text


def pathway_label(pathway: str, horizon: str, lang: str = "de") -> str:
    return f"{t(f'gw_pathway_{pathway}', lang)} · {horizon.replace('-', '–')}"


def trend_sentence(trend: dict, lang: str = "de") -> str:
    """'The level rises by 1.2 cm per year (statistically significant)' in plain words."""
    slope_cm = 100.0 * float(trend["slope_per_year"])
    significant = min(float(trend["p_value_hac"]), float(trend["mk_p_value"])) < 0.05 and \
        max(float(trend["p_value_hac"]), float(trend["mk_p_value"])) < 0.1
    direction = "gw_trend_up" if slope_cm > 0 else "gw_trend_down"
    if abs(slope_cm) < 0.05:
        direction = "gw_trend_flat"
    sure = t("gw_trend_significant" if significant else "gw_trend_not_significant", lang)
    return t(direction, lang).format(value=_dec(f"{abs(slope_cm):.1f}", lang)) + f" ({sure})"


def trend_table(trend: dict, lang: str = "de") -> pd.DataFrame:
    """The trend figures with units, one row each."""
    rows = [
        (t("gw_slope_ols", lang), f"{100 * trend['slope_per_year']:+.2f} cm/a",
         f"95 %: {100 * trend['ci95'][0]:+.2f} … {100 * trend['ci95'][1]:+.2f} cm/a"),
        (t("gw_p_value_hac", lang), f"{trend['p_value_hac']:.3f}", f"HAC, {trend['hac_maxlags']} lags"),
        (t("gw_sen_slope", lang), f"{100 * trend['sen_slope_per_year']:+.2f} cm/a", "Theil–Sen"),
        (t("gw_mann_kendall", lang), f"p = {trend['mk_p_value']:.3f}", f"τ = {trend['mk_tau']:.3f} · {trend['mk_trend']}"),
    ]
    return pd.DataFrame(rows, columns=[t("gw_figure", lang), t("gw_value", lang), t("gw_detail", lang)])


def season_text(season: dict, lang: str = "de") -> str:
    if not season.get("seasonal") or not season.get("period_days"):
        return t("gw_season_none", lang).format(amplitude=f"{100 * float(season.get('amplitude') or 0):.0f}")
    return t("gw_season_yes", lang).format(period=f"{float(season['period_days']):.0f}",
                                           amplitude=f"{100 * float(season['amplitude']):.0f}")


def change_point_table(points: list[dict], lang: str = "de") -> pd.DataFrame:
    return pd.DataFrame([{t("gw_cp_date", lang): p["date"], t("gw_cp_before", lang): round(p["mean_before"], 2),
                          t("gw_cp_after", lang): round(p["mean_after"], 2),
                          t("gw_cp_shift", lang): round(p["shift"], 2)} for p in points])


def skill_table(skill: dict, lang: str = "de") -> pd.DataFrame:
    rows = [("NSE", f"{skill['nse']:.2f}", t("gw_nse_help", lang)),
            ("RMSE", f"{skill['rmse']:.2f} m", t("gw_rmse_help", lang)),
            ("KGE", f"{skill['kge']:.2f}", t("gw_kge_help", lang)),
            (t("gw_coverage", lang), f"{100 * skill['coverage_95']:.0f} %", t("gw_coverage_help", lang)),
            ("n", f"{skill['n']}", t("gw_n_help", lang))]
    return pd.DataFrame(rows, columns=[t("gw_figure", lang), t("gw_value", lang), t("gw_detail", lang)])


def projection_table(table: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """Projected changes in cm with their 95 % ranges and spans, one row per pathway and horizon."""
    def cm(v: float) -> str:
        return f"{100 * v:+.1f}"

    return pd.DataFrame({
        t("gw_scenario", lang): [pathway_label(p, h, lang) for p, h in zip(table["pathway"], table["horizon"])],
        t("gw_mean_change", lang): [cm(v) for v in table["mean_change_m"]],
        t("gw_interval", lang) + " " + t("gw_mean_short", lang):
            [f"{cm(a)} … {cm(b)}" for a, b in zip(table["mean_low"], table["mean_high"])],
        t("gw_span", lang) + " " + t("gw_mean_short", lang):
            [f"{cm(a)} … {cm(b)}" for a, b in zip(table["mean_span_low"], table["mean_span_high"])],
        t("gw_high_change", lang): [cm(v) for v in table["high_change_m"]],
        t("gw_interval", lang) + " " + t("gw_high_short", lang):
            [f"{cm(a)} … {cm(b)}" for a, b in zip(table["high_low"], table["high_high"])],
        t("gw_span", lang) + " " + t("gw_high_short", lang):
            [f"{cm(a)} … {cm(b)}" for a, b in zip(table["high_span_low"], table["high_span_high"])],
    })


# --- charts (altair; vega-lite is bundled with streamlit, no internet) -------------------------
def heads_chart(report: dict, lang: str = "de") -> alt.LayerChart:
    """Observed heads (points), simulated heads (line) with 95 % band, the training end marked."""
    observed = report["observed"].rename("head_m").reset_index()
    observed.columns = ["date", "head_m"]
    observed["series"] = t("gw_observed", lang)
    layers = []
    simulation = report.get("simulation")
    if simulation is not None:
        sim = simulation.reset_index()
        sim.columns = ["date", "head_m", "lower_95", "upper_95"]
        sim["series"] = t("gw_simulated", lang)
        layers.append(alt.Chart(sim).mark_area(opacity=0.25, color="#4c78a8").encode(
            x="date:T", y=alt.Y("lower_95:Q", title=t("gw_head_axis", lang), scale=alt.Scale(zero=False)),
            y2="upper_95:Q"))
        layers.append(alt.Chart(sim).mark_line(strokeWidth=1.2).encode(
            x="date:T", y="head_m:Q", color=alt.Color("series:N", title=None)))
    layers.append(alt.Chart(observed).mark_circle(size=8, opacity=0.6).encode(
        x=alt.X("date:T", title=None), y=alt.Y("head_m:Q", title=t("gw_head_axis", lang), scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None), tooltip=["date:T", alt.Tooltip("head_m:Q", format=".2f")]))
    marker = pd.DataFrame({"date": [pd.Timestamp(report["train_end"])], "label": [t("gw_train_end", lang)]})
    layers.append(alt.Chart(marker).mark_rule(strokeDash=[4, 4], color="#555").encode(x="date:T", tooltip=["label:N"]))
    return alt.layer(*layers).properties(height=320)


def projection_chart(table: pd.DataFrame, lang: str = "de") -> alt.LayerChart:
    """Change of mean and high level per scenario (cm): bars, the 95 % range (solid) and the span (dashed)."""
    rows = []
    for _, row in table.iterrows():
        label = pathway_label(row["pathway"], row["horizon"], lang)
        for kind, prefix in (("gw_mean_short", "mean"), ("gw_high_short", "high")):
            rows.append({"scenario": label, "kind": t(kind, lang), "change": 100 * row[f"{prefix}_change_m"],
                         "low": 100 * row[f"{prefix}_low"], "high": 100 * row[f"{prefix}_high"],
                         "span_low": 100 * row[f"{prefix}_span_low"], "span_high": 100 * row[f"{prefix}_span_high"]})
    data = pd.DataFrame(rows)
    base = alt.Chart(data).encode(y=alt.Y("scenario:N", title=None, sort=None),
                                  yOffset=alt.YOffset("kind:N"), color=alt.Color("kind:N", title=None))
    bars = base.mark_bar().encode(x=alt.X("change:Q", title=t("gw_change_axis", lang)),
                                  tooltip=["scenario:N", "kind:N", alt.Tooltip("change:Q", format="+.1f"),
                                           alt.Tooltip("low:Q", format="+.1f"), alt.Tooltip("high:Q", format="+.1f")])
    span = base.mark_rule(color="#777", strokeDash=[3, 2]).encode(x="span_low:Q", x2="span_high:Q")
    errors = base.mark_rule(color="#333", strokeWidth=2).encode(x="low:Q", x2="high:Q")
    return alt.layer(bars, span, errors).properties(height=max(160, 36 * len(table)))
