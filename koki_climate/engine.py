"""The engine: from a region and a scenario to risk grids, zones and a summary, with caching.

One Engine per region and model, shared by every session of a server. It prepares what no
scenario changes (terrain features, parcel grid, trained model) once, and caches every
evaluated scenario by content: in memory (bounded in bytes) for instant switching, and on
disk as committed entries keyed by data checksum, model key and scenario hash, shared
across sessions and processes. A cold scenario is computed once: a per-key lock (threads
and processes) makes everyone else wait for the first computation and then read it.

Read-only engines (the public instance, ``read_only=True``) never train, compute or write:
what is missing raises :class:`~koki_climate.errors.NotPreparedError`.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

import numpy as np
import xarray as xr

from koki_climate.chunks import chunk_edge, chunked, scheduler
from koki_climate.config import is_public, settings
from koki_climate.errors import NotPreparedError
from koki_climate.footprint import measure
from koki_climate.groundwater.provider import GroundwaterProvider, default_groundwater
from koki_climate.io.atomic import clean_stale_temporaries
from koki_climate.io.entries import EntryStore
from koki_climate.io.netcdf import open_lazily
from koki_climate.memory import release_free_memory, result_nbytes
from koki_climate.presets import Preset, presets
from koki_climate.region import Region, open_region
from koki_climate.results import (
    RISK_FILE, Result, append_risk_grids, grid_attrs, is_lazy, load_result, open_risk_grids, write_result_files,
    write_risk_grids,
)
from koki_climate.risk.contributions import parcel_contributions
from koki_climate.risk.compiled import compiled_members, compiled_store
from koki_climate.risk.design_events import DESIGN_EVENTS, design_events
from koki_climate.risk.features import ScenarioGrids, parcel_index_grid, scenario_grids
from koki_climate.risk.predict import (
    APPLICABLE_INSIDE, APPLICABLE_NO_DATA, APPLICABLE_OUTSIDE, APPLICABLE_SCREENED, applicability_codes,
    cell_dissimilarity, magnitude_in_range, predict_events,
)
from koki_climate.risk.store import card_dict, load_model, model_key, model_store, save_model
from koki_climate.risk.training import TrainedModel, TrainingConfig, train_model
from koki_climate.risk.validation import validation_summary
from koki_climate.scenario import Scenario, check_parcel_ids
from koki_climate.terrain_cache import cached_static_features, terrain_cache_dir
from koki_climate.zoning import (
    ZoningRules, parcel_overlay, planning_grid, zone_areas_ha, zone_classes, zone_polygons,
)

#: grids up to this many cells get the AOA at full resolution, larger ones at every 2nd cell
AOA_FULL_RESOLUTION_CELLS = 500_000
DISSIMILARITY_CACHE_SIZE = 8
Source = Literal["memory", "disk", "computed"]


def clean_cache(cache_dir: Path) -> list[Path]:
    """Remove what killed writers left in a cache folder (their temporaries and uncommitted entries)."""
    cache_dir = Path(cache_dir)
    stores = [EntryStore(cache_dir / "results"), model_store(cache_dir), compiled_store(cache_dir),
              *(EntryStore(folder) for folder in sorted((cache_dir / "wells").glob("*")) if folder.is_dir())]
    removed = [path for store in stores for path in store.clean()]
    for folder in (terrain_cache_dir(cache_dir), cache_dir / "uploads", *sorted((cache_dir / "groundwater").glob("*"))):
        removed += clean_stale_temporaries(folder)
    return removed


@dataclass(frozen=True)
class ScenarioInputs:
    """A scenario's grids (sealing, groundwater, retention), the model's features, high groundwater, events."""

    grids: ScenarioGrids
    features: xr.Dataset
    high: xr.DataArray
    events: list


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
    memory_limit_bytes: int = 1024 * 2**20

    def __post_init__(self) -> None:
        self.read_only = self.read_only or is_public()
        self._memory: OrderedDict[str, Result] = OrderedDict()
        self._memory_lock = threading.Lock()
        self._dissimilarity_cache: OrderedDict[str, xr.DataArray] = OrderedDict()
        self._dissimilarity_lock = threading.Lock()
        self._results = EntryStore(self.cache_dir / "results") if self.cache_dir is not None else None
        #: how each evaluation was answered: "memory", "disk", "computed" (what the bench and tests count)
        self.stats: Counter[str] = Counter()

    # --- construction -----------------------------------------------------------------------
    @classmethod
    def open(cls, region_path: str | Path, *, cache_dir: str | Path | None = None, train: bool = True,
             config: TrainingConfig = TrainingConfig(), read_only: bool = False,
             groundwater: str | None = None, progress=None, region: Region | None = None) -> "Engine":
        """Open a region and its model: load the saved model, or train it (unless read-only).

        On the public instance the engine is read-only whatever ``read_only`` says.
        ``progress(fraction, message)`` is called between the long steps. ``region`` passes a
        Region already opened from ``region_path`` (the app shares one), so it is not read twice.
        """
        report = progress or (lambda fraction, message: None)
        read_only = read_only or is_public()
        cache = Path(cache_dir) if cache_dir is not None else settings().cache_dir
        if not read_only:
            clean_cache(cache)
        report(0.05, "open region")
        region = region if region is not None else open_region(region_path, chunks="by_size")
        report(0.15, "terrain features")
        static = cached_static_features(region, cache, write=not read_only)
        key = model_key(region, config)
        store = model_store(cache)
        model, card, trained = _load_or_train(region, config, static, store, key, read_only=read_only or not train,
                                              report=report)
        if settings().inference == "compiled":
            report(0.55, "compile model")
            model.predictor = compiled_members(model.estimator, cache, key, write=not read_only)
        provider = default_groundwater(region, cache, kind=groundwater or settings().groundwater,
                                       write=not read_only)
        if hasattr(provider, "prepare"):
            pairs = [(str(p), str(h)) for p, h in zip(region.climate.pathway.values, region.climate.horizon.values)]
            provider.prepare(pairs, progress=lambda f, m: report(0.6 + 0.3 * f, f"groundwater projection {m}"))
        report(0.9, "parcels")
        return cls(region=region, model=model, card=card, model_key=key, static=static,
                   parcel_index=parcel_index_grid(region), cache_dir=cache, groundwater=provider,
                   read_only=read_only, trained=trained, memory_limit_bytes=settings().memory_cache_mb * 2**20)

    # --- evaluation ---------------------------------------------------------------------------
    def result_key(self, scenario: Scenario) -> str:
        return f"{self.region.checksum[:12]}-{self.model_key}-{self.groundwater.version}-{scenario.hash}"

    @cached_property
    def presets(self) -> list[Preset]:
        """The region's named scenarios (computed once, from grids the engine already holds)."""
        return presets(self.region, self.static["hand"].values, self.parcel_index.values)

    def check(self, scenario: Scenario) -> None:
        """Refuse scenarios this region cannot evaluate (parcel ids it does not have)."""
        parcels = self.region.parcels
        check_parcel_ids(scenario, parcels["parcel_id"].astype(str) if parcels is not None else ())

    def zoning_rules(self, scenario: Scenario) -> ZoningRules:
        """The thresholds a scenario's policy zones with (precautionary: the model's coverage thresholds)."""
        if scenario.policy == "precautionary":
            return self.rules.precautionary(self.model.metrics["validation"]["precaution"]["thresholds"])
        return self.rules

    def is_cached(self, scenario: Scenario) -> bool:
        """Whether ``scenario`` is in memory (switching to it will be instant)."""
        with self._memory_lock:
            return self.result_key(scenario) in self._memory

    def is_available(self, scenario: Scenario) -> bool:
        """Whether ``scenario`` can be shown without computing (in memory or on disk)."""
        key = self.result_key(scenario)
        return self.is_cached(scenario) or (self._results is not None and self._results.exists(key))

    def evaluated(self) -> list[Result]:
        """Results held in memory, oldest first (the model page lists their footprints)."""
        with self._memory_lock:
            return list(self._memory.values())

    def forget(self) -> None:
        """Drop the in-memory caches (the disk cache stays): the next evaluation is cold again."""
        with self._memory_lock:
            self._memory.clear()
        with self._dissimilarity_lock:
            self._dissimilarity_cache.clear()
        release_free_memory()

    def evaluate(self, scenario: Scenario) -> Result:
        """Risk grids, zones, parcel table and summary for ``scenario`` (cached by content)."""
        return self.evaluate_traced(scenario)[0]

    def evaluate_traced(self, scenario: Scenario) -> tuple[Result, Source]:
        """:meth:`evaluate`, also saying where the result came from (memory, disk or computed).

        Safe to call from many threads and processes at once: the first caller of a cold
        scenario computes it, the others wait for it and read the same result.
        """
        self.check(scenario)
        key = self.result_key(scenario)
        cached = self._from_memory(key)
        if cached is not None:
            return self._count(cached, "memory")
        result = self._from_disk(key)
        if result is not None:
            return self._count(self._remember(key, result), "disk")
        if self.read_only:
            raise NotPreparedError("scenario", f"scenario {scenario.hash} has not been computed for this "
                                               "read-only instance; prepare it on the planner side "
                                               "(python -m koki_climate prepare)")
        if self._results is None:
            return self._count(self._remember(key, self._computed(scenario)), "computed")
        with self._results.lock(key):
            cached = self._from_memory(key)  # another thread finished it while we waited
            if cached is not None:
                return self._count(cached, "memory")
            result = self._from_disk(key)  # another process finished it while we waited
            if result is not None:
                return self._count(self._remember(key, result), "disk")
            with self._results.write(key) as folder:
                result = self._computed(scenario, folder)
                write_result_files(result, folder, self.region.parcels, complevel=1,
                                   grids_written=(Path(folder) / RISK_FILE).exists())
                result.risk.close()  # grids kept on disk are reopened from the committed entry below
            if is_lazy(result.risk):
                result.risk = open_risk_grids(self._results.folder(key) / RISK_FILE)
            self._remember(key, result)  # before the lock opens: waiting viewers get this very result
        self.prune_disk_cache(keep=key)
        return self._count(result, "computed")

    def _computed(self, scenario: Scenario, folder: Path | None = None) -> Result:
        result = self._compute(scenario, folder)
        release_free_memory()  # the intermediate arrays of the computation
        return result

    def _count(self, result: Result, source: Source) -> tuple[Result, Source]:
        self.stats[source] += 1
        return result, source

    def _from_memory(self, key: str) -> Result | None:
        with self._memory_lock:
            result = self._memory.get(key)
            if result is not None:
                self._memory.move_to_end(key)
            return result

    def _from_disk(self, key: str) -> Result | None:
        folder = self._results.folder(key) if self._results is not None else None
        if folder is None:
            return None
        if not self.read_only:
            self._results.mark_used(key)
        return load_result(folder)

    def prune_disk_cache(self, keep: str | None = None) -> list[str]:
        """Keep the disk's result cache under ``KOKI_RESULT_CACHE_MB``, least recently used first.

        Published results (the scenario library's) and ``keep`` are never evicted: a council
        meeting or a citizen never waits for a published scenario.
        """
        if self._results is None or self.read_only:
            return []
        from koki_climate.store import ScenarioStore

        library = ScenarioStore.for_cache(self.cache_dir, read_only=True)
        try:
            protected = set(library.published_result_keys())
        finally:
            library.close()
        limit = settings().result_cache_mb * 2**20
        removed = self._results.prune(limit, protected | ({keep} if keep else set()))
        with self._memory_lock:  # results whose grids are read from a removed entry go with it
            for key in removed:
                if key in self._memory and is_lazy(self._memory[key].risk):
                    del self._memory[key]
        return removed

    def _remember(self, key: str, result: Result) -> Result:
        """Keep ``result`` in memory; evict the least recently used beyond the byte limit."""
        evicted = False
        with self._memory_lock:
            self._memory[key] = result
            self._memory.move_to_end(key)
            while len(self._memory) > 1 and sum(map(result_nbytes, self._memory.values())) > self.memory_limit_bytes:
                self._memory.popitem(last=False)
                evicted = True
        if evicted:
            release_free_memory()
        return result

    def _compute(self, scenario: Scenario, folder: Path | None = None) -> Result:
        """Grids block by block (one lazy graph on the configured scheduler), then zones and parcels.

        With ``folder`` (a cache entry's work folder) the grids stream into its ``risk.nc`` block
        by block and are read back lazily when large: no whole result grid is held in memory.
        Without, they are computed into memory (the CLI's and tests' engines without a cache).
        """
        timing: dict[str, float] = {}
        with measure() as footprint:
            t0 = time.perf_counter()
            inputs = self.scenario_inputs(scenario)
            grids, features, high, events = inputs.grids, inputs.features, inputs.high, inputs.events
            timing["inputs_s"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            lazy, dissimilarity_key = self._risk_graph(scenario, features, high, events)
            lazy["groundwater_depth"] = grids.groundwater_depth
            lazy["impervious"] = grids.impervious
            lazy["retention"] = grids.retention.astype("uint8")
            lazy.rio.write_crs(self.region.crs, inplace=True)  # inplace: rioxarray deep-copies otherwise
            risk, where = self._grids(scenario, lazy, folder)
            del lazy
            release_free_memory()  # the blocks' memory, before the zoning steps allocate theirs
            if not is_lazy(risk):
                self._remember_dissimilarity(dissimilarity_key, risk["dissimilarity"])
            timing["grids_s"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            classes = risk["zone"].compute()  # uint8: one byte per cell, read once for every step below
            outline, outline_cell_m = planning_grid(classes)
            zones = zone_polygons(outline)
            parcels = self.region.parcels
            rules = self.zoning_rules(scenario)
            overlay = parcel_overlay(classes, parcels, rules) if parcels is not None else None
            timing["zoning_s"] = time.perf_counter() - t0

            t0 = time.perf_counter()
            if overlay is not None:
                hq100 = next(e for e in events if e.name == "hq100")
                reasons = parcel_contributions(self.model, features, self.parcel_index,
                                               parcels["parcel_id"].to_numpy(), hq100.precip_mm)
                overlay = overlay.merge(reasons, on="parcel_id", how="left")
            timing["contributions_s"] = time.perf_counter() - t0
            codes = {e.name: risk[f"applicable_{e.name}"].compute() for e in events}
        timing["total_s"] = footprint.wall_s
        first = codes[events[0].name]
        valid = int((first != APPLICABLE_NO_DATA).sum())
        n_predicted = int(((first == APPLICABLE_INSIDE) | (first == APPLICABLE_OUTSIDE)).sum())
        shares = {name: float((code == APPLICABLE_INSIDE).sum()) / n_predicted if n_predicted else 1.0
                  for name, code in codes.items()}  # shares inside the AOA are of the predicted cells
        summary = self._summary(scenario, classes, overlay, events, timing, footprint.to_dict(), shares)
        summary["screened_share"] = round(float((first == APPLICABLE_SCREENED).sum()) / max(valid, 1), 4)
        summary["blocks"] = {"chunk_edge_cells": chunk_edge(), "scheduler": where,
                             "grids": "on disk, read block by block" if is_lazy(risk) else "in memory",
                             "zone_outline_cell_m": outline_cell_m}
        return Result(scenario=scenario, risk=risk, zones=zones, parcels=overlay, summary=summary)

    def _grids(self, scenario: Scenario, lazy: xr.Dataset, folder: Path | None) -> tuple[xr.Dataset, str]:
        """Compute the graph: into memory, or streamed into ``folder``'s risk grids; and where it ran.

        Grids up to ``KOKI_GRIDS_IN_MEMORY_MB`` are computed into memory (a town: the fastest
        way). Larger ones stream into ``folder`` in two passes: first every grid whose cells
        depend only on their own features (p, spread, DI, applicability), a strip of blocks at a
        time; then the zone classes, whose halo (2n + 2r + 1 cells: over 1,000 at 3 m) would
        make dask hold neighbouring blocks' p, from the p just written (read back block by
        block). Same values as in one graph: the zoning reads the same float32 p, losslessly
        stored. A dask cluster computes on its workers and sends the grids back to be written
        here (the workers need not see this disk).
        """
        with scheduler() as where:
            if folder is None or lazy.nbytes <= settings().grids_in_memory_mb * 2**20 or settings().dask_scheduler:
                return lazy.compute(), where  # held in memory (and written with the result's other files)
            path = Path(folder) / RISK_FILE
            write_risk_grids(path, lazy.drop_vars("zone"), grid_attrs(scenario, self.region.checksum, self.model_key),
                             complevel=1)
            append_risk_grids(path, self._zones_from(path, scenario).to_dataset(), complevel=1)
        return open_risk_grids(path), where

    def _zones_from(self, path: Path, scenario: Scenario) -> xr.DataArray:
        """Zone classes (in memory: one byte per cell) from the p and high groundwater written to ``path``."""
        with open_lazily(path) as written:
            blocks = chunked(written[["p_hq100", "p_hqextrem", "groundwater_depth_high"]])
            zone = zone_classes(blocks["p_hq100"], blocks["p_hqextrem"], blocks["groundwater_depth_high"],
                                self.zoning_rules(scenario), valid=chunked(self.region.grid["elevation"].notnull()))
            edges = np.cumsum((0,) + zone.chunksizes["y"])  # a strip at a time: dask would read ahead
            strips = []
            for top, bottom in zip(edges[:-1], edges[1:]):
                strips.append(zone.isel(y=slice(int(top), int(bottom))).compute())
                release_free_memory()
            zone = xr.concat(strips, dim="y")
        zone.rio.write_crs(self.region.crs, inplace=True)
        return zone.rename("zone")

    def scenario_inputs(self, scenario: Scenario) -> ScenarioInputs:
        """What a scenario changes on the grid (sealing, groundwater) and its design events."""
        depth_mean, depth_high = self.groundwater.depths(scenario)
        grids = scenario_grids(self.region, scenario, self.parcel_index, depth_mean)
        high = (depth_high - scenario.groundwater_offset_m).clip(min=0.0).astype("float32")
        features = self.static.assign(impervious=grids.impervious, groundwater_depth=grids.groundwater_depth)
        return ScenarioInputs(grids, features, high, design_events(self.region, scenario))

    def _risk_graph(self, scenario: Scenario, features: xr.Dataset, high: xr.DataArray,
                    events) -> tuple[xr.Dataset, str]:
        """p, spread, applicability, DI and zone class per cell as one lazy graph of block functions,
        and the key the DI is cached under.

        Every step runs block by block (features → members' p → applicability → zones with
        their halo), so memory follows the chunk size, not the grid; a small region is one block.
        """
        blocks = chunked(features)
        risk = predict_events(self.model, blocks, {event.name: event.precip_mm for event in events})
        valid = chunked(self.region.grid["elevation"].notnull())
        dissimilarity, cache_key = self._dissimilarity(features, blocks)
        predicted = dissimilarity.notnull() & valid  # screened cells have no DI: p = 0 unpredicted
        screened = valid & ~predicted & risk[f"p_{events[0].name}"].notnull()
        inside = dissimilarity <= self.model.aoa.threshold
        for event in events:
            in_range = magnitude_in_range(self.model, event.precip_mm)
            risk[f"applicable_{event.name}"] = applicability_codes(inside & in_range, predicted, screened)
        risk["dissimilarity"] = dissimilarity
        risk["zone"] = zone_classes(risk["p_hq100"], risk["p_hqextrem"], chunked(high), self.zoning_rules(scenario),
                                    valid=valid)
        risk["groundwater_depth_high"] = high
        return risk, cache_key

    def _dissimilarity(self, features: xr.Dataset, blocks: xr.Dataset) -> tuple[xr.DataArray, str]:
        """AOA dissimilarity (cached, or a lazy graph on ``blocks``) and its cache key.

        Cached by the content of the scenario-dependent feature grids: scenarios that differ
        only in climate share it.
        """
        digest = hashlib.sha1()
        for name in ("impervious", "groundwater_depth"):
            digest.update(np.ascontiguousarray(features[name].values).tobytes())
        key = digest.hexdigest()
        with self._dissimilarity_lock:
            if key in self._dissimilarity_cache:
                return self._dissimilarity_cache[key], key
        stride = 1 if features.sizes["y"] * features.sizes["x"] <= AOA_FULL_RESOLUTION_CELLS else 2
        return cell_dissimilarity(self.model, blocks, stride), key

    def _remember_dissimilarity(self, key: str, value: xr.DataArray) -> None:
        with self._dissimilarity_lock:
            self._dissimilarity_cache[key] = value
            while len(self._dissimilarity_cache) > DISSIMILARITY_CACHE_SIZE:
                self._dissimilarity_cache.popitem(last=False)

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
            "validation": validation_summary(self.model.metrics.get("validation"), applicable_share,
                                             synthetic=self.region.manifest.synthetic),
            "zoning_rules": self.zoning_rules(scenario).to_dict(),
            "provenance": {
                "data_checksum": self.region.checksum,
                "model_key": self.model_key,
                "model_version": self.card["model_version"],
                "inference": "compiled" if self.model.predictor is not None else "scikit-learn",
                "scenario_hash": scenario.hash,
                "groundwater": self.groundwater.describe(),
                "library_versions": self.card.get("library_versions", {}),
                "synthetic_data": self.region.manifest.synthetic,
            },
            "timing_s": {key: round(value, 3) for key, value in timing.items()},
            "footprint": footprint,
        }


def _load_or_train(region: Region, config: TrainingConfig, static: xr.Dataset, store: EntryStore, key: str, *,
                   read_only: bool, report) -> tuple[TrainedModel, dict, bool]:
    """The saved model of ``key``, or a newly trained and saved one (trained once across processes)."""
    folder = store.folder(key)
    if folder is None and not read_only:
        with store.lock(key):
            folder = store.folder(key)  # trained by another process while we waited
            if folder is None:
                report(0.3, "train model")
                model = train_model(region, config, static=static)
                card = card_dict(model, region, key)
                save_model(model, store, key, card)
                return model, card, True
    if folder is None:
        raise NotPreparedError("model", f"no trained model for region '{region.name}' in the cache; train it "
                                        "on the planner side (python -m koki_climate prepare)")
    report(0.5, "load model")
    model, card = load_model(folder)
    return model, card, False


__all__ = ["Engine", "DESIGN_EVENTS", "clean_cache"]
