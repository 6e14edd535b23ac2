"""Compare two zonings: cell changes, area balance, parcels and conflicts, on a hand-made case."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pytest
import rioxarray  # noqa: F401
import shapely
import xarray as xr

from koki_climate.compare import CHANGE_NODATA, compare_zoning
from koki_climate.zoning import parcel_overlay

CELL = 10.0


def grid(values) -> xr.DataArray:
    values = np.asarray(values, dtype=np.uint8)
    ny, nx = values.shape
    x = (np.arange(nx) + 0.5) * CELL
    y = (np.arange(ny)[::-1] + 0.5) * CELL
    return xr.DataArray(values, coords={"y": y, "x": x}, dims=("y", "x")).rio.write_crs("EPSG:25832")


def row_parcel(row: int, nrows: int = 4, ncols: int = 4) -> shapely.Polygon:
    top = (nrows - row) * CELL
    return shapely.box(0, top - CELL, ncols * CELL, top)


@pytest.fixture
def case():
    # A: top row freihalten.  B: top row auflagen (looser), second row freihalten (stricter).
    a = np.zeros((4, 4), dtype=np.uint8)
    a[0] = 3
    b = np.zeros((4, 4), dtype=np.uint8)
    b[0] = 2
    b[1] = 3
    a[3, 3] = b[3, 3] = 255  # one cell outside the region in both
    parcels = gpd.GeoDataFrame(
        {"parcel_id": ["P1", "P2", "P3"], "current_use": "agriculture",
         "planned_use": ["planned_development", "planned_development", "grassland"]},
        geometry=[row_parcel(0), row_parcel(1), row_parcel(2)], crs="EPSG:25832",
    )
    ga, gb = grid(a), grid(b)
    return ga, gb, parcel_overlay(ga, parcels), parcel_overlay(gb, parcels)


def test_cell_changes(case):
    ga, gb, _, _ = case
    cmp = compare_zoning(ga, gb)
    assert cmp.delta.dtype == np.int8 and cmp.change.dtype == np.int8
    np.testing.assert_array_equal(cmp.delta.values[0], [-1, -1, -1, -1])
    np.testing.assert_array_equal(cmp.delta.values[1], [3, 3, 3, 3])
    assert cmp.delta.values[3, 3] == CHANGE_NODATA
    assert (cmp.cells_up, cmp.cells_down) == (4, 4)
    assert set(np.unique(cmp.change.values)) == {-1, 0, 1, CHANGE_NODATA}
    assert cmp.change.rio.crs.to_epsg() == 25832


def test_area_table(case):
    ga, gb, _, _ = case
    areas = compare_zoning(ga, gb).areas.set_index("name")
    assert list(areas.columns) == ["zone", "a_ha", "b_ha", "diff_ha"]
    # cell = 100 m² = 0.01 ha; 15 classified cells
    assert areas.loc["freihalten", "a_ha"] == pytest.approx(0.04)
    assert areas.loc["freihalten", "b_ha"] == pytest.approx(0.04)
    assert areas.loc["freihalten", "diff_ha"] == pytest.approx(0.0)
    assert areas.loc["auflagen", "diff_ha"] == pytest.approx(0.04)
    assert areas.loc["keine", "a_ha"] == pytest.approx(0.11)
    assert areas.loc["keine", "diff_ha"] == pytest.approx(-0.04)
    assert areas["a_ha"].sum() == pytest.approx(0.15) and areas["b_ha"].sum() == pytest.approx(0.15)


def test_parcels_and_conflicts(case):
    ga, gb, oa, ob = case
    cmp = compare_zoning(ga, gb, oa, ob)
    changed = cmp.parcels_changed.set_index("parcel_id")
    assert list(changed.index) == ["P1", "P2"]  # P3 stays keine
    assert (changed.loc["P1", "dominant_zone_a"], changed.loc["P1", "dominant_zone_b"]) == (3, 2)
    assert (changed.loc["P2", "max_zone_a"], changed.loc["P2", "max_zone_b"]) == (0, 3)
    # P1 is in conflict in both (class 3, then class 2): neither gained nor lost
    assert cmp.conflicts_gained == ["P2"]
    assert cmp.conflicts_lost == []
    back = compare_zoning(gb, ga, ob, oa)
    assert back.conflicts_gained == [] and back.conflicts_lost == ["P2"]
    summary = json.loads(json.dumps(cmp.to_dict()))
    assert summary["cells_up"] == 4 and summary["area_up_ha"] == pytest.approx(0.04)
    assert summary["conflicts_gained"] == ["P2"] and summary["parcels_changed"] == 2


def test_different_grids_refused(case):
    ga, _, _, _ = case
    other = grid(np.zeros((4, 5)))
    with pytest.raises(ValueError, match="same grid"):
        compare_zoning(ga, other)
