"""Region build, labels: hazard areas and mapped past floods rasterised to training events.

Areas and tolerances are reasoned from geometry; design rains from the heavy-rain input
(rp10 = 50 mm, rp100 = 80 mm: 30 mm per decade of T, so T = 1000 a gives 110 mm).
"""
from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity

from koki_climate.errors import InputError
from koki_climate.region import open_region
from koki_climate.region.build.climate import design_rain_mm, heavy_rain_from_values
from koki_climate.region.build.labels import FloodArea, flood_events, rasterize_area
from koki_climate.region.build.report import BuildReport
from tests.test_build_climate import CRS, TARGET, TARGET_REDUCTION, write_region

RAIN = heavy_rain_from_values({"rp10": 50.0, "rp100": 80.0}, BuildReport())
WEST, SOUTH, EAST, NORTH = TARGET.bounds  # 600-606 km E, 5300-5304 km N, 20 m cells (300 x 200)
REGION_AREA = (EAST - WEST) * (NORTH - SOUTH)


def area(*geoms: shapely.Geometry, source: str = "hazard.gpkg", **meaning) -> FloodArea:
    return FloodArea(gpd.GeoDataFrame(geometry=list(geoms), crs=CRS), source, **meaning)


def box(x0: float, y0: float, x1: float, y1: float) -> shapely.Polygon:
    return shapely.box(WEST + x0, SOUTH + y0, WEST + x1, SOUTH + y1)


def test_cell_aligned_rectangle_floods_exactly_its_cells() -> None:
    # 1000 m x 500 m on cell edges (multiples of 20 m): exactly 50 x 25 = 1250 cell centres inside
    events = flood_events([area(box(1000, 1000, 2000, 1500), return_period=100)], TARGET, BuildReport(), RAIN)
    assert events.dims == ("event", "y", "x") and events.dtype == np.uint8
    assert int(events.sum()) == 1250
    assert float(events.mean()) == pytest.approx(1250 / 60_000)


def test_flooded_share_of_a_rotated_square_within_the_boundary_cells() -> None:
    """A 1 km square rotated by 30°: area 1 km², perimeter 4 km, four corners.

    Cell-centre rasterisation can misjudge only cells the boundary passes through, each by at
    most one cell area. A straight edge of length L crosses at most L(|cos a| + |sin a|)/r <=
    sqrt(2) L / r grid lines, entering one new cell per crossing, plus its first cell: so at
    most sqrt(2) P / r + 4 = 282.8 + 4 boundary cells of 400 m² each, 114,700 m².
    """
    square = affinity.rotate(box(2500, 1500, 3500, 2500), 30, origin="centroid")
    assert square.area == pytest.approx(1e6) and square.length == pytest.approx(4000.0)
    report = BuildReport()
    events = flood_events([area(square, return_period="HQ100")], TARGET, report, RAIN)
    boundary_cells = math.sqrt(2) * square.length / TARGET.resolution + 4
    tolerance = boundary_cells * TARGET.cell_area_m2 / REGION_AREA
    assert float(events.mean()) == pytest.approx(square.area / REGION_AREA, abs=tolerance)
    assert any("of the region grid" in entry.message for entry in report.of("derived"))


@settings(max_examples=25, deadline=None)
@given(cx=st.floats(500, 5500), cy=st.floats(500, 3500), radius=st.floats(60, 450), angle=st.floats(0, 90))
def test_flooded_area_stays_within_the_boundary_cells_for_any_hexagon(cx: float, cy: float, radius: float,
                                                                     angle: float) -> None:
    """The same bound for any hexagon inside the region: |cells x r² - area| <= (sqrt(2) P / r + 6) r²."""
    hexagon = shapely.Polygon([(WEST + cx + radius * math.cos(math.radians(angle + 60 * k)),
                                SOUTH + cy + radius * math.sin(math.radians(angle + 60 * k))) for k in range(6)])
    cells = int(rasterize_area(gpd.GeoSeries([hexagon], crs=CRS), TARGET).sum())
    bound = (math.sqrt(2) * hexagon.length / TARGET.resolution + 6) * TARGET.cell_area_m2
    assert abs(cells * TARGET.cell_area_m2 - hexagon.area) <= bound


