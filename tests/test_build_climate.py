"""Region build, climate: heavy-rain tables, change signals, baseline, and the Dataset the loader reads.

Expected values are worked out by hand in each test (depth linear in ln T, delta change),
never taken from the code's output.
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pyproj
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from koki_climate.errors import InputError
from koki_climate.io.netcdf import write_netcdf
from koki_climate.region import open_region
from koki_climate.region.build.climate import (
    CHANGE_VARIABLES, CLIMATE_VARIABLES, HORIZONS, PATHWAYS, areal_design_rain_mm, baseline_from_weather,
    climate_dataset, climate_grid, design_rain_mm, heavy_rain_from_values, heavy_rain_grid, normalise_horizon,
    normalise_pathway, read_change_signals, read_heavy_rain_table)
from koki_climate.region.build.report import BuildReport
from koki_climate.region.build.target import TargetGrid

CRS = "EPSG:25832"
#: 6 km x 4 km at 20 m: 300 x 200 cells; climate grid 6 x 4 cells of 1 km
TARGET = TargetGrid.from_bounds(CRS, (600_000.0, 5_300_000.0, 606_000.0, 5_304_000.0), 20.0)


def tp29_reduction(area_km2: float) -> float:
    """Areal reduction of 1-day rain by Leclerc & Schaake's fit to TP-29 (area in mi² = km² / 2.59)."""
    decay = 1.1 * 24.0 ** 0.25
    return 1.0 - math.exp(-decay) + math.exp(-decay - 0.01 * area_km2 / 2.589988)


#: the whole 6 km x 4 km target counts: 24 km², reduction 1 - 0.0876 (1 - e^-0.0927) = 0.99225
TARGET_REDUCTION = tp29_reduction(24.0)
KOSTRA_PERIODS = (1, 2, 3, 5, 10, 20, 30, 50, 100)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def change_rows(**override: float) -> list[dict[str, object]]:
    """Every scenario and variable: rain +10 %, warming +1 K; ``override["rcp85_2071-2100_heavy_rain"] = 20``."""
    rows = []
    for pathway in PATHWAYS:
        for horizon in HORIZONS:
            for variable in CHANGE_VARIABLES:
                value = override.get(f"{pathway}_{horizon}_{variable}", 1.0 if variable == "temperature" else 10.0)
                rows.append({"pathway": pathway, "horizon": horizon, "variable": variable,
                             "change_percent": "" if variable == "temperature" else value,
                             "change_degC": value if variable == "temperature" else ""})
    return rows


def change_csv(path: Path, rows: list[dict[str, object]]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def daily_weather(start: str, end: str, *, temperature: bool = True) -> pd.DataFrame:
    """Rain of ``month`` mm every day (January 1 mm/day … December 12 mm/day), so totals are easy sums;
    temperature 10 °C in 2001-2002, 30 °C on every other day."""
    days = pd.date_range(start, end, freq="D")
    frame = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "precipitation_mm": days.month.astype(float)})
    if temperature:
        frame["temperature_c"] = np.where(days.year.isin((2001, 2002)), 10.0, 30.0)
    else:
        frame["pet_mm"] = 1.0
    return frame


# ----------------------------------------------------------------------------- heavy rain: ln T
def test_interpolation_in_ln_t_reproduces_given_values_and_the_ln_position(tmp_path: Path) -> None:
    table = write(tmp_path / "kostra.csv", "dauerstufe_min,wiederkehrzeit_a,niederschlag_mm\n"
                                          "1440,10,50.0\n1440,100,80.0\n")
    rain = read_heavy_rain_table(table, TARGET, BuildReport())
    assert design_rain_mm(rain, 10) == 50.0
    assert design_rain_mm(rain, 100) == 80.0
    # T = 30 lies ln(30/10) / ln(100/10) = ln 3 / ln 10 = 0.4771 of the way from 10 to 100 on a log axis
    assert design_rain_mm(rain, 30) == pytest.approx(50.0 + 30.0 * math.log(3) / math.log(10))
    assert design_rain_mm(rain, 30) == pytest.approx(64.314, abs=1e-3)
    # sqrt(10 * 100) = 31.6 is the log-midpoint: exactly halfway, 65 mm
    assert design_rain_mm(rain, math.sqrt(1000)) == pytest.approx(65.0)


