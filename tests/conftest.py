"""Shared fixtures: small generated regions for fast tests, the full sample region for integration."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FULL_SAMPLE = REPO_ROOT / "data" / "musterstadt"
SMALL_CELLS = 240  # 125 m cells over the same 30 km: same landscape, 25x fewer cells


@pytest.fixture(scope="session")
def small_region_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small Musterstadt (240 x 240 cells), generated once per test session."""
    from koki_climate.region.sample import generate_sample_region

    out = tmp_path_factory.mktemp("regions") / "musterstadt-small"
    generate_sample_region(out, seed=42, cells=SMALL_CELLS)
    return out


@pytest.fixture(scope="session")
def full_region_dir() -> Path:
    """The full sample region that `make test` generates before running pytest."""
    if not (FULL_SAMPLE / "region.toml").exists():
        pytest.fail(f"{FULL_SAMPLE} is missing: run the tests with `make test`, which generates it")
    return FULL_SAMPLE
