"""From depths at wells to depth grids: covariate trend plus Gaussian-process residual.

Forty wells cannot draw a water table on their own, but the region's mean-depth layer
already knows where the valley is shallow and the hills are deep. The well depths are
therefore regressed on that layer (linear trend), and only what the layer gets wrong is
interpolated by a Gaussian process (scikit-learn; Matern kernel plus white noise, fitted
by maximum likelihood). The GP standard deviation is the uncertainty grid: small at the
wells, growing between them. For speed the GP is predicted on a coarse grid (250 m by
default) and bilinearly interpolated to the region grid; the covariate keeps full detail.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import rioxarray  # noqa: F401  (registers the .rio accessor)
import xarray as xr
from sklearn.exceptions import ConvergenceWarning
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
from sklearn.linear_model import LinearRegression

from koki_climate.errors import InputError

#: fewest wells for a spatial interpolation
MIN_WELLS = 3
TARGETS = {
    "groundwater_depth": ("depth_m", "mean depth to groundwater below ground (projected)"),
    "groundwater_depth_high": ("depth_high_m", "depth to high groundwater below ground (mean annual maximum, projected)"),
    "groundwater_depth_shallow": ("depth_shallow_m", "mean depth at the rising end of the projection's span "
                                                     "(model choice, parameters, climate signal)"),
    "groundwater_depth_deep": ("depth_deep_m", "mean depth at the falling end of the projection's span "
                                               "(model choice, parameters, climate signal)"),
}


def project_depth_grid(
    wells: pd.DataFrame,
    grid: xr.Dataset,
    *,
    covariate: str = "groundwater_depth",
    coarse_cell_m: float = 250.0,
    seed: int = 0,
) -> xr.Dataset:
    """Interpolate well depths to ``grid``.

    ``wells``: columns ``x, y, depth_m`` and optionally ``depth_high_m`` (m below ground,
    region CRS). ``grid``: dims ``y, x`` with the covariate layer (today's mean depth).
    Returns ``groundwater_depth`` and ``groundwater_depth_std`` (and ``..._high`` and
    ``..._high_std`` when high depths are given), clipped at 0 m (water at the surface).
    """
    if covariate not in grid:
        raise InputError(f"region grid has no '{covariate}' layer to guide the interpolation")
    cov_full = grid[covariate].astype("float64").load()
    wells = _inside(wells, grid)
    cov_at_wells = cov_full.sel(x=xr.DataArray(wells["x"].to_numpy(), dims="well"),
                                y=xr.DataArray(wells["y"].to_numpy(), dims="well"), method="nearest").to_numpy()
    coarse_x, coarse_y = _coarse_axis(grid["x"].to_numpy(), coarse_cell_m), _coarse_axis(grid["y"].to_numpy(), coarse_cell_m)
    out = xr.Dataset(coords={"y": grid["y"], "x": grid["x"]})
    for name, (column, long_name) in TARGETS.items():
        if column not in wells:
            continue
        ok = np.isfinite(wells[column].to_numpy()) & np.isfinite(cov_at_wells)
        if ok.sum() < MIN_WELLS:
            raise InputError(f"only {int(ok.sum())} well(s) with a projected depth; at least {MIN_WELLS} are needed")
        xy = wells[["x", "y"]].to_numpy()[ok] / 1000.0  # km: kernel length scales of order 1
        depth, cov = wells[column].to_numpy()[ok], cov_at_wells[ok]
        trend = LinearRegression().fit(cov[:, None], depth)
        with warnings.catch_warnings():  # a noise level at its bound is an answer, not a problem
            warnings.simplefilter("ignore", ConvergenceWarning)
            gp = _gp(seed).fit(xy, depth - trend.predict(cov[:, None]))
        mesh_x, mesh_y = np.meshgrid(coarse_x, coarse_y)
        mean, std = gp.predict(np.column_stack([mesh_x.ravel(), mesh_y.ravel()]) / 1000.0, return_std=True)
        coarse = xr.Dataset({"mean": (("y", "x"), mean.reshape(mesh_x.shape)),
                             "std": (("y", "x"), std.reshape(mesh_x.shape))}, coords={"y": coarse_y, "x": coarse_x})
        fine = coarse.interp(x=grid["x"], y=grid["y"], method="linear")
        surface = trend.intercept_ + trend.coef_[0] * cov_full + fine["mean"]
        valid = cov_full.notnull()
        out[name] = surface.clip(min=0.0).where(valid).astype("float32")
        out[f"{name}_std"] = fine["std"].where(valid).astype("float32")
        out[name].attrs = {"units": "m", "long_name": long_name, "positive": "down",
                           "covariate": covariate, "covariate_slope": float(trend.coef_[0]),
                           "gp_kernel": str(gp.kernel_), "n_wells": int(ok.sum())}
        out[f"{name}_std"].attrs = {"units": "m", "long_name": f"standard deviation of {name} (Gaussian process)"}
    return _with_crs(out, grid)


def _gp(seed: int) -> GaussianProcessRegressor:
    kernel = (ConstantKernel(1.0, (1e-4, 1e3)) * Matern(length_scale=3.0, length_scale_bounds=(0.2, 50.0), nu=1.5)
              + WhiteKernel(0.05, (1e-6, 1e2)))
    return GaussianProcessRegressor(kernel=kernel, normalize_y=True, n_restarts_optimizer=3, random_state=seed)


def _inside(wells: pd.DataFrame, grid: xr.Dataset) -> pd.DataFrame:
    """Wells within the grid's extent (others cannot be matched to the covariate)."""
    for column in ("x", "y"):
        if column not in wells:
            raise InputError(f"well table needs columns x, y (region CRS); found {list(wells.columns)}")
    x, y = grid["x"].to_numpy(), grid["y"].to_numpy()
    inside = wells["x"].between(x.min(), x.max()) & wells["y"].between(y.min(), y.max())
    return wells[inside].reset_index(drop=True)


def _coarse_axis(axis: np.ndarray, cell: float) -> np.ndarray:
    """An axis spanning the same range as ``axis`` (same direction) with about ``cell`` spacing."""
    span = float(axis[-1] - axis[0])
    n = max(2, int(round(abs(span) / cell)) + 1)
    return np.linspace(axis[0], axis[-1], n)


def _with_crs(out: xr.Dataset, grid: xr.Dataset) -> xr.Dataset:
    """Carry the region's CRS as a CF grid mapping (rioxarray)."""
    try:
        crs = grid.rio.crs
    except Exception:  # noqa: BLE001 - a grid without rioxarray metadata is still usable
        crs = None
    if crs is None:
        return out
    return out.rio.write_crs(crs)  # adds the CF grid-mapping variable and each layer's grid_mapping