def test_extrapolation_to_1000_years_from_the_two_largest(tmp_path: Path) -> None:
    rain = heavy_rain_from_values({"rp10": 50.0, "rp100": 80.0}, BuildReport())
    # one decade of T adds 30 mm: 1000 a -> 110 mm
    assert design_rain_mm(rain, 1000) == pytest.approx(110.0)
    assert design_rain_mm(rain, "extreme") == pytest.approx(110.0)
    # a KOSTRA-like curve: the last segment 50 -> 100 a (73 -> 80 mm) is extended:
    # 80 + 7 mm x ln(1000/100) / ln(100/50) = 80 + 7 x 3.3219 = 103.25 mm
    kostra = heavy_rain_from_values({"rp10": 58.0, "rp20": 64.0, "rp50": 73.0, "rp100": 80.0}, BuildReport())
    assert design_rain_mm(kostra, 1000) == pytest.approx(80.0 + 7.0 * math.log(10) / math.log(2))
    assert design_rain_mm(kostra, 1000) == pytest.approx(103.25, abs=0.01)


def test_extreme_is_configurable_as_return_period_or_depth() -> None:
    report = BuildReport()
    rain = heavy_rain_from_values({"rp10": 50.0, "rp100": 80.0, "extreme_return_period": 500}, report)
    # 500 a: 80 + 30 x log10(5) = 80 + 30 x 0.69897 = 100.97 mm
    assert design_rain_mm(rain, "extreme") == pytest.approx(100.969, abs=1e-3)
    given_depth = heavy_rain_from_values({"rp10": 50.0, "rp100": 80.0, "extreme": 140.0}, report)
    assert design_rain_mm(given_depth, "HQextrem") == 140.0
    with pytest.raises(InputError, match="above 100"):
        heavy_rain_from_values({"rp10": 50.0, "rp100": 80.0, "extreme_return_period": 50}, report)


def test_a_single_number_is_refused_with_the_dict_it_needs() -> None:
    with pytest.raises(InputError, match=r"rp10 = 52.0, rp100 = 78.0"):
        heavy_rain_from_values(45.0, BuildReport())
    with pytest.raises(InputError, match="at least two"):
        heavy_rain_from_values({"rp100": 80.0}, BuildReport())


def test_kostra_table_with_several_durations_picks_one_day(tmp_path: Path) -> None:
    # German export: ';', decimal commas, headers with units and umlauts, Windows-1252
    lines = ["Dauerstufe [min];Wiederkehrzeit [a];Niederschlagshöhe [mm]"]
    for duration, scale in ((60, 0.5), (720, 0.8), (1440, 1.0), (2880, 1.2)):
        for period, depth in ((10, 50.0), (100, 80.0)):
            lines.append(f"{duration};{period};{depth * scale:.1f}".replace(".", ","))
    rain = read_heavy_rain_table(write(tmp_path / "kostra.csv", "\n".join(lines) + "\n", "cp1252"),
                                 TARGET, BuildReport())
    assert rain.durations_min == (60.0, 720.0, 1440.0, 2880.0)
    assert design_rain_mm(rain, 100) == 80.0           # the 1440-min row, not 2880 (96) or 720 (64)
    assert design_rain_mm(rain, 100, duration_min=60) == 40.0
    with pytest.raises(InputError, match="no rows for the duration 4320"):
        design_rain_mm(rain, 100, duration_min=4320)


def test_kostra_wide_layout_with_missing_marker(tmp_path: Path) -> None:
    """KOSTRA's own layout: one row per duration, HN_xxxA columns; -99,9 marks no data."""
    header = "D_min;" + ";".join(f"HN_{t:03d}A" for t in KOSTRA_PERIODS)
    day = [35.9, 42.8, 46.8, 51.9, 58.8, 65.8, 69.8, 74.9, 81.8]
    text = "\n".join([header,
                      "60;" + ";".join("-99,9" for _ in KOSTRA_PERIODS),
                      "1440;" + ";".join(f"{v}".replace(".", ",") for v in day)]) + "\n"
    report = BuildReport()
    rain = read_heavy_rain_table(write(tmp_path / "kostra_wide.csv", text), TARGET, report)
    assert rain.durations_min == (1440.0,)
    for period, depth in zip(KOSTRA_PERIODS, day):
        assert design_rain_mm(rain, period) == depth
    assert any("-99.9" in entry.message for entry in report.of("dropped"))


