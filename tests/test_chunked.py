"""Block-by-block evaluation gives the answers of the whole grid at once, on this machine or a cluster."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings, strategies as st
from scipy import ndimage

from koki_climate.engine import Engine
from koki_climate.scenario import LandUseChange, Scenario
from koki_climate.zoning import ZoningRules, zone_classes
from koki_climate.zoning.classify import zoning_halo

SCENARIO = Scenario("rcp85", "2071-2100", land_use_changes=(LandUseChange("develop_planned"),))
#: the product's tolerance between block-wise and whole-grid results (docs/scaling.md): the same
#: block functions see the same cells, so they agree exactly; 1e-6 leaves room for summation order
TOLERANCE = 1e-6


def assert_same_grids(expected: xr.Dataset, actual: xr.Dataset) -> None:
    """Floats within TOLERANCE (NaN where NaN), classes and codes exactly."""
    for name in expected.data_vars:
        a, b = expected[name].values, actual[name].values
        assert a.dtype == b.dtype, name  # classes stay classes (uint8 with 255 for no data)
        if a.dtype.kind == "f":
            assert np.array_equal(np.isnan(a), np.isnan(b)), name
            assert np.nanmax(np.abs(a - b)) <= TOLERANCE, name
        else:
            assert np.array_equal(a, b), name


def _grid(values: np.ndarray, cell_m: float = 25.0) -> xr.DataArray:
    ny, nx = values.shape
    return xr.DataArray(values, dims=("y", "x"),
                        coords={"y": 5_000_000.0 - cell_m * (np.arange(ny) + 0.5),
                                "x": 500_000.0 + cell_m * (np.arange(nx) + 0.5)})


def test_halo_follows_mapping_unit_and_closing() -> None:
    # 0.5 ha at 25 m cells = 8 cells; radius 1: 2 * 8 + 2 * 1 + 1
    assert zoning_halo(ZoningRules(), 625.0) == 19
    # 0.5 ha at 10 m = 50 cells
    assert zoning_halo(ZoningRules(), 100.0) == 103
    # no mapping unit and no closing: only the cell itself
    assert zoning_halo(ZoningRules(min_area_ha=0.0, smoothing_cells=0), 625.0) == 1


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), edge=st.integers(19, 47), smoothing=st.integers(0, 2),
       min_area_ha=st.sampled_from([0.0, 0.25, 0.5, 1.0]))
def test_zone_classes_by_blocks_equal_the_whole_grid(seed, edge, smoothing, min_area_ha) -> None:
    """Patches, holes and closings crossing block edges come out as on the whole grid."""
    rng = np.random.default_rng(seed)
    shape = (96, 83)
    field = ndimage.gaussian_filter(rng.random(shape), 2.0)
    field = (field - field.min()) / (field.max() - field.min())
    p100 = _grid(field.astype("float32"))
    pext = _grid(np.clip(field * 1.3, 0, 1).astype("float32"))
    gw = _grid((3.0 * rng.random(shape)).astype("float32"))
    valid = _grid(rng.random(shape) > 0.02)
    rules = ZoningRules(min_area_ha=min_area_ha, smoothing_cells=smoothing)
    whole = zone_classes(p100, pext, gw, rules, valid=valid)
    edge = max(edge, zoning_halo(rules, 625.0))
    blocks = zone_classes(p100.chunk({"y": edge, "x": edge}), pext, gw.chunk({"y": edge, "x": edge}), rules,
                          valid=valid)
    assert blocks.chunks is not None  # really block by block
    assert np.array_equal(blocks.values, whole.values)


@pytest.fixture(scope="module")
def whole_and_blocks(trained_small: tuple[Path, Path]):
    """The small region (240 x 240 cells) evaluated as one block and as 16 blocks of 60 x 60."""
    region, cache = trained_small
    engine = Engine.open(region, cache_dir=cache, read_only=True)
    mp = pytest.MonkeyPatch()
    try:
        whole = engine._compute(SCENARIO)
        engine.forget()
        mp.setenv("KOKI_CHUNK_CELLS", str(60 * 60))
        blocks = engine._compute(SCENARIO)
    finally:
        mp.undo()
    return engine, whole, blocks


def test_blocks_equal_one_block_on_a_small_region(whole_and_blocks) -> None:
    _, whole, blocks = whole_and_blocks
    assert whole.summary["blocks"]["chunk_edge_cells"] >= 240 and blocks.summary["blocks"]["chunk_edge_cells"] == 60
    assert_same_grids(whole.risk, blocks.risk)
    assert blocks.summary["zones_ha"] == whole.summary["zones_ha"]
    assert blocks.summary["conflicts"] == whole.summary["conflicts"]
    # the comparison means something: the region has all zone classes and predicted cells
    assert all(value > 0 for value in whole.summary["zones_ha"].values())


def test_strided_applicability_by_blocks_equals_the_whole_grid(whole_and_blocks) -> None:
    """Every-second-cell DI (large grids) lines up across blocks: block edges are even."""
    from koki_climate.chunks import chunked
    from koki_climate.risk.predict import cell_dissimilarity

    engine, whole, _ = whole_and_blocks
    features = engine.static.assign(impervious=whole.risk["impervious"],
                                    groundwater_depth=whole.risk["groundwater_depth"])
    at_once = cell_dissimilarity(engine.model, features, stride=2).values
    by_blocks = cell_dissimilarity(engine.model, chunked(features, 46), stride=2)
    assert by_blocks.chunks is not None
    values = by_blocks.values
    assert np.array_equal(np.isnan(at_once), np.isnan(values))
    assert np.nanmax(np.abs(at_once - values)) <= TOLERANCE
    # strided: most predicted cells share their representative's value
    assert np.isfinite(at_once).sum() > 1000


def test_a_dask_cluster_gives_the_local_answer(whole_and_blocks, monkeypatch) -> None:
    """``KOKI_DASK_SCHEDULER`` sends the blocks to a dask.distributed scheduler started here."""
    from distributed import Client, LocalCluster

    from koki_climate import chunks

    engine, whole, _ = whole_and_blocks
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as observer:
        monkeypatch.setenv("KOKI_DASK_SCHEDULER", cluster.scheduler_address)
        monkeypatch.setenv("KOKI_CHUNK_CELLS", str(120 * 120))
        engine.forget()
        try:
            remote = engine._compute(SCENARIO)
            ran = observer.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_counter)
        finally:
            chunks._client.cache_clear()
    assert remote.summary["blocks"]["scheduler"] == f"dask.distributed at {cluster.scheduler_address}"
    assert ran > 100  # the cluster did the work: its scheduler moved the blocks' tasks
    for name in ("p_hq100", "p_hqextrem", "p_spread_hq100", "dissimilarity"):
        assert np.nanmax(np.abs(remote.risk[name].values - whole.risk[name].values)) <= TOLERANCE, name
    assert np.array_equal(remote.risk["zone"].values, whole.risk["zone"].values)
    assert remote.summary["zones_ha"] == whole.summary["zones_ha"]


@given(size=st.integers(1, 50_000), edge=st.integers(2, 5_000).map(lambda e: e + e % 2))
def test_balanced_blocks_are_even_no_larger_and_no_more_numerous(size, edge) -> None:
    from koki_climate.chunks import balanced_edge

    balanced = balanced_edge(size, edge)
    blocks = -(-size // edge)
    assert balanced <= edge and balanced % 2 == 0
    assert -(-size // balanced) == blocks  # as many blocks as the configured edge gives, of equal size


@pytest.fixture(scope="module")
def streamed(trained_small: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory):
    """The small region evaluated by a writable engine whose grids are all 'large' (limit 1 MB)."""
    import shutil

    region, trained_cache = trained_small
    cache = tmp_path_factory.mktemp("streamed") / "cache"
    for part in ("models", "compiled"):
        if (trained_cache / part).exists():
            shutil.copytree(trained_cache / part, cache / part)
    mp = pytest.MonkeyPatch()
    mp.setenv("KOKI_GRIDS_IN_MEMORY_MB", "1")  # region 1.2 MB, terrain 1.4 MB, result 2.6 MB: all on disk
    mp.setenv("KOKI_CHUNK_CELLS", str(60 * 60))
    try:
        engine = Engine.open(region, cache_dir=cache)
        result, source = engine.evaluate_traced(SCENARIO)
        yield engine, result, source, cache
        for opened in (result.risk, engine.static, engine.region):  # files held open for lazy reading
            opened.close()
    finally:
        mp.undo()


def test_streamed_grids_equal_the_in_memory_ones(whole_and_blocks, streamed) -> None:
    """Grids above KOKI_GRIDS_IN_MEMORY_MB are written block by block into the cache entry and
    read back lazily; every value, zone area and conflict is the in-memory answer."""
    from koki_climate.results import is_lazy

    _, whole, _ = whole_and_blocks
    engine, result, source, cache = streamed
    assert source == "computed"
    assert is_lazy(engine.region.grid) and is_lazy(engine.static)  # inputs read block by block too
    assert is_lazy(result.risk) and result.summary["blocks"]["grids"] == "on disk, read block by block"
    assert Path(result.risk["zone"].encoding["source"]).is_relative_to(cache / "results")
    assert_same_grids(whole.risk, result.risk)
    assert result.summary["zones_ha"] == whole.summary["zones_ha"]
    assert result.summary["conflicts"] == whole.summary["conflicts"]
    assert result.zones.geometry.geom_equals(whole.zones.geometry).all()


def test_streamed_results_reload_lazily_and_draw_the_same_map(whole_and_blocks, streamed, monkeypatch) -> None:
    """Another process finds the streamed entry on disk; its map views equal the in-memory result's."""
    from koki_climate.memory import result_nbytes
    from koki_climate.results import is_lazy
    from koki_climate.ui.risk_map import view_deck

    _, whole, _ = whole_and_blocks
    engine, _, _, cache = streamed
    monkeypatch.setenv("KOKI_GRIDS_IN_MEMORY_MB", "1")
    reader = Engine.open(engine.region.path, cache_dir=cache, read_only=True)
    again, source = reader.evaluate_traced(SCENARIO)
    assert source == "disk" and is_lazy(again.risk)
    assert np.array_equal(again.risk["zone"].values, whole.risk["zone"].values)
    # grids on disk do not count against the memory cache: only the tables do
    assert result_nbytes(again) < whole.risk.nbytes / 10
    for view in ("p", "uncertainty", "aoa"):  # images of lazily read grids (and the lazy region's relief)
        assert view_deck(reader.region, again, view, "hq100").to_json() == \
            view_deck(engine.region, whole, view, "hq100").to_json(), view
    assert again.zones.geometry.geom_equals(whole.zones.geometry).all()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), ny=st.integers(5, 60), nx=st.integers(5, 60), max_cells=st.integers(4, 400))
