"""Bad region input gets a one-line message, never a traceback, and nothing is read outside the region.

Three mechanisms, each tested where it could fail:

- paths (``koki_climate.region.paths``): every file a manifest names must resolve inside the
  region folder, be an ordinary file and stay under the size limit;
- units (``koki_climate.region.units``): the manifest's ``units`` describe the file's values
  and are converted to the role's units; disagreement and nonsense are refused;
- plausible values (``koki_climate.region.ranges``): values outside a role's range are refused
  with file, variable and range; NaN is missing, never out of range.

Every expected value here is worked out from the input, not taken from the code's output.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import netCDF4
import numpy as np
import pandas as pd
import pytest
import rioxarray  # noqa: F401  (registers .rio)
import xarray as xr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koki_climate.cli import main
from koki_climate.errors import InputError, RegionError
from koki_climate.region import open_region, read_manifest
from koki_climate.region.paths import DEFAULT_MAX_FILE_MB, OutsideRegionError, max_file_bytes
from koki_climate.region.ranges import LANDUSE_CLASSES, VALID_RANGES, ValueCheck, check_values
from koki_climate.region.units import convert_units

SECRET = "TOPSECRET-first-line-of-an-outside-file"


@pytest.fixture
def region(small_region_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the small region (in tmp_path/region) that a test may break."""
    target = tmp_path / "region"
    shutil.copytree(small_region_dir, target)
    return target


@pytest.fixture
def outside_file(tmp_path: Path) -> Path:
    """A file next to (outside) the region whose first line must never appear in a message."""
    path = tmp_path / "secret.csv"
    path.write_text(f"{SECRET}\nsecond line\n")
    return path


def edit_manifest(folder: Path, old: str, new: str) -> None:
    manifest = folder / "region.toml"
    text = manifest.read_text()
    assert old in text, f"{old!r} not in manifest"
    manifest.write_text(text.replace(old, new, 1))


