"""Participation digest benchmark on the real DIPAS contributions (FreiRaum Ottensen, CC BY 4.0).

Prints, in one run:

* wall time of the digest of all ~697 contributions: cold (a new Python process: imports,
  reading, language detection, K=auto, keyphrases) and warm (again in this process);
* NMI (normalized mutual information) of the digest's themes against the researchers' coded
  topic, on the 243 contributions carrying exactly one of the five main topics — for K=auto and
  K=5, 6, 8, 10; the digest always runs on all contributions, the score is taken on the 243;
* the naive baseline in the same run: plain TF-IDF (default settings) + NMF (default init),
  8 themes, Snowball stems of the text, the same German stop words, no compound splitting, no
  title, no sublinear tf — on all contributions and, as in the data's README, on the 243 alone;
* an ablation: the digest without compound splitting;
* the classifier's stratified 5-fold macro-F1 on the 243 (5 topics), with and without character
  n-grams, beside the majority-class baseline.

Run: ``.venv/bin/python bench/digest.py [path/to/freiraum-ottensen.csv]``
"""
from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT = Path("/work/shared/data/participation/freiraum-ottensen.csv")
TOPICS = ("cycling", "walking", "public transport (local)", "commercial transport", "stationary traffic (parking)")

COLD = """
import time, sys
t0 = time.perf_counter()
from koki_climate.participation import digest, read_contributions
d = digest(read_contributions(sys.argv[1]))
print(f"{time.perf_counter() - t0:.2f} {d.k}")
"""


def naive_labels(texts: list[str], k: int = 8, seed: int = 0):
    """Plain TF-IDF + NMF on Snowball stems of the text (the baseline the README measured)."""
    import numpy as np
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    from koki_climate.participation.text import stemmer, words

    stem = stemmer().stemWord
    docs = [[stem(w) for w in words(t)] for t in texts]
    X = TfidfVectorizer(analyzer=lambda d: d).fit_transform(docs)
    W = NMF(n_components=k, random_state=seed, max_iter=1000).fit_transform(X)
    return np.asarray(W.argmax(axis=1))


def main() -> None:
    import numpy as np
    from sklearn.metrics import normalized_mutual_info_score as nmi

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    coded = np.array([[int(r[t]) for t in TOPICS] for r in rows])
    single = coded.sum(axis=1) == 1
    topic = coded.argmax(axis=1)[single]
    print(f"{path.name}: {len(rows)} contributions, {int(single.sum())} with exactly one of {len(TOPICS)} topics\n")

    cold = subprocess.run([sys.executable, "-c", COLD, str(path)], capture_output=True, text=True, cwd=REPO,
                          check=True)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    python_start = time.perf_counter() - t
    cold_s, cold_k = cold.stdout.split()
    print(f"cold digest (imports, read, languages, K=auto, keyphrases): {float(cold_s):.2f} s "
          f"(+{python_start:.2f} s interpreter start), K={cold_k}")

    from koki_climate.participation import classify, digest, read_contributions
    from koki_climate.participation.digest import detect_languages

    contributions = read_contributions(path)
    t = time.perf_counter()
    d = digest(contributions)
    warm = time.perf_counter() - t
    t = time.perf_counter()
    detect_languages(contributions.documents)
    lang = time.perf_counter() - t
    t = time.perf_counter()
    digest(contributions, keyphrases=False, languages=False)
    bare = time.perf_counter() - t
    print(f"warm digest: {warm:.2f} s (languages {lang:.2f} s; without languages and keyphrases {bare:.2f} s)")
    print(f"languages: {d.languages}\n")

    print("NMI against the coded topic on the 243 (the digest runs on all contributions):")
    print(f"  K=auto -> K={d.k}: {nmi(topic, d.labels[single]):.3f}   (stability by K: "
          + ", ".join(f"{k}: {v:.2f}" for k, v in d.k_scores.items()) + ")")
    for k in (5, 6, 8, 10):
        dk = digest(contributions, themes=k, languages=False, keyphrases=False)
        nosplit = digest(contributions, themes=k, languages=False, keyphrases=False, split_compounds=False)
        print(f"  K={k:>2}: {nmi(topic, dk.labels[single]):.3f}   (without compound splitting "
              f"{nmi(topic, nosplit.labels[single]):.3f})")
    base_all = naive_labels(contributions.texts)
    sub_texts = [t for t, s in zip(contributions.texts, single) if s]
    base_sub = naive_labels(sub_texts)
    print(f"  naive baseline (plain TF-IDF + NMF, 8 themes, Snowball stems): on all {nmi(topic, base_all[single]):.3f}, "
          f"fitted on the 243 alone {nmi(topic, base_sub):.3f}\n")

    docs = [t for t, s in zip(contributions.documents, single) if s]
    labels = [TOPICS[i] for i in topic]
    for chars in (True, False):
        t = time.perf_counter()
        c = classify(docs, labels, char_ngrams=chars)
        print(f"classifier ({'words + char 2-5-grams' if chars else 'words only'}): macro-F1 {c.cv_macro_f1:.3f} "
              f"(stratified {c.folds}-fold CV), majority class {c.baseline_macro_f1:.3f}, "
              f"{time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