def test_mixed_hazard_areas_and_a_past_flood_sorted_by_rain() -> None:
    report = BuildReport()
    areas = [area(box(0, 0, 3000, 2000), return_period="HQextrem", source="hq_extrem.gpkg"),
             area(box(0, 0, 2000, 1000), return_period=100, source="hq100.gpkg"),
             area(box(0, 0, 1000, 1000), return_period="HQ10", source="hq10.gpkg"),
             area(box(3000, 2000, 4000, 3000), date="01.06.2013", precip_mm=65.0, source="flood_2013.gpkg")]
    events = flood_events(areas, TARGET, report, RAIN)
    assert list(events["event_date"].values) == ["HQ10", "2013-06-01", "HQ100", "HQextrem"]
    # hazard areas: the table's point depths reduced to the region's area; the past flood's rain as given
    reduced = TARGET_REDUCTION
    np.testing.assert_allclose(events["event_precip_mm"].values, [50.0 * reduced, 65.0, 80.0 * reduced, 110.0 * reduced])
    assert events["event_precip_mm"].values[2] == pytest.approx(design_rain_mm(RAIN, 100) * reduced)
    np.testing.assert_allclose(events["return_period"].values, [10.0, np.nan, 100.0, 1000.0])
    assert list(events["event_kind"].values) == ["hazard_area", "observed", "hazard_area", "hazard_area"]
    # cells: 1 km² = 2500 cells, 2 km² = 5000, 6 km² = 15000
    assert [int(n) for n in events.sum(("y", "x")).values] == [2500, 2500, 5000, 15_000]
    assert list(events["event"].values) == [1, 2, 3, 4]
    assert report.of("note")  # hazard areas and past floods mixed


def test_hazard_rain_with_a_per_cell_table_is_the_areal_mean(tmp_path: Path) -> None:
    from koki_climate.region.build.climate import read_heavy_rain_table

    lines = ["x,y,dauerstufe_min,wiederkehrzeit_a,niederschlag_mm"]
    for x, rp100 in ((601_500.0, 70.0), (604_500.0, 90.0)):  # west and east halves of the region
        lines += [f"{x},5302000,1440,10,{rp100 - 30}", f"{x},5302000,1440,100,{rp100}"]
    (tmp_path / "cells.csv").write_text("\n".join(lines) + "\n")
    rain = read_heavy_rain_table(tmp_path / "cells.csv", TARGET, BuildReport())
    events = flood_events([area(box(0, 0, 1000, 1000), return_period=100)], TARGET, BuildReport(), rain)
    # climate grid 6 x 4 cells of 1 km: columns 0-2 nearer x = 601.5 km (70 mm), 3-5 nearer 604.5 km (90 mm)
    assert float(events["event_precip_mm"][0]) == pytest.approx(80.0 * TARGET_REDUCTION)


def test_areas_of_one_return_period_are_one_event() -> None:
    report = BuildReport()
    events = flood_events([area(box(0, 0, 1000, 1000), return_period=100, source="hq100_river_a.gpkg"),
                           area(box(500, 0, 1500, 1000), return_period="HQ100", source="hq100_river_b.gpkg")],
                          TARGET, report, RAIN)
    assert events.sizes["event"] == 1
    assert int(events.sum()) == 75 * 50  # the union: 1500 m x 1000 m
    assert any("merged" in entry.message for entry in report.of("note"))
    with pytest.raises(InputError, match="precip_mm 65, here 70"):
        flood_events([area(box(0, 0, 500, 500), date="2013-06-01", precip_mm=65.0, source="a.gpkg"),
                      area(box(0, 0, 500, 500), date="2013-06-01", precip_mm=70.0, source="b.gpkg")],
                     TARGET, BuildReport(), RAIN)


