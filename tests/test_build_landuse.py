"""Land use for ``region build``: ALKIS polygons to classes, sealing, parcels and rivers on the target grid.

Every expected number is worked out from the hand-made geometry below, not read from the
code: the grid is 20 x 20 cells of 10 m (100 m² each) from (X0, Y0), and the four land-use
polygons tile it completely:

    y 200 +---------+-----------------------+
          | P3 (L)  |  P4 Wald              |   P4: x 61.5..200, y 140..200 = 138.5 * 60 = 8,310 m²
      140 |         +-----------------------+
          |  Landwirtschaft                 |   P3: 200 * 63 + 61.5 * 60 = 16,290 m²
       77 +-------------+-------------------+
          | P1 Wohnbau /    P2 Industrie    |   P1: (110 + 96) / 2 * 77 = 7,931 m²  (slanted edge
        0 +-----------/---------------------+   P2: (90 + 104) / 2 * 77 = 7,469 m²   x 110 -> 96)
          x 0        96..110               200
"""
from __future__ import annotations

import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
import shapely.affinity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasterio.transform import from_origin

from koki_climate.errors import InputError
from koki_climate.region.build.alkis import ALKIS_TYPES, CLASS_SEALED, LANDUSE_CLASSES
from koki_climate.region.build.landuse import build_landuse, classify, read_polygons, read_rivers
from koki_climate.region.build.report import BuildReport
from koki_climate.region.build.target import TargetGrid

X0, Y0 = 500_000.0, 5_600_000.0
CELL_M2 = 100.0
SETTLEMENT, INDUSTRY, AGRICULTURE, GRASSLAND, FOREST, WATER, PLANNED = range(1, 8)
ROAD, HEATH = 0.75, 0.023  # documented defaults of 42001 Straßenverkehr and 43004 Heide


def box(x0: float, y0: float, x1: float, y1: float) -> shapely.Polygon:
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def poly(*xy: tuple[float, float]) -> shapely.Polygon:
    return shapely.Polygon([(X0 + x, Y0 + y) for x, y in xy])


P1 = poly((0, 0), (110, 0), (96, 77), (0, 77))
P2 = poly((110, 0), (200, 0), (200, 77), (96, 77))
P3 = poly((0, 77), (200, 77), (200, 140), (61.5, 140), (61.5, 200), (0, 200))
P4 = box(61.5, 140, 200, 200)
AREAS = {"P1": 7931.0, "P2": 7469.0, "P3": 16290.0, "P4": 8310.0}


@pytest.fixture
def grid() -> TargetGrid:
    return TargetGrid.from_bounds("EPSG:25832", (X0, Y0, X0 + 200, Y0 + 200), 10.0)


def write(path: Path, values: dict, geoms: list, crs: str = "EPSG:25832", layer: str | None = "nutzung") -> Path:
    frame = gpd.GeoDataFrame(values, geometry=geoms, crs="EPSG:25832").to_crs(crs)
    frame.to_file(path, layer=layer) if path.suffix == ".gpkg" else frame.to_file(path)
    return path


def class_area(landuse: np.ndarray, cls: int) -> float:
    return float((landuse == cls).sum()) * CELL_M2


