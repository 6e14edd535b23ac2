"""Projection: delta change of the weather, well changes with intervals, depth grids."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from koki_climate.cli import main
from koki_climate.groundwater import (
    ChangeSignals,
    change_signals,
    delta_change,
    fit_response,
    project_depth_grid,
    project_well,
    read_climate_csv,
    read_heads_csv,
)

DATA = Path(__file__).parent / "data" / "groundwater-example"
REFERENCE = ChangeSignals("historical", "1991-2020")


@pytest.fixture(scope="module")
def weather() -> pd.DataFrame:
    return read_climate_csv(DATA / "climate.csv").loc["1986-01-01":"2015-12-31"]


@pytest.fixture(scope="module")
def model(weather):
    return fit_response(read_heads_csv(DATA / "heads.csv"), weather)


def seasonal_sum(frame: pd.DataFrame, months: tuple[int, ...]) -> float:
    return float(frame.loc[frame.index.month.isin(months), "precipitation_mm"].sum())


def test_delta_change_scales_seasons_and_keeps_the_annual_ratio(weather) -> None:
    pd.testing.assert_frame_equal(delta_change(weather, REFERENCE), weather, rtol=1e-12)
    signals = ChangeSignals("rcp85", "2071-2100", precip_annual=1.05, precip_summer=0.8, precip_winter=1.2, delta_t=3.0)
    changed = delta_change(weather, signals)
    assert seasonal_sum(changed, (6, 7, 8)) == pytest.approx(0.8 * seasonal_sum(weather, (6, 7, 8)))
    assert seasonal_sum(changed, (12, 1, 2)) == pytest.approx(1.2 * seasonal_sum(weather, (12, 1, 2)))
    assert changed["precipitation_mm"].sum() == pytest.approx(1.05 * weather["precipitation_mm"].sum())
    assert (changed["pet_mm"] >= weather["pet_mm"]).all() and changed["pet_mm"].sum() > 1.1 * weather["pet_mm"].sum()
    assert changed.index.equals(weather.index)


def test_change_signals_at_a_point_and_for_the_domain() -> None:
    pathway, horizon = ["historical", "rcp85"], ["1991-2020", "2071-2100"]
    base = np.ones((2, 2, 3))
    climate = xr.Dataset(
        {"precip_annual": (("scenario", "y", "x"), base * [[[800]], [[880]]]),
         "precip_summer": (("scenario", "y", "x"), base * [[[200]], [[160]]]),
         "precip_winter": (("scenario", "y", "x"), base * [[[180]], [[216]]]),
         "temperature": (("scenario", "y", "x"), base * [[[9.0]], [[12.5]]])},
        coords={"pathway": ("scenario", pathway), "horizon": ("scenario", horizon),
                "y": [1500.0, 500.0], "x": [500.0, 1500.0, 2500.0]},
    )
    climate["temperature"][1, 0, 0] = 14.0  # the north-west cell warms more
    point = change_signals(climate, "rcp85", "2071-2100", x=600.0, y=1400.0)
    assert point.precip_annual == pytest.approx(1.1) and point.precip_summer == pytest.approx(0.8)
    assert point.precip_winter == pytest.approx(1.2) and point.delta_t == pytest.approx(5.0)
    domain = change_signals(climate, "rcp85", "2071-2100")
    assert domain.delta_t == pytest.approx(3.5 + 1.5 / 6)
    assert change_signals(climate, "historical", "1991-2020").delta_t == 0.0


def test_projected_changes_go_both_ways_with_intervals(model, weather) -> None:
    same = project_well(model, weather, REFERENCE)
    assert same.mean_change_m == pytest.approx(0.0, abs=1e-12) and same.high_change_m == pytest.approx(0.0, abs=1e-12)
    wetter, drier = project_well(model, weather, [
        ChangeSignals("wet", "x", precip_annual=1.1, precip_summer=1.1, precip_winter=1.1),
        ChangeSignals("dry", "x", precip_annual=0.95, precip_summer=0.8, precip_winter=1.0, delta_t=3.0),
    ])
    for projection, sign in ((wetter, 1), (drier, -1)):
        assert sign * projection.mean_change_m > 0 and sign * projection.high_change_m > 0
        lo, hi = projection.mean_change_ci95
        assert lo < projection.mean_change_m < hi and sign * lo > 0  # significant in this direction
        lo, hi = projection.high_change_ci95
        assert lo <= projection.high_change_m <= hi
    # more rain by 10 % on every day: the mean rises by the gain times 10 % of the mean rain
    assert wetter.mean_change_m == pytest.approx(model.recharge_gain * 0.1 * weather["precipitation_mm"].mean(), rel=1e-2)
    assert same.high_head_m > same.mean_head_m


def synthetic_grid() -> tuple[xr.Dataset, pd.DataFrame]:
    x = np.arange(0.0, 10_000.0, 50.0) + 25.0
    y = (np.arange(0.0, 8_000.0, 50.0) + 25.0)[::-1]
    xx, yy = np.meshgrid(x, y)
    layer = 1.0 + 4.0 * (1 + np.sin(xx / 2000.0))
    layer[:5, :5] = np.nan  # outside the municipality
    grid = xr.Dataset({"groundwater_depth": (("y", "x"), layer.astype("float32"))}, coords={"y": y, "x": x})
    rng = np.random.default_rng(0)
    wx, wy = rng.uniform(1000, 9000, 25), rng.uniform(1000, 7000, 25)
    depth = 0.5 + 1.0 * (1.0 + 4.0 * (1 + np.sin(wx / 2000.0))) + 0.4 * np.cos(wy / 1500.0)
    wells = pd.DataFrame({"x": wx, "y": wy, "depth_m": depth, "depth_high_m": depth - 0.6})
    return grid, wells


def test_depth_grid_follows_wells_and_layer_with_uncertainty() -> None:
    grid, wells = synthetic_grid()
    ds = project_depth_grid(wells, grid, coarse_cell_m=250.0)
    assert set(ds.data_vars) >= {"groundwater_depth", "groundwater_depth_std",
                                 "groundwater_depth_high", "groundwater_depth_high_std"}
    assert ds["groundwater_depth"].dims == ("y", "x") and ds.sizes == grid.sizes
    assert ds["groundwater_depth"].attrs["units"] == "m"
    at_wells = ds["groundwater_depth"].sel(x=xr.DataArray(wells.x), y=xr.DataArray(wells.y), method="nearest")
    assert np.abs(at_wells.to_numpy() - wells["depth_m"].to_numpy()).max() < 0.3
    std = ds["groundwater_depth_std"]
    near = std.sel(x=xr.DataArray(wells.x), y=xr.DataArray(wells.y), method="nearest").mean()
    far = std.sel(x=9900.0, y=7900.0, method="nearest")
    assert float(far) > float(near)
    assert bool(np.isnan(ds["groundwater_depth"][0, 0])) and float(ds["groundwater_depth"].min()) >= 0.0
    high = ds["groundwater_depth_high"]
    assert float((ds["groundwater_depth"] - high).mean()) == pytest.approx(0.6, abs=0.1)


@pytest.mark.slow
def test_cli_projects_a_region_and_caches_grids(small_region_dir, tmp_path, capsys) -> None:
    from koki_climate.groundwater.regional import ProjectedGroundwater
    from koki_climate.region import open_region
    from koki_climate.scenario import Scenario

    wells = "GWM001,GWM002,GWM003"  # the fewest a grid needs (gridding.MIN_WELLS)
    code = main(["groundwater", "project", "--region", str(small_region_dir), "--wells", wells,
                 "--cache-dir", str(tmp_path),
                 "--scenario", "rcp85:2071-2100", "--scenario", "historical:1991-2020", "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    report = json.loads(captured.out)
    assert sorted(report["wells"]) == wells.split(",")
    by_key = {(s["pathway"], s["horizon"]): s for s in report["scenarios"]}
    future = by_key[("rcp85", "2071-2100")]
    for projection in future["wells"].values():
        lo, hi = projection["mean_change_ci95"]
        assert lo <= projection["mean_change_m"] <= hi
        # the span adds the climate ensemble's low and high signals (the sample holds them)
        span_lo, span_hi = projection["mean_change_span"]
        assert span_lo <= lo and hi <= span_hi and span_hi - span_lo > hi - lo
        assert projection["climate_spread"] and projection["members"]
    assert all(p["mean_change_m"] == 0.0 for p in by_key[("historical", "1991-2020")]["wells"].values())
    path = Path(future["grid"])
    region = open_region(small_region_dir)
    assert path.parent == tmp_path / "groundwater" / region.checksum[:16]
    assert path.name.startswith("rcp85_2071-2100-wells-")  # a subset is never served as the region's grid
    assert not list(path.parent.glob(".*.tmp"))
    with xr.open_dataset(path) as ds:
        assert {"groundwater_depth", "groundwater_depth_std", "groundwater_depth_high",
                "groundwater_depth_shallow", "groundwater_depth_deep"} <= set(ds.data_vars)
        assert ds["groundwater_depth"].attrs["units"] == "m"
        # the span's rising end lies above, its falling end below the central depth (median cell)
        assert float(ds["groundwater_depth_shallow"].median()) < float(ds["groundwater_depth"].median())
        assert float(ds["groundwater_depth"].median()) < float(ds["groundwater_depth_deep"].median())
        assert json.loads(ds.attrs["well_models"]).keys() == set(wells.split(","))
    # the engine's provider serves cached grids without refitting any well (here: the subset's
    # grid copied to the full-set name, standing in for a full run)
    import shutil
    shutil.copy(path, path.parent / "rcp85_2071-2100.nc")
    provider = ProjectedGroundwater(region, tmp_path, write=False)
    mean, high = provider.depths(Scenario(pathway="rcp85", horizon="2071-2100"))
    assert provider._fitted is None
    assert float((mean - high).mean()) > 0.0
