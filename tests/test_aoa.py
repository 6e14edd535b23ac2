"""Area of applicability as Meyer & Pebesma (2021) publish it and CAST's trainDI()/aoa() compute it."""
from __future__ import annotations

from math import sqrt
from types import SimpleNamespace

import numpy as np
import pytest
import xarray as xr
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from koki_climate.engine import Engine
from koki_climate.risk.aoa import ApplicabilityDomain, di_threshold
from koki_climate.risk.predict import (
    APPLICABLE_INSIDE, APPLICABLE_NO_DATA, APPLICABLE_OUTSIDE, APPLICABLE_SCREENED, CELL_FEATURES,
    cell_dissimilarity,
)
from koki_climate.scenario import Scenario

# --- a worked example ------------------------------------------------------------------------
# Six training rows, three features, three CV folds. Feature a has mean 10 and sample sd 1
# (deviations -1.5 -0.5 0 0 0.5 1.5: squares sum to 5, / (6 - 1) = 1); feature b has mean 5 and
# sample sd 2 (deviations 1 -1 3 -3 0 0: squares sum to 20, / 5 = 4); feature c gets a negative
# weight, which CAST sets to 0. With weights (2, 2, 0) the scaled, weighted rows are
#   z_a = (a - 10) / 1 * 2,  z_b = (b - 5) / 2 * 2:
#   P1 (-3, 1)  P2 (-1, -1)  P3 (0, 3)  P4 (0, -3)  P5 (1, 0)  P6 (3, 0)
EXAMPLE_X = np.array([[8.5, 6.0, 1.0], [9.5, 4.0, 5.0], [10.0, 8.0, 2.0],
                      [10.0, 2.0, 8.0], [10.5, 5.0, 3.0], [11.5, 5.0, 4.0]])
EXAMPLE_WEIGHTS = np.array([2.0, 2.0, -0.7])
EXAMPLE_FOLDS = np.array([0, 1, 0, 1, 2, 2])  # {P1, P3}, {P2, P4}, {P5, P6}
# The 15 pair distances:
#   P1-P2 √8  P1-P3 √13  P1-P4 5   P1-P5 √17  P1-P6 √37
#   P2-P3 √17 P2-P4 √5   P2-P5 √5  P2-P6 √17
#   P3-P4 6   P3-P5 √10  P3-P6 √18
#   P4-P5 √10 P4-P6 √18
#   P5-P6 2
# trainDist_avrgmean = mean over rows of the mean distance to the 5 others = (sum of the 15) / 15
#   = (13 + √8 + √13 + 3√17 + √37 + 2√5 + 2√10 + 2√18) / 15 = 57.168030 / 15 = 3.811202
MEAN_DISTANCE = (13 + sqrt(8) + sqrt(13) + 3 * sqrt(17) + sqrt(37) + 2 * sqrt(5) + 2 * sqrt(10) + 2 * sqrt(18)) / 15
# Nearest row in another fold (own fold masked):
#   P1 (fold 0): P2 √8, P4 5, P5 √17, P6 √37     -> √8
#   P3 (fold 0): P2 √17, P4 6, P5 √10, P6 √18    -> √10
#   P2 (fold 1): P1 √8, P3 √17, P5 √5, P6 √17    -> √5
#   P4 (fold 1): P1 5, P3 6, P5 √10, P6 √18      -> √10  (its nearest row overall, P2 at √5, is masked)
#   P5 (fold 2): P1 √17, P2 √5, P3 √10, P4 √10   -> √5   (P6 at 2 is masked)
#   P6 (fold 2): P1 √37, P2 √17, P3 √18, P4 √18  -> √17
# Training DI = distance / 3.811202: 0.742135 0.586709 0.829732 0.829732 0.586709 1.081839
EXAMPLE_TRAIN_DI = np.array([sqrt(8), sqrt(5), sqrt(10), sqrt(10), sqrt(5), sqrt(17)]) / MEAN_DISTANCE
# Sorted DI (x0..x5, in units of 1 / 3.811202): √5 √5 √8 √10 √10 √17. R's quantile type 7 at p is
# x[h] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋]) with h = (n - 1) p = 5p:
#   Q1: h = 1.25 -> √5 + 0.25 (√8 - √5) = 2.384158 -> 0.625566
#   Q3: h = 3.75 -> √10 + 0.75 (√10 - √10) = √10 -> 0.829732
#   Q3 + 1.5 IQR = 0.829732 + 1.5 * 0.204167 = 1.135982, above the largest DI (√17: 1.081839), so
#   the threshold is capped at √17 / 3.811202 = 1.081839 (CAST issue #65).
EXAMPLE_THRESHOLD = sqrt(17) / MEAN_DISTANCE
# New rows (c does not count): (a, b) = (10, 5) is z (0, 0), nearest P5 at 1 -> DI 0.262384, inside;
# (8.5, 6) is P1 itself -> DI 0, inside; (13, 9) is z (6, 4), nearest P6 at 5 -> DI 1.311922, outside.
NEW_X = np.array([[10.0, 5.0, 99.0], [8.5, 6.0, -3.0], [13.0, 9.0, 0.0]])
NEW_DI = np.array([1.0, 0.0, 5.0]) / MEAN_DISTANCE
NEW_INSIDE = np.array([True, True, False])