def test_table_without_one_day_duration_or_with_falling_depths_is_refused(tmp_path: Path) -> None:
    no_day = write(tmp_path / "hourly.csv", "dauerstufe_min,wiederkehrzeit_a,niederschlag_mm\n60,10,30\n60,100,45\n")
    with pytest.raises(InputError, match=r"hourly\.csv.*1440.*durations 60 min"):
        design_rain_mm(read_heavy_rain_table(no_day, TARGET, BuildReport()), 100)
    falling = write(tmp_path / "falling.csv", "dauerstufe_min,wiederkehrzeit_a,niederschlag_mm\n"
                                              "1440,10,60\n1440,100,55\n")
    with pytest.raises(InputError, match=r"falling\.csv.*60 mm \(T = 10 a\) to 55 mm \(T = 100 a\)"):
        read_heavy_rain_table(falling, TARGET, BuildReport())
    no_duration = write(tmp_path / "plain.csv", "wiederkehrzeit_a,niederschlag_mm\n10,50\n100,80\n")
    with pytest.raises(InputError, match=r"plain\.csv: no duration column"):
        read_heavy_rain_table(no_duration, TARGET, BuildReport())


def test_per_cell_table_becomes_a_grid_by_nearest_cell(tmp_path: Path) -> None:
    # four KOSTRA-like cells, 5 km apart, centres around the target (x 600-606 km, y 5300-5304 km)
    cells = {(600_500.0, 5_303_500.0): 40.0, (605_500.0, 5_303_500.0): 50.0,
             (600_500.0, 5_298_500.0): 60.0, (605_500.0, 5_298_500.0): 70.0}
    lines = ["x,y,dauerstufe_min,wiederkehrzeit_a,niederschlag_mm"]
    for (x, y), rp100 in cells.items():
        lines += [f"{x},{y},1440,10,{rp100 - 20}", f"{x},{y},1440,100,{rp100}"]
    rain = read_heavy_rain_table(write(tmp_path / "cells.csv", "\n".join(lines) + "\n"), TARGET, BuildReport())
    assert rain.per_cell and rain.x.size == 4
    grid = climate_grid(TARGET)
    assert grid.shape == (4, 6)  # 1 km cells over 6 km x 4 km
    values = heavy_rain_grid(rain, 100, grid)
    # climate cell centres: x 600.5 … 605.5 km, y 5303.5 … 5300.5 km. The table cells' boundary
    # (half way) lies at x = 603 km and y = 5301 km: columns 0-2 are west, rows 0-2 north
    expected = np.empty((4, 6))
    expected[:3, :3], expected[:3, 3:], expected[3:, :3], expected[3:, 3:] = 40.0, 50.0, 60.0, 70.0
    np.testing.assert_array_equal(values, expected)
    # areal mean: 3 rows x 3 cols each of 40 and 50, 1 row x 3 cols of 60 and 70 -> (9*40+9*50+3*60+3*70)/24,
    # every climate cell holding the same number of target cells; then the areal reduction for 24 km²
    assert TARGET_REDUCTION == pytest.approx(0.99225, abs=1e-5)
    assert areal_design_rain_mm(rain, 100, TARGET) == pytest.approx((9 * 40 + 9 * 50 + 3 * 60 + 3 * 70) / 24
                                                                   * TARGET_REDUCTION)
    # only the western half of the region counts: the mean of the western cells, reduced for 12 km²
    west = np.zeros(TARGET.shape, dtype=bool)
    west[:, : TARGET.width // 2] = True
    assert areal_design_rain_mm(rain, 100, TARGET, valid=west) == pytest.approx((9 * 40 + 3 * 60) / 12
                                                                               * tp29_reduction(12.0))


def test_per_cell_table_in_another_crs_and_one_that_misses_the_region(tmp_path: Path) -> None:
    lines = ["lon,lat,dauerstufe_min,wiederkehrzeit_a,niederschlag_mm"]
    # lon/lat columns are not x/y: refused as a region-wide table with several depths per T
    lines += ["10.3,47.8,1440,10,50", "10.3,47.8,1440,100,80", "10.4,47.8,1440,10,52", "10.4,47.8,1440,100,82"]
    with pytest.raises(InputError, match="several different depths.*needs x, y columns"):
        read_heavy_rain_table(write(tmp_path / "lonlat.csv", "\n".join(lines) + "\n"), TARGET, BuildReport())
    # x, y in lon/lat with crs given: transformed into the region CRS (points made from region coordinates)
    back = pyproj.Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    lines = ["x,y,dauerstufe_min,wiederkehrzeit_a,niederschlag_mm"]
    for x, y, rp100 in ((601_000.0, 5_302_000.0, 80.0), (605_000.0, 5_302_000.0, 90.0)):
        lon, lat = back.transform(x, y)
        lines += [f"{lon:.8f},{lat:.8f},1440,10,{rp100 - 30}", f"{lon:.8f},{lat:.8f},1440,100,{rp100}"]
    report = BuildReport()
    rain = read_heavy_rain_table(write(tmp_path / "wgs84.csv", "\n".join(lines) + "\n"), TARGET, report,
                                 crs="EPSG:4326")
    np.testing.assert_allclose(np.sort(rain.x), [601_000.0, 605_000.0], atol=0.01)
    assert report.of("reprojected")
    # the same points read as if they were region coordinates lie ~600 km away: refused
    with pytest.raises(InputError, match=r"wgs84\.csv: the table's cells do not cover the region"):
        heavy_rain_grid(read_heavy_rain_table(tmp_path / "wgs84.csv", TARGET, BuildReport()), 100,
                        climate_grid(TARGET))


@settings(max_examples=60, deadline=None)
@given(base=st.floats(1.0, 100.0), steps=st.lists(st.floats(0.0, 30.0), min_size=1, max_size=8),
       periods=st.lists(st.floats(1.0, 5000.0), min_size=2, max_size=6))
def test_design_rain_never_falls_as_the_return_period_grows(base: float, steps: list[float],
                                                            periods: list[float]) -> None:
    """For any non-decreasing table, depth(T) is non-decreasing in T, inside and beyond the table."""
    given_periods = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0][:len(steps) + 1]
    depths = np.cumsum([base] + steps)
    rain = heavy_rain_from_values({f"rp{t:g}": float(d) for t, d in zip(given_periods, depths)}, BuildReport())
    ordered = sorted(periods)
    values = [design_rain_mm(rain, t) for t in ordered]
    assert all(b >= a - 1e-9 for a, b in zip(values, values[1:]))
    for t, d in zip(given_periods, depths):
        assert design_rain_mm(rain, t) == pytest.approx(d)


