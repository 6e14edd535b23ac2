"""The sample-region generator: deterministic, CF-conformant, physically plausible."""
from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import netCDF4
import numpy as np
import pandas as pd
import pyogrio
import pytest
import rioxarray  # noqa: F401
import xarray as xr

from koki_climate.errors import InputError
from koki_climate.region.sample import generate_sample_region

NETCDF_FILES = ("terrain.nc", "groundwater.nc", "floods.nc", "climate.nc")


def _digests(folder: Path) -> dict[str, str]:
    """Digests of the region's files (not the output marker, which records the time of writing)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".koki-output-")}


@pytest.fixture(scope="module")
def tiny_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    base = tmp_path_factory.mktemp("tiny")
    a = generate_sample_region(base / "a", seed=7, cells=80).parent
    b = generate_sample_region(base / "b", seed=7, cells=80).parent
    c = generate_sample_region(base / "c", seed=8, cells=80).parent
    return a, b, c


def test_same_seed_gives_byte_identical_files(tiny_pair):
    a, b, _ = tiny_pair
    da, db = _digests(a), _digests(b)
    assert len(da) == 4 + 1 + 2 + 40 + 2  # NetCDF, GeoPackage, wells+weather, heads, toml+README
    assert da == db


def test_different_seed_gives_different_elevation(tiny_pair):
    a, _, c = tiny_pair
    with xr.open_dataset(a / "terrain.nc") as ea, xr.open_dataset(c / "terrain.nc") as ec:
        assert not np.array_equal(ea.elevation.values, ec.elevation.values)


def test_regenerating_replaces_an_earlier_sample_and_leaves_no_temporaries(tmp_path):
    out = tmp_path / "region"
    generate_sample_region(out, seed=1, cells=60)
    first = _digests(out)
    generate_sample_region(out, seed=2, cells=60)
    second = _digests(out)
    assert set(first) == set(second) and first["terrain.nc"] != second["terrain.nc"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["region"]
    assert not [p for p in out.rglob(".koki-tmp-*")]


def test_a_folder_with_other_files_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "region"
    out.mkdir()
    (out / "notes.txt").write_text("Gemeinderat 12.3.")
    with pytest.raises(InputError, match="not empty"):
        generate_sample_region(out, seed=1, cells=60)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert (out / "notes.txt").read_text() == "Gemeinderat 12.3."


@pytest.mark.parametrize("cells", [59, 20_001])
def test_rejects_cell_counts_out_of_range(tmp_path, cells):
    with pytest.raises(InputError, match="cells"):
        generate_sample_region(tmp_path / "r", cells=cells)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("name", NETCDF_FILES)
def test_netcdf_is_cf_and_synthetic(small_region_dir, name):
    path = small_region_dir / name
    with netCDF4.Dataset(path) as nc:
        assert nc.getncattr("synthetic") == "true"
        assert nc.getncattr("Conventions") == "CF-1.8"
        assert nc.getncattr("institution") == "KoKI Klima sample generator"
        assert nc.getncattr("title") and nc.getncattr("source")
        assert int(nc.getncattr("seed")) == 42
        assert "crs_wkt" in nc["spatial_ref"].ncattrs()
        for axis in ("x", "y"):
            assert nc[axis].units == "m" and nc[axis].standard_name == f"projection_{axis}_coordinate"
        for var in nc.variables.values():
            if var.name in ("spatial_ref",) or var.name in nc.dimensions:
                continue
            attrs = var.ncattrs()
            assert "standard_name" in attrs or "long_name" in attrs, var.name
            if var.dimensions[-2:] == ("y", "x"):
                assert "units" in attrs and var.grid_mapping == "spatial_ref", var.name
    with xr.open_dataset(path) as ds:
        assert ds.rio.crs.to_epsg() == 25832
        assert np.all(np.diff(ds.x) > 0) and np.all(np.diff(ds.y) < 0)


def test_manifest_is_synthetic_and_complete(small_region_dir):
    manifest = tomllib.loads((small_region_dir / "region.toml").read_text())
    assert manifest["format_version"] == 1
    assert manifest["region"]["synthetic"] is True and manifest["region"]["crs"] == "EPSG:25832"
    assert set(manifest["layers"]) == {"elevation", "landuse", "impervious", "river", "groundwater_depth",
                                       "flood_events"}
    assert manifest["vectors"]["parcels"] == "parcels"
    assert "synthetic" in (small_region_dir / "README.md").read_text().lower()


def test_terrain_is_plausible(small_region_dir):
    with xr.open_dataset(small_region_dir / "terrain.nc") as ds:
        elev, lu, river = ds.elevation.values, ds.landuse.values, ds.river.values.astype(bool)
        assert ds.elevation.dtype == np.float32 and lu.dtype == np.uint8
        assert list(ds.landuse.attrs["flag_values"]) == list(range(1, 8))
        assert ds.landuse.attrs["flag_meanings"].split()[-1] == "planned_development"
        imp = ds.impervious.values
    assert 370 < elev.min() < 400 and 600 < elev.max() < 760
    assert 380 <= elev[river].min() <= 400  # the main river's outlet
    # the main river enters in the west and leaves in the east, falling all the way
    assert elev[:, 0][river[:, 0]].min() > elev[:, -1][river[:, -1]].min() + 15
    assert set(np.unique(lu)) == set(range(1, 8))
    assert imp.min() >= 0 and imp.max() <= 1
    assert imp[lu == 1].mean() > 0.4 > imp[lu == 3].mean()
    with xr.open_dataset(small_region_dir / "groundwater.nc") as gw:
        depth = gw.groundwater_depth.values
    assert 0 <= depth.min() and depth.max() <= 40
    assert np.median(depth[river | (lu == 4)]) < 3 < np.median(depth[lu == 5])


def test_heavy_rain_is_monotone_across_pathways(small_region_dir):
    with xr.open_dataset(small_region_dir / "climate.nc") as ds:
        def pick(var, pathway, horizon):
            sel = (ds.pathway == pathway) & (ds.horizon == horizon)
            return ds[var].isel(scenario=np.flatnonzero(sel.values)[0]).values
        assert ds.sizes["scenario"] == 7
        for var in ("pr_1d_rp10", "pr_1d_rp100", "pr_1d_extreme"):
            hist = pick(var, "historical", "1991-2020")
            far = [pick(var, p, "2071-2100") for p in ("rcp26", "rcp45", "rcp85")]
            assert np.all(far[2] >= far[1]) and np.all(far[1] >= far[0]) and np.all(far[0] >= hist)
            for p in ("rcp26", "rcp45", "rcp85"):
                assert np.all(pick(var, p, "2021-2050") >= hist)
        tas = pick("tas", "historical", "1991-2020")
        assert 7 < tas.mean() < 10
        assert 2.5 < (pick("tas", "rcp85", "2071-2100") - tas).mean() < 4.5


def test_floods_grow_with_event_magnitude(small_region_dir):
    """Bigger events flood more as a tendency of the simulated physics, not as a rule: the
    events also differ in antecedent wetness and upstream rain (see test_sample_floods.py)."""
    with xr.open_dataset(small_region_dir / "floods.nc") as ds, xr.open_dataset(small_region_dir / "terrain.nc") as t:
        assert ds.inundated.dims == ("event", "y", "x") and ds.sizes["event"] >= 6
        order = np.argsort(ds.event_precip_mm.values)
        flooded = ds.inundated.values[order].astype(bool)
        assert isinstance(ds.event_date.values[0], str)
        land = t.river.values == 0
    area = flooded[:, land].mean(axis=1)  # river cells are water in every event
    assert area[-1] > 3 * area[0]
    assert np.corrcoef(np.argsort(np.argsort(area)), np.arange(area.size))[0, 1] >= 0.7  # rank correlation
    small, big = flooded[0], flooded[-1]
    assert (small & big).sum() / small.sum() > 0.9


def test_well_heads_follow_recharge(small_region_dir):
    wells = pd.read_csv(small_region_dir / "wells" / "wells.csv")
    assert list(wells.columns) == ["well_id", "x", "y", "ground_elevation_m"] and len(wells) == 40
    weather = pd.read_csv(small_region_dir / "wells" / "weather.csv", parse_dates=["date"])
    assert list(weather.columns) == ["date", "precipitation_mm", "pet_mm", "temperature_c"]
    assert weather.date.iloc[0] == pd.Timestamp("1990-01-01") and weather.date.iloc[-1] == pd.Timestamp("2024-12-31")
    surplus = (weather.precipitation_mm - weather.pet_mm).ewm(halflife=60).mean()
    surplus.index = weather.date
    with xr.open_dataset(small_region_dir / "groundwater.nc") as gw:
        depth = gw.groundwater_depth
        correlations = []
        for well in wells.itertuples():
            heads = pd.read_csv(small_region_dir / "wells" / "heads" / f"{well.well_id}.csv", parse_dates=["date"])
            assert list(heads.columns) == ["date", "head_m"]
            local = float(depth.sel(x=well.x, y=well.y, method="nearest"))
            assert abs(heads.head_m.mean() - (well.ground_elevation_m - local)) < 1.0
            anomaly = heads.head_m - heads.head_m.rolling(260, center=True, min_periods=30).mean()
            correlations.append(np.corrcoef(anomaly.fillna(0), surplus.reindex(heads.date).values)[0, 1])
    assert np.median(correlations) > 0.3
    assert sum(c > 0 for c in correlations) >= 35


def test_geopackage_layers(small_region_dir):
    path = small_region_dir / "vectors.gpkg"
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert layers == {"parcels", "rivers", "boundary"}
    parcels = pyogrio.read_dataframe(path, layer="parcels")
    assert {"parcel_id", "current_use", "planned_use"} <= set(parcels.columns)
    assert parcels.crs.to_epsg() == 25832 and 100 < len(parcels) < 3000 and parcels.parcel_id.is_unique
    words = {"settlement", "industry", "agriculture", "grassland", "forest", "water", "planned_development"}
    assert set(parcels.current_use) <= words and set(parcels.planned_use) <= words
    assert (parcels.planned_use == "planned_development").sum() >= 5
    rivers = pyogrio.read_dataframe(path, layer="rivers")
    assert rivers.crs.to_epsg() == 25832 and "Mühlach" in set(rivers.name)
    boundary = pyogrio.read_dataframe(path, layer="boundary")
    assert len(boundary) == 1 and boundary.geometry.iloc[0].area > 300e6


def test_planned_developments_partly_on_floodplain(small_region_dir):
    with xr.open_dataset(small_region_dir / "terrain.nc") as t, xr.open_dataset(small_region_dir / "floods.nc") as f:
        planned = t.landuse.values == 7
        ever = f.inundated.values.max(axis=0).astype(bool)
    assert 0 < (planned & ever).sum() < planned.sum()
