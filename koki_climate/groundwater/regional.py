"""A region's wells under every climate scenario: fit, project, grid, cache.

This is where the plain-data pieces (response model, delta change, gridding) meet a
:class:`~koki_climate.region.Region`. The depth grids are cached per scenario under
``<cache>/groundwater/<region checksum>/<pathway>_<horizon>.nc`` (the app's cache folder,
never the region's own folder), so an edited region is never served stale grids. Grids made
from a subset of the wells carry the subset in their name and are never served as the
region's grids.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import xarray as xr

from koki_climate.config import is_public
from koki_climate.errors import InputError, KokiError, NotPreparedError
from koki_climate.groundwater.gridding import project_depth_grid
from koki_climate.groundwater.io import validate_heads, validate_weather
from koki_climate.groundwater.ensemble_projection import EnsembleProjection, ScenarioSignals, project_ensemble
from koki_climate.groundwater.pastas_models import Choice, candidates_tag, choose_candidate
from koki_climate.groundwater.projection import change_signals, scenario_pairs
from koki_climate.io.atomic import atomic_path
from koki_climate.io.netcdf import read_netcdf, write_netcdf

if TYPE_CHECKING:
    from koki_climate.region import Region
    from koki_climate.scenario import Scenario

#: bump when the method changes: part of cache validity and of the engine's result key
VERSION = "projection-2"


def method_id() -> str:
    """What made a cached grid: the method version and, if not all, the candidate set tried."""
    return VERSION + candidates_tag()


@dataclass
class RegionWells:
    """Fitted model ensembles of a region's wells, and why the others were left out."""

    models: dict[str, Choice]
    weather: pd.DataFrame
    locations: pd.DataFrame
    skipped: dict[str, str] = field(default_factory=dict)


def fit_region_wells(region: Region, well_ids: list[str] | None = None, progress=None) -> RegionWells:
    """Choose and fit each well's model ensemble on all its heads (every well that has enough).

    The choice rule (:func:`~koki_climate.groundwater.pastas_models.choose_candidate`) scores
    the candidates on the last years of the well's own record; the members are then fitted on
    every head. ``progress(fraction, message)`` is called per well (seconds each).
    """
    if region.wells is None:
        raise KokiError(f"{region.path}: the region has no wells")
    weather = validate_weather(region.weather, name=f"{region.path} weather")
    known = list(region.wells["well_id"].astype(str))
    unknown = sorted(set(well_ids or ()) - set(known))
    if unknown:
        raise InputError(f"{region.path}: unknown well(s) {', '.join(unknown)}")
    models: dict[str, Choice] = {}
    skipped: dict[str, str] = {}
    wanted = well_ids or known
    for index, well_id in enumerate(wanted):
        if progress:
            progress(index / max(len(wanted), 1), f"well {well_id}")
        try:
            heads = validate_heads(region.read_heads(well_id), name=f"well {well_id}")
            inside = heads[(heads.index >= weather.index[0]) & (heads.index <= weather.index[-1])]
            if inside.empty:
                raise InputError(f"well {well_id}: no heads inside the weather record")
            models[well_id] = choose_candidate(inside, weather, inside.index[-1])
        except (KokiError, ValueError) as exc:
            skipped[well_id] = str(exc)
    locations = region.wells[region.wells["well_id"].astype(str).isin(list(models) + list(skipped))]
    return RegionWells(models, weather, locations.copy(), skipped)


def scenario_signals(climate: xr.Dataset, pathway: str, horizon: str, x: float, y: float) -> ScenarioSignals:
    """Median change signals at a point, with the climate ensemble's 15th/85th percentiles when the data hold them."""
    return ScenarioSignals(*(change_signals(climate, pathway, horizon, x, y, spread)
                             for spread in ("median", "low", "high")))


def project_scenarios(
    fitted: RegionWells, climate: xr.Dataset, pairs: list[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, EnsembleProjection]]:
    """Each fitted well under each (pathway, horizon), with change signals at the well's location."""
    out: dict[tuple[str, str], dict[str, EnsembleProjection]] = {pair: {} for pair in pairs}
    where = fitted.locations.set_index(fitted.locations["well_id"].astype(str))
    for well_id, choice in fitted.models.items():
        x, y = float(where.at[well_id, "x"]), float(where.at[well_id, "y"])
        signals = [scenario_signals(climate, p, h, x, y) for p, h in pairs]
        for pair, projection in zip(pairs, project_ensemble(choice, fitted.weather, signals)):
            out[pair][well_id] = projection
    return out