# ----------------------------------------------------------------------------- change signals
def test_pathway_and_horizon_spellings() -> None:
    assert normalise_pathway("RCP2.6") == ("rcp26", False)
    assert normalise_pathway("RCP 8.5") == ("rcp85", False)
    assert normalise_pathway("rcp45") == ("rcp45", False)
    assert normalise_pathway("SSP5-8.5") == ("rcp85", True)
    assert normalise_horizon("2021–2050") == "2021-2050"  # en dash
    assert normalise_horizon(" 2071 - 2100 ") == "2071-2100"
    with pytest.raises(ValueError, match="RCP6.0"):
        normalise_pathway("RCP6.0")
    with pytest.raises(ValueError, match="2036-2065"):
        normalise_horizon("2036-2065")


def test_change_table_german_layout_with_ssp_names(tmp_path: Path) -> None:
    lines = ["Szenario;Zeitraum;Größe;Änderung [%];Änderung [K]"]
    names = {"rcp26": "SSP1-2.6", "rcp45": "RCP 4.5", "rcp85": "RCP8.5"}
    for pathway in PATHWAYS:
        for horizon in HORIZONS:
            for variable in CHANGE_VARIABLES:
                value = "1,5" if variable == "temperature" else "12,5"
                percent, kelvin = ("", value) if variable == "temperature" else (value, "")
                lines.append(f"{names[pathway]};{horizon.replace('-', '–')};{variable};{percent};{kelvin}")
    report = BuildReport()
    changes = read_change_signals(write(tmp_path / "klimaatlas.csv", "\n".join(lines) + "\n"), report)
    assert changes.factor("rcp26", "2021-2050", "precip_summer") == pytest.approx(1.125)
    assert changes.warming("rcp85", "2071-2100") == pytest.approx(1.5)
    assert changes.factor("historical", "1991-2020", "heavy_rain") == 1.0
    assert any("SSP1-2.6" in entry.message for entry in report.of("assumed"))


def test_missing_combination_is_refused_naming_the_table(tmp_path: Path) -> None:
    rows = [row for row in change_rows()
            if not (row["pathway"] == "rcp45" and row["horizon"] == "2071-2100" and row["variable"] == "precip_winter")]
    with pytest.raises(InputError,
                       match=r"signals\.csv: missing change signal\(s\) for rcp45 2071-2100: precip_winter"):
        read_change_signals(change_csv(tmp_path / "signals.csv", rows), BuildReport())


