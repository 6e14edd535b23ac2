"""The store of well reports: computed on the planner side, read (only) on the public instance."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from koki_climate.errors import InputError, NotPreparedError, ReadOnlyError
from koki_climate.groundwater import well_reports as wr
from koki_climate.groundwater.io import validate_heads
from koki_climate.groundwater.projection import REFERENCE
from koki_climate.region import Region, open_region

#: two wells keep the module quick (each well takes seconds: the choice of an ensemble and its projection)
N_WELLS = 2


@pytest.fixture(autouse=True)
def planner_side(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as the planner unless they switch to the public instance themselves."""
    monkeypatch.setenv("KOKI_MODE", "planner")


@pytest.fixture(scope="module")
def region(small_region_dir: Path) -> Region:
    return open_region(small_region_dir)


@pytest.fixture(scope="module")
def wells(region: Region) -> list[str]:
    return [str(w) for w in region.wells["well_id"]][:N_WELLS]


@pytest.fixture(scope="module")
def prepared(region: Region, wells: list[str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list]:
    """(cache, summary, progress calls) of preparing the first wells once (planner side)."""
    cache = tmp_path_factory.mktemp("wells-prepared")
    calls: list[tuple[float, str]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KOKI_MODE", "planner")
        summary = wr.prepare_well_reports(region, cache, well_ids=wells,
                                          progress=lambda f, m: calls.append((f, m)))
    return cache, summary, calls


@pytest.fixture
def copy_of(tmp_path: Path) -> Iterator:
    """``copy_of(cache)``: a private copy of a cache folder that a test may damage."""
    def copy(cache: Path) -> Path:
        target = tmp_path / "cache"
        shutil.copytree(cache, target)
        return target

    yield copy


def entry_folder(region: Region, cache: Path, well_id: str) -> Path:
    folder = wr.report_store(region, cache).folder(wr.report_key(well_id))
    assert folder is not None
    return folder


def assert_same_report(loaded: dict, computed: dict) -> None:
    """Same keys, same pandas types and values, same plain dicts."""
    assert set(loaded) == set(computed)
    for key, value in computed.items():
        if isinstance(value, pd.Series):
            pd.testing.assert_series_equal(loaded[key], value, check_exact=True, check_freq=True)
        elif isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(loaded[key], value, check_exact=True, check_freq=True)
        else:
            assert loaded[key] == value, key


# --- preparing ----------------------------------------------------------------------------------
def test_prepare_computes_each_well_once_and_reports_progress(region, wells, prepared) -> None:
    cache, summary, calls = prepared
    assert summary["computed"] == wells and summary["reused"] == [] and summary["wells"] == N_WELLS
    assert summary["region_checksum"] == region.checksum and summary["train_end"] == wr.DEFAULT_TRAIN_END
    # one call before each well, one at the end; fractions grow from 0 to 1
    fractions = [f for f, _ in calls]
    assert len(calls) == N_WELLS + 1 and fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1
    assert all(wells[i] in calls[i][1] for i in range(N_WELLS))

    again = wr.prepare_well_reports(region, cache, well_ids=wells)
    assert again["computed"] == [] and again["reused"] == wells


def test_prepare_refuses_unknown_wells_before_writing(region, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no-such-well"):
        wr.prepare_well_reports(region, tmp_path, well_ids=["no-such-well"])
    assert list(tmp_path.iterdir()) == []


def test_public_instance_cannot_prepare_or_store(region, wells, prepared, tmp_path: Path, monkeypatch,
                                                  snapshot) -> None:
    cache = prepared[0]
    report = wr.load_well_report(region, cache, wells[0])
    monkeypatch.setenv("KOKI_MODE", "public")
    before = snapshot(tmp_path)
    with pytest.raises(ReadOnlyError):
        wr.prepare_well_reports(region, tmp_path, well_ids=wells[:1])
    with pytest.raises(ReadOnlyError):
        wr.store_well_report(region, tmp_path, report)
    assert snapshot(tmp_path) == before


# --- the stored report -----------------------------------------------------------------------------
def test_stored_report_has_the_types_the_page_uses(region, wells, prepared) -> None:
    report = wr.load_well_report(region, prepared[0], wells[0])
    assert report is not None and report["well_id"] == wells[0] and report["errors"] == {}

    observed = report["observed"]
    assert isinstance(observed, pd.Series) and isinstance(observed.index, pd.DatetimeIndex)
    assert observed.name == "head_m" and observed.dtype == np.float64 and observed.index.is_monotonic_increasing
    heads = region.read_heads(wells[0])  # the raw file: one value per day with a reading
    assert len(observed) == pd.to_datetime(heads.loc[heads["head_m"].notna(), "date"]).dt.normalize().nunique()

    simulation = report["simulation"]
    assert isinstance(simulation, pd.DataFrame) and list(simulation.columns) == ["head_m", "lower_95", "upper_95"]
    steps = np.diff(simulation.index.values).astype("timedelta64[D]").astype(int)
    assert set(steps) == {7}  # weekly means
    assert (simulation["lower_95"] < simulation["head_m"]).all()
    assert (simulation["head_m"] < simulation["upper_95"]).all()

    # every scenario of the climate data except the reference, one row each
    scenarios = set(zip(map(str, region.climate["pathway"].values), map(str, region.climate["horizon"].values)))
    projections = report["projections"]
    assert isinstance(projections, pd.DataFrame) and len(projections) == len(scenarios - {REFERENCE})
    assert set(zip(projections["pathway"], projections["horizon"])) == scenarios - {REFERENCE}
    assert (projections["mean_low"] <= projections["mean_change_m"]).all()
    assert (projections["mean_change_m"] <= projections["mean_high"]).all()

    assert set(report["analysis"]) >= {"trend", "seasonality", "change_points", "n_obs"}
    assert report["analysis"]["n_obs"] == len(observed)
    assert report["model"]["train_end"] <= wr.DEFAULT_TRAIN_END
    assert set(report["model"]["members"]) <= {"exponential", "gamma", "response"}  # the configured candidates


def test_store_round_trips_a_computed_report(region, wells, tmp_path: Path) -> None:
    computed = wr.well_report(region, wells[1])
    wr.store_well_report(region, tmp_path, computed)
    assert_same_report(wr.load_well_report(region, tmp_path, wells[1]), computed)


def test_prepared_report_equals_a_fresh_computation(region, wells, prepared) -> None:
    """Fitting is deterministic (fixed seeds, same inputs): a fresh run gives the stored figures.

    Tolerance: only floating-point summation order could differ between runs (threaded
    linear algebra), far below the 1e-6 m used here; the page shows centimetres.
    """
    loaded = wr.load_well_report(region, prepared[0], wells[0])
    fresh = wr.well_report(region, wells[0])
    for key in ("observed", "simulation", "projections"):
        check = pd.testing.assert_series_equal if key == "observed" else pd.testing.assert_frame_equal
        check(loaded[key], fresh[key], check_exact=False, rtol=0, atol=1e-6)
    for key in ("analysis", "skill", "model"):
        assert_close(loaded[key], fresh[key], key)


def assert_close(a: object, b: object, where: str) -> None:
    """Nested plain data equal, numbers within 1e-6 (the dicts are rounded to 4-5 decimals anyway)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), where
        for key in a:
            assert_close(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            assert_close(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and not isinstance(a, bool):
        assert b == pytest.approx(a, abs=1e-6, nan_ok=True), where
    else:
        assert a == b, where


@pytest.mark.parametrize("well_id", ["../../etc/passwd", "a/b\\c", ".hidden", "Brunnen Süd #3", "", "GWM 001"])
def test_odd_well_ids_never_become_paths(region, wells, tmp_path: Path, well_id: str) -> None:
    store = wr.report_store(region, tmp_path)
    key = wr.report_key(well_id)
    assert "/" not in key and "\\" not in key and not key.startswith(".")
    assert store.key_dir(key).parent == store.root
    report = wr.failed_report(well_id, wr.DEFAULT_TRAIN_END, "no heads")
    wr.store_well_report(region, tmp_path, report)
    assert wr.load_well_report(region, tmp_path, well_id) == report
    # nothing was written outside the region's store
    assert set(tmp_path.rglob("*")) - {tmp_path / "wells"} <= {store.root, *store.root.rglob("*")}


def test_ids_that_look_alike_get_their_own_entries(region, tmp_path: Path) -> None:
    """'GWM 001' and 'GWM_001' share the readable prefix; the hash keeps them apart."""
    assert wr.report_key("GWM 001") != wr.report_key("GWM_001")
    for well_id in ("GWM 001", "GWM_001"):
        wr.store_well_report(region, tmp_path, wr.failed_report(well_id, wr.DEFAULT_TRAIN_END, f"why {well_id}"))
    assert wr.load_well_report(region, tmp_path, "GWM 001")["errors"] == {"well": "why GWM 001"}
    assert wr.load_well_report(region, tmp_path, "GWM_001")["errors"] == {"well": "why GWM_001"}


def test_reports_are_kept_apart_by_train_end(region, wells, prepared) -> None:
    assert wr.load_well_report(region, prepared[0], wells[0], train_end="2010-12-31") is None


# --- failing wells ------------------------------------------------------------------------------
def test_a_failing_well_stores_its_plain_messages(region, wells, tmp_path: Path, monkeypatch) -> None:
    def unreadable(*args, **kwargs):
        raise InputError(f"well {wells[0]}: column 'head_m' has no values")

    def no_fit(*args, **kwargs):
        raise InputError("too few observations to fit")

    monkeypatch.setattr(wr, "validate_heads", unreadable)
    summary = wr.prepare_well_reports(region, tmp_path, well_ids=wells[:1])
    assert summary["errors"] == {wells[0]: {"well": f"well {wells[0]}: column 'head_m' has no values"}}
    stored = wr.load_well_report(region, tmp_path, wells[0])
    assert stored["errors"] == summary["errors"][wells[0]] and "observed" not in stored

    monkeypatch.setattr(wr, "validate_heads", validate_heads)
    monkeypatch.setattr(wr, "choose_candidate", no_fit)
    report = wr.well_report(region, wells[1])
    wr.store_well_report(region, tmp_path, report)
    loaded = wr.load_well_report(region, tmp_path, wells[1])
    # the statistics still work; simulation and projection say why they could not be computed
    why = "too few observations to fit"
    assert loaded["errors"] == {"simulation": why,
                                "projection": "no model ensemble could be chosen for this well (see the simulation)"}
    assert "analysis" in loaded and "simulation" not in loaded and "projections" not in loaded
    assert_same_report(loaded, report)


# --- damaged reports -----------------------------------------------------------------------------
def damage_truncate(folder: Path) -> None:
    path = folder / "simulation.json"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def damage_same_size(folder: Path) -> None:
    """Change one digit of the simulation: the size stays, only the content digest notices."""
    path = folder / "simulation.json"
    data = bytearray(path.read_bytes())
    i = next(i for i in range(len(data) // 2, len(data)) if chr(data[i]).isdigit())
    data[i] = ord("1") if chr(data[i]) != "1" else ord("2")
    path.write_bytes(bytes(data))


def damage_report_json(folder: Path) -> None:
    path = folder / "report.json"
    size = path.stat().st_size
    path.write_bytes(b"{" + b" " * (size - 1))  # same size, not JSON


def damage_pointer(folder: Path) -> None:
    (folder.parent / "current.json").write_text("{\"version\": ", encoding="utf-8")


DAMAGES = [damage_truncate, damage_same_size, damage_report_json, damage_pointer]


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_report_reads_as_missing(region, wells, prepared, copy_of, damage) -> None:
    cache = copy_of(prepared[0])
    assert wr.load_well_report(region, cache, wells[0]) is not None
    damage(entry_folder(region, cache, wells[0]))
    assert wr.load_well_report(region, cache, wells[0]) is None


def test_damaged_report_is_recomputed_in_planner_mode(region, wells, prepared, copy_of, fits) -> None:
    cache = copy_of(prepared[0])
    damage_truncate(entry_folder(region, cache, wells[0]))
    report = wr.ensure_well_report(region, cache, wells[0])
    assert len(fits) == 1  # the ensemble chosen once (its members refitted for the projection)
    assert_same_report(wr.load_well_report(region, cache, wells[0]), report)
    wr.ensure_well_report(region, cache, wells[0])
    assert len(fits) == 1  # stored now: read, not fitted again


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_report_is_not_prepared_in_public_mode(region, wells, prepared, copy_of, fits, damage, monkeypatch,
                                                       snapshot) -> None:
    cache = copy_of(prepared[0])
    damage(entry_folder(region, cache, wells[0]))
    monkeypatch.setenv("KOKI_MODE", "public")
    before = snapshot(cache)
    with pytest.raises(NotPreparedError) as raised:
        wr.ensure_well_report(region, cache, wells[0])
    assert raised.value.what == "wells"
    assert fits == [] and snapshot(cache) == before


def test_public_reads_prepared_reports_without_fitting(region, wells, prepared, fits, monkeypatch,
                                                      snapshot) -> None:
    monkeypatch.setenv("KOKI_MODE", "public")
    before = snapshot(prepared[0])
    report = wr.ensure_well_report(region, prepared[0], wells[1])
    assert report["well_id"] == wells[1] and "simulation" in report
    assert fits == [] and snapshot(prepared[0]) == before


def test_stamp_changes_when_a_report_is_stored(region, wells, prepared, copy_of) -> None:
    cache = copy_of(prepared[0])
    assert wr.report_stamp(region, cache, "not-stored") == "-"
    first = wr.report_stamp(region, cache, wells[0])
    wr.store_well_report(region, cache, wr.load_well_report(region, cache, wells[0]))
    assert wr.report_stamp(region, cache, wells[0]) not in ("-", first)