def cell(grid: TargetGrid, x: float, y: float) -> tuple[int, int]:
    """(row, column) of the cell holding the local point (x, y)."""
    return int((grid.north - (Y0 + y)) // grid.resolution), int((X0 + x - grid.west) // grid.resolution)


def test_the_geometry_above_is_what_the_test_believes() -> None:
    assert {name: p.area for name, p in zip(AREAS, (P1, P2, P3, P4))} == pytest.approx(AREAS)
    assert shapely.union_all([P1, P2, P3, P4]).area == pytest.approx(200 * 200)


# --- classes ---------------------------------------------------------------------------------
def test_alkis_polygons_in_another_crs_keep_their_areas_on_the_grid(tmp_path: Path, grid: TargetGrid) -> None:
    # written in UTM zone 33 (EPSG:25833), read onto a zone-32 grid: the areas are those of the
    # polygons in zone 32, where they were drawn; each must come out within one cell (100 m²)
    path = write(tmp_path / "alkis.gpkg", {"objart": ["41001", "AX_IndustrieUndGewerbeflaeche", "LANDWIRTSCHAFT",
                                                      "Wald"]}, [P1, P2, P3, P4], crs="EPSG:25833")
    report = BuildReport()
    out = build_landuse(path, column="objart", target=grid, report=report)

    for cls, area in ((SETTLEMENT, AREAS["P1"]), (INDUSTRY, AREAS["P2"]), (AGRICULTURE, AREAS["P3"]),
                      (FOREST, AREAS["P4"])):
        assert abs(class_area(out.landuse, cls) - area) < CELL_M2, LANDUSE_CLASSES[cls - 1]
    assert (out.landuse > 0).all()  # the four polygons tile the grid
    assert out.landuse[cell(grid, 30, 30)] == SETTLEMENT and out.landuse[cell(grid, 180, 30)] == INDUSTRY
    assert out.landuse[cell(grid, 30, 180)] == AGRICULTURE and out.landuse[cell(grid, 150, 180)] == FOREST
    assert any("reprojected" in e.kind and "EPSG:25833" in e.message for e in report)
    assert any(e.kind == "converted" and "41001 Wohnbaufläche" in e.message for e in report)


def test_shapefile_with_integer_codes(tmp_path: Path, grid: TargetGrid) -> None:
    path = write(tmp_path / "nutzung.shp", {"OBJART": [41001, 41002, 43001, 43002]}, [P1, P2, P3, P4])
    out = build_landuse(path, column="objart", target=grid, report=BuildReport())  # column case does not matter
    assert abs(class_area(out.landuse, INDUSTRY) - AREAS["P2"]) < CELL_M2
    assert abs(class_area(out.landuse, FOREST) - AREAS["P4"]) < CELL_M2


def test_codes_names_and_german_labels_are_one_type(grid: TargetGrid) -> None:
    values = ["WOHNBAUFLÄCHE", "Wohnbauflaeche", "Strassenverkehr", "Straßenverkehr", "ax_wald", 43002, "41002.0",
              "Industrie- und Gewerbefläche", "Unland/Vegetationslose Fläche", "Fließgewässer", "42010"]
    frame = gpd.GeoDataFrame({"nutzart": values}, geometry=[box(0, 0, 10, 10)] * len(values), crs="EPSG:25832")
    out = classify(frame, "nutzart", path="x.shp", report=BuildReport())
    assert out["landuse"].tolist() == [SETTLEMENT, SETTLEMENT, SETTLEMENT, SETTLEMENT, FOREST, FOREST, INDUSTRY,
                                       INDUSTRY, GRASSLAND, WATER, SETTLEMENT]


def test_the_table_has_the_geoinfodok_codes() -> None:
    names = {t.code: t.name for t in ALKIS_TYPES}
    # traffic surfaces are 42001, 42006, 42009, 42010, 42015, 42016 (42002/42003/42005/42008 are line objects)
    assert names[42006] == "AX_Weg" and names[42009] == "AX_Platz" and names[42010] == "AX_Bahnverkehr"
    assert names[42015] == "AX_Flugverkehr" and names[42016] == "AX_Schiffsverkehr"
    assert not {42002, 42003, 42005, 42008} & set(names)
    assert all(0.0 <= t.sealed <= 1.0 and t.landuse in LANDUSE_CLASSES for t in ALKIS_TYPES)


def test_docs_print_the_table_as_the_code_has_it() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "region-build.md").read_text(encoding="utf-8")
    for t in ALKIS_TYPES:
        assert f"| {t.code} | {t.name} | {t.label} | {t.landuse} | {t.sealed:g} |" in doc, t.code
    for name, (sealed, _source, _note) in CLASS_SEALED.items():
        assert f"| {name} | {sealed:g} |" in doc, name


