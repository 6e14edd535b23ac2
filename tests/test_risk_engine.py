"""The flood-risk engine on the sample region: validation, invariants, zoning, caching, safety."""
from __future__ import annotations

import numpy as np
import pytest
import skops.io as sio
from hypothesis import given, settings
from hypothesis import strategies as st

from koki_climate.engine import Engine
from koki_climate.errors import KokiError
from koki_climate.presets import presets
from koki_climate.risk.features import FEATURES
from koki_climate.risk.predict import predict_events
from koki_climate.risk.store import load_model, model_store
from koki_climate.risk.training import TrainingConfig
from koki_climate.scenario import LandUseChange, Scenario

FAST = TrainingConfig(cells_per_event=6000, max_iter=30)


@pytest.fixture(scope="session")
def small_engine(small_region_dir, tmp_path_factory) -> Engine:
    """A quickly trained engine on the small region (for invariants, not for scores)."""
    return Engine.open(small_region_dir, cache_dir=tmp_path_factory.mktemp("cache-small"), config=FAST,
                       read_only=False)


@pytest.fixture(scope="session")
def full_engine(full_region_dir, tmp_path_factory) -> Engine:
    """The engine on the full 1200 x 1200 sample region with the default training settings."""
    return Engine.open(full_region_dir, cache_dir=tmp_path_factory.mktemp("cache-full"), read_only=False)


def rows_from_training_space(engine: Engine, n: int, seed: int) -> np.ndarray:
    """Realistic feature rows: cells of the region (features at random active cells)."""
    rng = np.random.default_rng(seed)
    features = engine.static.assign(impervious=engine.region.grid["impervious"],
                                    groundwater_depth=engine.region.grid["groundwater_depth"])
    hand = features["hand"].values.ravel()
    cells = rng.choice(np.flatnonzero(hand <= engine.model.hand_limit_m), size=n, replace=False)
    X = np.column_stack([features[name].values.ravel()[cells] for name in FEATURES[:-1]] +
                        [np.full(n, 80.0)]).astype(np.float32)
    return X


# --- validation ---------------------------------------------------------------------------

@pytest.mark.slow
def test_spatial_cv_auc_meets_target_and_random_split_is_optimistic(full_engine: Engine) -> None:
    metrics = full_engine.card["metrics"]
    spatial, random = metrics["spatial_cv"], metrics["random_cv"]
    assert spatial["roc_auc"] >= 0.85
    assert random["roc_auc"] >= spatial["roc_auc"]  # spatial autocorrelation flatters random splits
    assert 0.0 <= spatial["brier"] <= 0.25
    assert metrics["n_blocks"] >= 100  # 2 km blocks over 30 km: 225


@pytest.mark.slow
def test_model_card_states_use_metrics_limits_and_cost(full_engine: Engine) -> None:
    card = full_engine.card
    assert "§ 76 WHG" in card["intended_use"]
    assert card["data"]["checksum"] == full_engine.region.checksum
    assert card["training_footprint"]["wall_s"] > 0 and card["training_footprint"]["energy_wh"] > 0
    folder = model_store(full_engine.cache_dir).folder(full_engine.model_key)
    markdown = (folder / "card.md").read_text()
    assert "spatial blocks" in markdown and "random" in markdown and "§ 76 WHG" in markdown


# --- physics invariants (property tests) ------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(low=st.floats(20, 250), extra=st.floats(0, 120), seed=st.integers(0, 10_000))
def test_more_heavy_rain_never_lowers_any_cells_p(small_engine: Engine, low, extra, seed) -> None:
    X = rows_from_training_space(small_engine, 300, seed)
    X_low, X_high = X.copy(), X.copy()
    X_low[:, -1], X_high[:, -1] = low, low + extra
    p_low = small_engine.model.estimator.predict_proba(X_low)[:, 1]
    p_high = small_engine.model.estimator.predict_proba(X_high)[:, 1]
    assert np.all(p_high >= p_low - 1e-12)


@settings(max_examples=25, deadline=None)
@given(rise=st.floats(0, 5), sealing=st.floats(0, 1), seed=st.integers(0, 10_000))
def test_higher_water_table_or_more_sealing_never_lowers_p(small_engine: Engine, rise, sealing, seed) -> None:
    X = rows_from_training_space(small_engine, 300, seed)
    wetter = X.copy()
    gw, imp = FEATURES.index("groundwater_depth"), FEATURES.index("impervious")
    wetter[:, gw] = np.maximum(X[:, gw] - rise, 0.0)
    wetter[:, imp] = np.maximum(X[:, imp], sealing)
    members_before = small_engine.model.estimator.member_probabilities(X)
    members_after = small_engine.model.estimator.member_probabilities(wetter)
    assert np.all(members_after >= members_before - 1e-12)  # each member, hence mean and max


def test_grid_prediction_is_monotone_across_design_events(small_engine: Engine) -> None:
    features = small_engine.static.assign(impervious=small_engine.region.grid["impervious"],
                                          groundwater_depth=small_engine.region.grid["groundwater_depth"])
    risk = predict_events(small_engine.model, features, {"small": 60.0, "mid": 100.0, "big": 150.0})
    for lower, higher in (("small", "mid"), ("mid", "big")):
        assert bool((risk[f"p_{higher}"] >= risk[f"p_{lower}"] - 1e-9).all())


# --- zoning invariants --------------------------------------------------------------------

