"""Model features: terrain/hydrology per cell, plus what a scenario changes (sealing, groundwater).

No raw coordinates are features: the model must learn from physics-like properties so it
transfers across the region and spatial cross-validation is honest.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import xarray as xr
from rasterio.features import rasterize

from koki_climate.region import Region
from koki_climate.scenario import Scenario
from koki_climate.terrain import grid_transform, terrain_features

#: feature order of the model matrix
FEATURES: tuple[str, ...] = (
    "hand", "slope", "twi", "log_upstream_km2", "flow_distance", "depression_depth",
    "impervious", "groundwater_depth", "event_precip_mm",
)
STATIC_FEATURES: tuple[str, ...] = FEATURES[:6]
#: physics the model may not contradict: +1 risk never falls as the feature grows, -1 never rises
MONOTONIC: dict[str, int] = {"hand": -1, "depression_depth": 1, "impervious": 1, "groundwater_depth": -1,
                             "event_precip_mm": 1}
#: sealing of a built-out planned-development parcel (typical residential area incl. streets)
DEVELOPED_IMPERVIOUS = 0.65
FEATURE_LABELS = {
    "hand": ("Höhe über Gewässer", "height above drainage"),
    "slope": ("Hangneigung", "slope"),
    "twi": ("Feuchteindex (TWI)", "wetness index (TWI)"),
    "log_upstream_km2": ("Einzugsgebiet", "upstream catchment"),
    "flow_distance": ("Fließweg zum Gewässer", "flow distance to stream"),
    "depression_depth": ("Geländesenke", "terrain depression"),
    "impervious": ("Versiegelung", "sealing"),
    "groundwater_depth": ("Grundwasserflurabstand", "depth to groundwater"),
    "event_precip_mm": ("Starkregen", "heavy rain"),
}


def static_features(region: Region) -> xr.Dataset:
    """Terrain features that no scenario changes (computed by :mod:`koki_climate.terrain`)."""
    river = region.grid["river"] if "river" in region.grid else None
    terrain = terrain_features(region.grid["elevation"], river)
    out = xr.Dataset({
        "hand": terrain["hand"],
        "slope": terrain["slope"],
        "twi": terrain["twi"],
        "log_upstream_km2": np.log10(terrain["flow_accumulation"].clip(min=1e-4)).astype("float32"),
        "flow_distance": terrain["flow_distance"],
        "depression_depth": terrain["depression_depth"],
    })
    out["log_upstream_km2"].attrs = {"units": "log10(km2)", "long_name": "log10 of upstream area"}
    return out


def parcel_index_grid(region: Region) -> xr.DataArray:
    """Which parcel each cell's centre lies in (row number in ``region.parcels``, -1 for none)."""
    grid = region.grid["elevation"]
    out = np.full(grid.shape, -1, dtype=np.int32)
    if region.parcels is not None and len(region.parcels):
        shapes = ((geom, index) for index, geom in enumerate(region.parcels.geometry) if geom is not None)
        out = rasterize(shapes, out_shape=grid.shape, transform=grid_transform(grid), fill=-1,
                        dtype="int32", all_touched=False)
    return xr.DataArray(out, dims=("y", "x"), coords={"y": grid.y, "x": grid.x}, name="parcel_index")


@dataclass(frozen=True)
class ScenarioGrids:
    """The scenario-dependent inputs on the region grid."""

    impervious: xr.DataArray
    groundwater_depth: xr.DataArray
    retention: xr.DataArray  # bool: cells designated as retention area


def scenario_grids(region: Region, scenario: Scenario, parcel_index: xr.DataArray,
                   groundwater_depth: xr.DataArray | None = None) -> ScenarioGrids:
    """Apply the scenario's land-use changes and groundwater change to the base layers.

    ``groundwater_depth`` is the scenario's projected depth (from the groundwater module);
    without it the region's mean depth is used. The scenario's offset applies on top
    (positive offset = water table rises = depth shrinks, never below the surface).
    """
    sealing = region.grid["impervious"]  # changed below: our own copy (a grid read from disk already is one)
    impervious = np.array(sealing.values, dtype="float32", copy=sealing.chunks is None)
    retention = np.zeros(impervious.shape, dtype=bool)
    index = parcel_index.values
    parcels = region.parcels
    ids = parcels["parcel_id"].to_numpy() if parcels is not None else np.array([], dtype=str)

    def cells_of(parcel_ids: tuple[str, ...]) -> np.ndarray:
        chosen = np.zeros(len(ids) + 1, dtype=bool)  # by parcel row; the last slot is "no parcel" (index -1)
        chosen[np.flatnonzero(np.isin(ids, list(parcel_ids)))] = True
        return chosen[index]  # a lookup: np.isin over the grid sorted it (GBs at 100 M cells)

    for change in scenario.land_use_changes:  # canonical order: develop, retention, unseal
        if change.kind == "develop_planned":
            planned = parcels["planned_use"].to_numpy() == "planned_development" if parcels is not None else []
            chosen = tuple(ids[planned]) if not change.parcels else change.parcels
            mask = cells_of(chosen)
            impervious[mask] = np.maximum(impervious[mask], DEVELOPED_IMPERVIOUS * change.fraction)
        elif change.kind == "unseal":
            mask = cells_of(change.parcels)
            impervious[mask] *= 1.0 - change.fraction
    for change in scenario.land_use_changes:  # retention wins over any other change
        if change.kind == "retention":
            mask = cells_of(change.parcels)
            impervious[mask] = 0.0
            retention |= mask

    base = region.grid["groundwater_depth"] if groundwater_depth is None else groundwater_depth
    depth = (base - scenario.groundwater_offset_m).clip(min=0.0).astype("float32")
    like = region.grid["impervious"]
    return ScenarioGrids(
        impervious=like.copy(data=impervious),
        groundwater_depth=depth,
        retention=like.copy(data=retention).astype(bool),
    )


def training_table(static: xr.Dataset, region: Region, cells: np.ndarray, event_index: np.ndarray) -> pd.DataFrame:
    """Feature rows for sampled (cell, event) pairs of the historical events.

    ``cells`` are flat cell indices, ``event_index`` the event each row belongs to. Only the
    sampled rows are built: never a table of the whole region.
    """
    columns = {name: static[name].values.ravel()[cells] for name in STATIC_FEATURES}
    columns["impervious"] = region.grid["impervious"].values.ravel()[cells]
    columns["groundwater_depth"] = region.grid["groundwater_depth"].values.ravel()[cells]
    precip = region.grid["flood_events"]["event_precip_mm"].values.astype("float32")
    columns["event_precip_mm"] = precip[event_index]
    return pd.DataFrame({name: np.asarray(columns[name], dtype="float32") for name in FEATURES})