def test_bad_change_rows_are_refused(tmp_path: Path) -> None:
    rows = change_rows()
    rows[4]["change_degC"], rows[4]["change_percent"] = "", 5.0  # temperature given in percent
    with pytest.raises(InputError, match=r"data row 5: temperature needs a value in change_degC"):
        read_change_signals(change_csv(tmp_path / "a.csv", rows), BuildReport())
    rows = change_rows() + [{"pathway": "historical", "horizon": "1991-2020", "variable": "heavy_rain",
                             "change_percent": 3.0, "change_degC": ""}]
    with pytest.raises(InputError, match="no change by definition"):
        read_change_signals(change_csv(tmp_path / "b.csv", rows), BuildReport())
    rows = change_rows() + change_rows()[:1]
    with pytest.raises(InputError, match="appears twice"):
        read_change_signals(change_csv(tmp_path / "c.csv", rows), BuildReport())


# ----------------------------------------------------------------------------- baseline
def test_baseline_uses_complete_years_and_seasons_only() -> None:
    # 2000-03-01 .. 2003-01-31: complete years 2001, 2002; summers 2000-2002; winters 2000/01, 2001/02
    report = BuildReport()
    baseline = baseline_from_weather(daily_weather("2000-03-01", "2003-01-31"), report)
    # a non-leap year at "month mm per day": 1x31 + 2x28 + 3x31 + 4x30 + 5x31 + 6x30 + 7x31 + 8x31 + 9x30
    # + 10x31 + 11x30 + 12x31 = 2382 mm
    assert baseline.years == 2 and baseline.precip_annual_mm == pytest.approx(2382.0)
    assert baseline.summers == 3 and baseline.precip_summer_mm == pytest.approx(6 * 30 + 7 * 31 + 8 * 31)  # 645
    # DJF: December 12 x 31 + January 1 x 31 + February 2 x 28 (2001, 2002 not leap years) = 459
    assert baseline.winters == 2 and baseline.precip_winter_mm == pytest.approx(12 * 31 + 31 + 2 * 28)
    assert baseline.temperature_c == pytest.approx(10.0)  # the 30 °C days lie outside the complete years
    assert report.of("note")  # 2 years only


def test_baseline_without_temperature_is_a_documented_assumption() -> None:
    report = BuildReport()
    baseline = baseline_from_weather(daily_weather("2001-01-01", "2002-12-31", temperature=False), report)
    assert baseline.temperature_assumed
    assert any("only the scenarios' warming" in entry.message for entry in report.of("assumed"))
    with pytest.raises(InputError, match="no complete winter"):
        baseline_from_weather(daily_weather("2001-01-01", "2001-12-31"), BuildReport())


# ----------------------------------------------------------------------------- dataset and loader
def grid_file(path: Path, target: TargetGrid) -> None:
    """The four required layers of a region on ``target``: flat ground, grassland, unsealed, 2 m to water."""
    layers = {"elevation": (np.full(target.shape, 300.0, np.float32), "m"),
              "landuse": (np.full(target.shape, 4, np.uint8), "1"),
              "impervious": (np.zeros(target.shape, np.float32), "1"),
              "groundwater_depth": (np.full(target.shape, 2.0, np.float32), "m")}
    ds = xr.Dataset({name: target.data_array(values, name, {"units": units, "long_name": name})
                     for name, (values, units) in layers.items()})
    write_netcdf(ds, path)


