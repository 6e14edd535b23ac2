"""UI texts by page: each module here defines ``TEXTS = {key: {"de": …, "en": …}}``.

Modules are discovered automatically, so a page's texts live beside each other and no
central list has to be edited. Keys must be unique across modules (a test checks).
"""
from __future__ import annotations

import importlib
import pkgutil


def collect() -> dict[str, dict[str, str]]:
    """Merge the TEXTS of every module in this package; refuse duplicate keys."""
    merged: dict[str, dict[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for key, value in getattr(module, "TEXTS", {}).items():
            if key in merged:
                raise ValueError(f"UI text key {key!r} defined twice (in {info.name})")
            merged[key] = value
    return merged
