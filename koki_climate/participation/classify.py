"""Sort contributions into the planners' own categories from a few labelled examples.

A logistic regression (balanced class weights) on sublinear TF-IDF of the stemmed words with
compound parts (see :mod:`koki_climate.participation.text`). Character 2–5-grams inside words
can be added (``char_ngrams=True``); on the DIPAS data they did not pay: macro-F1 0.823 with
them, 0.821 without, at 3.5 times the time (bench/digest.py), so they are off by default. It
trains on the
contributions that carry a label, predicts the others, and says how good it is: stratified
5-fold cross-validated macro-F1 on the labelled ones, with the macro-F1 of always answering the
most frequent label beside it. Each category's strongest words (largest coefficients of the word
features) are reported, so planners see why.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from koki_climate.errors import InputError
from koki_climate.participation.text import Vocabulary

FOLDS = 5


@dataclass
class Classification:
    predictions: list[str]          # one per text: the given label where there is one, else the predicted
    predicted: list[bool]           # True where the label was predicted
    cv_macro_f1: float | None       # stratified k-fold macro-F1 on the labelled texts
    baseline_macro_f1: float | None  # the same for always answering the most frequent label
    folds: int
    n_labelled: int
    categories: list[str]
    category_words: dict[str, list[str]] = field(default_factory=dict)


def _pipeline(vocab: Vocabulary, seed: int, char_ngrams: bool = False):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    parts = [("words", TfidfVectorizer(analyzer=vocab.stems, sublinear_tf=True, min_df=1))]
    if char_ngrams:
        parts.append(("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                                               lowercase=True)))
    features = FeatureUnion(parts)
    model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=2000, random_state=seed)
    return make_pipeline(features, model)


def classify(texts: Sequence[str], labels: Sequence[str | None], *, seed: int = 0, folds: int = FOLDS,
             evaluate: bool = True, char_ngrams: bool = False) -> Classification:
    """Train on the texts with a label (None or "" = unlabelled), predict the rest, report CV macro-F1."""
    from sklearn.dummy import DummyClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    import scipy.linalg  # noqa: F401 - load every BLAS/OpenMP library first: the limit only reaches loaded ones
    import sklearn.linear_model  # noqa: F401
    from threadpoolctl import threadpool_limits

    texts = [str(t) for t in texts]
    if len(texts) != len(labels):
        raise InputError(f"{len(labels)} labels for {len(texts)} contributions")
    known = np.array([lab is not None and str(lab).strip() != "" for lab in labels])
    y = np.array([str(lab).strip() if k else "" for lab, k in zip(labels, known)], dtype=object)
    categories = sorted(set(y[known]))
    if len(categories) < 2:
        raise InputError("the classifier needs labelled contributions of at least two categories")
    vocab = Vocabulary()
    vocab.analyze(texts)  # the compound lexicon comes from all texts, labelled or not (no labels involved)
    X_known = [t for t, k in zip(texts, known) if k]
    y_known = y[known].astype(str)
    with threadpool_limits(1):
        cv_f1 = base_f1 = None
        counts = np.unique(y_known, return_counts=True)[1]
        n_folds = min(folds, int(counts.min()))
        if evaluate and n_folds >= 2:
            cv = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
            cv_f1 = float(cross_val_score(_pipeline(vocab, seed, char_ngrams), X_known, y_known, cv=cv, scoring="f1_macro").mean())
            base_f1 = float(cross_val_score(DummyClassifier(strategy="most_frequent"), X_known, y_known, cv=cv,
                                            scoring="f1_macro").mean())
        pipe = _pipeline(vocab, seed, char_ngrams).fit(X_known, y_known)
        predictions = y.copy()
        if (~known).any():
            predictions[~known] = pipe.predict([t for t, k in zip(texts, known) if not k])
    words_vec = pipe[0].transformer_list[0][1]
    names = words_vec.get_feature_names_out()
    coef = pipe[-1].coef_[:, :len(names)]
    classes = list(pipe[-1].classes_)
    rows = coef if len(classes) > 2 else np.vstack([-coef[0], coef[0]])
    category_words = {str(c): [vocab.surface(names[j]) for j in np.argsort(-rows[i])[:8]] for i, c in enumerate(classes)}
    return Classification([str(p) for p in predictions], [bool(v) for v in ~known], cv_f1, base_f1, n_folds if evaluate else 0,
                          int(known.sum()), categories, category_words)
