"""Held-out skill beside baselines, and the precautionary zone's promise (koki_climate.risk.validation)."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from koki_climate.risk import validation as val
from koki_climate.zoning.rules import ZoningRules


def test_zone_skill_counts_hits_misses_and_false_alarms() -> None:
    flooded = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)
    zone = np.array([1, 1, 1, 0, 1, 1, 0, 0, 0, 0], dtype=bool)
    skill = val.zone_skill(flooded, zone)
    # 3 hits, 1 miss, 2 false alarms: CSI 3/6, hit rate 3/4, false-alarm ratio 2/5
    assert (skill["hits"], skill["misses"], skill["false_alarms"]) == (3, 1, 2)
    assert skill["csi"] == 0.5 and skill["hit_rate"] == 0.75 and skill["false_alarm_ratio"] == 0.4


def test_no_zone_and_no_flood_have_no_ratio_rather_than_a_made_up_one() -> None:
    skill = val.zone_skill(np.zeros(4, dtype=bool), np.zeros(4, dtype=bool))
    assert skill["csi"] is None and skill["hit_rate"] is None and skill["false_alarm_ratio"] is None


def test_height_threshold_is_the_one_with_the_best_csi() -> None:
    hand = np.array([0.5, 1.0, 2.0, 3.0, 4.0, 6.0])
    flooded = np.array([1, 1, 0, 1, 0, 0], dtype=bool)
    # t = 1.0: 2 hits, 1 miss, 0 FA -> 2/3; t = 3.0: 3 hits, 0 misses, 1 FA -> 3/4; t = 0.5: 1/3; t = 4: 3/5
    assert val.best_height_threshold(hand, flooded) == 3.0


def test_equal_heights_are_flagged_together() -> None:
    hand = np.array([1.0, 1.0, 1.0, 5.0])
    flooded = np.array([1, 0, 0, 1], dtype=bool)
    # cutting inside the tie is impossible: t = 1 gives 1/(2+2) = 0.25, t = 5 gives 2/4 = 0.5
    assert val.best_height_threshold(hand, flooded) == 5.0


def test_height_rule_uses_only_the_other_folds_of_the_same_event() -> None:
    # fold 0 says "floods up to 2 m", fold 1 says "up to 4 m": each fold is judged by the other's threshold
    hand = np.array([1.0, 2.0, 3.0, 5.0, 1.0, 2.0, 3.0, 4.0, 5.0])
    flooded = np.array([1, 1, 0, 0, 1, 1, 1, 1, 0], dtype=bool)
    folds = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1])
    zone = val.height_rule_out_of_fold(hand, flooded, np.zeros(9, dtype=int), folds)
    assert zone.tolist() == [True, True, True, False, True, True, False, False, False]


def test_conformal_threshold_takes_the_rank_the_promise_needs() -> None:
    p = np.arange(1, 20) / 20.0  # 19 flooded rows: 0.05 .. 0.95
    # level 0.9: rank floor(0.1 * 20) = 2, the second smallest p
    assert val.conformal_threshold(p, 0.9) == pytest.approx(0.10)
    # level 0.95 with 19 rows: rank floor(0.05 * 20) = 1, the smallest
    assert val.conformal_threshold(p, 0.95) == pytest.approx(0.05)
    # too few rows for the promise: every cell is in the zone (t = 0)
    assert val.conformal_threshold(p[:5], 0.9) == 0.0


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.integers(1, 300), elements=st.floats(0.0, 1.0)), st.floats(0.5, 0.99))
def test_conformal_zone_keeps_at_least_the_promised_share_of_its_own_rows(p, level) -> None:
    threshold = val.conformal_threshold(p, level)
    assert np.mean(p >= threshold) >= level


def test_events_go_to_the_design_event_nearest_on_a_log_scale() -> None:
    design = {"hq10": 60.0, "hq100": 95.0, "hqextrem": 145.0}
    # 75 mm: log(75/60) = 0.223 < log(95/75) = 0.236 -> hq10; 118: log(118/95) = 0.217 > log(145/118) = 0.206
    assert val.design_event_groups(np.array([40.0, 75.0, 80.0, 118.0, 200.0]), design) == \
        ["hq10", "hq10", "hq100", "hqextrem", "hqextrem"]


def _toy_rows(seed: int = 0, n_cells: int = 600, n_events: int = 3):
    rng = np.random.default_rng(seed)
    hand = np.tile(rng.uniform(0, 10, n_cells), n_events)
    event = np.repeat(np.arange(n_events), n_cells)
    rain = np.array([50.0, 100.0, 150.0])[event]
    other = np.tile(rng.normal(size=n_cells), n_events)
    flooded = (hand - 0.03 * rain + 0.8 * other + rng.normal(0, 0.3, hand.size)) < 0.5
    X = np.column_stack([hand, other, rain]).astype(np.float32)
    folds = np.tile(np.arange(n_cells) % 5, n_events)
    score = -(hand - 0.03 * rain + 0.8 * other)
    p = 1 / (1 + np.exp(-2 * (score + 0.5)))
    return dict(flooded=flooded, p_model=p, raw_model=score, hand=hand, X=X, event=event, folds=folds,
                event_precip_mm=np.array([50.0, 100.0, 150.0]),
                design_mm={"hq10": 55.0, "hq100": 95.0, "hqextrem": 150.0}, zone_threshold=0.5)


def test_baselines_are_scored_in_the_models_folds(monkeypatch) -> None:
    rows = _toy_rows()
    seen: dict[str, np.ndarray] = {}
    for name in ("logistic_out_of_fold", "height_rule_out_of_fold"):
        original = getattr(val, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            seen[_name] = args[-1] if _name == "height_rule_out_of_fold" else args[2]
            return _original(*args, **kwargs)
        monkeypatch.setattr(val, name, spy)
    result = val.cross_validated_skill(**rows)
    for name, folds in seen.items():
        assert folds is rows["folds"] or np.array_equal(folds, rows["folds"]), name
    # the toy truth depends on a feature HAND does not see: the model's ranking beats the height rule
    overall = result["overall"]
    assert overall["model"]["roc_auc"] > overall["height_rule"]["roc_auc"]


def test_every_design_event_gets_scores_and_a_measured_coverage() -> None:
    result = val.cross_validated_skill(**_toy_rows())
    assert [row["design_event"] for row in result["per_event"]] == ["hq10", "hq100", "hqextrem"]
    for name, group in result["per_design_event"].items():
        assert set(val.METHODS) <= set(group)
    precaution = result["precaution"]
    assert precaution["level"] == val.PRECAUTION_LEVEL
    assert set(precaution["thresholds"]) == {"hq10", "hq100", "hqextrem"}
    # the toy's cells are exchangeable and its folds random: cross-conformal coverage of its
    # 574 flooded rows lies within sampling error of the level (sd sqrt(0.9 * 0.1 / 574) = 0.013)
    assert abs(precaution["coverage_overall"] - val.PRECAUTION_LEVEL) <= 0.05


def test_precautionary_rules_lower_thresholds_never_raise_them() -> None:
    rules = ZoningRules(flood_threshold=0.5, extreme_threshold=0.4)
    lower = rules.precautionary({"hq100": 0.3, "hqextrem": 0.6})
    assert lower.flood_threshold == 0.3 and lower.extreme_threshold == 0.4
    assert lower.min_area_ha == rules.min_area_ha and lower.conflict_share == rules.conflict_share


@pytest.mark.slow
def test_coverage_on_held_out_blocks_keeps_the_promise_on_the_sample(small_engine_model) -> None:
    """On the small sample region the measured coverage is within 5 points of the nominal level."""
    precaution = small_engine_model.metrics["validation"]["precaution"]
    for name, coverage in precaution["coverage"].items():
        assert abs(coverage - precaution["level"]) <= 0.05, (name, coverage)


@pytest.fixture(scope="module")
def small_engine_model(trained_small):
    from koki_climate.engine import Engine
    region, cache = trained_small
    return Engine.open(region, cache_dir=cache).model
