"""Cached map pieces and downloads of the scenario pages, keyed by explicit strings.

A result's key (``engine.result_key(scenario)``: data checksum, model, groundwater version,
scenario hash) identifies everything drawn from it; arrays are never hashed (NOTES.md:
large arrays hash by sample). Objects passed with a leading underscore are not hashed.
"""
from __future__ import annotations

from dataclasses import dataclass

import pydeck as pdk
import streamlit as st

from koki_climate.compare import Comparison, compare_results
from koki_climate.engine import Engine
from koki_climate.results import Result
from koki_climate.ui import compare_exports
from koki_climate.ui.i18n import t
from koki_climate.ui.maps import LegendEntry, corner_bounds, to_geojson
from koki_climate.ui.risk_map import (
    EVENT_LAYERS, LayerImage, aoa_url, change_image, fit_view, hillshade_url, image_pixel, layer_image,
    parcels_geojson, pixel_tolerance, risk_deck, round_coordinates, zones_geojson,
)
from koki_climate.ui.scenario_widgets import MapView


def result_key(engine: Engine, result: Result) -> str:
    return engine.result_key(result.scenario)


@dataclass(frozen=True)
class RegionPieces:
    bounds: list[list[float]]
    relief: str
    boundary: dict | None
    rivers: dict | None
    tolerance: float  # parcels, boundary, rivers: half a screen pixel
    zone_tolerance: float  # zones: one pixel of the zone raster


@st.cache_data(max_entries=4, show_spinner=False)
def _region_pieces(_engine: Engine, region_key: str) -> RegionPieces:
    region = _engine.region
    elevation = region.grid["elevation"]
    tolerance = pixel_tolerance(elevation)
    boundary = round_coordinates(to_geojson(region.boundary, tolerance)) if region.boundary is not None else None
    rivers = round_coordinates(to_geojson(region.rivers, tolerance, ["name"])) if region.rivers is not None else None
    return RegionPieces(corner_bounds(elevation, region.crs), hillshade_url(elevation), boundary, rivers, tolerance,
                        image_pixel(elevation))


def region_pieces(engine: Engine) -> RegionPieces:
    """Relief image, corners, boundary and rivers of the region (once per region)."""
    return _region_pieces(engine, engine.region.checksum)


@st.cache_data(max_entries=96, show_spinner=False)
def _layer(_engine: Engine, _result: Result, key: str, layer: str, event: str, lang: str) -> LayerImage:
    return layer_image(layer, _result.risk, _engine.region.grid, event=event, lang=lang)


@st.cache_data(max_entries=48, show_spinner=False)
def _aoa(_result: Result, key: str, event: str) -> str:
    return aoa_url(_result.risk, event)


@st.cache_data(max_entries=48, show_spinner=False)
def _zones(_result: Result, key: str, lang: str, tolerance: float) -> dict:
    return zones_geojson(_result.zones, tolerance, lang)


@st.cache_data(max_entries=48, show_spinner=False)
def _parcels(_engine: Engine, _result: Result, key: str, lang: str, tolerance: float) -> dict | None:
    if _engine.region.parcels is None:
        return None
    return parcels_geojson(_result.parcels_frame(_engine.region.parcels), tolerance, lang)


@dataclass(frozen=True)
class RiskMap:
    deck: pdk.Deck
    legend: tuple[LegendEntry, ...]
    title: str


