"""Save and load trained models safely, keyed by data checksum, model version and settings.

The estimator is stored with skops (no pickle); loading accepts only types from an
allow-list (scikit-learn, numpy, builtins and our own estimator), so a tampered file is
refused rather than executed. The AOA is plain arrays (``np.load(allow_pickle=False)``);
everything else is JSON.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import sklearn
import skops.io as sio

from koki_climate.errors import KokiError
from koki_climate.io.entries import EntryStore
from koki_climate.footprint import Footprint
from koki_climate.region import Region
from koki_climate.risk.aoa import ApplicabilityDomain
from koki_climate.risk.card import model_card_markdown
from koki_climate.risk.training import MODEL_VERSION, TrainedModel, TrainingConfig

TRUSTED_PREFIXES = ("sklearn.", "numpy.", "builtins.", "koki_climate.risk.estimator.")


def model_key(region: Region, config: TrainingConfig) -> str:
    """Cache key: data checksum + model version + training settings + scikit-learn version."""
    text = json.dumps({"data": region.checksum, "model_version": MODEL_VERSION, "config": config.to_dict(),
                       "sklearn": sklearn.__version__}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def model_store(cache_dir: str | Path) -> EntryStore:
    """The trained models of a cache folder, one committed entry per model key."""
    return EntryStore(Path(cache_dir) / "models")


def save_model(model: TrainedModel, store: EntryStore, key: str, card: dict) -> Path:
    """Commit model, AOA and card as the entry ``key`` (written whole, then made current)."""
    with store.write(key) as tmp:
        sio.dump(model.estimator, tmp / "model.skops")
        np.savez(tmp / "aoa.npz", **model.aoa.to_arrays())
        (tmp / "card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False), encoding="utf-8")
        (tmp / "card.md").write_text(model_card_markdown(card), encoding="utf-8")
    folder = store.folder(key)
    assert folder is not None
    return folder


def load_model(folder: Path) -> tuple[TrainedModel, dict]:
    """Load a saved model; refuses files containing types outside the allow-list."""
    path = folder / "model.skops"
    untrusted = sio.get_untrusted_types(file=path)
    refused = [name for name in untrusted if not name.startswith(TRUSTED_PREFIXES)]
    if refused:
        raise KokiError(f"{path}: refusing to load a model containing untrusted types {refused}")
    estimator = sio.load(path, trusted=untrusted)
    with np.load(folder / "aoa.npz", allow_pickle=False) as arrays:
        aoa = ApplicabilityDomain.from_arrays({key: arrays[key] for key in arrays.files})
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    model = TrainedModel(
        estimator=estimator, aoa=aoa, hand_limit_m=card["screening"]["hand_limit_m"],
        config=TrainingConfig(**card["training_config"]), metrics=card["metrics"],
        importance=card["importance"], calibration=card["calibration"], training_data=card["training_data"],
        footprint=Footprint(**card["training_footprint"]), feature_medians=card["feature_medians"],
    )
    return model, card


def card_dict(model: TrainedModel, region: Region, key: str) -> dict:
    """The model card as JSON-able data: what, from which data, how good, limits, cost."""
    versions = {name: version for name in
                ("scikit-learn", "numpy", "xarray", "pyflwdir", "skops", "statsmodels", "rioxarray")
                if (version := _version(name))}
    return {
        "model": "Flood probability per cell and design event",
        "model_key": key,
        "model_version": MODEL_VERSION,
        "algorithm": "Ensemble of monotone HistGradientBoostingClassifier (one per spatial CV fold), "
                     "isotonic calibration on out-of-fold predictions",
        "intended_use": "Advisory input for land-use planning (Flächennutzungsplan). Flood areas are "
                        "designated by the water authority (§ 76 WHG); this model does not replace that.",
        "region": region.name,
        "data": {"checksum": region.checksum, "synthetic": region.manifest.synthetic,
                 "events": model.training_data.get("event_dates", [])},
        "features": list(model.features),
        "monotonic_constraints": {name: value for name, value in
                                  zip(model.features, model.estimator.monotonic_cst) if value},
        "metrics": model.metrics,
        "importance": model.importance,
        "calibration": model.calibration,
        "applicability": {"method": "dissimilarity index and area of applicability (Meyer & Pebesma 2021), as CAST 0.9 "
                                     "computes them (trainDI, aoa); cells skipped by the physical screen are not counted",
                          "threshold": model.aoa.threshold},
        "screening": {"hand_limit_m": model.hand_limit_m,
                      "rule": "unsealed cells higher above the drainage network than "
                              f"{100 * model.config.screen_quantile:g} % of the flooded unsealed cells plus "
                              f"{model.config.hand_margin_m:g} m are set to p = 0 without prediction",
                      "flooded_screened_share": model.training_data.get("screened_flooded_share"),
                      "note": "flooded cells above the limit (ponding far from streams) are misses of every "
                              "zone that the held-out validation, sampled from unscreened cells, does not see"},
        "training_data": model.training_data,
        "training_config": model.config.to_dict(),
        "training_footprint": model.footprint.to_dict(),
        "feature_medians": model.feature_medians,
        "limits": [
            "Learned from the region's historical events only: events larger than the largest observed "
            "one are outside the applicability area (flagged).",
            "Retention areas are represented only by their unsealing, not by stored volume.",
            "Pluvial flash floods in small catchments and dike failures are not modelled.",
            "Probabilities are per cell and event, calibrated on out-of-fold spatial predictions.",
            "Held-out scores share one leak: the physical screen (which cells can flood at all) is fitted on "
            "all blocks, so held-out blocks are screened knowing their own flooded cells; it removes only cells "
            "far above any flooded one, for the model and both baselines alike.",
            "The precautionary threshold is calibrated on historical events grouped to the nearest design rain; "
            "a future design event beyond the largest historical rain has no measured coverage.",
        ],
        "library_versions": versions,
    }


def _version(name: str) -> str | None:
    """Installed version of a distribution (None when absent): part of the model's provenance."""
    import importlib.metadata as md

    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return None
