"""Shared fixtures: small generated regions for fast tests, the full sample region for integration."""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
FULL_SAMPLE = REPO_ROOT / "data" / "musterstadt"
SMALL_CELLS = 240  # 125 m cells over the same 30 km: same landscape, 25x fewer cells

# Fitting 40 wells for groundwater projections takes minutes; tests use the baseline
# provider unless they test the projection itself (they pass groundwater="projection").
os.environ.setdefault("KOKI_GROUNDWATER", "baseline")
# The choice rule tries eight model structures per well (seconds each); tests of the page, the
# store and the grids try three, which exercises the same code (the full set is tested on a
# known well in test_groundwater_pastas.py and measured on real wells by bench/groundwater.py).
os.environ.setdefault("KOKI_GROUNDWATER_CANDIDATES", "exponential,gamma,response")


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


@pytest.fixture(scope="session")
def trained_small(small_region_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(region dir, cache dir) of the small region with its model trained once per session.

    App tests point KOKI_REGION / KOKI_CACHE_DIR here so pages open instantly.
    """
    from koki_climate.engine import Engine

    cache = tmp_path_factory.mktemp("cache-trained-small")
    Engine.open(small_region_dir, cache_dir=cache, read_only=False)
    return small_region_dir, cache


@pytest.fixture
def model_only_cache(trained_small: tuple[Path, Path], tmp_path: Path) -> Path:
    """A fresh cache folder holding only the small region's trained model (no results, no terrain)."""
    import shutil

    cache = tmp_path / "cache"
    for part in ("models", "compiled"):  # the compiled trees are the model's, in native code
        if (trained_small[1] / part).exists():
            shutil.copytree(trained_small[1] / part, cache / part)
    return cache


@pytest.fixture
def library_cache(trained_small: tuple[Path, Path], tmp_path: Path) -> Path:
    """A fresh cache folder with the small region's trained model and terrain features, no results, no library."""
    import shutil

    cache = tmp_path / "cache-lib"
    for part in ("models", "compiled", "terrain"):
        if (trained_small[1] / part).exists():
            shutil.copytree(trained_small[1] / part, cache / part)
    return cache


@pytest.fixture
def app_env(trained_small: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch):
    """Set the environment an AppTest needs; returns a function to choose the mode."""
    region, cache = trained_small
    monkeypatch.setenv("KOKI_REGION", str(region))
    monkeypatch.setenv("KOKI_CACHE_DIR", str(cache))

    def use_mode(mode: str = "planner") -> None:
        monkeypatch.setenv("KOKI_MODE", mode)

    use_mode("planner")
    return use_mode


@pytest.fixture(autouse=True)
def _streamlit_without_pages_autodiscovery(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run AppTests as the app is served: st.navigation only, no automatic pages/ scheme.

    ``koki_climate.ui.serve`` switches Streamlit's old pages/ auto-discovery off before the
    server starts; AppTest resets that switch on every run, so we switch it off again
    right after its PagesManager is made.
    """
    from streamlit.runtime import pages_manager

    original = pages_manager.PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False

    monkeypatch.setattr(pages_manager.PagesManager, "__init__", init)


def tree_state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder below ``folder``: relative path -> (SHA-256 or "dir", permission bits).

    Two equal states mean nothing was added, removed, changed or re-permissioned.
    """
    folder = Path(folder)
    state = {".": ("dir", stat.S_IMODE(folder.stat().st_mode))}
    for path in sorted(folder.rglob("*")):
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_dir():
            state[str(path.relative_to(folder))] = ("dir", mode)
        else:
            state[str(path.relative_to(folder))] = (hashlib.sha256(path.read_bytes()).hexdigest(), mode)
    return state


@pytest.fixture
def snapshot():
    """``snapshot(folder)``: the folder's :func:`tree_state`, to compare before and after."""
    return tree_state


@pytest.fixture
def fits(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the model choices a well report makes (each call of ``choose_candidate`` appends one entry)."""
    from koki_climate.groundwater import well_reports

    calls: list[str] = []
    original = well_reports.choose_candidate

    def counting(*args, **kwargs):
        calls.append(str(args[2] if len(args) > 2 else kwargs.get("train_end")))
        return original(*args, **kwargs)

    monkeypatch.setattr(well_reports, "choose_candidate", counting)
    return calls


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL server for the session (skipped without the binaries, except under CI)."""
    import os

    from tests.postgres_server import Unavailable, postgres_server

    try:
        with postgres_server() as url:
            yield url
    except Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test PostgreSQL: {exc}")
        pytest.skip(str(exc))