def risk_map(engine: Engine, result: Result, view: MapView, lang: str, height: int = 620) -> RiskMap:
    """The deck of one scenario in the chosen view, from cached pieces."""
    pieces = region_pieces(engine)
    key = result_key(engine, result)
    image = _layer(engine, result, key, view.layer, view.event if view.layer in EVENT_LAYERS else "", lang)
    hatch = _aoa(result, key, view.event) if view.show_aoa and view.layer in ("p", "uncertainty") else None
    zones = _zones(result, key, lang, pieces.zone_tolerance) if view.layer == "zone" else None
    parcels = _parcels(engine, result, key, lang, pieces.tolerance) if view.show_parcels else None
    deck = risk_deck(pieces.bounds, fit_view(pieces.bounds, int(height * 0.9)), base_url=pieces.relief,
                     overlay_url=image.url, hatch_url=hatch, zones=zones, parcels=parcels,
                     boundary=pieces.boundary, rivers=pieces.rivers, lang=lang)
    legend = image.legend + ((LegendEntry("#555555", t("map_aoa_outside", lang)),) if hatch else ())
    return RiskMap(deck, legend, image.title)


# --- comparison ---------------------------------------------------------------------------------

@st.cache_resource(max_entries=16, show_spinner=False)
def _comparison(_a: Result, _b: Result, key_a: str, key_b: str) -> Comparison:
    return compare_results(_a, _b)


def comparison(engine: Engine, a: Result, b: Result) -> Comparison:
    """A vs B, computed once per pair of results (shared by sessions; read-only)."""
    return _comparison(a, b, result_key(engine, a), result_key(engine, b))


@st.cache_data(max_entries=32, show_spinner=False)
def _change(_cmp: Comparison, key_a: str, key_b: str, lang: str) -> LayerImage:
    return change_image(_cmp.change, lang)


def change_map(engine: Engine, a: Result, b: Result, cmp: Comparison, lang: str, show_parcels: bool = True,
               height: int = 620) -> RiskMap:
    """The change map A -> B over the relief, with B's parcels."""
    pieces = region_pieces(engine)
    image = _change(cmp, result_key(engine, a), result_key(engine, b), lang)
    parcels = _parcels(engine, b, result_key(engine, b), lang, pieces.tolerance) if show_parcels else None
    deck = risk_deck(pieces.bounds, fit_view(pieces.bounds, int(height * 0.9)), base_url=pieces.relief,
                     overlay_url=image.url, parcels=parcels, boundary=pieces.boundary, rivers=pieces.rivers, lang=lang)
    return RiskMap(deck, image.legend, image.title)


# --- downloads (built on click, cached by the scenario keys) --------------------------------------

@st.cache_data(max_entries=8, show_spinner=False)
def _handout(_engine: Engine, _a: Result, _b: Result, _cmp: Comparison, key_a: str, key_b: str, label_a: str,
             label_b: str, lang: str) -> bytes:
    return compare_exports.handout_bytes(_a, _b, _cmp, _engine.card, region_name=_engine.region.name,
                                         label_a=label_a, label_b=label_b, lang=lang, parcels=_engine.region.parcels)


@st.cache_data(max_entries=8, show_spinner=False)
def _gpkg(_engine: Engine, _b: Result, key_b: str) -> bytes:
    return compare_exports.gpkg_bytes(_b, _engine.region.parcels)


@st.cache_data(max_entries=8, show_spinner=False)
def _netcdf(_b: Result, key_b: str) -> bytes:
    return compare_exports.netcdf_bytes(_b)


@st.cache_data(max_entries=16, show_spinner=False)
def _csv(_cmp: Comparison, key_a: str, key_b: str, lang: str, label_a: str, label_b: str) -> bytes:
    return compare_exports.csv_bytes(_cmp, lang, label_a, label_b)


def downloads(engine: Engine, a: Result, b: Result, cmp: Comparison, label_a: str, label_b: str, lang: str):
    """Zero-argument builders for ``st.download_button(data=…)``: name -> callable returning bytes."""
    key_a, key_b = result_key(engine, a), result_key(engine, b)
    return {
        "pdf": lambda: _handout(engine, a, b, cmp, key_a, key_b, label_a, label_b, lang),
        "gpkg": lambda: _gpkg(engine, b, key_b),
        "netcdf": lambda: _netcdf(b, key_b),
        "csv": lambda: _csv(cmp, key_a, key_b, lang, label_a, label_b),
    }