def check_fails(folder: Path, capsys: pytest.CaptureFixture) -> str:
    """``koki check`` must exit 1 with one line ``error: …`` on stderr; returns that line."""
    code = main(["check", str(folder)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def set_values(path: Path, variable: str, index: tuple, value: float) -> None:
    """Write one value into a NetCDF variable in place (the sample files have no fill values)."""
    with netCDF4.Dataset(path, "a") as nc:
        nc[variable][index] = value


# --- paths: confined to the region folder ---------------------------------------------------

MANIFEST_PATHS = [  # (text in the sample manifest, the key the message must name)
    ('file = "terrain.nc"', "[layers.elevation] file"),
    ('file = "groundwater.nc"', "[layers.groundwater_depth] file"),
    ('file = "climate.nc"', "[climate] file"),
    ('file = "vectors.gpkg"', "[vectors] file"),
    ('locations = "wells/wells.csv"', "[wells] locations"),
    ('weather = "wells/weather.csv"', "[wells] weather"),
    ('heads_dir = "wells/heads"', "[wells] heads_dir"),
]


@pytest.mark.parametrize("line, key", MANIFEST_PATHS)
def test_path_with_dotdot_is_refused_naming_the_key(region: Path, outside_file: Path, line: str, key: str,
                                                     capsys) -> None:
    name = line.split(" = ")[0]
    edit_manifest(region, line, f'{name} = "../{outside_file.name}"')
    err = check_fails(region, capsys)
    assert "region.toml" in err and key in err and "outside the region folder" in err
    assert SECRET not in err


def test_the_reported_etc_hostname_case(region: Path, capsys) -> None:
    """The issue's example: the first line of /etc/hostname appeared in the error."""
    edit_manifest(region, 'locations = "wells/wells.csv"', 'locations = "../../../../../../../../etc/hostname"')
    err = check_fails(region, capsys)
    assert "[wells] locations" in err and "outside the region folder" in err
    assert "found [" not in err  # the old message listed the outside file's "columns"


def test_absolute_path_outside_is_refused(region: Path, outside_file: Path, capsys) -> None:
    edit_manifest(region, 'file = "terrain.nc"', f'file = "{outside_file}"')
    err = check_fails(region, capsys)
    assert "[layers.elevation] file" in err and "outside" in err and SECRET not in err


@pytest.mark.parametrize("relative, key", [
    ("wells/wells.csv", "[wells] locations"),
    ("terrain.nc", "[layers.elevation] file"),
    ("wells/weather.csv", "[wells] weather"),
])
def test_symlink_leading_outside_is_refused(region: Path, outside_file: Path, relative: str, key: str,
                                            capsys) -> None:
    link = region / relative
    link.unlink()
    link.symlink_to(outside_file)
    err = check_fails(region, capsys)
    assert key in err and "symbolic link" in err and SECRET not in err


def test_symlinked_heads_dir_leading_outside_is_refused(region: Path, tmp_path: Path, capsys) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.move(region / "wells" / "heads", elsewhere)
    (region / "wells" / "heads").symlink_to(elsewhere, target_is_directory=True)
    err = check_fails(region, capsys)
    assert "[wells] heads_dir" in err and "outside" in err


def test_well_id_cannot_leave_the_heads_folder(region: Path, outside_file: Path) -> None:
    """Heads files are named by well ids read from a file: '../../../secret' must not escape."""
    wells = pd.read_csv(region / "wells" / "wells.csv", dtype={"well_id": str})
    wells.loc[0, "well_id"] = "../../../secret"  # wells/heads/../../../secret.csv = tmp_path/secret.csv
    wells.to_csv(region / "wells" / "wells.csv", index=False)
    opened = open_region(region)
    with pytest.raises(OutsideRegionError) as info:
        opened.read_heads("../../../secret")
    assert "[wells] heads_dir" in str(info.value) and SECRET not in str(info.value)


def test_links_and_absolute_paths_inside_the_folder_are_fine(region: Path) -> None:
    (region / "data").mkdir()
    shutil.move(region / "groundwater.nc", region / "data" / "gw-2024.nc")
    (region / "groundwater.nc").symlink_to(Path("data") / "gw-2024.nc")
    edit_manifest(region, 'file = "terrain.nc"', f'file = "{region / "terrain.nc"}"')
    opened = open_region(region)
    assert opened.shape == (240, 240)
    assert len(opened.checksum) == 64


@pytest.mark.timeout(20)
def test_heads_file_linked_to_dev_zero_is_refused_quickly(region: Path, capsys) -> None:
    heads = region / "wells" / "heads" / "GWM001.csv"
    heads.unlink()
    heads.symlink_to("/dev/zero")
    err = check_fails(region, capsys)  # the checksum reads every heads file
    assert "GWM001.csv" in err and "[wells] heads_dir" in err and "outside" in err
    with pytest.raises(RegionError, match="GWM001"):
        open_region(region).read_heads("GWM001")


@pytest.mark.timeout(20)
def test_weather_linked_to_dev_zero_is_refused_quickly(region: Path) -> None:
    weather = region / "wells" / "weather.csv"
    weather.unlink()
    weather.symlink_to("/dev/zero")
    with pytest.raises(RegionError, match=r"\[wells\] weather"):
        open_region(region).weather


@pytest.mark.timeout(20)
@pytest.mark.parametrize("relative, key", [("wells/weather.csv", "[wells] weather"),
                                           ("wells/heads/GWM002.csv", "[wells] heads_dir"),
                                           ("terrain.nc", "[layers.elevation] file")])
def test_fifo_inside_the_folder_is_refused(region: Path, relative: str, key: str, capsys) -> None:
    """A FIFO would block the reader forever; nothing writes to it here."""
    fifo = region / relative
    fifo.unlink()
    os.mkfifo(fifo)
    err = check_fails(region, capsys)
    assert relative.split("/")[-1] in err and key in err and "FIFO" in err


def test_folder_where_a_file_belongs_is_refused(region: Path, capsys) -> None:
    (region / "wells" / "wells.csv").unlink()
    (region / "wells" / "wells.csv").mkdir()
    err = check_fails(region, capsys)
    assert "wells.csv" in err and "is a folder" in err


def test_file_over_the_size_limit_is_refused(region: Path, monkeypatch, capsys) -> None:
    # 0.1 MB: the manifest (about 1 kB) passes, terrain.nc (about 200 kB) does not
    monkeypatch.setenv("KOKI_MAX_FILE_MB", "0.1")
    assert (region / "terrain.nc").stat().st_size > 100_000 > (region / "region.toml").stat().st_size
    err = check_fails(region, capsys)
    assert "terrain.nc" in err and "limit of 0.1 MB" in err and "KOKI_MAX_FILE_MB" in err


def test_oversized_manifest_is_refused_before_parsing(region: Path, capsys) -> None:
    # default limit for a manifest: 1 MB; 1.2 MB of comment lines exceed it
    with open(region / "region.toml", "a") as handle:
        handle.write(("# padding" + " " * 90 + "\n") * 12_000)
    err = check_fails(region, capsys)
    assert "region.toml" in err and "limit of 1 MB" in err


def test_size_limit_configuration(monkeypatch) -> None:
    monkeypatch.delenv("KOKI_MAX_FILE_MB", raising=False)
    assert max_file_bytes("raster") == DEFAULT_MAX_FILE_MB["raster"] * 1_000_000
    assert DEFAULT_MAX_FILE_MB["raster"] * 1_000_000 >= 100_000_000 * 8  # one float64 grid at KOKI_MAX_CELLS


@pytest.mark.parametrize("value", ["lots", "0", "-3", "inf"])
def test_bad_size_limit_setting_is_refused(value: str, monkeypatch) -> None:
    monkeypatch.setenv("KOKI_MAX_FILE_MB", value)
    with pytest.raises(InputError, match="KOKI_MAX_FILE_MB"):
        max_file_bytes("table")


def test_manifest_that_is_a_fifo_is_refused(region: Path, capsys) -> None:
    (region / "region.toml").unlink()
    os.mkfifo(region / "region.toml")
    err = check_fails(region, capsys)
    assert "region.toml" in err and "FIFO" in err


# --- units: the manifest declares the file's units -------------------------------------------

def impervious_as_percent_geotiff(region: Path) -> tuple[xr.DataArray, float, float]:
    """Write impervious (in %) to impervious.tif, one cell set to 45 %; return (fraction, x, y) of that cell."""
    with xr.open_dataset(region / "terrain.nc", decode_coords="all") as ds:
        fraction = ds["impervious"].load()
    percent = (fraction * 100.0).astype("float32")
    x, y = float(percent.x[3]), float(percent.y[5])
    percent.loc[{"x": x, "y": y}] = 45.0
    percent.attrs, percent.encoding = {}, {}  # a GeoTIFF carries no units
    percent.rio.write_crs("EPSG:25832").rio.to_raster(region / "impervious.tif")
    return fraction, x, y


def test_percent_in_the_manifest_is_converted_to_a_fraction(region: Path) -> None:
    fraction, x, y = impervious_as_percent_geotiff(region)
    edit_manifest(region, '[layers.impervious]\nfile = "terrain.nc"\nvariable = "impervious"\nunits = "1"',
                  '[layers.impervious]\nfile = "impervious.tif"\nunits = "%"')
    loaded = open_region(region).grid["impervious"]
    assert loaded.attrs["units"] == "1"
    assert float(loaded.sel(x=x, y=y)) == pytest.approx(0.45, rel=1e-6)  # 45 % -> 0.45
    others = loaded.where((loaded.x != x) | (loaded.y != y))
    np.testing.assert_allclose(others.values, fraction.where((fraction.x != x) | (fraction.y != y)).values,
                               rtol=1e-5, atol=1e-6)


def test_manifest_units_disagreeing_with_the_file_are_refused(region: Path, capsys) -> None:
    # terrain.nc says impervious is in '1'; the manifest now claims '%'
    edit_manifest(region, 'variable = "impervious"\nunits = "1"', 'variable = "impervious"\nunits = "%"')
    err = check_fails(region, capsys)
    assert "terrain.nc" in err and "'impervious'" in err and "'1'" in err and "'%'" in err


def test_equivalent_spellings_agree(region: Path) -> None:
    edit_manifest(region, 'variable = "elevation"\nunits = "m"', 'variable = "elevation"\nunits = "metres"')
    assert open_region(region).grid["elevation"].attrs["units"] == "m"


def test_unconvertible_manifest_units_are_refused(region: Path, capsys) -> None:
    with netCDF4.Dataset(region / "groundwater.nc", "a") as nc:
        nc["groundwater_depth"].delncattr("units")
    edit_manifest(region, 'variable = "groundwater_depth"\nunits = "m"',
                  'variable = "groundwater_depth"\nunits = "hPa"')
    err = check_fails(region, capsys)
    assert "groundwater.nc" in err and "'groundwater_depth'" in err and "'hPa'" in err and "'m'" in err


def test_units_on_a_class_layer_are_refused(region: Path, capsys) -> None:
    edit_manifest(region, 'variable = "landuse"', 'variable = "landuse"\nunits = "%"')
    err = check_fails(region, capsys)
    assert "terrain.nc" in err and "'landuse'" in err and "'%'" in err and "classes" in err


@pytest.mark.parametrize("value, units, target, expected", [
    (45.0, "%", "1", 0.45),            # percent -> fraction
    (45.0, "percent", "1", 0.45),
    (250.0, "cm", "m", 2.5),           # 250 cm = 2.5 m
    (1500.0, "mm", "m", 1.5),
    (0.05, "m", "mm", 50.0),           # 0.05 m of rain = 50 mm
    (283.15, "K", "degC", 10.0),       # 283.15 K = 10 °C
    (12.5, "degrees Celsius", "degC", 12.5),
])
def test_unit_conversions(value: float, units: str, target: str, expected: float) -> None:
    da = xr.DataArray(np.array([value]), attrs={"units": units})
    out = convert_units(da, target, Path("f.nc"), "v")
    assert float(out[0]) == pytest.approx(expected)
    assert out.attrs["units"] == target


def test_declared_units_apply_when_the_file_has_none() -> None:
    da = xr.DataArray(np.array([45.0]))
    assert float(convert_units(da, "1", Path("f.tif"), "v", declared="%")[0]) == pytest.approx(0.45)


# --- plausible values --------------------------------------------------------------------------

BAD_VALUES = [  # (file, variable in the file, index, value, fragments of the message)
    ("groundwater.nc", "groundwater_depth", (0, 0), -9999.0, ["'groundwater_depth'", "-5 .. 1000 m", "-9999"]),
    ("terrain.nc", "elevation", (10, 10), 38681.0, ["'elevation'", "-450 .. 9000 m", "38681"]),  # cm read as m
    ("terrain.nc", "impervious", (3, 4), 45.0, ["'impervious'", "found 0 .. 45, allowed 0 .. 1 (", "45"]),  # percent read as fraction
    ("terrain.nc", "landuse", (0, 0), 0, ["'landuse'", "e.g. 0", "1, 2, 3, 4, 5, 6, 7"]),
    ("terrain.nc", "river", (7, 7), 2, ["'river'", "e.g. 2", "0, 1"]),
    ("floods.nc", "inundated", (0, 5, 5), 3, ["'inundated'", "flood_events", "e.g. 3"]),
    ("floods.nc", "event_precip_mm", (1,), -1.0, ["'event_precip_mm'", "0 .. 2000 mm"]),
    ("climate.nc", "tas", (0, 2, 2), 283.0, ["'tas'", "-90 .. 60 degC", "283"]),  # K labelled °C
    ("climate.nc", "pr_1d_rp100", (3, 1, 1), -5.0, ["'pr_1d_rp100'", "heavy_rain_rp100", "0 .. 2000 mm"]),
    ("climate.nc", "pr_annual", (0, 0, 0), 99_999.0, ["'pr_annual'", "0 .. 15000 mm"]),
]


@pytest.mark.parametrize("file, variable, index, value, fragments", BAD_VALUES,
                         ids=[row[1] for row in BAD_VALUES])
def test_value_outside_the_range_is_refused(region: Path, file: str, variable: str, index: tuple,
                                            value: float, fragments: list[str], capsys) -> None:
    set_values(region / file, variable, index, value)
    err = check_fails(region, capsys)
    assert file in err
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in {err!r}"


def test_nan_is_missing_not_out_of_range(region: Path) -> None:
    with netCDF4.Dataset(region / "groundwater.nc", "a") as nc:
        nc["groundwater_depth"][0:5, 0:5] = np.nan
    depth = open_region(region).grid["groundwater_depth"]
    assert int(depth.isnull().sum()) == 25


def test_artesian_margin_is_allowed(region: Path) -> None:
    set_values(region / "groundwater.nc", "groundwater_depth", (0, 0), -4.5)  # 4.5 m above ground: artesian
    assert float(open_region(region).grid["groundwater_depth"].min()) == pytest.approx(-4.5)


def test_out_of_range_well_elevation_is_refused(region: Path, capsys) -> None:
    wells = pd.read_csv(region / "wells" / "wells.csv")
    wells.loc[2, "ground_elevation_m"] = -9999.0
    wells.to_csv(region / "wells" / "wells.csv", index=False)
    err = check_fails(region, capsys)
    assert "wells.csv" in err and "'ground_elevation_m'" in err and "data row 3" in err and "-450 .. 9000 m" in err


def test_out_of_range_head_is_refused(region: Path) -> None:
    heads = pd.read_csv(region / "wells" / "heads" / "GWM001.csv")
    heads.loc[4, "head_m"] = 40063.0  # centimetres read as metres
    heads.to_csv(region / "wells" / "heads" / "GWM001.csv", index=False)
    with pytest.raises(RegionError) as info:
        open_region(region).read_heads("GWM001")
    message = str(info.value)
    assert "GWM001.csv" in message and "'head_m'" in message and "data row 5" in message and "40063" in message


def test_dask_backed_region_is_checked_too(region: Path) -> None:
    set_values(region / "groundwater.nc", "groundwater_depth", (100, 100), 5000.0)
    with pytest.raises(RegionError, match="groundwater_depth.*-5 .. 1000 m"):
        open_region(region, chunks={"y": 60, "x": 60})


# property tests on the checker itself: the invariant holds for any array, numpy or dask

CONTINUOUS = sorted(role for role, valid in VALID_RANGES.items() if valid.classes is None)


@st.composite
def in_range_grid(draw: st.DrawFn, role: str) -> np.ndarray:
    valid = VALID_RANGES[role]
    shape = (draw(st.integers(2, 6)), draw(st.integers(2, 6)))
    values = st.floats(valid.low, valid.high, allow_nan=False) | st.just(np.nan)
    grid = np.array(draw(st.lists(values, min_size=shape[0] * shape[1], max_size=shape[0] * shape[1])),
                    dtype=float).reshape(shape)
    if np.isnan(grid).all():
        grid[0, 0] = valid.low
    return grid


def as_array(values: np.ndarray, dask: bool) -> xr.DataArray:
    da = xr.DataArray(values, dims=("y", "x"))
    return da.chunk({"y": 2, "x": 2}) if dask else da


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), role=st.sampled_from(CONTINUOUS), dask=st.booleans())
def test_any_in_range_grid_passes_and_one_value_outside_is_refused(data, role: str, dask: bool) -> None:
    valid = VALID_RANGES[role]
    grid = data.draw(in_range_grid(role))
    check_values([ValueCheck(role, as_array(grid, dask), Path("layer.nc"), "v")])  # no error

    outside = data.draw(st.floats(max_value=valid.low, exclude_max=True) | st.floats(min_value=valid.high,
                                                                                      exclude_min=True))
    row, col = data.draw(st.integers(0, grid.shape[0] - 1)), data.draw(st.integers(0, grid.shape[1] - 1))
    grid[row, col] = outside
    with pytest.raises(RegionError) as info:
        check_values([ValueCheck(role, as_array(grid, dask), Path("layer.nc"), "v")])
    message = str(info.value)
    assert message.startswith("layer.nc, variable 'v':") and role in message
    units = "" if valid.units == "1" else f" {valid.units}"  # shares have no unit to show
    assert f"allowed {valid.low:g} .. {valid.high:g}{units} (" in message


