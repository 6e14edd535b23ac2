"""Compiled tree inference gives scikit-learn's probabilities and never loads what it did not compile."""
from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest

from koki_climate.engine import Engine
from koki_climate.risk.compiled import TOLERANCE, CompiledMembers, compiled_members, compiled_store
from koki_climate.risk.features import FEATURES


@pytest.fixture(scope="module")
def engine(trained_small: tuple[Path, Path]) -> Engine:
    region, cache = trained_small
    return Engine.open(region, cache_dir=cache, read_only=True)


def _rows(engine: Engine, n: int = 20_000) -> np.ndarray:
    """Feature rows spanning and exceeding the training ranges (trees see values beyond every split)."""
    rng = np.random.default_rng(7)
    ranges = engine.model.training_data["feature_ranges"]
    low = np.array([ranges[name][0] for name in FEATURES])
    high = np.array([ranges[name][1] for name in FEATURES])
    span = high - low
    return (low - 0.2 * span + rng.random((n, len(FEATURES))) * 1.4 * span).astype(np.float32)


def test_engine_predicts_with_compiled_members(engine: Engine) -> None:
    assert isinstance(engine.model.predictor, CompiledMembers)
    assert engine.model.members is engine.model.predictor


def test_compiled_members_equal_scikit_learn_within_tolerance(engine: Engine) -> None:
    X = _rows(engine)
    compiled = engine.model.predictor.member_probabilities(X)
    reference = engine.model.estimator.member_probabilities(X)
    assert compiled.shape == reference.shape == (engine.model.config.n_folds, len(X))
    assert np.abs(compiled - reference).max() <= TOLERANCE
    # the rows reach both ends of the calibrated scale, so the comparison covers real decisions
    assert reference.min() < 0.01 and reference.max() > 0.5


def test_engine_results_equal_with_and_without_compiled_trees(trained_small, tmp_path, monkeypatch) -> None:
    region, cache = trained_small
    from koki_climate.scenario import Scenario

    scenario = Scenario("rcp85", "2071-2100")
    own = tmp_path / "cache"
    shutil.copytree(cache / "models", own / "models")
    monkeypatch.setenv("KOKI_INFERENCE", "sklearn")
    plain = Engine.open(region, cache_dir=own, read_only=False)
    assert plain.model.predictor is None and not (own / "compiled").exists()
    reference = plain.evaluate(scenario)
    monkeypatch.setenv("KOKI_INFERENCE", "compiled")
    fast = Engine.open(region, cache_dir=own, read_only=False)
    assert fast.model.predictor is not None
    fast.forget()
    result = fast._compute(scenario)
    for name in reference.risk.data_vars:
        if name.startswith("p_"):
            gap = np.nanmax(np.abs(result.risk[name].values - reference.risk[name].values))
            assert gap <= TOLERANCE, name
    assert np.array_equal(result.risk["zone"].values, reference.risk["zone"].values)
    assert result.summary["provenance"]["inference"] == "compiled"
    assert reference.summary["provenance"]["inference"] == "scikit-learn"


def test_pickled_members_reload_their_libraries_or_fall_back(engine: Engine, tmp_path) -> None:
    """dask ships the model to workers by pickling: the libraries are reloaded there, never pickled."""
    X = _rows(engine, 2_000)
    reference = engine.model.estimator.member_probabilities(X)
    shipped = pickle.loads(pickle.dumps(engine.model.predictor))
    assert np.abs(shipped.member_probabilities(X) - reference).max() <= TOLERANCE
    assert shipped._loaded() is not None
    elsewhere = CompiledMembers(engine.model.estimator, tmp_path / "not-on-this-worker")
    moved = pickle.loads(pickle.dumps(elsewhere))
    assert moved._loaded() is None  # nothing to load: scikit-learn predicts, same answer
    assert np.array_equal(moved.member_probabilities(X), reference)


def test_read_only_instance_never_compiles(trained_small, tmp_path) -> None:
    region, cache = trained_small
    own = tmp_path / "cache"
    shutil.copytree(cache / "models", own / "models")
    public = Engine.open(region, cache_dir=own, read_only=True)
    assert public.model.predictor is None
    assert not (own / "compiled").exists()
    assert compiled_members(public.model.estimator, own, public.model_key, write=False) is None


def test_a_library_not_compiled_here_is_not_loaded(engine: Engine, trained_small, tmp_path) -> None:
    """Only entries of the cache's own store are loaded: a damaged library means scikit-learn predicts."""
    _, cache = trained_small
    own = tmp_path / "cache"
    shutil.copytree(cache / "compiled", own / "compiled")
    store = compiled_store(own)
    key = next(path.name for path in (own / "compiled").iterdir() if path.is_dir())
    folder = store.folder(key)
    library = folder / "member_0.so"
    library.write_bytes(b"\x7fELF not a library" + b"\0" * (library.stat().st_size - 19))
    predictor = CompiledMembers(engine.model.estimator, folder)
    assert predictor._loaded() is None
    X = _rows(engine, 500)
    assert np.array_equal(predictor.member_probabilities(X), engine.model.estimator.member_probabilities(X))