def test_zone_outlines_at_planning_resolution_never_narrow_a_zone(seed, ny, nx, max_cells) -> None:
    """Each coarse cell takes the strictest class of its f x f block; no-data only where all is no-data."""
    from koki_climate.zoning import NODATA, planning_grid

    rng = np.random.default_rng(seed)
    values = rng.choice(np.array([0, 1, 2, 3, NODATA], dtype="uint8"), size=(ny, nx), p=[.4, .2, .15, .1, .15])
    fine = _grid(values, cell_m=3.0)
    coarse, cell_m = planning_grid(fine, max_cells=max_cells)
    factor = round(cell_m / 3.0)
    assert coarse.size <= max_cells or factor == 1
    if factor > 1:  # the smallest factor that fits
        assert -(-ny // (factor - 1)) * -(-nx // (factor - 1)) > max_cells
    for i in range(ny):
        for j in range(nx):
            block = values[i // factor * factor:(i // factor + 1) * factor, j // factor * factor:(j // factor + 1) * factor]
            strict = block[block != NODATA]
            expected = strict.max() if strict.size else NODATA
            assert coarse.values[i // factor, j // factor] == expected
    # the coarse cell centres sit at the centres of their blocks (same CRS coordinates as the fine grid)
    assert coarse.x.values[0] == pytest.approx(fine.x.values[0] + (factor - 1) * 1.5)
    assert coarse.y.values[0] == pytest.approx(fine.y.values[0] - (factor - 1) * 1.5)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 1000), ny=st.integers(30, 140), nx=st.integers(30, 140), pixels=st.integers(8, 40),
       edge=st.integers(7, 50))
def test_map_overview_of_blocks_equals_the_in_memory_one(seed, ny, nx, pixels, edge) -> None:
    """Map images of grids read block by block are the images of the whole grid (means and classes)."""
    from koki_climate.grid import north_up
    from koki_climate.ui.maps import downsample, overview

    rng = np.random.default_rng(seed)
    values = rng.random((ny, nx)).astype("float32")
    values[rng.random((ny, nx)) < 0.2] = np.nan
    da = _grid(values)
    expected = downsample(north_up(da).astype("float32"), pixels)
    lazy = overview(da.chunk({"y": edge, "x": edge}), pixels)
    assert np.array_equal(np.isnan(lazy), np.isnan(expected))
    assert np.nanmax(np.abs(lazy - expected), initial=0.0) <= 1e-6
    classes = _grid((values * 4).astype("uint8"))
    assert np.array_equal(overview(classes.chunk({"y": edge}), pixels, categorical=True),
                          downsample(north_up(classes), pixels, categorical=True))
