"""Compiled tree inference: the members' very trees as native code (Treelite → TL2cgen → gcc).

Why: prediction is the hot path (1.44 M cells × 3 design events × 5 members on the sample).
scikit-learn walks each tree node by node in a generic loop; TL2cgen writes the same trees as
nested ``if`` statements in C and gcc compiles them, which measured 2.7–5× faster on this
machine (``bench/run.py`` prints the ratio of each run). The leaf values and thresholds are
the members' own, so probabilities differ only by float rounding in the order of summation:
max |Δp| ≈ 4e-16 measured, :data:`TOLERANCE` is what tests and the bench hold it to.

Safety: a native library runs with the server's rights, so only libraries this code compiled
itself are ever loaded: from the engine's own cache (an entry written by the planner side,
keyed by model key, tool versions and machine) — never from a region folder, an upload or a
model file. The public instance never compiles (it writes nothing); it loads what ``prepare``
compiled, or predicts with scikit-learn. Without a C compiler everything falls back to
scikit-learn, which stays the reference implementation.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import platform
import sys
import threading
from pathlib import Path

import numpy as np

from koki_climate.io.entries import EntryStore
from koki_climate.risk.estimator import SpatialEnsembleClassifier

log = logging.getLogger(__name__)

#: largest difference in p between compiled and scikit-learn inference the product accepts
TOLERANCE = 1e-9
#: threads one compiled member uses per call (a block of a million cells keeps both cores busy)
THREADS = max(1, os.cpu_count() or 1)


def _toolchain_tag() -> str:
    """Tool versions and machine: a library compiled elsewhere or by other tools is not reused."""
    import tl2cgen
    import treelite

    text = f"treelite {treelite.__version__} tl2cgen {tl2cgen.__version__} {platform.machine()} {platform.system()}"
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def compiled_store(cache_dir: str | Path) -> EntryStore:
    """Compiled members of a cache folder, one committed entry per model and toolchain."""
    return EntryStore(Path(cache_dir) / "compiled")


class CompiledMembers:
    """The estimator's members as compiled libraries; calibration stays the estimator's own.

    Same ``member_probabilities`` as :class:`SpatialEnsembleClassifier`, so prediction takes
    either. Pickles without the loaded libraries (dask ships it to workers); a worker reloads
    them from ``folder`` when it sees that folder, otherwise it predicts with scikit-learn.
    """

    def __init__(self, estimator: SpatialEnsembleClassifier, folder: Path) -> None:
        self.estimator = estimator
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._predictors: list | None = None

    def _loaded(self) -> list | None:
        with self._lock:
            if self._predictors is None:
                self._predictors = _load(self.folder, len(self.estimator.members_)) or []
            return self._predictors or None

    def member_probabilities(self, X) -> np.ndarray:
        """Calibrated p of each member, shape (n_members, n_rows)."""
        predictors = self._loaded()
        if predictors is None:
            return self.estimator.member_probabilities(X)
        import tl2cgen

        matrix = tl2cgen.DMatrix(np.ascontiguousarray(X, dtype=np.float32), dtype="float32")
        raw = np.stack([predictor.predict(matrix).reshape(-1) for predictor in predictors])
        return self.estimator.calibrate(raw)

    def __getstate__(self) -> dict:
        return {"estimator": self.estimator, "folder": str(self.folder)}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["estimator"], Path(state["folder"]))


def _library_names(n_members: int) -> list[str]:
    return [f"member_{index}.so" for index in range(n_members)]


def _load(folder: Path, n_members: int) -> list | None:
    """Predictors of a committed folder, or None when any library is missing or will not load."""
    try:
        import tl2cgen

        return [tl2cgen.Predictor(str(folder / name), nthread=THREADS) for name in _library_names(n_members)]
    except Exception as error:  # missing file, foreign architecture, missing tool: scikit-learn predicts
        log.warning("compiled members in %s not usable (%s); predicting with scikit-learn", folder, error)
        return None


def compile_members(estimator: SpatialEnsembleClassifier, out: Path) -> None:
    """Write one compiled library per member into ``out`` (a fresh folder)."""
    import tl2cgen
    import treelite

    # TL2cgen's C++ log goes through Python's print(): to stderr, or it would corrupt a CLI's JSON
    with contextlib.redirect_stdout(sys.stderr):
        for member, name in zip(estimator.members_, _library_names(len(estimator.members_))):
            tl2cgen.export_lib(treelite.sklearn.import_model(member), toolchain="gcc", libpath=str(out / name),
                               verbose=False)


def compiled_members(estimator: SpatialEnsembleClassifier, cache_dir: Path | None, model_key: str, *,
                     write: bool) -> CompiledMembers | None:
    """The compiled members of a model: from the cache, compiled now (``write``), or None.

    None means scikit-learn predicts: no cache folder, nothing compiled yet on a read-only
    instance, or the toolchain failed (the reason is logged, the answer is the same).
    """
    if cache_dir is None:
        return None
    try:
        key = f"{model_key}-{_toolchain_tag()}"
    except ImportError as error:
        log.warning("compiled inference unavailable (%s); predicting with scikit-learn", error)
        return None
    store = compiled_store(cache_dir)
    folder = store.folder(key)
    if folder is None and write:
        try:
            with store.lock(key):
                folder = store.folder(key)  # compiled by another process while we waited
                if folder is None:
                    with store.write(key) as work:
                        compile_members(estimator, work)
                    folder = store.folder(key)
        except Exception as error:  # no compiler, build error: the answer is the same without it
            log.warning("compiling the model failed (%s); predicting with scikit-learn", error)
            return None
    if folder is None:
        return None
    compiled = CompiledMembers(estimator, folder)
    return compiled if compiled._loaded() is not None else None


__all__ = ["CompiledMembers", "TOLERANCE", "compile_members", "compiled_members", "compiled_store"]