def test_worked_example_matches_the_hand_computation() -> None:
    domain, train_di = ApplicabilityDomain.fit_with_training_di(EXAMPLE_X, EXAMPLE_FOLDS, EXAMPLE_WEIGHTS)
    assert domain.mean == pytest.approx([10.0, 5.0, 23 / 6], abs=1e-12)
    assert domain.scale[:2] == pytest.approx([1.0, 2.0], abs=1e-12)  # R's scale(): sample sd
    assert domain.weights == pytest.approx([2.0, 2.0, 0.0])  # negative set to 0, not normalised
    assert domain.mean_distance == pytest.approx(MEAN_DISTANCE, rel=1e-12)
    assert train_di == pytest.approx(EXAMPLE_TRAIN_DI, rel=1e-12)
    assert domain.threshold == pytest.approx(EXAMPLE_THRESHOLD, rel=1e-12)
    assert domain.dissimilarity(NEW_X) == pytest.approx(NEW_DI, rel=1e-12, abs=1e-12)
    assert np.array_equal(domain.inside(NEW_X), NEW_INSIDE)


def test_duplicates_count_in_the_mean_distance_and_at_zero_across_folds() -> None:
    # Every row twice: means stay, the sample sd shrinks by √(10/11) (squares / 11 instead of / 5)
    # in every feature, so all z grow by k = √1.1 - a common factor the DI does not see. 12 rows
    # make 66 pairs: each original pair 4 times, plus 6 pairs of a row and its copy at 0, so
    #   trainDist_avrgmean = 4 * 57.168030 k / 66 = 60/66 of the example's (in z units of k).
    X = np.vstack([EXAMPLE_X, EXAMPLE_X])
    # copies in the same fold are masked: the nearest distances stay, the DI grow by 66/60 = 1.1
    domain, train_di = ApplicabilityDomain.fit_with_training_di(X, np.tile(EXAMPLE_FOLDS, 2), EXAMPLE_WEIGHTS)
    assert len(domain.reference) == 6  # identical rows are one reference point
    assert domain.mean_distance == pytest.approx(4 * 15 * MEAN_DISTANCE * sqrt(1.1) / 66, rel=1e-12)
    assert train_di == pytest.approx(np.tile(EXAMPLE_TRAIN_DI, 2) * 1.1, rel=1e-12)
    assert domain.threshold == pytest.approx(EXAMPLE_THRESHOLD * 1.1, rel=1e-12)
    # each copy in another fold: every row has a duplicate outside its fold -> DI 0, threshold 0
    _, across = ApplicabilityDomain.fit_with_training_di(
        X, np.concatenate([EXAMPLE_FOLDS, (EXAMPLE_FOLDS + 1) % 3]), EXAMPLE_WEIGHTS)
    assert np.all(across == 0.0)


