"""An offline, explainable digest of citizen contributions: themes, their words, who said what.

Everything runs locally with scikit-learn, the Snowball stemmer, YAKE and Lingua; no hosted
model, nothing downloaded at run time. Every number the digest shows can be traced back:

1. **Words.** Title and text of each contribution are lower-cased, split into letter tokens,
   German stop words are dropped, compounds are split into their parts as well
   ("Radwege" -> radwege, rad, wege) and every word is Snowball-stemmed
   (:mod:`koki_climate.participation.text`).
2. **Weights.** TF-IDF with sublinear term frequency (1 + log tf: a word said five times is not
   five times the evidence), terms in at least :data:`MIN_DF` contributions and at most
   :data:`MAX_DF` of them (words in more than half of all contributions tell no theme apart),
   rows L2-normalised.
3. **Themes.** NMF (non-negative matrix factorisation) of that matrix, X ≈ W·H, with the
   deterministic NNDSVD start, so the same file gives the same themes. ``H[k]`` are theme *k*'s
   word weights, ``W[i, k]`` how much contribution *i* is about theme *k*. Each contribution is
   assigned the theme with the largest ``W[i, k]``; its *words* are the terms with the largest
   ``X[i, t] * H[k, t]`` — the terms that put it there.
4. **How many themes** (``themes="auto"``): the stability criterion of Greene, O'Callaghan &
   Cunningham (2014, "How many topics? Stability analysis for topic models"), made for NMF: for
   every K in :data:`AUTO_K`, fit the themes on all contributions and on :data:`STABILITY_RUNS`
   subsets of 80 % of them; the agreement of each subset's top-10 word sets with the full fit
   (mean Jaccard after optimal one-to-one matching of themes) is averaged; the K with the
   highest agreement wins (ties: the smaller K). It reads only the texts, never any coded
   topic. The subsets are chosen by a hash of each contribution's text.
   All fits run on the rows in a canonical order (sorted by text, then id) and the result is
   reported in the file's order, so the digest does not depend on the order of the rows.
5. **Readable words.** Stems are shown as the surface word they stood for most often
   ("radfahrer", not "radfahr"); keyphrases per theme come from YAKE (an unsupervised,
   statistical keyword extractor) run on the theme's most representative contributions and
   kept where they contain one of the theme's top words.
6. **Language** of each contribution: Lingua, restricted to :data:`LANGUAGES` (low-accuracy
   mode, see :func:`detect_languages`).

These settings were chosen before looking at any coded topics, as a planner could: they are
the textbook choices for short German texts (sublinear TF-IDF, stop words, stemming, compound
splitting, deterministic NMF start). ``bench/digest.py`` measures them against hand-coded topics.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Sequence

import numpy as np

from koki_climate.errors import InputError
from koki_climate.participation.read import Contributions
from koki_climate.participation.text import Vocabulary

MIN_DF = 2
MAX_DF = 0.5
AUTO_K = tuple(range(4, 13))
STABILITY_RUNS = 4
STABILITY_FRACTION = 0.8
#: NMF stopping tolerance of the stability fits (they only need each theme's top-10 words)
STABILITY_TOL = 1e-3
TOP_WORDS = 10
REPRESENTATIVES = 5
EXPLAIN_WORDS = 5
KEYPHRASES = 5
#: ISO 639-1 codes Lingua decides between (the languages most written in German participation)
LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "pl", "fr")
ATTRIBUTION = ("Contributions are quoted with their original URL; DIPAS contributions are under "
               "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), attribution by that URL.")


@dataclass
class Theme:
    number: int
    label: str
    words: list[str]
    keyphrases: list[str]
    size: int
    representative_ids: list[str]
    word_weights: list[float] = field(default_factory=list)


@dataclass
class Assignment:
    id: str
    theme: int | None
    weight: float
    share: float
    words: list[str]
    language: str | None = None
    url: str | None = None


@dataclass
class Digest:
    themes: list[Theme]
    assignments: list[Assignment]
    k: int
    k_choice: str
    k_scores: dict[int, float]
    n_terms: int
    source: str | None = None
    languages: dict[str, int] = field(default_factory=dict)
    attribution: str = ATTRIBUTION

    @property
    def labels(self) -> np.ndarray:
        """Theme number per contribution (-1: no usable words)."""
        return np.array([-1 if a.theme is None else a.theme for a in self.assignments])

    def to_dict(self) -> dict:
        out = asdict(self)
        out["k_scores"] = {str(k): v for k, v in self.k_scores.items()}
        return out


def _vectorize(docs: list[list[str]], min_df: int, max_df: float):
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(docs)
    vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True,
                                 min_df=min(min_df, n), max_df=max_df if n * max_df >= min(min_df, n) else 1.0)
    try:
        X = vectorizer.fit_transform(docs)
    except ValueError:  # no term survives (tiny or empty input): fall back to every term
        vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True)
        try:
            X = vectorizer.fit_transform(docs)
        except ValueError:
            raise InputError("no contribution has any words to digest (all empty or only stop words)") from None
    return X.tocsr().astype(np.float64), vectorizer.get_feature_names_out()


def _nmf(X, k: int, seed: int, tol: float = 1e-4):
    import warnings

    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    model = NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=1000, tol=tol)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        W = model.fit_transform(X)
    return W, model.components_


def _top_sets(H: np.ndarray, n: int = TOP_WORDS) -> list[set]:
    return [set(np.argsort(-h, kind="stable")[:n]) for h in H]


def _agreement(a: list[set], b: list[set]) -> float:
    from scipy.optimize import linear_sum_assignment

    J = np.array([[len(x & y) / len(x | y) if x | y else 1.0 for y in b] for x in a])
    rows, cols = linear_sum_assignment(-J)
    return float(J[rows, cols].mean())


def _subsets(keys: Sequence[str], runs: int, fraction: float, seed: int) -> list[np.ndarray]:
    """Row masks for the stability subsets, from a hash of each row's key (order-independent)."""
    out = []
    for run in range(runs):
        h = np.array([int.from_bytes(hashlib.blake2b(f"{seed}:{run}:{k}".encode(), digest_size=8).digest(), "big")
                      for k in keys], dtype=np.float64) / 2.0**64
        out.append(h < fraction)
    return out