def well_depths(fitted: RegionWells, projections: dict[str, EnsembleProjection]) -> pd.DataFrame:
    """Projected depths below ground (m) at the wells: ground minus projected head.

    ``depth_shallow_m``/``depth_deep_m``: the mean depth at the upper/lower end of the
    change's span (model choice, parameters and climate signal).
    """
    rows = []
    where = fitted.locations.set_index(fitted.locations["well_id"].astype(str))
    for well_id, p in projections.items():
        ground = float(where.at[well_id, "ground_elevation_m"])
        rows.append({"well_id": well_id, "x": float(where.at[well_id, "x"]), "y": float(where.at[well_id, "y"]),
                     "depth_m": ground - (p.mean_head_m + p.mean_change_m),
                     "depth_high_m": ground - (p.high_head_m + p.high_change_m),
                     "depth_shallow_m": ground - (p.mean_head_m + p.mean_change_span[1]),
                     "depth_deep_m": ground - (p.mean_head_m + p.mean_change_span[0])})
    return pd.DataFrame(rows)


def cache_path(cache_dir: str | Path, region: Region, pathway: str, horizon: str,
               wells: list[str] | None = None) -> Path:
    """Where a scenario's depth grids are cached (a well subset gets its own name)."""
    import hashlib

    suffix = ""
    if wells:
        suffix = "-wells-" + hashlib.sha1(",".join(sorted(wells)).encode()).hexdigest()[:8]
    return Path(cache_dir) / "groundwater" / region.checksum[:16] / f"{pathway}_{horizon}{suffix}.nc"


def write_depth_grids(ds: xr.Dataset, path: str | Path) -> Path:
    """Write a scenario's depth grids to the cache (temporary file, then rename; refused when public)."""
    with atomic_path(path) as tmp:
        write_netcdf(ds, tmp)
    return Path(path)


def load_cached(region: Region, pathway: str, horizon: str, cache_dir: str | Path) -> xr.Dataset | None:
    """The cached depth grids of a scenario if they were made from this region's current data."""
    path = cache_path(cache_dir, region, pathway, horizon)
    if not path.exists():
        return None
    try:
        cached = read_netcdf(path)
        if cached.attrs.get("region_checksum") == region.checksum and cached.attrs.get("method") == method_id():
            return cached
    except (OSError, ValueError):
        return None  # unreadable cache: recompute
    return None


def compute_depth_grids(region: Region, fitted: RegionWells, pathway: str, horizon: str,
                        projections: dict[str, EnsembleProjection] | None = None) -> xr.Dataset:
    """Depth grids of one scenario (CF attributes, region checksum for cache validity)."""
    if region.climate is None:
        raise KokiError(f"{region.path}: the region has no climate data to project with")
    if projections is None:
        projections = project_scenarios(fitted, region.climate, [(pathway, horizon)])[(pathway, horizon)]
    ds = project_depth_grid(well_depths(fitted, projections), region.grid)
    ds.attrs.update({"title": f"Projected depth to groundwater, {pathway} {horizon}",
                     "Conventions": "CF-1.8", "method": method_id(), "region_checksum": region.checksum,
                     "pathway": pathway, "horizon": horizon, "n_wells": len(projections),
                     "climate_spread": int(all(p.climate_spread for p in projections.values())),
                     "well_models": json.dumps({w: {"members": list(p.members)} for w, p in projections.items()}),
                     "source": "koki_climate.groundwater: delta change + Pastas/response model ensemble per well "
                               "+ GP interpolation"})
    return ds


class ProjectedGroundwater:
    """Groundwater provider for the engine: climate-projected depth grids per scenario.

    Wells are fitted only when a scenario is not in the cache yet.
    """

    version = VERSION

    def __init__(self, region: Region, cache_dir: str | Path, *, write: bool = True) -> None:
        self.region = region
        self.cache_dir = Path(cache_dir)
        self.write = write
        self._fitted: RegionWells | None = None
        self.progress = None  # progress(fraction, message) while wells are fitted

    def grids(self, pathway: str, horizon: str) -> xr.Dataset:
        """The scenario's depth grids: cached, or computed (and cached when writable)."""
        ds = load_cached(self.region, pathway, horizon, self.cache_dir)
        if ds is None:
            if not self.write or is_public():
                raise NotPreparedError("groundwater", f"no groundwater projection for {pathway} {horizon} in the "
                                                      "cache; compute it on the planner side "
                                                      "(python -m koki_climate prepare)")
            if self._fitted is None:
                self._fitted = fit_region_wells(self.region, progress=self.progress)
            ds = compute_depth_grids(self.region, self._fitted, pathway, horizon)
            write_depth_grids(ds, cache_path(self.cache_dir, self.region, pathway, horizon))
        return ds

    def depths(self, scenario: Scenario) -> tuple[xr.DataArray, xr.DataArray]:
        ds = self.grids(scenario.pathway, scenario.horizon)
        return ds["groundwater_depth"], ds["groundwater_depth_high"]

    def describe(self) -> dict:
        return {"provider": "projection", "version": self.version,
                "note": "each well's model ensemble (Pastas candidates and the response model, chosen on the "
                        "well's own record) driven by delta-changed weather per scenario, interpolated with the "
                        "region's depth layer as trend and a Gaussian process"}


__all__ = ["RegionWells", "ProjectedGroundwater", "fit_region_wells", "project_scenarios", "well_depths",
           "load_cached", "compute_depth_grids", "cache_path", "write_depth_grids", "scenario_pairs", "scenario_signals", "VERSION"]