def test_threshold_is_the_capped_fence_not_the_whisker_data_point() -> None:
    # type 7: Q1 = 1.25, Q3 = 3.75, fence = 3.75 + 1.5 * 2.5 = 7.5 < 100. boxplot.stats (CAST
    # <= 0.7.0) would return the largest value not above the fence, 4; CAST >= 0.7.1 the fence.
    assert di_threshold(np.array([0.0, 1.0, 2.0, 3.0, 4.0, 100.0])) == pytest.approx(7.5)
    assert di_threshold(np.array([1.0, 2.0, np.nan, 3.0])) == pytest.approx(3.0)  # capped at the maximum


def test_without_folds_the_nearest_other_row_counts() -> None:
    # no CV: P1 √8 (P2), P2 √5 (P4), P3 √10 (P5), P4 √5 (P2), P5 2 (P6), P6 2 (P5)
    _, train_di = ApplicabilityDomain.fit_with_training_di(EXAMPLE_X, None, EXAMPLE_WEIGHTS)
    expected = np.array([sqrt(8), sqrt(5), sqrt(10), sqrt(5), 2, 2]) / MEAN_DISTANCE
    assert train_di == pytest.approx(expected, rel=1e-12)
    # a row present twice has its duplicate at 0
    _, doubled = ApplicabilityDomain.fit_with_training_di(np.vstack([EXAMPLE_X, EXAMPLE_X[:1]]), None, EXAMPLE_WEIGHTS)
    assert doubled[[0, 6]] == pytest.approx([0.0, 0.0])


def test_rows_in_no_test_fold_are_reference_without_a_dissimilarity() -> None:
    folds = EXAMPLE_FOLDS.copy()
    folds[5] = -1  # P6 tested in no fold: it trains every fold, so P5 (fold 2) now has it at 2
    _, train_di = ApplicabilityDomain.fit_with_training_di(EXAMPLE_X, folds, EXAMPLE_WEIGHTS)
    assert np.isnan(train_di[5])
    assert train_di[4] == pytest.approx(2 / MEAN_DISTANCE, rel=1e-12)


def test_saved_arrays_round_trip_without_pickle(tmp_path) -> None:
    domain = ApplicabilityDomain.fit(EXAMPLE_X, EXAMPLE_FOLDS, EXAMPLE_WEIGHTS)
    np.savez(tmp_path / "aoa.npz", **domain.to_arrays())
    with np.load(tmp_path / "aoa.npz", allow_pickle=False) as arrays:
        loaded = ApplicabilityDomain.from_arrays({key: arrays[key] for key in arrays.files})
    assert loaded.threshold == domain.threshold and loaded.mean_distance == domain.mean_distance
    assert np.array_equal(loaded.dissimilarity(NEW_X), domain.dissimilarity(NEW_X))


# --- CAST, transcribed literally, as the oracle ---------------------------------------------

def cast_train_di(X: np.ndarray, folds: np.ndarray, weights: np.ndarray) -> tuple[float, np.ndarray, float]:
    """trainDI() of CAST row by row: (trainDist_avrgmean, training DI, threshold)."""
    sd = X.std(axis=0, ddof=1)
    sd[sd == 0] = 1.0
    w = np.clip(weights, 0.0, None)
    Z = (X - X.mean(axis=0)) / sd * (w if w.sum() > 0 else 1.0)
    n = len(Z)
    D = np.sqrt(((Z[:, None, :] - Z[None, :, :]) ** 2).sum(axis=-1))
    avrg = [np.sort(D[i])[1:].mean() for i in range(n)]  # knnx.dist(k = n)[-1]: all but the nearest (itself)
    cv_test = [np.flatnonzero(folds == k) for k in np.unique(folds[folds >= 0])]
    cv_train = [np.setdiff1d(np.arange(n), test) for test in cv_test]
    nearest = []
    for i in range(n):
        distance = D[i].copy()
        distance[i] = np.nan
        which = [k for k, test in enumerate(cv_test) if i in test]
        if not which:  # never used for testing: no DI
            nearest.append(np.nan)
            continue
        distance[~np.isin(np.arange(n), cv_train[which[0]])] = np.nan
        nearest.append(np.nanmin(distance))
    mean = float(np.mean(avrg))
    di = np.array(nearest) / mean
    x = np.sort(di[np.isfinite(di)])

    def quantile7(p: float) -> float:
        h = (x.size - 1) * p
        low = int(np.floor(h))
        return x[low] + (h - low) * (x[min(low + 1, x.size - 1)] - x[low])

    fence = quantile7(0.75) + 1.5 * (quantile7(0.75) - quantile7(0.25))
    return mean, di, min(fence, x.max())


