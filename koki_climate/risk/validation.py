"""Held-out skill of the flood model, beside two simple baselines, and the precautionary threshold.

Everything here works on the out-of-fold rows of the spatially blocked cross-validation: each
(cell, event) row was predicted by a model that never saw its block. The baselines are fitted
and scored **in the same folds** (the fold of every row is passed in, never drawn again), so
the comparison is like for like:

- *height rule*: a cell floods when its height above drainage (HAND) is at most a threshold.
  The threshold is fitted per event on the training folds' rows of that event (the one with
  the best critical success index there), which is generous to the rule: it is told the
  event's extent elsewhere in the region. Its ranking score is ``-HAND``.
- *logistic regression* on the model's own features (standardised), fitted on the training
  folds; its zone is p >= the same threshold as the model's.

Scores per event, because a pooled (cell, event) ROC AUC also rewards ranking a big event
above a small one, which says nothing about where the water goes: ROC AUC and average
precision of the ranking, Brier score of the probabilities, and what planners judge a flood
map by, the zone (p >= the zoning threshold) against the held-out flooded cells: critical
success index CSI = hits / (hits + misses + false alarms), hit rate = hits / flooded,
false-alarm ratio = false alarms / zone. Events are grouped to the design event (HQ10-,
HQ100-, HQextrem-like) whose reference rain is nearest on a log scale.

Precautionary threshold: class-conditional (Mondrian) split-conformal on the held-out
probabilities of the flooded rows. For a nominal level 1 - a, the threshold t is the
floor(a (n + 1))-th smallest held-out p of the n flooded rows of a design-event group, so a
new flooded cell exchangeable with them has p >= t with probability at least 1 - a: the
zone p >= t is promised to contain that share of the area that floods. The promise is
checked by cross-conformal coverage: for each fold, t is computed from the other folds'
flooded rows and the share of this fold's flooded rows with p >= t is measured. Spatial
blocks are not exchangeable cells, so the measured coverage, not the nominal level, is what
the model card reports.

Known leak, reported in the card: the physical screen (which cells can flood at all) is
fitted on all events and blocks, so held-out blocks are screened with knowledge of their
own flooded cells. It only removes cells far above any flooded one.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

#: nominal share of the flooded area the precautionary zone must contain
PRECAUTION_LEVEL = 0.9
#: fewer flooded held-out rows than this in a design-event group: its threshold is the pooled one
MIN_CONFORMAL_ROWS = 200
METHODS = ("model", "height_rule", "logistic")


def zone_skill(flooded: np.ndarray, zone: np.ndarray) -> dict[str, float | int | None]:
    """Hits, misses, false alarms of a zone against flooded cells, with CSI, hit rate and FAR."""
    flooded, zone = np.asarray(flooded, dtype=bool), np.asarray(zone, dtype=bool)
    hits = int(np.count_nonzero(flooded & zone))
    misses = int(np.count_nonzero(flooded & ~zone))
    false_alarms = int(np.count_nonzero(~flooded & zone))
    return {
        "hits": hits, "misses": misses, "false_alarms": false_alarms,
        "csi": _ratio(hits, hits + misses + false_alarms),
        "hit_rate": _ratio(hits, hits + misses),
        "false_alarm_ratio": _ratio(false_alarms, hits + false_alarms),
    }


def ranking_skill(flooded: np.ndarray, score: np.ndarray, probability: np.ndarray | None = None) -> dict:
    """ROC AUC and average precision of a ranking score; Brier score when it is a probability."""
    flooded = np.asarray(flooded, dtype=bool)
    both = 0 < flooded.sum() < flooded.size
    out = {"roc_auc": _round(roc_auc_score(flooded, score)) if both else None,
           "average_precision": _round(average_precision_score(flooded, score)) if both else None}
    if probability is not None:
        out["brier"] = _round(brier_score_loss(flooded, np.clip(probability, 0.0, 1.0)), 5)
    return out


def best_height_threshold(hand: np.ndarray, flooded: np.ndarray) -> float:
    """The HAND threshold (flooded when HAND <= t) with the best CSI on these rows."""
    hand, flooded = np.asarray(hand, dtype=np.float64), np.asarray(flooded, dtype=bool)
    if not flooded.any():
        return -math.inf  # nothing floods: the rule that flags nothing
    order = np.argsort(hand, kind="stable")
    sorted_hand, sorted_flooded = hand[order], flooded[order]
    hits = np.cumsum(sorted_flooded)
    false_alarms = np.cumsum(~sorted_flooded)
    # only cut between distinct values: equal heights are flagged together
    last_of_value = np.r_[sorted_hand[1:] != sorted_hand[:-1], True]
    csi = np.where(last_of_value, hits / (flooded.sum() + false_alarms), -1.0)
    return float(sorted_hand[int(np.argmax(csi))])


def height_rule_out_of_fold(hand: np.ndarray, flooded: np.ndarray, event: np.ndarray,
                            folds: np.ndarray) -> np.ndarray:
    """The height rule's zone for every row, its threshold fitted on the other folds' rows of the same event."""
    zone = np.zeros(len(flooded), dtype=bool)
    for k in np.unique(folds):
        test, train = folds == k, folds != k
        for e in np.unique(event[test]):
            fit_rows, apply_rows = train & (event == e), test & (event == e)
            threshold = best_height_threshold(hand[fit_rows], flooded[fit_rows])
            zone[apply_rows] = hand[apply_rows] <= threshold
    return zone


def logistic_out_of_fold(X: np.ndarray, flooded: np.ndarray, folds: np.ndarray, seed: int = 0) -> np.ndarray:
    """Held-out p of a standardised logistic regression on the same features, in the same folds."""
    p = np.zeros(len(flooded), dtype=np.float64)
    for k in np.unique(folds):
        test = folds == k
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, random_state=seed))
        model.fit(X[~test], flooded[~test])
        p[test] = model.predict_proba(X[test])[:, 1]
    return p


def conformal_threshold(p_flooded: np.ndarray, level: float = PRECAUTION_LEVEL) -> float:
    """Smallest t with P(p >= t) >= ``level`` for a new flooded row exchangeable with ``p_flooded``."""
    values = np.sort(np.asarray(p_flooded, dtype=np.float64))
    if values.size == 0:
        return 0.0
    # 1-based rank of the threshold; rounded first, as (1 - 0.9) * 20 is 1.9999999999999996 in binary
    rank = math.floor(round((1.0 - level) * (values.size + 1), 9))
    return float(values[rank - 1]) if rank >= 1 else 0.0


def design_event_groups(event_precip_mm: np.ndarray, design_mm: Mapping[str, float]) -> list[str]:
    """For each historical event, the design event whose reference rain is nearest on a log scale."""
    names = list(design_mm)
    logs = np.log([design_mm[name] for name in names])
    return [names[int(np.argmin(np.abs(logs - math.log(max(mm, 1e-6)))))] for mm in event_precip_mm]


def cross_validated_skill(*, flooded: np.ndarray, p_model: np.ndarray, raw_model: np.ndarray, hand: np.ndarray,
                          X: np.ndarray, event: np.ndarray, folds: np.ndarray, event_precip_mm: np.ndarray,
                          design_mm: Mapping[str, float], zone_threshold: float, seed: int = 0) -> dict:
    """Per-event and per-design-event skill of the model and both baselines, and the precautionary thresholds.

    ``p_model``: the model's held-out calibrated p per row; ``raw_model`` its uncalibrated
    held-out score (for the rankings); ``event``: event number per row (index into
    ``event_precip_mm``); ``folds``: the model's fold of every row, used for the baselines too.
    """
    flooded = np.asarray(flooded, dtype=bool)
    folds = np.asarray(folds)
    p_logistic = logistic_out_of_fold(X, flooded, folds, seed)
    zones = {"model": p_model >= zone_threshold, "height_rule": height_rule_out_of_fold(hand, flooded, event, folds),
             "logistic": p_logistic >= zone_threshold}
    rankings = {"model": (raw_model, p_model), "height_rule": (-hand, None), "logistic": (p_logistic, p_logistic)}
    groups = design_event_groups(event_precip_mm, design_mm)
    group_of_row = np.array(groups, dtype=object)[event]

    def scores(rows: np.ndarray) -> dict:
        return {method: {**ranking_skill(flooded[rows], rankings[method][0][rows],
                                         None if rankings[method][1] is None else rankings[method][1][rows]),
                         **zone_skill(flooded[rows], zones[method][rows])}
                for method in METHODS}

    precaution = precaution_thresholds(p_model, flooded, folds, group_of_row, list(design_mm), event)
    per_event = []
    for e, mm in enumerate(event_precip_mm):
        rows = event == e
        per_event.append({"event": e, "precip_mm": float(mm), "design_event": groups[e],
                          "flooded_share": _round(flooded[rows].mean()), **scores(rows),
                          "coverage": precaution["coverage_by_event"].get(e)})
    per_design = {}
    for name in design_mm:
        rows = group_of_row == name
        per_design[name] = ({"events": [e for e, g in enumerate(groups) if g == name], **scores(rows),
                             "coverage": precaution["coverage"].get(name)} if rows.any() else None)
    return {
        "zone_threshold": zone_threshold,
        "methods": {"model": "the flood model (monotone gradient boosting, calibrated)",
                    "height_rule": "flooded where height above drainage <= a threshold fitted per event on the "
                                   "training folds (best CSI)",
                    "logistic": "logistic regression on the same features, standardised"},
        "per_event": per_event,
        "per_design_event": per_design,
        "overall": {**scores(np.ones(len(flooded), dtype=bool)),
                    "mean_event_csi": {method: _mean([row[method]["csi"] for row in per_event]) for method in METHODS},
                    "mean_event_roc_auc": {method: _mean([row[method]["roc_auc"] for row in per_event])
                                           for method in METHODS}},
        "precaution": {key: value for key, value in precaution.items() if key != "coverage_by_event"},
    }


def precaution_thresholds(p: np.ndarray, flooded: np.ndarray, folds: np.ndarray, group_of_row: np.ndarray,
                          groups: list[str], event: np.ndarray, level: float = PRECAUTION_LEVEL) -> dict:
    """Conformal thresholds per design-event group and their measured cross-conformal coverage."""
    def threshold(rows: np.ndarray) -> float:
        return conformal_threshold(p[rows & flooded], level)

    everything = np.ones(len(p), dtype=bool)
    pooled = threshold(everything)

    def group_rows(name: str) -> tuple[np.ndarray, bool]:
        rows = group_of_row == name
        own = int(np.count_nonzero(rows & flooded)) >= MIN_CONFORMAL_ROWS
        return (rows if own else everything), own

    thresholds, coverage, own_rows = {}, {}, {}
    covered = np.zeros(len(p), dtype=bool)  # held-out flooded rows the fold's own threshold keeps
    for name in groups:
        rows, own = group_rows(name)
        thresholds[name] = round(threshold(rows), 5)
        own_rows[name] = own
        target = (group_of_row == name) & flooded
        for k in np.unique(folds):
            held_out = target & (folds == k)
            covered[held_out] = p[held_out] >= threshold(rows & (folds != k))
        coverage[name] = _round(covered[target].mean()) if target.any() else None
    by_event = {int(e): _round(covered[(event == e) & flooded].mean())
                for e in np.unique(event) if ((event == e) & flooded).any()}
    return {"level": level, "thresholds": thresholds, "pooled_threshold": round(pooled, 5),
            "own_calibration": own_rows, "coverage": coverage,
            "coverage_overall": _round(covered[flooded].mean()) if flooded.any() else None,
            "coverage_by_event": by_event,
            "method": "class-conditional split-conformal on held-out p of flooded cells, per design event "
                      "(pooled where fewer than %d flooded rows); coverage measured cross-conformally on "
                      "held-out spatial blocks" % MIN_CONFORMAL_ROWS}


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _round(value, digits: int = 4) -> float:
    return round(float(value), digits)


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(float(np.mean(values)), 4) if values else None


def validation_summary(checked: dict | None, applicable_share: Mapping[str, float], *, synthetic: bool) -> dict:
    """What a scenario's ``summary.json`` says of the model per design event.

    The model's and both baselines' CSI and ROC AUC on held-out blocks, the precautionary
    zone's promised and measured coverage, and this scenario's applicable share; the data's
    origin beside them, since a score means nothing without it.
    """
    out: dict = {"data": "synthetic" if synthetic else "region", "per_design_event": {}}
    if not checked:
        out["note"] = "model trained before held-out baselines were computed: retrain"
        return out
    precaution = checked["precaution"]
    out["zone_threshold"] = checked["zone_threshold"]
    out["precaution_level"] = precaution["level"]
    for name in precaution["thresholds"]:
        group = checked["per_design_event"].get(name)
        out["per_design_event"][name] = {
            **({method: {"csi": group[method]["csi"], "roc_auc": group[method]["roc_auc"]} for method in METHODS}
               if group else {"note": "no historical event of this size"}),
            "precaution_threshold": precaution["thresholds"][name],
            "coverage_measured": precaution["coverage"].get(name),
            "applicable_share": applicable_share.get(name),
        }
    return out