def test_unknown_values_are_refused_with_file_column_count_and_area(tmp_path: Path, grid: TargetGrid) -> None:
    path = write(tmp_path / "alkis.gpkg", {"objart": ["41001", "99999", "Kuhweide", "Kuhweide"]},
                 [P1, P2, box(0, 77, 100, 140), box(100, 77, 200, 140)])
    with pytest.raises(InputError) as err:
        build_landuse(path, column="objart", target=grid, report=BuildReport())
    message = str(err.value)
    assert str(path) in message and "'objart'" in message
    # 99999: one polygon, P2 = 0.7469 ha; Kuhweide: two polygons of 100 * 63 m² = 1.26 ha together
    assert "'99999' (1 polygon, 0.75 ha)" in message and "'Kuhweide' (2 polygons, 1.26 ha)" in message
    assert "[landuse.classes]" in message and "41001" not in message.split("know:")[1]


def test_missing_column_lists_the_columns_found(tmp_path: Path, grid: TargetGrid) -> None:
    path = write(tmp_path / "alkis.gpkg", {"nutzart": ["41001"], "flaeche": [1.0]}, [P1])
    with pytest.raises(InputError, match=r"no column 'objart'.*columns: nutzart, flaeche"):
        build_landuse(path, column="objart", target=grid, report=BuildReport())


def test_user_table_maps_the_towns_own_words(tmp_path: Path, grid: TargetGrid) -> None:
    path = write(tmp_path / "eigene.gpkg", {"art": ["Wohnen", "Gewerbe", "Acker", "Forst"]}, [P1, P2, P3, P4])
    table = {"Wohnen": "settlement", "gewerbe": "industry", "ACKER": "agriculture", "Forst": "forest"}
    out = build_landuse(path, column="art", mapping=table, target=grid, report=BuildReport())
    assert abs(class_area(out.landuse, SETTLEMENT) - AREAS["P1"]) < CELL_M2
    assert abs(class_area(out.landuse, AGRICULTURE) - AREAS["P3"]) < CELL_M2
    # no ALKIS types here: sealing is the class default, e.g. settlement 0.451 inside P1
    assert out.impervious[cell(grid, 30, 30)] == pytest.approx(CLASS_SEALED["settlement"][0])
    # the user table replaces the built-in one: an ALKIS code it does not list is unknown
    path = write(tmp_path / "gemischt.gpkg", {"art": ["Wohnen", "43002"]}, [P1, P4])
    with pytest.raises(InputError, match=r"'43002' \(1 polygon, 0.83 ha\)"):
        build_landuse(path, column="art", mapping=table, target=grid, report=BuildReport())


# --- sealing -----------------------------------------------------------------------------------
def road_and_heath(tmp_path: Path) -> Path:
    """Straßenverkehr x 0..105, Heide x 105..200: the cells of column 10 (x 100..110) are half of each."""
    return write(tmp_path / "halb.gpkg", {"objart": ["Straßenverkehr", "Heide"]},
                 [box(0, 0, 105, 200), box(105, 0, 200, 200)])


def test_default_sealing_is_area_weighted(tmp_path: Path, grid: TargetGrid) -> None:
    out = build_landuse(road_and_heath(tmp_path), column="objart", target=grid, report=BuildReport())
    assert out.impervious[:, 10] == pytest.approx((ROAD + HEATH) / 2)
    assert out.impervious[:, 0] == pytest.approx(ROAD) and out.impervious[:, 19] == pytest.approx(HEATH)