@st.composite
def training_sets(draw):
    n = draw(st.integers(3, 14))
    d = draw(st.integers(1, 3))
    X = draw(hnp.arrays(np.float64, (n, d), elements=st.integers(-3, 3).map(float)))  # small grid: duplicates
    folds = draw(hnp.arrays(np.int64, n, elements=st.integers(-1, 2)))
    weights = draw(hnp.arrays(np.float64, d, elements=st.one_of(st.just(0.0), st.floats(0.01, 3.0),
                                                               st.floats(-0.5, -0.01))))
    return X, folds, weights


@settings(max_examples=80, deadline=None)
@given(training_sets())
def test_matches_cast_row_by_row(data) -> None:
    X, folds, weights = data
    tested = np.unique(folds[folds >= 0])
    assume(tested.size >= 2 or (tested.size == 1 and (folds < 0).any()))  # every tested row has another fold
    w = np.clip(weights, 0, None) if weights.clip(0).sum() > 0 else np.ones_like(weights)
    assume(np.unique(X * (w > 0), axis=0).shape[0] >= 2)  # CAST needs a non-zero mean distance
    mean, di, threshold = cast_train_di(X, folds, weights)
    domain, train_di = ApplicabilityDomain.fit_with_training_di(X, folds, weights)
    assert domain.mean_distance == pytest.approx(mean, rel=1e-9)
    assert np.array_equal(np.isnan(train_di), np.isnan(di))
    assert train_di[~np.isnan(di)] == pytest.approx(di[~np.isnan(di)], rel=1e-9, abs=1e-12)
    assert domain.threshold == pytest.approx(threshold, rel=1e-9, abs=1e-12)


@st.composite
def continuous_sets(draw):
    n = draw(st.integers(4, 30))
    d = draw(st.integers(1, 4))
    X = draw(hnp.arrays(np.float64, (n, d), elements=st.floats(-10, 10, allow_nan=False)))
    assume(np.all(X.std(axis=0) > 1e-3))
    folds = np.arange(n) % draw(st.integers(2, 4))
    weights = draw(hnp.arrays(np.float64, d, elements=st.floats(0.05, 5.0)))
    return X, folds, weights


@settings(max_examples=60, deadline=None)
@given(continuous_sets())
def test_training_rows_have_dissimilarity_zero(data) -> None:
    X, folds, weights = data
    domain = ApplicabilityDomain.fit(X, folds, weights)
    assert np.all(domain.dissimilarity(X) == 0.0)
    assert domain.inside(X).all()


