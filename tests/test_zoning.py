"""Zoning: classes from hand-made grids, the monotone post-processing, polygons and parcels."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import rioxarray  # noqa: F401  (registers .rio)
import shapely
import xarray as xr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from koki_climate.zoning import (
    NODATA,
    ZONE_CLASSES,
    ZoningRules,
    parcel_overlay,
    zone_areas_ha,
    zone_classes,
    zone_polygons,
)
from koki_climate.zoning.classify import postprocess

CELL = 10.0  # m; one cell = 100 m² = 0.01 ha
RAW = ZoningRules(min_area_ha=0.0, smoothing_cells=0)  # no post-processing: the bare thresholds


def grid(values, cell: float = CELL) -> xr.DataArray:
    """A north-up grid in EPSG:25832 with cell centres at cell/2, 3cell/2, ..."""
    values = np.asarray(values)
    ny, nx = values.shape
    x = 500_000 + (np.arange(nx) + 0.5) * cell
    y = 5_500_000 + (np.arange(ny)[::-1] + 0.5) * cell
    return xr.DataArray(values, coords={"y": y, "x": x}, dims=("y", "x")).rio.write_crs("EPSG:25832")


def banded() -> tuple[xr.DataArray, xr.DataArray, xr.DataArray]:
    """20x20: HQ100 in rows 0-4, extreme in rows 0-9, shallow groundwater in rows 0-14."""
    p100 = np.zeros((20, 20))
    p100[:5] = 0.9
    pext = np.zeros((20, 20))
    pext[:10] = 0.9
    gw = np.full((20, 20), 3.0)
    gw[:15] = 0.5
    return grid(p100), grid(pext), grid(gw)


def test_bands_and_precedence():
    p100, pext, gw = banded()
    expected = np.repeat([3, 2, 1, 0], 5)[:, None] * np.ones((1, 20), dtype=int)
    for rules in (RAW, ZoningRules()):  # straight 100-cell bands survive the defaults unchanged
        classes = zone_classes(p100, pext, gw, rules)
        assert classes.dtype == np.uint8
        np.testing.assert_array_equal(classes.values, expected)
        assert classes.rio.crs.to_epsg() == 25832


def test_thresholds_are_inclusive():
    p100 = grid(np.array([[0.5, 0.49, 0.0, 0.0]]).repeat(2, axis=0))
    pext = grid(np.array([[0.0, 0.5, 0.49, 0.0]]).repeat(2, axis=0))
    gw = grid(np.array([[5.0, 5.0, 1.0, 1.01]]).repeat(2, axis=0))
    classes = zone_classes(p100, pext, gw, RAW)
    np.testing.assert_array_equal(classes.values[0], [3, 2, 1, 0])


def test_nan_and_valid_mask_are_nodata():
    p100, pext, gw = banded()
    p100 = p100.copy()
    p100.values[0, 0] = np.nan
    valid = grid(np.ones((20, 20), dtype=bool))
    valid.values[:, -1] = False
    classes = zone_classes(p100, pext, gw, RAW, valid=valid)
    assert classes.values[0, 0] == NODATA
    assert (classes.values[:, -1] == NODATA).all()
    assert classes.values[0, 1] == 3


def test_minimum_mapping_unit_removes_speck_keeps_block():
    p = np.zeros((12, 12))
    p[1, 1] = 0.9  # 1 cell = 0.01 ha
    p[6:9, 6:9] = 0.9  # 3x3 = 0.09 ha
    zeros, deep = grid(np.zeros((12, 12))), grid(np.full((12, 12), 5.0))
    rules = ZoningRules(min_area_ha=0.05, smoothing_cells=0)  # 5 cells: between 1 and 9
    classes = zone_classes(grid(p), zeros, deep, rules).values
    assert classes[1, 1] == 0
    assert (classes[6:9, 6:9] == 3).all()
    assert (classes == 3).sum() == 9


def test_minimum_mapping_unit_fills_small_hole():
    p = np.zeros((12, 12))
    p[3:8, 3:8] = 0.9
    p[5, 5] = 0.0  # a one-cell hole inside a 5x5 zone
    classes = zone_classes(grid(p), grid(np.zeros((12, 12))), grid(np.full((12, 12), 5.0)),
                           ZoningRules(min_area_ha=0.05, smoothing_cells=0)).values
    assert classes[5, 5] == 3
    assert (classes == 3).sum() == 25


def test_smoothing_closes_one_cell_gap_and_never_shrinks():
    p = np.zeros((10, 11))
    p[2:8, 1:5] = 0.9
    p[2:8, 6:10] = 0.9  # gap in column 5
    args = (grid(p), grid(np.zeros((10, 11))), grid(np.full((10, 11), 5.0)))
    raw = zone_classes(*args, RAW).values
    smooth = zone_classes(*args, ZoningRules(min_area_ha=0.0, smoothing_cells=1)).values
    assert (raw[2:8, 5] == 0).all() and (smooth[2:8, 5] == 3).all()
    assert (smooth >= raw).all()
    assert smooth[0, 0] == 0  # the border is not a zone


fields = arrays(np.float64, st.tuples(st.integers(3, 12), st.integers(3, 12)),
                elements=st.floats(0.0, 1.0, allow_nan=False))


@st.composite
def scenario_pairs(draw):
    """Random p fields with upper bounds >= p, a shared valid mask and random rules."""
    p100 = draw(fields)
    shape = p100.shape
    same = arrays(np.float64, st.just(shape), elements=st.floats(0.0, 1.0, allow_nan=False))
    pext = draw(same)
    gw = draw(same) * 3.0
    up100 = np.minimum(1.0, p100 + draw(same) * 0.5)
    upext = np.minimum(1.0, pext + draw(same) * 0.5)
    gw_high = gw - draw(same)  # precautionary: shallower groundwater
    valid = draw(arrays(np.bool_, st.just(shape), elements=st.booleans())) | draw(st.booleans())
    rules = ZoningRules(
        flood_threshold=draw(st.floats(0.05, 0.95)),
        extreme_threshold=draw(st.floats(0.05, 0.95)),
        groundwater_depth_m=draw(st.floats(0.0, 3.0)),
        min_area_ha=draw(st.sampled_from([0.0, 0.01, 0.03, 0.05, 0.12])),
        smoothing_cells=draw(st.integers(0, 2)),
    )
    return (p100, pext, gw), (up100, upext, gw_high), valid, rules


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_pairs())
def test_precautionary_contains_expected(case):
    expected_in, precautionary_in, valid, rules = case
    valid_da = grid(valid)
    exp = zone_classes(*map(grid, expected_in), rules, valid=valid_da).values
    pre = zone_classes(*map(grid, precautionary_in), rules, valid=valid_da).values
    np.testing.assert_array_equal(exp == NODATA, ~valid)
    np.testing.assert_array_equal(pre == NODATA, ~valid)
    inside = valid
    assert (pre[inside] >= exp[inside]).all()
    assert set(np.unique(exp[inside])) <= {0, 1, 2, 3}
    for k in (1, 2, 3):  # every precautionary zone contains the expected one
        assert not ((exp >= k) & inside & ~(pre >= k)).any()


def sparse_masks(shape):
    """Boolean masks of any density, so small patches (the interesting case) are common."""
    return st.tuples(arrays(np.float64, st.just(shape), elements=st.floats(0.0, 1.0)), st.floats(0.0, 1.0)).map(
        lambda t: t[0] < t[1])


@settings(max_examples=300, deadline=None)
@given(st.tuples(st.integers(2, 14), st.integers(2, 14)), st.data(), st.integers(0, 2),
       st.sampled_from([0.0, 0.02, 0.04, 0.09, 0.3]))
def test_postprocess_is_monotone(shape, data, radius, min_ha):
    mask = data.draw(sparse_masks(shape))
    extra = data.draw(sparse_masks(shape))
    ok = data.draw(sparse_masks(shape)) | data.draw(st.booleans())
    rules = ZoningRules(min_area_ha=min_ha, smoothing_cells=radius)
    small = postprocess(mask, ok, rules, CELL * CELL)
    big = postprocess(mask | extra, ok, rules, CELL * CELL)
    assert not (small & ~big).any()
    assert not (big & ~ok).any()


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.uint8, st.tuples(st.integers(2, 10), st.integers(2, 10)), elements=st.sampled_from([0, 1, 2, 3, 255])),
    st.sampled_from([1.0, 10.0, 25.0]),
)
def test_areas_add_up_and_match_polygons(values, cell):
    classes = grid(values, cell)
    areas = zone_areas_ha(classes)
    assert list(areas) == [ZONE_CLASSES[k] for k in (0, 1, 2, 3)]
    cell_ha = cell * cell / 1e4
    region_ha = (values != NODATA).sum() * cell_ha
    assert sum(areas.values()) == pytest.approx(region_ha)
    polys = zone_polygons(classes, include_none=True)
    assert polys.crs.to_epsg() == 25832
    for row in polys.itertuples():
        assert row.area_ha == pytest.approx((values == row.zone).sum() * cell_ha)
        assert row.geometry.area / 1e4 == pytest.approx(row.area_ha)
        assert row.geometry.is_valid
    assert polys["area_ha"].sum() == pytest.approx(region_ha)


def test_polygons_one_row_per_class_and_simplified_coverage():
    p100, pext, gw = banded()
    classes = zone_classes(p100, pext, gw, RAW)
    polys = zone_polygons(classes)
    assert list(polys["zone"]) == [1, 2, 3]
    assert list(polys["name"]) == ["grundwasser", "auflagen", "freihalten"]
    assert list(polys.columns) == ["zone", "name", "label_de", "label_en", "area_ha", "geometry"]
    np.testing.assert_allclose(polys["area_ha"], [1.0, 1.0, 1.0])  # 100 cells x 0.01 ha
    simple = zone_polygons(classes, simplify_m=15.0)
    assert simple.geometry.is_valid.all()
    # coverage simplification: no overlaps between neighbouring zones
    assert shapely.union_all(simple.geometry.values).area == pytest.approx(simple.geometry.area.sum())


def square(col0: int, row0: int, size: int, nrows: int = 20) -> shapely.Polygon:
    """Polygon covering cells [row0, row0+size) x [col0, col0+size) of a grid() grid."""
    x0 = 500_000 + col0 * CELL
    y1 = 5_500_000 + (nrows - row0) * CELL
    return shapely.box(x0, y1 - size * CELL, x0 + size * CELL, y1)


def parcels_frame(rows) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"parcel_id": [r[0] for r in rows], "current_use": "agriculture", "planned_use": [r[1] for r in rows]},
        geometry=[r[2] for r in rows], crs="EPSG:25832",
    )


def overlay_classes() -> xr.DataArray:
    values = np.zeros((20, 20), dtype=np.uint8)
    values[0:4, 0:4] = 3
    values[10:14, 10:12] = 2
    values[15, 15] = 3  # one cell of parcel D (16 cells): 6.25 %
    return grid(values)


def test_parcel_overlay_shares_and_conflicts():
    classes = overlay_classes()
    parcels = parcels_frame([
        ("A", "planned_development", square(0, 0, 4)),   # all class 3
        ("B", "grassland", square(10, 10, 4)),           # half class 2, half 0
        ("C", "planned_development", square(10, 10, 4)),  # same cells, planned for building
        ("D", "planned_development", square(15, 15, 4)),  # 1/16 class 3
        ("E", "planned_development", square(6, 6, 4)),   # all class 0
    ])
    # B and C overlap: test them separately so the id grid is unambiguous
    out = parcel_overlay(classes, parcels.drop(index=2))
    by_id = out.set_index("parcel_id")
    a, b, d, e = (by_id.loc[k] for k in "ABDE")
    assert a.share_freihalten == 1.0 and a.n_cells == 16
    assert (a.dominant_zone, a.max_zone) == (3, 3)
    assert a.conflict and a.conflict_class == 3
    assert b.share_auflagen == pytest.approx(0.5) and b.share_keine == pytest.approx(0.5)
    assert b.dominant_zone == 2  # tie goes to the stricter zone
    assert not b.conflict and b.conflict_class == 0  # grassland is no new building
    assert d.share_freihalten == pytest.approx(1 / 16) and d.dominant_zone == 0 and d.max_zone == 3
    assert d.conflict and d.conflict_class == 3  # 6.25 % > 5 %
    assert not e.conflict and e.max_zone == 0
    shares = out[["share_keine", "share_grundwasser", "share_auflagen", "share_freihalten"]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)

    c = parcel_overlay(classes, parcels.iloc[[2]]).iloc[0]
    assert c.conflict and c.conflict_class == 2
    strict = parcel_overlay(classes, parcels.iloc[[3]], ZoningRules(conflict_share=0.1)).iloc[0]
    assert not strict.conflict


def test_parcel_smaller_than_a_cell_and_outside():
    classes = overlay_classes()
    tiny = shapely.box(500_001, 5_500_200 - 9, 500_004, 5_500_200 - 6)  # inside cell (0, 0), no centre
    outside = shapely.box(400_000, 5_000_000, 400_050, 5_000_050)
    out = parcel_overlay(classes, parcels_frame([("T", "planned_development", tiny), ("O", "forest", outside)]))
    t, o = out.iloc[0], out.iloc[1]
    assert t.n_cells == 0 and t.share_freihalten == 1.0 and t.conflict
    assert o.dominant_zone == NODATA and np.isnan(o.share_keine) and not o.conflict