def test_sealing_overrides_by_type_and_by_class(tmp_path: Path, grid: TargetGrid) -> None:
    report = BuildReport()
    out = build_landuse(road_and_heath(tmp_path), column="objart", target=grid, report=report,
                        sealing={"strassenverkehr": 0.9, "grassland": 0.1})
    assert out.impervious[:, 10] == pytest.approx(0.5)
    assert any("strassenverkehr" in e.message and "0.9" in e.message for e in report)
    with pytest.raises(InputError, match="'Strassenverkerh'"):
        build_landuse(road_and_heath(tmp_path), column="objart", target=grid, report=BuildReport(),
                      sealing={"Strassenverkerh": 0.9})


def write_raster(path: Path, values: np.ndarray, *, nodata: float | None = None, units: str | None = None) -> Path:
    """A GeoTIFF of 5 m pixels from the grid's north-west corner (EPSG:25832)."""
    profile = {"driver": "GTiff", "height": values.shape[0], "width": values.shape[1], "count": 1,
               "dtype": values.dtype, "crs": "EPSG:25832", "transform": from_origin(X0, Y0 + 200, 5.0, 5.0),
               "nodata": nodata}
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
        if units:
            dst.units = (units,)
    return path


def percent_raster() -> np.ndarray:
    """40 x 40 pixels of 5 m: 80 % west of x = 50, 20 % from 50 to 100, nodata (255) east of 100;
    the cell x 0..10, y 190..200 (pixels 0..1 x 0..1) is a checkerboard of 0 and 100 %."""
    values = np.full((40, 40), 255, np.uint8)
    values[:, :10], values[:, 10:20] = 80, 20
    values[0:2, 0:2] = [[0, 100], [100, 0]]
    return values


def test_percent_raster_is_converted_and_averaged(tmp_path: Path, grid: TargetGrid) -> None:
    raster = write_raster(tmp_path / "versiegelung.tif", percent_raster(), nodata=255)
    report = BuildReport()
    out = build_landuse(road_and_heath(tmp_path), column="objart", target=grid, report=report, impervious=raster)
    assert out.impervious[0, 0] == pytest.approx(0.5)  # (0 + 100 + 100 + 0) / 4 %
    assert out.impervious[1:, 0:5] == pytest.approx(0.8) and out.impervious[:, 5:10] == pytest.approx(0.2)
    # east of x = 100 the raster has nodata: the defaults of the land use fill in (half road, then heath)
    assert out.impervious[:, 10] == pytest.approx((ROAD + HEATH) / 2) and out.impervious[:, 11:] == pytest.approx(HEATH)
    assert any(e.kind == "converted" and "percent" in e.message for e in report)
    assert any(e.kind == "filled" and "200 cells" in e.message for e in report)  # columns 10..19, 20 rows


def test_fraction_raster_and_declared_units(tmp_path: Path, grid: TargetGrid) -> None:
    fractions = np.full((40, 40), 0.4, np.float32)
    out = build_landuse(road_and_heath(tmp_path), column="objart", target=grid, report=BuildReport(),
                        impervious=write_raster(tmp_path / "f.tif", fractions))
    assert out.impervious == pytest.approx(0.4)
    # 0.4 declared as percent is 0.4 % = 0.004
    out = build_landuse(road_and_heath(tmp_path), column="objart", target=grid, report=BuildReport(),
                        impervious=write_raster(tmp_path / "p.tif", fractions, units="%"))
    assert out.impervious == pytest.approx(0.004)


def test_undeclared_nodata_in_sealing_raster_is_refused(tmp_path: Path, grid: TargetGrid) -> None:
    raster = write_raster(tmp_path / "versiegelung.tif", percent_raster())  # 255 not declared as nodata
    with pytest.raises(InputError, match=r"versiegelung.tif: sealing values 0 \.\. 255 lie outside 0 \.\. 100"):
        build_landuse(road_and_heath(tmp_path), column="objart", target=grid, report=BuildReport(),
                      impervious=raster)