def test_precautionary_zones_contain_expected(small_engine: Engine) -> None:
    base = Scenario("rcp85", "2071-2100", land_use_changes=(LandUseChange("develop_planned"),))
    expected = small_engine.evaluate(base).risk["zone"].values
    precautionary = small_engine.evaluate(base.replace(policy="precautionary")).risk["zone"].values
    valid = expected != 255
    assert np.array_equal(valid, precautionary != 255)
    for k in (1, 2, 3):
        assert np.all(precautionary[valid & (expected >= k)] >= k)
    assert (precautionary[valid] >= 2).sum() >= (expected[valid] >= 2).sum()


def test_zone_areas_add_up_to_the_region(small_engine: Engine) -> None:
    summary = small_engine.evaluate(Scenario()).summary
    assert sum(summary["zones_ha"].values()) == pytest.approx(summary["region_ha"], abs=0.05)
    assert summary["region_ha"] == pytest.approx(90_000.0)  # 30 km x 30 km


@pytest.mark.slow
def test_rcp85_far_future_keeps_at_least_todays_flood_area(full_engine: Engine) -> None:
    by_name = {p.name: p.scenario for p in presets(full_engine.region, full_engine.static["hand"].values)}
    today = full_engine.evaluate(by_name["Heute"]).summary["zones_ha"]
    future = full_engine.evaluate(by_name["2100 ungebremst (RCP8.5)"]).summary["zones_ha"]
    assert future["freihalten"] >= today["freihalten"]


def test_sealing_planned_developments_never_shrinks_the_flood_zone(small_engine: Engine) -> None:
    today = small_engine.evaluate(Scenario()).summary
    built = small_engine.evaluate(Scenario(land_use_changes=(LandUseChange("develop_planned"),))).summary
    assert built["zones_ha"]["freihalten"] >= today["zones_ha"]["freihalten"] - 1e-6


def test_conflict_parcels_are_planned_development_with_reasons(small_engine: Engine) -> None:
    result = small_engine.evaluate(Scenario("rcp85", "2071-2100"))
    parcels = result.parcels
    conflicts = parcels[parcels["conflict"]]
    assert len(conflicts) == result.summary["n_conflicts"] > 0
    assert set(conflicts["planned_use"]) == {"planned_development"}
    assert (conflicts["reasons"].str.len() > 0).mean() >= 0.8


def test_same_inputs_give_the_same_zones(small_engine: Engine, small_region_dir, tmp_path) -> None:
    again = Engine.open(small_region_dir, cache_dir=tmp_path, config=FAST, read_only=False)
    scenario = Scenario("rcp45", "2021-2050")
    assert np.array_equal(again.evaluate(scenario).risk["zone"].values,
                          small_engine.evaluate(scenario).risk["zone"].values)


# --- caching and safety -------------------------------------------------------------------

def test_results_are_cached_by_content(small_engine: Engine, small_region_dir) -> None:
    scenario = Scenario("rcp26", "2021-2050", 0.5)
    first = small_engine.evaluate(scenario)
    assert small_engine.evaluate(Scenario.from_json(scenario.canonical_json())) is first
    reopened = Engine.open(small_region_dir, cache_dir=small_engine.cache_dir, config=FAST, read_only=True)
    from_disk = reopened.evaluate(scenario)  # a new process would find it on disk
    assert from_disk is not first
    assert np.array_equal(from_disk.risk["zone"].values, first.risk["zone"].values)
    assert from_disk.summary["zones_ha"] == first.summary["zones_ha"]


def test_model_is_reused_not_retrained(small_engine: Engine, small_region_dir) -> None:
    folder = model_store(small_engine.cache_dir).folder(small_engine.model_key)
    stamp = (folder / "model.skops").stat().st_mtime_ns
    again = Engine.open(small_region_dir, cache_dir=small_engine.cache_dir, config=FAST, read_only=False)
    assert again.model_key == small_engine.model_key
    assert (folder / "model.skops").stat().st_mtime_ns == stamp


class Untrusted:  # a type no model file of ours contains
    pass


def test_model_file_with_foreign_types_is_refused(small_engine: Engine, tmp_path) -> None:
    import shutil

    folder = tmp_path / "model"
    shutil.copytree(model_store(small_engine.cache_dir).folder(small_engine.model_key), folder)
    sio.dump({"payload": Untrusted()}, folder / "model.skops")
    with pytest.raises(KokiError, match="untrusted types"):
        load_model(folder)


def test_read_only_instance_refuses_to_train(small_region_dir, tmp_path) -> None:
    with pytest.raises(KokiError, match="no trained model"):
        Engine.open(small_region_dir, cache_dir=tmp_path, config=FAST, read_only=True)


def _region_of(side_cells: int, cell_m: float):
    from types import SimpleNamespace
    return SimpleNamespace(shape=(side_cells, side_cells), cell_area_m2=cell_m ** 2,
                           manifest=SimpleNamespace(path="stadt/region.toml"))


def test_small_region_validates_with_smaller_blocks_and_says_which() -> None:
    from koki_climate.risk.training import cv_block_size
    # 2 km x 2 km at 10 m: 2 km blocks give 1, 1 km blocks 4, 500 m blocks 16 >= 2 per fold
    region = _region_of(200, 10.0)
    assert cv_block_size(region, np.arange(200 * 200), TrainingConfig()) == 500.0
    # the sample-sized region keeps the configured 2 km (225 blocks)
    assert cv_block_size(_region_of(1500, 20.0), np.arange(1500 * 1500), TrainingConfig()) == 2000.0


def test_region_too_small_for_blocked_validation_is_refused_clearly() -> None:
    from koki_climate.errors import RegionError
    from koki_climate.risk.training import cv_block_size
    # 800 m x 800 m: even 500 m blocks give only 4, fewer than 5 folds
    with pytest.raises(RegionError, match="too small for spatially blocked validation.*4 blocks of 500 m"):
        cv_block_size(_region_of(80, 10.0), np.arange(80 * 80), TrainingConfig())
