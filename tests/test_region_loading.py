"""Opening a region: the happy path, and one test per class of bad input.

Each bad-input test breaks a copy of the small sample region in one way and asserts that
``koki check`` exits non-zero with a message naming the file and the problem (and no
traceback), and that nothing in the region folder was changed.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import netCDF4
import numpy as np
import pytest
import xarray as xr

from koki_climate.cli import main
from koki_climate.errors import RegionError
from koki_climate.region import open_region


@pytest.fixture
def region_copy(small_region_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the small region that a test may break."""
    target = tmp_path / "region"
    shutil.copytree(small_region_dir, target)
    return target


def folder_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_check(path: Path, capsys: pytest.CaptureFixture, *extra: str) -> tuple[int, str, str]:
    code = main(["check", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def rewrite_netcdf(path: Path, edit) -> None:
    """Load a NetCDF file fully, let ``edit`` change the dataset, write it back."""
    with xr.open_dataset(path, decode_coords="all") as ds:
        ds = ds.load()
    ds = edit(ds)
    path.unlink()
    ds.to_netcdf(path)


def replace_in_manifest(folder: Path, old: str, new: str) -> None:
    manifest = folder / "region.toml"
    text = manifest.read_text()
    assert old in text, f"{old!r} not in manifest"
    manifest.write_text(text.replace(old, new, 1))


# --- happy path --------------------------------------------------------------------------

def test_sample_region_opens_on_one_grid(small_region_dir: Path) -> None:
    region = open_region(small_region_dir)
    assert region.shape == (240, 240)
    assert region.crs.to_epsg() == 25832
    for role in ("elevation", "landuse", "impervious", "groundwater_depth", "river", "flood_events"):
        assert role in region.grid, role
        assert region.grid[role].sizes["x"] == 240
    assert region.cell_area_m2 == pytest.approx(125.0 ** 2)
    # north-up: y descending, x ascending
    assert float(region.grid.y[0]) > float(region.grid.y[-1])
    assert float(region.grid.x[0]) < float(region.grid.x[-1])
    assert set(region.vectors) == {"parcels", "rivers", "boundary"}
    assert region.parcels.crs.to_epsg() == 25832
    assert len(region.wells) >= 30
    assert {"precipitation_mm"} <= set(region.weather.columns)
    assert region.climate_scenario("rcp85", "2071-2100")["heavy_rain_rp100"].ndim == 2


def test_open_region_is_lazy_and_dask_ready(small_region_dir: Path) -> None:
    with open_region(small_region_dir, chunks={"y": 120, "x": 120}) as region:
        assert region.grid["elevation"].chunks is not None
        assert region.grid["elevation"].data.chunksize == (120, 120)
        assert float(region.grid["elevation"].max()) > 300  # reads through dask


def test_checksum_changes_when_a_file_changes(region_copy: Path) -> None:
    before = open_region(region_copy).checksum
    rewrite_netcdf(region_copy / "groundwater.nc",
                   lambda ds: ds.assign(groundwater_depth=ds.groundwater_depth + 0.5))
    assert open_region(region_copy).checksum != before


def test_check_cli_reports_valid_region_as_json(small_region_dir: Path, capsys) -> None:
    code, out, _ = run_check(small_region_dir, capsys, "--json")
    assert code == 0
    report = json.loads(out)
    assert report["valid"] is True
    layers = {layer["role"]: layer for layer in report["layers"]}
    assert layers["elevation"]["file"] == "terrain.nc"
    assert layers["elevation"]["units"] == "m"
    assert layers["elevation"]["shape"] == [240, 240]
    assert layers["flood_events"]["shape"][1:] == [240, 240]
    assert {"role", "file", "variable", "shape", "units"} <= set(layers["impervious"])
    assert report["grid"]["crs"] == "EPSG:25832"
    assert report["grid"]["area_km2"] == pytest.approx(900.0)


def test_check_cli_text_report(small_region_dir: Path, capsys) -> None:
    code, out, err = run_check(small_region_dir, capsys)
    assert code == 0, err
    assert "EPSG:25832" in out and "OK" in out and "elevation" in out


def test_odd_folder_name_with_spaces_and_umlauts(small_region_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "Mein Gebiet – Überschwemmung (v2)"
    shutil.copytree(small_region_dir, target)
    assert open_region(target / "region.toml").shape == (240, 240)


def test_units_in_centimetres_are_converted(region_copy: Path) -> None:
    reference = open_region(region_copy).grid["elevation"].values.copy()

    def to_cm(ds: xr.Dataset) -> xr.Dataset:
        elevation = ds.elevation * 100.0
        elevation.attrs = {**ds.elevation.attrs, "units": "cm"}
        elevation.encoding = ds.elevation.encoding
        return ds.assign(elevation=elevation)

    rewrite_netcdf(region_copy / "terrain.nc", to_cm)
    # the manifest's units describe the values in the file: they must agree with the file's
    replace_in_manifest(region_copy, 'variable = "elevation"\nunits = "m"', 'variable = "elevation"\nunits = "cm"')
    converted = open_region(region_copy).grid["elevation"]
    assert converted.attrs["units"] == "m"
    np.testing.assert_allclose(converted.values, reference, rtol=1e-5)


# --- bad input: one test per class ---------------------------------------------------------

def assert_refused(folder: Path, capsys, *fragments: str) -> str:
    before = folder_digest(folder)
    code, _, err = run_check(folder, capsys)
    assert code != 0
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in {err!r}"
    assert folder_digest(folder) == before, "checking a region must not change its files"
    return err


def test_missing_file(region_copy: Path, capsys) -> None:
    (region_copy / "groundwater.nc").unlink()
    assert_refused(region_copy, capsys, "groundwater.nc", "file not found")


def test_missing_region_folder(tmp_path: Path, capsys) -> None:
    assert_refused_path = tmp_path / "nowhere"
    code, _, err = run_check(assert_refused_path, capsys)
    assert code != 0 and "nowhere" in err and "not found" in err


def test_missing_variable(region_copy: Path, capsys) -> None:
    replace_in_manifest(region_copy, 'variable = "impervious"', 'variable = "sealing"')
    err = assert_refused(region_copy, capsys, "terrain.nc", "'sealing'", "variable not found")
    assert "impervious" in err  # tells what the file does have


def test_malformed_manifest(region_copy: Path, capsys) -> None:
    (region_copy / "region.toml").write_text("[region\nname = Musterstadt\n")
    assert_refused(region_copy, capsys, "region.toml", "malformed TOML")


def test_manifest_with_unknown_role(region_copy: Path, capsys) -> None:
    with open(region_copy / "region.toml", "a") as handle:
        handle.write('\n[layers.soil_moisture]\nfile = "terrain.nc"\nvariable = "x"\n')
    # appended after other tables it lands under [layers] — the role is unknown
    assert_refused(region_copy, capsys, "region.toml", "soil_moisture")


def test_missing_crs(region_copy: Path, capsys) -> None:
    def drop_crs(ds: xr.Dataset) -> xr.Dataset:
        ds = ds.drop_vars("spatial_ref")
        for name in ds.data_vars:
            ds[name].attrs.pop("grid_mapping", None)
            ds[name].encoding.pop("grid_mapping", None)
        return ds

    rewrite_netcdf(region_copy / "terrain.nc", drop_crs)
    assert_refused(region_copy, capsys, "terrain.nc", "no CRS")


def test_unknown_crs(region_copy: Path, capsys) -> None:
    path = region_copy / "groundwater.nc"
    with netCDF4.Dataset(path, "a") as nc:
        nc["spatial_ref"].setncattr("crs_wkt", "PROJCS[\"nonsense\"]")
        nc["spatial_ref"].setncattr("spatial_ref", "PROJCS[\"nonsense\"]")
    err = assert_refused(region_copy, capsys, "groundwater.nc")
    assert "CRS" in err


def test_geographic_crs_for_region_grid(region_copy: Path, capsys) -> None:
    rewrite_netcdf(region_copy / "terrain.nc", lambda ds: ds.rio.write_crs("EPSG:4326"))
    assert_refused(region_copy, capsys, "terrain.nc", "geographic")


def test_non_monotonic_coordinates(region_copy: Path, capsys) -> None:
    def shuffle_x(ds: xr.Dataset) -> xr.Dataset:
        order = np.arange(ds.sizes["x"])
        order[[3, 10]] = order[[10, 3]]
        return ds.isel(x=order)

    rewrite_netcdf(region_copy / "terrain.nc", shuffle_x)
    assert_refused(region_copy, capsys, "terrain.nc", "'x' is not monotonic")


def test_unconvertible_units(region_copy: Path, capsys) -> None:
    path = region_copy / "terrain.nc"
    with netCDF4.Dataset(path, "a") as nc:
        nc["elevation"].setncattr("units", "kg")
    replace_in_manifest(region_copy, 'variable = "elevation"\nunits = "m"\n', 'variable = "elevation"\n')
    assert_refused(region_copy, capsys, "terrain.nc", "'elevation'", "units 'kg' cannot be converted to 'm'")


def test_all_nan_layer(region_copy: Path, capsys) -> None:
    rewrite_netcdf(region_copy / "groundwater.nc",
                   lambda ds: ds.assign(groundwater_depth=ds.groundwater_depth.where(False)))
    assert_refused(region_copy, capsys, "groundwater.nc", "'groundwater_depth'", "all values are NaN")


def test_absurd_dimensions_refused_before_reading(region_copy: Path, capsys) -> None:
    """A 200 000 x 200 000 grid (160 GB as float32) in a tiny file: refused from the header."""
    path = region_copy / "groundwater.nc"
    path.unlink()
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("y", 200_000)
        nc.createDimension("x", 200_000)
        y = nc.createVariable("y", "f8", ("y",))
        x = nc.createVariable("x", "f8", ("x",))
        y.standard_name, x.standard_name = "projection_y_coordinate", "projection_x_coordinate"
        depth = nc.createVariable("groundwater_depth", "f4", ("y", "x"), chunksizes=(1024, 1024))
        depth.units = "m"
    assert path.stat().st_size < 10_000_000
    assert_refused(region_copy, capsys, "groundwater.nc", "exceeds the limit")


def test_truncated_file(region_copy: Path, capsys) -> None:
    path = region_copy / "terrain.nc"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    assert_refused(region_copy, capsys, "terrain.nc", "cannot be read")


def test_not_a_netcdf_file(region_copy: Path, capsys) -> None:
    (region_copy / "terrain.nc").write_text("this is not a NetCDF file\n")
    assert_refused(region_copy, capsys, "terrain.nc", "cannot be read")


def test_geopackage_without_named_layer(region_copy: Path, capsys) -> None:
    replace_in_manifest(region_copy, 'parcels = "parcels"', 'parcels = "flurstuecke"')
    err = assert_refused(region_copy, capsys, "vectors.gpkg", "'flurstuecke'", "not found")
    assert "parcels" in err  # lists the layers that exist


def test_region_error_names_file_and_variable() -> None:
    error = RegionError(Path("/data/x/terrain.nc"), "all values are NaN", "elevation")
    assert str(error) == "/data/x/terrain.nc, variable 'elevation': all values are NaN"


def test_cli_subprocess_prints_no_traceback(region_copy: Path) -> None:
    (region_copy / "terrain.nc").write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 100)
    result = subprocess.run([sys.executable, "-m", "koki_climate", "check", str(region_copy), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout) == {"valid": False, "error": result.stderr.strip()[len("error: "):]}
    assert "terrain.nc" in result.stderr