def choose_k(X, keys: Sequence[str], candidates: Sequence[int] = AUTO_K, seed: int = 0,
             runs: int = STABILITY_RUNS) -> tuple[int, dict[int, float]]:
    """The number of themes by stability (see module doc); returns (K, {K: agreement})."""
    n, n_terms = X.shape
    candidates = [k for k in candidates if k <= min(n - 1, n_terms)] or [max(1, min(n, n_terms, 2))]
    masks = _subsets(keys, runs, STABILITY_FRACTION, seed)
    scores = {}
    for k in candidates:
        _, H = _nmf(X, k, seed, tol=STABILITY_TOL)
        full = _top_sets(H)
        agree = []
        for mask in masks:
            sub = X[mask]
            if sub.shape[0] <= k:
                continue
            _, Hs = _nmf(sub, k, seed, tol=STABILITY_TOL)
            agree.append(_agreement(full, _top_sets(Hs)))
        scores[k] = round(float(np.mean(agree)) if agree else 0.0, 4)
    best = max(scores, key=lambda k: (scores[k], -k))
    return best, scores


def detect_languages(texts: Sequence[str], languages: Sequence[str] = LANGUAGES,
                     accurate: bool = False) -> list[str | None]:
    """ISO 639-1 code of each text's language (None: undecided), by Lingua among ``languages``.

    By default Lingua's low-accuracy mode (trigrams only): it loads in 0.2 s instead of 1.4 s
    (high accuracy, all n-gram models; measured on this 2-core machine) and gave the same
    answer for all 697 DIPAS contributions; it is less sure on very short texts (a few words),
    where ``accurate=True`` helps.
    """
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(c) for c in languages]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    detector = (builder if accurate else builder.with_low_accuracy_mode()).build()
    found = detector.detect_languages_in_parallel_of(list(texts))
    return [lang.iso_code_639_1.name.lower() if lang is not None else None for lang in found]


def _keyphrases(texts: list[str], theme_stems: set[str], vocab: Vocabulary, n: int = KEYPHRASES) -> list[str]:
    """YAKE keyphrases of ``texts`` that contain one of the theme's top stems."""
    import yake

    extractor = yake.KeywordExtractor(lan="de", n=3, top=30, dedup_lim=0.7)
    try:
        candidates = extractor.extract_keywords("\n".join(texts))
    except Exception:  # noqa: BLE001 - YAKE on odd input (e.g. no sentences): no keyphrases, no failure
        return []
    out: list[str] = []
    seen: set[str] = set()
    probe = Vocabulary(split_compounds=False)
    for phrase, _score in candidates:
        stems = set(probe.stems(phrase))
        key = " ".join(sorted(stems))
        if stems & theme_stems and key not in seen:
            seen.add(key)
            out.append(phrase)
        if len(out) >= n:
            break
    return out