# --- planned development and parcels -----------------------------------------------------------
def test_planned_areas_become_class_7_and_mark_parcels(tmp_path: Path, grid: TargetGrid) -> None:
    # land use without P4, so x 61.5..200, y 140..200 (8,310 m²) is covered by no polygon
    landuse = write(tmp_path / "alkis.gpkg", {"objart": [41001, 41002, 43001]}, [P1, P2, P3])
    # A lies in P2 (80 * 77 = 6,160 m² of its 7,469 m²: most of it); B in the uncovered corner (2,000 m²)
    planned = write(tmp_path / "fnp.gpkg", {"name": ["A", "B"]}, [box(120, 0, 200, 77), box(150, 160, 200, 200)],
                    layer="planung")
    out = build_landuse(landuse, column="objart", target=grid, report=BuildReport(), planned=planned)

    assert abs(class_area(out.landuse, PLANNED) - (6160 + 2000)) < 2 * CELL_M2  # two planned pieces
    assert abs(class_area(out.landuse, INDUSTRY) - (7469 - 6160)) < CELL_M2
    assert abs(class_area(out.landuse, 0) - (8310 - 2000)) < CELL_M2
    # planned cells keep today's sealing: industry inside A, open land in B
    assert out.impervious[cell(grid, 160, 40)] == pytest.approx(0.613)
    assert out.impervious[cell(grid, 175, 180)] == pytest.approx(CLASS_SEALED["planned_development"][0])
    assert np.isnan(out.impervious[cell(grid, 100, 180)])  # no polygon, no sealing raster

    parcels = out.parcels.set_index("parcel_id")
    assert parcels.loc[["P000001", "P000002", "P000003", "FNP000001"], "current_use"].tolist() == [
        "settlement", "industry", "agriculture", "unknown"]
    assert parcels.loc[["P000001", "P000002", "P000003", "FNP000001"], "planned_use"].tolist() == [
        "settlement", "planned_development", "agriculture", "planned_development"]
    assert parcels.loc["FNP000001"].geometry.area == pytest.approx(2000)
    assert out.parcels.crs.equals(grid.crs)


def test_parcel_ids_from_a_unique_column(tmp_path: Path, grid: TargetGrid) -> None:
    path = write(tmp_path / "alkis.gpkg", {"objart": [41001, 41002, 43001, 43002],
                                           "gml_id": ["DEBY1", "DEBY2", "DEBY3", "DEBY4"]}, [P1, P2, P3, P4])
    out = build_landuse(path, column="objart", target=grid, report=BuildReport())
    assert out.parcels["parcel_id"].tolist() == ["DEBY1", "DEBY2", "DEBY3", "DEBY4"]
    with pytest.raises(InputError, match="repeated values"):
        path = write(tmp_path / "doppelt.gpkg", {"objart": [41001, 41002], "fsk": ["1", "1"]}, [P1, P2])
        build_landuse(path, column="objart", id_column="fsk", target=grid, report=BuildReport())


# --- reading -----------------------------------------------------------------------------------
def test_file_without_crs_is_refused(tmp_path: Path, grid: TargetGrid) -> None:
    path = write(tmp_path / "ohne.shp", {"objart": [41001]}, [P1])
    os.remove(tmp_path / "ohne.prj")
    with pytest.raises(InputError, match=r"ohne.shp: has no coordinate reference system.*\.prj"):
        read_polygons(path, target=grid, what="land-use polygons", report=BuildReport())


def test_empty_file_and_nothing_inside_are_refused(tmp_path: Path, grid: TargetGrid) -> None:
    empty = write(tmp_path / "leer.gpkg", {"objart": []}, [])
    with pytest.raises(InputError, match=r"leer.gpkg: layer 'nutzung' is empty"):
        read_polygons(empty, target=grid, what="land-use polygons", report=BuildReport())
    far = write(tmp_path / "weit.gpkg", {"objart": [41001]}, [shapely.box(0, 0, 100, 100)])
    with pytest.raises(InputError, match=r"weit.gpkg: none of its 1 land-use polygons lies inside the region grid"):
        read_polygons(far, target=grid, what="land-use polygons", report=BuildReport())


