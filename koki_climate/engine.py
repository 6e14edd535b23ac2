"""The engine: from a region and a scenario to risk grids, zones and a summary, with caching.

One Engine per region and model. It prepares what no scenario changes (terrain features,
parcel grid, trained model) once, and caches every evaluated scenario by content: in memory
for instant switching in the app, and on disk (keyed by data checksum, model key and
scenario hash) so results are shared across sessions and processes.
"""
from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import xarray as xr

from koki_climate.config import settings
from koki_climate.errors import ReadOnlyError
from koki_climate.footprint import measure
from koki_climate.groundwater.provider import GroundwaterProvider, default_groundwater
from koki_climate.presets import Preset, presets
from koki_climate.region import Region, open_region
from koki_climate.results import Result, load_result, result_dir, save_result
from koki_climate.risk.contributions import parcel_contributions
from koki_climate.risk.design_events import DESIGN_EVENTS, design_events
from koki_climate.risk.features import parcel_index_grid, scenario_grids
from koki_climate.risk.predict import cell_dissimilarity, magnitude_in_range, predict_events
from koki_climate.risk.store import card_dict, load_model, model_dir, model_key, save_model
from koki_climate.risk.training import TrainedModel, TrainingConfig, train_model
from koki_climate.scenario import Scenario
from koki_climate.terrain_cache import cached_static_features
from koki_climate.zoning import ZoningRules, parcel_overlay, zone_areas_ha, zone_classes, zone_polygons

MEMORY_CACHE_SIZE = 24
#: grids up to this many cells get the AOA at full resolution, larger ones at every 2nd cell
AOA_FULL_RESOLUTION_CELLS = 500_000