def write_region(folder: Path, target: TargetGrid, climate: xr.Dataset | None = None,
                 floods: xr.DataArray | None = None) -> Path:
    """A minimal region folder with the built climate and/or flood events; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    grid_file(folder / "grid.nc", target)
    toml = ['format_version = 1', '[region]', 'name = "Testdorf"', f'crs = "{CRS}"']
    for role in ("elevation", "landuse", "impervious", "groundwater_depth"):
        toml += [f"[layers.{role}]", 'file = "grid.nc"', f'variable = "{role}"']
    if floods is not None:
        write_netcdf(floods.to_dataset(), folder / "floods.nc")
        toml += ["[layers.flood_events]", 'file = "floods.nc"', f'variable = "{floods.name}"']
    if climate is not None:
        write_netcdf(climate, folder / "climate.nc")
        toml += ["[climate]", 'file = "climate.nc"', "[climate.variables]"]
        toml += [f'{role} = "{name}"' for role, name in CLIMATE_VARIABLES.items()]
    (folder / "region.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
    return folder


def built_climate(tmp_path: Path, report: BuildReport) -> xr.Dataset:
    rain = heavy_rain_from_values({"rp10": 50.0, "rp100": 80.0}, report)
    changes = read_change_signals(change_csv(tmp_path / "signals.csv", change_rows(**{
        "rcp85_2071-2100_heavy_rain": 20.0, "rcp85_2071-2100_temperature": 3.1,
        "rcp85_2071-2100_precip_summer": -15.0})), report)
    baseline = baseline_from_weather(daily_weather("2000-03-01", "2003-01-31"), report)
    return climate_dataset(rain, changes, baseline, TARGET, report)


def test_change_signals_are_applied(tmp_path: Path) -> None:
    climate = built_climate(tmp_path, BuildReport())
    assert dict(climate.sizes) == {"scenario": 7, "y": 4, "x": 6}

    def at(pathway: str, horizon: str, name: str) -> float:
        selected = climate[name].isel(scenario=int(np.flatnonzero((climate.pathway == pathway).values
                                                                  & (climate.horizon == horizon).values)[0]))
        assert float(selected.min()) == float(selected.max())  # region-wide input: constant grid
        return float(selected.mean())

    assert at("historical", "1991-2020", "pr_1d_rp100") == pytest.approx(80.0)
    assert at("rcp85", "2071-2100", "pr_1d_rp100") == pytest.approx(80.0 * 1.2)        # +20 %
    assert at("rcp85", "2071-2100", "pr_1d_rp10") == pytest.approx(50.0 * 1.2)
    assert at("rcp85", "2071-2100", "pr_1d_extreme") == pytest.approx(110.0 * 1.2)    # T = 1000 a, then +20 %
    assert at("rcp85", "2071-2100", "tas") == pytest.approx(10.0 + 3.1)
    assert at("rcp85", "2071-2100", "pr_summer") == pytest.approx(645.0 * 0.85)
    assert at("rcp26", "2021-2050", "pr_1d_rp100") == pytest.approx(80.0 * 1.1)        # the default +10 %
    assert at("rcp26", "2021-2050", "pr_annual") == pytest.approx(2382.0 * 1.1)


def test_built_climate_loads_through_the_region_loader(tmp_path: Path) -> None:
    from koki_climate.groundwater.projection import change_signals
    from koki_climate.risk.design_events import design_events
    from koki_climate.scenario import Scenario

    climate = built_climate(tmp_path, BuildReport())
    region = open_region(write_region(tmp_path / "region", TARGET, climate=climate))
    assert region.climate is not None and not region.warnings  # same CRS: no reprojection note
    assert float(region.climate_scenario("rcp85", "2071-2100")["heavy_rain_rp100"].mean()) == pytest.approx(96.0)
    events = {e.name: e for e in design_events(region, Scenario("rcp85", "2071-2100"))}
    assert events["hq100"].point_reference_mm == pytest.approx(80.0)
    assert events["hq100"].reference_mm == pytest.approx(80.0 * TARGET_REDUCTION)
    assert events["hq100"].change_factor == pytest.approx(1.2)
    assert events["hq100"].precip_mm == pytest.approx(96.0 * TARGET_REDUCTION)
    signals = change_signals(region.climate, "rcp85", "2071-2100")
    assert signals.delta_t == pytest.approx(3.1) and signals.precip_summer == pytest.approx(0.85)


def test_a_tiny_region_still_gets_a_two_by_two_climate_grid(tmp_path: Path) -> None:
    small = TargetGrid.from_bounds(CRS, (600_000.0, 5_300_000.0, 600_600.0, 5_300_400.0), 10.0)
    grid = climate_grid(small)
    assert grid.width >= 2 and grid.height >= 2
    west, south, east, north = grid.bounds
    assert west <= 600_000 and south <= 5_300_000 and east >= 600_600 and north >= 5_300_400
    report = BuildReport()
    rain = heavy_rain_from_values({"rp10": 50.0, "rp100": 80.0}, report)
    changes = read_change_signals(change_csv(tmp_path / "signals.csv", change_rows()), report)
    baseline = baseline_from_weather(daily_weather("2001-01-01", "2002-12-31"), report)
    climate = climate_dataset(rain, changes, baseline, small, report)
    region = open_region(write_region(tmp_path / "tiny", small, climate))
    assert region.climate.sizes["x"] >= 2