def test_empty_flood_area_file_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "hwgk_hq100.gpkg"
    gpd.GeoDataFrame({"name": []}, geometry=gpd.GeoSeries([], crs=CRS)).to_file(path, layer="hq100")
    polygons = gpd.read_file(path, layer="hq100")
    with pytest.raises(InputError, match=r"hwgk_hq100\.gpkg.*holds no polygons"):
        flood_events([FloodArea(polygons, str(path), return_period=100)], TARGET, BuildReport(), RAIN)


def test_area_outside_the_region_is_refused_and_a_partial_one_reported() -> None:
    with pytest.raises(InputError, match=r"far\.gpkg: the flood area lies entirely outside the region"):
        flood_events([area(box(10_000, 0, 11_000, 1000), return_period=100, source="far.gpkg")],
                     TARGET, BuildReport(), RAIN)
    report = BuildReport()
    events = flood_events([area(box(5500, 0, 6500, 1000), return_period=100)], TARGET, report, RAIN)
    assert int(events.sum()) == 25 * 50  # the inner half: 500 m x 1000 m
    assert any("50.0% of the flood area lies outside" in entry.message for entry in report.of("dropped"))


def test_what_an_area_means_must_be_said_once() -> None:
    square = box(0, 0, 1000, 1000)
    with pytest.raises(InputError, match="say what the flood area is"):
        flood_events([area(square)], TARGET, BuildReport(), RAIN)
    with pytest.raises(InputError, match="needs its precip_mm"):
        flood_events([area(square, date="2013-06-01")], TARGET, BuildReport(), RAIN)
    with pytest.raises(InputError, match="not both"):
        flood_events([area(square, return_period=100, date="2013-06-01", precip_mm=60.0)], TARGET, BuildReport(), RAIN)
    with pytest.raises(InputError, match="needs the heavy-rain input"):
        flood_events([area(square, return_period=100)], TARGET, BuildReport(), None)
    with pytest.raises(InputError, match="'HQhäufig' is not understood"):
        flood_events([area(square, return_period="HQhäufig")], TARGET, BuildReport(), RAIN)
    wrong_crs = FloodArea(gpd.GeoDataFrame(geometry=[square], crs="EPSG:4326"), "wgs84.gpkg", return_period=100)
    with pytest.raises(InputError, match=r"wgs84\.gpkg: the polygons are in WGS 84"):
        flood_events([wrong_crs], TARGET, BuildReport(), RAIN)


def test_events_load_and_become_training_rows(tmp_path: Path) -> None:
    """Written with the built climate, the events load through the region loader, and each
    (cell, event) training row gets label 1 inside the area and the event's design rain."""
    from koki_climate.risk.features import STATIC_FEATURES
    from koki_climate.risk.training import TrainingConfig, sample_training_rows

    events = flood_events([area(box(0, 0, 1000, 1000), return_period=10),
                           area(box(0, 0, 2000, 1000), return_period=100)], TARGET, BuildReport(), RAIN)
    region = open_region(write_region(tmp_path / "region", TARGET, floods=events))
    loaded = region.grid["flood_events"]
    np.testing.assert_allclose(loaded["event_precip_mm"].values, [50.0 * TARGET_REDUCTION, 80.0 * TARGET_REDUCTION])
    assert list(loaded["event_date"].values) == ["HQ10", "HQ100"]
    # flat, unsealed land at height 0 above drainage: every cell is eligible
    zeros = np.zeros(TARGET.shape, np.float32)
    static = xr.Dataset({name: (("y", "x"), zeros) for name in STATIC_FEATURES})
    X, y, _, _, cells, eligible = sample_training_rows(region, static, TrainingConfig(cells_per_event=10**6))
    assert cells.size == eligible.size == TARGET.cells and len(y) == 2 * TARGET.cells
    rain = X["event_precip_mm"].to_numpy()
    hq100 = np.isclose(rain, 80.0 * TARGET_REDUCTION)
    assert hq100.sum() == TARGET.cells and np.isclose(rain[~hq100], 50.0 * TARGET_REDUCTION).all()
    assert int(y[hq100].sum()) == 5000 and int(y[~hq100].sum()) == 2500  # 2 km² and 1 km² of 400 m² cells