@dataclass
class Engine:
    """Region + model + caches; ``evaluate(scenario)`` is the one call pages and CLI need."""

    region: Region
    model: TrainedModel
    card: dict
    model_key: str
    static: xr.Dataset
    parcel_index: xr.DataArray
    cache_dir: Path | None
    groundwater: GroundwaterProvider
    rules: ZoningRules = ZoningRules()
    read_only: bool = False
    trained: bool = False  # True when ``open`` had to train the model (not loaded from the cache)

    def __post_init__(self) -> None:
        self._memory: OrderedDict[str, Result] = OrderedDict()
        self._dissimilarity_cache: dict[str, xr.DataArray] = {}

    # --- construction -----------------------------------------------------------------------
    @classmethod
    def open(cls, region_path: str | Path, *, cache_dir: str | Path | None = None, train: bool = True,
             config: TrainingConfig = TrainingConfig(), read_only: bool | None = None,
             groundwater: str | None = None, progress=None, region: Region | None = None) -> "Engine":
        """Open a region and its model: load the saved model, or train it (unless read-only).

        ``progress(fraction, message)`` is called between the long steps. ``region`` passes a
        Region already opened from ``region_path`` (the app shares one), so it is not read twice.
        """
        report = progress or (lambda fraction, message: None)
        read_only = settings().mode == "public" if read_only is None else read_only
        cache = Path(cache_dir) if cache_dir is not None else settings().cache_dir
        report(0.05, "open region")
        region = region if region is not None else open_region(region_path)
        report(0.15, "terrain features")
        static = cached_static_features(region, cache, write=not read_only)
        key = model_key(region, config)
        folder = model_dir(cache, key)
        trained = False
        if (folder / "model.skops").exists():
            report(0.5, "load model")
            model, card = load_model(folder)
        elif read_only or not train:
            raise ReadOnlyError(f"no trained model for region '{region.name}' in {cache}; "
                                "train it on the planner instance (python -m koki_climate train)")
        else:
            report(0.3, "train model")
            model = train_model(region, config, static=static)
            card = card_dict(model, region, key)
            save_model(model, folder, card)
            trained = True
        provider = default_groundwater(region, cache, kind=groundwater or settings().groundwater,
                                       write=not read_only)
        if hasattr(provider, "prepare"):
            pairs = [(str(p), str(h)) for p, h in zip(region.climate.pathway.values, region.climate.horizon.values)]
            provider.prepare(pairs, progress=lambda f, m: report(0.6 + 0.3 * f, f"groundwater projection {m}"))
        report(0.9, "parcels")
        return cls(region=region, model=model, card=card, model_key=key, static=static,
                   parcel_index=parcel_index_grid(region), cache_dir=cache,
                   groundwater=provider, read_only=read_only, trained=trained)

    # --- evaluation ---------------------------------------------------------------------------
    def result_key(self, scenario: Scenario) -> str:
        return f"{self.region.checksum[:12]}-{self.model_key}-{self.groundwater.version}-{scenario.hash}"

    @cached_property
    def presets(self) -> list[Preset]:
        """The region's named scenarios (computed once, from grids the engine already holds)."""
        return presets(self.region, self.static["hand"].values, self.parcel_index.values)

    def is_cached(self, scenario: Scenario) -> bool:
        """Whether ``scenario`` is in memory (switching to it will be instant)."""
        return self.result_key(scenario) in self._memory

    def evaluated(self) -> list[Result]:
        """Results held in memory, oldest first (the model page lists their footprints)."""
        return list(self._memory.values())

    def forget(self) -> None:
        """Drop the in-memory caches (the disk cache stays): the next evaluation is cold again."""
        self._memory.clear()
        self._dissimilarity_cache.clear()

    def evaluate(self, scenario: Scenario) -> Result:
        """Risk grids, zones, parcel table and summary for ``scenario`` (cached by content)."""
        key = self.result_key(scenario)
        if key in self._memory:
            self._memory.move_to_end(key)
            return self._memory[key]
        folder = result_dir(self.cache_dir, key) if self.cache_dir else None
        result = load_result(folder) if folder is not None and folder.exists() else None
        if result is None:
            result = self._compute(scenario)
            if folder is not None and not self.read_only:
                save_result(result, folder, self.region.parcels)
        self._memory[key] = result
        while len(self._memory) > MEMORY_CACHE_SIZE:
            self._memory.popitem(last=False)
        return result

    def _compute(self, scenario: Scenario) -> Result:
        timing: dict[str, float] = {}
        with measure() as footprint:
            t0 = time.perf_counter()
            depth_mean, depth_high = self.groundwater.depths(scenario)
            grids = scenario_grids(self.region, scenario, self.parcel_index, depth_mean)
            high = (depth_high - scenario.groundwater_offset_m).clip(min=0.0).astype("float32")
            features = self.static.assign(impervious=grids.impervious, groundwater_depth=grids.groundwater_depth)
            events = design_events(self.region, scenario)
            timing["inputs_s"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            risk = predict_events(self.model, features, {event.name: event.precip_mm for event in events})
            timing["predict_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            valid = self.region.grid["elevation"].notnull()
            dissimilarity = self._dissimilarity(features)
            inside = (dissimilarity <= self.model.aoa.threshold) & valid
            for event in events:
                in_range = magnitude_in_range(self.model, event.precip_mm)
                risk[f"applicable_{event.name}"] = (inside & in_range).astype("uint8")
            risk["dissimilarity"] = dissimilarity
            timing["applicability_s"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            bound = "p_upper" if scenario.policy == "precautionary" else "p"
            classes = zone_classes(risk[f"{bound}_hq100"], risk[f"{bound}_hqextrem"], high, self.rules, valid=valid)
            risk["zone"] = classes
            risk["groundwater_depth"] = grids.groundwater_depth
            risk["groundwater_depth_high"] = high
            risk["impervious"] = grids.impervious
            risk["retention"] = grids.retention.astype("uint8")
            zones = zone_polygons(classes)
            parcels = self.region.parcels
            overlay = parcel_overlay(classes, parcels, self.rules) if parcels is not None else None
            timing["zoning_s"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            if overlay is not None:
                hq100 = next(e for e in events if e.name == "hq100")
                reasons = parcel_contributions(self.model, features, self.parcel_index,
                                               parcels["parcel_id"].to_numpy(), hq100.precip_mm)
                overlay = overlay.merge(reasons, on="parcel_id", how="left")
            timing["contributions_s"] = time.perf_counter() - t0
        timing["total_s"] = footprint.wall_s
        shares = {e.name: float(risk[f"applicable_{e.name}"].where(valid).mean()) for e in events}
        summary = self._summary(scenario, classes, overlay, events, timing, footprint.to_dict(), shares)
        return Result(scenario=scenario, risk=risk.rio.write_crs(self.region.crs), zones=zones,
                      parcels=overlay, summary=summary)

    def _dissimilarity(self, features: xr.Dataset) -> xr.DataArray:
        """AOA dissimilarity, cached by the content of the scenario-dependent feature grids."""
        digest = hashlib.sha1()
        for name in ("impervious", "groundwater_depth"):
            digest.update(np.ascontiguousarray(features[name].values).tobytes())
        key = digest.hexdigest()
        if key not in self._dissimilarity_cache:
            stride = 1 if features.sizes["y"] * features.sizes["x"] <= AOA_FULL_RESOLUTION_CELLS else 2
            self._dissimilarity_cache[key] = cell_dissimilarity(self.model, features, stride)
            while len(self._dissimilarity_cache) > 8:
                self._dissimilarity_cache.pop(next(iter(self._dissimilarity_cache)))
        return self._dissimilarity_cache[key]

    def _summary(self, scenario, classes, overlay, events, timing, footprint, applicable_share) -> dict:
        conflicts = sorted(overlay.loc[overlay["conflict"], "parcel_id"].tolist()) if overlay is not None else []
        valid_cells = int((classes != 255).sum())
        return {
            "scenario": scenario.to_dict(),
            "scenario_hash": scenario.hash,
            "region": self.region.name,
            "region_ha": round(valid_cells * self.region.cell_area_m2 / 1e4, 2),
            "zones_ha": {name: round(value, 2) for name, value in zone_areas_ha(classes).items()},
            "conflicts": conflicts,
            "n_conflicts": len(conflicts),
            "design_events": {event.name: event.to_dict() for event in events},
            "applicable_share": {name: round(value, 4) for name, value in applicable_share.items()},
            "model": {"key": self.model_key, "version": self.card["model_version"],
                      "spatial_cv": self.card["metrics"]["spatial_cv"],
                      "random_cv": self.card["metrics"]["random_cv"]},
            "zoning_rules": self.rules.to_dict(),
            "provenance": {
                "data_checksum": self.region.checksum,
                "model_key": self.model_key,
                "model_version": self.card["model_version"],
                "scenario_hash": scenario.hash,
                "groundwater": self.groundwater.describe(),
                "library_versions": self.card.get("library_versions", {}),
                "synthetic_data": self.region.manifest.synthetic,
            },
            "timing_s": {key: round(value, 3) for key, value in timing.items()},
            "footprint": footprint,
        }


__all__ = ["Engine", "DESIGN_EVENTS"]