def test_layer_must_be_named_when_there_are_several(tmp_path: Path, grid: TargetGrid) -> None:
    path = write(tmp_path / "alkis.gpkg", {"objart": [41001]}, [P1], layer="nutzung")
    write(path, {"objart": [41002]}, [P2], layer="gebaeude")
    with pytest.raises(InputError, match=r"2 layers \(.*nutzung.*\); name the one"):
        read_polygons(path, target=grid, what="land-use polygons", report=BuildReport())
    assert len(read_polygons(path, layer="gebaeude", target=grid, what="x", report=BuildReport())) == 1


def test_invalid_polygons_are_repaired_and_reported(tmp_path: Path, grid: TargetGrid) -> None:
    bowtie = poly((0, 0), (100, 100), (100, 0), (0, 100))  # two triangles of 2,500 m² each
    flat = poly((0, 150), (100, 150), (50, 150))  # no area at all
    path = write(tmp_path / "kaputt.gpkg", {"objart": [41001, 41002]}, [bowtie, flat])
    report = BuildReport()
    frame = read_polygons(path, target=grid, what="land-use polygons", report=report)
    assert len(frame) == 1
    assert frame.geometry.iloc[0].is_valid and frame.geometry.iloc[0].area == pytest.approx(5000)
    assert any("repaired 2 invalid" in e.message for e in report)
    assert any(e.kind == "dropped" and "1 land-use polygons left out" in e.message for e in report)


def test_polygons_are_clipped_to_the_grid(tmp_path: Path, grid: TargetGrid) -> None:
    path = write(tmp_path / "gross.gpkg", {"objart": [43001]}, [box(-100, -100, 100, 300)])
    report = BuildReport()
    frame = read_polygons(path, target=grid, what="land-use polygons", report=report)
    assert frame.geometry.iloc[0].area == pytest.approx(100 * 200)
    assert any("cut at the edge" in e.message for e in report)


def test_overlapping_polygons_are_reported(tmp_path: Path, grid: TargetGrid) -> None:
    # P1 and a copy of it shifted by 50 m overlap on 7,931 - 50 * 77 = about 0.41 ha
    shifted = shapely.affinity.translate(P1, xoff=50)
    path = write(tmp_path / "doppelt.gpkg", {"objart": [41001, 41002]}, [P1, shifted])
    report = BuildReport()
    build_landuse(path, column="objart", target=grid, report=report)
    assert any(e.kind == "note" and "overlap on about 0.4" in e.message for e in report)


# --- rivers ------------------------------------------------------------------------------------
def test_rivers_from_lines(tmp_path: Path, grid: TargetGrid) -> None:
    # y = 55 runs through row 14 (y 50..60) for all 20 columns; x = 125 from y 105 to 195 through
    # column 12, rows 0..9; together 30 cells
    lines = [shapely.LineString([(X0, Y0 + 55), (X0 + 200, Y0 + 55)]),
             shapely.LineString([(X0 + 125, Y0 + 105), (X0 + 125, Y0 + 195)])]
    path = write(tmp_path / "gewaesser.gpkg", {"name": ["Mühlbach", "Graben"]}, lines, layer="gewaesser")
    rivers = read_rivers(path, target=grid, report=BuildReport())
    assert rivers.river.sum() == 30
    assert rivers.river[14].all() and rivers.river[0:10, 12].all()
    assert rivers.rivers["name"].tolist() == ["Mühlbach", "Graben"]