def digest(contributions: Contributions | Sequence[str], *, ids: Sequence[str] | None = None,
           themes: int | str = "auto", seed: int = 0, languages: bool = True, keyphrases: bool = True,
           min_df: int = MIN_DF, max_df: float = MAX_DF, split_compounds: bool = True) -> Digest:
    """Digest contributions into themes (see the module doc for every step).

    ``contributions`` is what :func:`~koki_climate.participation.read.read_contributions`
    returns (title and text are read together, URLs are kept) or a list of texts with ``ids``.
    ``themes`` is a number of themes or ``"auto"``.

    Runs with one BLAS/OpenMP thread: the matrices are small, and many threads fighting over a
    shared machine made the stability fits ten times slower (measured: 27 s -> 2.6 s).
    """
    import scipy.linalg  # noqa: F401 - load every BLAS/OpenMP library first: the limit only reaches loaded ones
    import sklearn.decomposition  # noqa: F401
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return _digest(contributions, ids=ids, themes=themes, seed=seed, languages=languages,
                       keyphrases=keyphrases, min_df=min_df, max_df=max_df, split_compounds=split_compounds)


def _digest(contributions, *, ids, themes, seed, languages, keyphrases, min_df, max_df, split_compounds) -> Digest:
    if isinstance(contributions, Contributions):
        docs, ids, urls, source = contributions.documents, contributions.ids, contributions.urls, contributions.source
    else:
        docs, urls, source = [str(t) for t in contributions], None, None
        ids = [str(i) for i in ids] if ids is not None else [str(i) for i in range(1, len(docs) + 1)]
    if len(ids) != len(docs):
        raise InputError(f"{len(ids)} ids for {len(docs)} contributions")
    if not docs:
        raise InputError("no contributions to digest")

    # Work in a canonical row order (by text, then id) and report in the file's order: NNDSVD's
    # randomized SVD and the solver's sums depend on the row order, the digest must not.
    canon = sorted(range(len(docs)), key=lambda i: (docs[i], ids[i]))
    docs, ids = [docs[i] for i in canon], [ids[i] for i in canon]
    urls = [urls[i] for i in canon] if urls else None
    vocab = Vocabulary(split_compounds=split_compounds)
    tokens = vocab.analyze(docs)
    X, terms = _vectorize(tokens, min_df, max_df)
    if themes == "auto":
        k, scores = choose_k(X, docs, seed=seed)
        choice = "auto: stability over K=%d..%d" % (AUTO_K[0], AUTO_K[-1])
    else:
        k = int(themes)
        if k < 1:
            raise InputError(f"--themes must be a positive number or 'auto', not {themes!r}")
        k = min(k, X.shape[0], X.shape[1])
        scores, choice = {}, "given"
    W, H = _nmf(X, k, seed)
    has_words = np.asarray(X.sum(axis=1)).ravel() > 0
    total = W.sum(axis=1)
    labels = np.where(has_words & (total > 0), W.argmax(axis=1), -1)

    assignments = []
    for i, (cid, theme) in enumerate(zip(ids, labels)):
        row = X.getrow(i)
        if theme < 0:
            assignments.append(Assignment(cid, None, 0.0, 0.0, [], url=urls[i] if urls else None))
            continue
        contrib = row.data * H[theme, row.indices]
        order = np.argsort(-contrib, kind="stable")[:EXPLAIN_WORDS]
        own = vocab.doc_surfaces[i]  # the contribution's own word for each stem
        explain = [own.get(terms[row.indices[j]], vocab.surface(terms[row.indices[j]])) for j in order
                   if contrib[j] > 0]
        assignments.append(Assignment(cid, int(theme), round(float(W[i, theme]), 4),
                                      round(float(W[i, theme] / total[i]), 3), explain,
                                      url=urls[i] if urls else None))

    theme_list = []
    for t in range(k):
        order = np.argsort(-H[t], kind="stable")[:TOP_WORDS]
        words = []
        for j in order:
            if H[t, j] <= 0:
                break
            w = vocab.surface(terms[j])
            if w not in words:
                words.append(w)
        members = np.flatnonzero(labels == t)
        members = members[np.argsort(-W[members, t], kind="stable")]
        phrases = []
        if keyphrases and len(members):
            phrases = _keyphrases([docs[i] for i in members[:25]], {terms[j] for j in np.argsort(-H[t], kind="stable")[:30]}, vocab)
        theme_list.append(Theme(t, " · ".join(words[:3]), words, phrases, int(len(members)),
                                [ids[i] for i in members[:REPRESENTATIVES]],
                                [round(float(H[t, j]), 4) for j in order]))

    found_languages: dict[str, int] = {}
    if languages:
        for a, lang in zip(assignments, detect_languages(docs)):
            a.language = lang
            found_languages[lang or "?"] = found_languages.get(lang or "?", 0) + 1
    back = [0] * len(canon)
    for pos, i in enumerate(canon):
        back[i] = pos
    assignments = [assignments[pos] for pos in back]
    return Digest(theme_list, assignments, k, choice, scores, int(X.shape[1]), source, found_languages)