@settings(max_examples=40, deadline=None)
@given(data=st.data(), role=st.sampled_from(["landuse", "river", "flood_events"]), dask=st.booleans())
def test_any_grid_of_classes_passes_and_one_other_value_is_refused(data, role: str, dask: bool) -> None:
    classes = VALID_RANGES[role].classes
    grid = np.array(data.draw(st.lists(st.sampled_from(classes), min_size=9, max_size=9)), dtype=float).reshape(3, 3)
    check_values([ValueCheck(role, as_array(grid, dask), Path("classes.nc"), "v")])

    other = data.draw(st.floats(allow_nan=False).filter(lambda v: v not in classes))
    grid[1, 2] = other
    with pytest.raises(RegionError, match=rf"classes\.nc, variable 'v': 1 value\(s\) are not {role} values"):
        check_values([ValueCheck(role, as_array(grid, dask), Path("classes.nc"), "v")])


def test_landuse_classes_are_the_documented_ones() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "region-format.md").read_text()
    listed = ", ".join(f"{number} {name}" for number, name in LANDUSE_CLASSES.items())
    assert listed.replace("planned_development", "planned development") in doc


def test_all_nan_is_refused_but_may_be_allowed() -> None:
    nan = xr.DataArray(np.full((2, 2), np.nan), dims=("y", "x"))
    with pytest.raises(RegionError, match="all values are NaN"):
        check_values([ValueCheck("impervious", nan, Path("f.nc"), "v")])
    check_values([ValueCheck("event_precip_mm", nan, Path("f.nc"), "v", require_values=False)])


def test_manifest_read_alone_refuses_outside_paths(region: Path, outside_file: Path) -> None:
    edit_manifest(region, 'file = "floods.nc"', f'file = "../{outside_file.name}"')
    with pytest.raises(OutsideRegionError, match=r"\[layers.flood_events\] file = '\.\./secret.csv'"):
        read_manifest(region)


@pytest.mark.timeout(120)
def test_real_entry_point_refuses_dev_zero_weather_without_traceback(region: Path) -> None:
    """``python -m koki_climate check`` used to read a weather file linked to /dev/zero forever."""
    weather = region / "wells" / "weather.csv"
    weather.unlink()
    weather.symlink_to("/dev/zero")
    result = subprocess.run([sys.executable, "-m", "koki_climate", "check", str(region), "--json"],
                            capture_output=True, text=True, timeout=100)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert json.loads(result.stdout)["valid"] is False
    assert "[wells] weather" in result.stderr