def test_river_polygons_mark_the_cells_whose_centre_they_hold(tmp_path: Path, grid: TargetGrid) -> None:
    # y 121..129 holds the centres (y = 125) of row 7 (y 120..130); y 131..134 holds no centre
    path = write(tmp_path / "fluss.gpkg", {"gewaessername": ["Aach", "Rinne"]},
                 [box(0, 121, 200, 129), box(0, 131, 200, 134)])
    rivers = read_rivers(path, target=grid, report=BuildReport())
    assert rivers.river.sum() == 20 and rivers.river[7].all()
    assert rivers.rivers["name"].tolist() == ["Aach", "Rinne"]


def test_without_river_file_the_network_is_derived(grid: TargetGrid) -> None:
    report = BuildReport()
    assert read_rivers(None, target=grid, report=report) is None
    assert report.of("derived")


# --- properties --------------------------------------------------------------------------------
@st.composite
def partitions(draw) -> list[tuple[float, float, float, float]]:
    """Rectangles tiling 0..200 x 0..200 by random cuts (at least 1 m apart), some later left out."""
    rects = [(0.0, 0.0, 200.0, 200.0)]
    for _ in range(draw(st.integers(0, 12))):
        x0, y0, x1, y1 = rects.pop(draw(st.integers(0, len(rects) - 1)))
        if draw(st.booleans()) and x1 - x0 > 2:
            x = draw(st.floats(x0 + 1, x1 - 1))
            rects += [(x0, y0, x, y1), (x, y0, x1, y1)]
        elif y1 - y0 > 2:
            y = draw(st.floats(y0 + 1, y1 - 1))
            rects += [(x0, y0, x1, y), (x0, y, x1, y1)]
        else:
            rects.append((x0, y0, x1, y1))
    return rects


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rects=partitions(), data=st.data())
def test_class_areas_follow_the_polygons(tmp_path: Path, grid: TargetGrid, rects, data) -> None:
    codes = [t.code for t in ALKIS_TYPES]
    types = data.draw(st.lists(st.sampled_from(codes), min_size=len(rects), max_size=len(rects)))
    keep = data.draw(st.lists(st.booleans(), min_size=len(rects), max_size=len(rects)).filter(any))
    geoms = [box(*r) for r, k in zip(rects, keep) if k]
    kinds = {t.code: t for t in ALKIS_TYPES}
    chosen = [kinds[c] for c, k in zip(types, keep) if k]
    path = write(tmp_path / f"p{abs(hash(tuple(rects)))}.gpkg", {"objart": [t.code for t in chosen]}, geoms)
    out = build_landuse(path, column="objart", target=grid, report=BuildReport())

    # each polygon comes out within one cell, so a class within one cell per polygon of it,
    # and the covered area (all classes) within one cell
    for cls in range(1, 8):
        polys = [g for g, t in zip(geoms, chosen) if LANDUSE_CLASSES.index(t.landuse) + 1 == cls]
        assert abs(class_area(out.landuse, cls) - sum(g.area for g in polys)) < CELL_M2 * max(1, len(polys))
    covered = sum(g.area for g in geoms)
    assert abs(float((out.landuse > 0).sum()) * CELL_M2 - covered) < CELL_M2
    # sealing stays a share; missing only where no polygon touches a cell, which then shows no class
    sealed = out.impervious[~np.isnan(out.impervious)]
    assert ((sealed >= 0) & (sealed <= 1)).all()
    assert (out.landuse[np.isnan(out.impervious)] == 0).all()
    # a cell wholly inside one rectangle shows its class and its sealed share
    for g, t in zip(geoms, chosen):
        x0, y0, x1, y1 = (np.array(g.bounds) - [X0, Y0, X0, Y0])
        c0, c1 = int(np.ceil(x0 / 10)), int(np.floor(x1 / 10))
        r0, r1 = int(np.ceil((200 - y1) / 10)), int(np.floor((200 - y0) / 10))
        if c1 > c0 and r1 > r0:
            assert (out.landuse[r0:r1, c0:c1] == LANDUSE_CLASSES.index(t.landuse) + 1).all()
            assert out.impervious[r0:r1, c0:c1] == pytest.approx(t.sealed)