@settings(max_examples=60, deadline=None)
@given(continuous_sets(), st.data())
def test_positive_rescaling_of_features_or_weights_leaves_di_unchanged(data, draw) -> None:
    X, folds, weights = data
    d = X.shape[1]
    factor = draw.draw(hnp.arrays(np.float64, d, elements=st.floats(0.1, 10.0)))
    shift = draw.draw(hnp.arrays(np.float64, d, elements=st.floats(-100, 100)))
    new = draw.draw(hnp.arrays(np.float64, (5, d), elements=st.floats(-20, 20, allow_nan=False)))
    base = ApplicabilityDomain.fit(X, folds, weights)
    moved = ApplicabilityDomain.fit(X * factor + shift, folds, weights)
    heavier = ApplicabilityDomain.fit(X, folds, weights * 7.5)
    assert moved.threshold == pytest.approx(base.threshold, rel=1e-6, abs=1e-9)
    assert heavier.threshold == pytest.approx(base.threshold, rel=1e-9, abs=1e-12)
    assert moved.dissimilarity(new * factor + shift) == pytest.approx(base.dissimilarity(new), rel=1e-6, abs=1e-9)
    assert heavier.dissimilarity(new) == pytest.approx(base.dissimilarity(new), rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(continuous_sets(), st.floats(50, 1e4))
def test_a_point_far_from_the_training_data_is_outside(data, far) -> None:
    X, folds, weights = data
    domain = ApplicabilityDomain.fit(X, folds, weights)
    span = X.max(axis=0) - X.min(axis=0)
    assert not domain.inside((X.max(axis=0) + far * (span + 1))[None, :])[0]


# --- screened cells ---------------------------------------------------------------------------

def tiny_model_and_grid(seed: int = 3) -> tuple[SimpleNamespace, xr.Dataset, np.ndarray, np.ndarray]:
    """A fitted AOA on the cell features, a 7 x 9 feature grid, its screened and its missing cells."""
    rng = np.random.default_rng(seed)
    d = len(CELL_FEATURES)
    train = rng.normal(size=(40, d))
    domain = ApplicabilityDomain.fit(train, np.arange(40) % 3, rng.uniform(0.5, 2.0, d))
    model = SimpleNamespace(aoa=domain, hand_limit_m=0.0, config=SimpleNamespace(sealed_min=0.5))
    shape = (7, 9)
    grids = {name: rng.normal(size=shape).astype(np.float32) for name in CELL_FEATURES}
    grids["impervious"] = np.where(rng.random(shape) < 0.3, 0.8, 0.1).astype(np.float32)
    grids["twi"][2, 3] = np.nan
    screened = (grids["hand"] > 0.0) & (grids["impervious"] < 0.5) & np.isfinite(grids["twi"])
    missing = ~np.isfinite(grids["twi"])
    coords = {"y": np.arange(shape[0])[::-1] * 10.0, "x": np.arange(shape[1]) * 10.0}
    features = xr.Dataset({name: (("y", "x"), grid) for name, grid in grids.items()}, coords=coords)
    return model, features, screened, missing


def test_screened_and_missing_cells_have_no_dissimilarity() -> None:
    model, features, screened, missing = tiny_model_and_grid()
    di = cell_dissimilarity(model, features).values
    predicted = ~screened & ~missing
    assert screened.any() and predicted.any()
    assert np.array_equal(np.isnan(di), screened | missing)
    rows = np.column_stack([features[name].values[predicted] for name in CELL_FEATURES])
    assert di[predicted] == pytest.approx(model.aoa.dissimilarity(rows), rel=1e-6)


def test_strided_dissimilarity_keeps_the_screen_per_cell() -> None:
    model, features, screened, missing = tiny_model_and_grid()
    di = cell_dissimilarity(model, features, stride=2).values
    full = cell_dissimilarity(model, features).values
    predicted = ~screened & ~missing
    assert np.array_equal(np.isnan(di), screened | missing)
    for i, j in zip(*np.nonzero(predicted)):
        ri, rj = i - i % 2, j - j % 2  # the representative of the cell's 2 x 2 block
        expected = full[ri, rj] if predicted[ri, rj] else full[i, j]
        assert di[i, j] == pytest.approx(expected, rel=1e-6)


def test_applicable_layer_separates_screened_cells_and_shares_count_predicted_cells(
        trained_small, model_only_cache) -> None:
    engine = Engine.open(trained_small[0], cache_dir=model_only_cache, read_only=False)
    result = engine.evaluate(Scenario())
    risk, summary = result.risk, result.summary
    valid = engine.region.grid["elevation"].notnull().values
    di = risk["dissimilarity"].values
    predicted = valid & np.isfinite(di)
    for name, event in summary["design_events"].items():
        codes = risk[f"applicable_{name}"].values
        assert set(np.unique(codes)) <= {APPLICABLE_OUTSIDE, APPLICABLE_INSIDE, APPLICABLE_SCREENED, APPLICABLE_NO_DATA}
        assert np.array_equal(codes == APPLICABLE_NO_DATA, ~valid)
        screened = codes == APPLICABLE_SCREENED
        assert screened.any() and np.all(risk[f"p_{name}"].values[screened] == 0)
        assert np.array_equal(screened | ~valid, ~predicted)
        inside = codes == APPLICABLE_INSIDE
        assert np.all(di[inside] <= engine.model.aoa.threshold)
        assert summary["applicable_share"][name] == pytest.approx(inside.sum() / predicted.sum(), abs=1e-4)
    assert summary["screened_share"] == pytest.approx((valid & ~predicted).sum() / valid.sum(), abs=1e-4)
