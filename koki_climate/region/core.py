"""The Region: every layer of a municipality on one projected grid, opened and validated.

``open_region`` is the only way in: it reads the manifest, checks each file it names (inside
the region folder, an ordinary file, within the size limit), opens it lazily (dask when
``chunks`` is given), converts units, brings the layers onto the elevation grid and checks
their values against the plausible ranges of their roles. Any problem raises
:class:`~koki_climate.errors.RegionError` naming file, variable and problem.
"""
from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import xarray as xr
from rasterio.enums import Resampling

from koki_climate.chunks import chunked
from koki_climate.config import settings
from koki_climate.errors import RegionError
from koki_climate.io.netcdf import HDF5_IO_LOCK
from koki_climate.grid import cell_area_m2
from koki_climate.region.manifest import (
    ALL_CLIMATE_ROLES, CLIMATE_ROLES, RASTER_ROLES, LayerSpec, Manifest, read_manifest,
)
from koki_climate.region.paths import region_file
from koki_climate.region.ranges import ValueCheck, check_values
from koki_climate.region.rasters import crs_of, get_variable, open_raster_file
from koki_climate.region.units import check_unitless, convert_units
from koki_climate.region.vectors import read_vectors
from koki_climate.region.wells import read_heads, read_weather, read_well_locations

#: layers holding classes or masks: regridded by nearest neighbour, never averaged
CATEGORICAL_ROLES = {"landuse", "river", "flood_events"}
CLIMATE_PATHWAYS = ("historical", "rcp26", "rcp45", "rcp85")
CLIMATE_HORIZONS = ("1991-2020", "2021-2050", "2071-2100")
REFERENCE = ("historical", "1991-2020")


@dataclass
class Region:
    """A municipality's data on one grid.

    Attributes
    ----------
    grid : xr.Dataset
        Raster layers by role (``elevation``, ``landuse``, ``impervious``, ``river``,
        ``groundwater_depth``, ``flood_events``) on dims ``y`` (descending), ``x``.
    climate : xr.Dataset or None
        Climate indices by role on their own coarse grid (reprojected to the region CRS),
        dims ``scenario, y, x`` with coordinates ``pathway`` and ``horizon``.
    vectors : dict of GeoDataFrame
        ``parcels``, ``rivers``, ``boundary`` in the region CRS.
    wells : DataFrame or None
        ``well_id, x, y, ground_elevation_m``.
    """

    manifest: Manifest
    grid: xr.Dataset
    climate: xr.Dataset | None = None
    vectors: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)
    wells: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)
    sources: list[xr.Dataset] = field(default_factory=list, repr=False)

    def close(self) -> None:
        """Close files kept open for lazy (dask) reading; a no-op for regions read at once."""
        for source in self.sources:
            source.close()
        self.sources.clear()

    def __enter__(self) -> "Region":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def path(self) -> Path:
        """The region folder."""
        return self.manifest.folder

    @property
    def crs(self) -> pyproj.CRS:
        return crs_of(self.grid)

    @property
    def shape(self) -> tuple[int, int]:
        return int(self.grid.sizes["y"]), int(self.grid.sizes["x"])

    @property
    def cell_area_m2(self) -> float:
        return cell_area_m2(self.grid)

    @property
    def parcels(self) -> gpd.GeoDataFrame | None:
        return self.vectors.get("parcels")

    @property
    def rivers(self) -> gpd.GeoDataFrame | None:
        return self.vectors.get("rivers")

    @property
    def boundary(self) -> gpd.GeoDataFrame | None:
        return self.vectors.get("boundary")

    @cached_property
    def checksum(self) -> str:
        """SHA-256 over every file the manifest names: the data version in cache keys.

        ``Manifest.files`` checks each file first (inside the folder, ordinary, size limit).
        """
        digest = hashlib.sha256()
        for path in self.manifest.files():
            digest.update(str(path.relative_to(self.path)).encode())
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        return digest.hexdigest()

    def read_heads(self, well_id: str) -> pd.DataFrame:
        """Observed heads of one well (date, head_m)."""
        if self.manifest.wells is None:
            raise RegionError(self.manifest.path, "the manifest has no [wells] section")
        return read_heads(self.manifest.wells, well_id)

    @cached_property
    def weather(self) -> pd.DataFrame:
        """Daily observed weather of the region (date, precipitation_mm, pet_mm, temperature_c)."""
        if self.manifest.wells is None:
            raise RegionError(self.manifest.path, "the manifest has no [wells] section")
        return read_weather(self.manifest.wells)

    def climate_scenario(self, pathway: str, horizon: str) -> xr.Dataset:
        """The climate indices of one pathway and horizon (coarse grid)."""
        if self.climate is None:
            raise RegionError(self.manifest.path, "the manifest has no [climate] section")
        mask = (self.climate.pathway == pathway) & (self.climate.horizon == horizon)
        index = np.flatnonzero(mask.values)
        if index.size == 0:
            raise RegionError(self.manifest.climate.file, f"no climate scenario {pathway} {horizon}")
        return self.climate.isel(scenario=int(index[0]))


def open_region(path: str | Path, chunks: dict | str | None = None) -> Region:
    """Open and validate a region folder or manifest.

    Parameters
    ----------
    path : folder containing ``region.toml``, or the manifest itself.
    chunks : passed to xarray; ``None`` reads each file at once, ``{}``/``"auto"`` uses dask.
        With dask the data stay lazy, except for one pass over the grid that checks the
        values' ranges (see :func:`~koki_climate.region.ranges.check_values`).
        ``"by_size"`` (what the engine and app use): lazy, then read into memory when the grid
        is at most ``KOKI_GRIDS_IN_MEMORY_MB`` — a state's 100 M cells stay on disk, a town's
        grid is read once.
    """
    if chunks == "by_size":
        with HDF5_IO_LOCK:  # opening (and reading whole) is not thread-safe in HDF5; blocks read later are
            region = open_region(path, chunks={})
            if region.grid.nbytes <= settings().grids_in_memory_mb * 2**20:
                region.grid.load()
                region.close()
                return region
        region.grid = chunked(region.grid)
        return region
    manifest = read_manifest(path)
    notes: list[str] = []
    opened: dict[Path, xr.Dataset] = {}

    def dataset(spec: LayerSpec) -> xr.Dataset:
        if spec.file not in opened:
            region_file(spec.file, manifest=spec.manifest, key=spec.key, kind="raster")
            opened[spec.file] = open_raster_file(spec.file, chunks)
        return opened[spec.file]

    try:
        reference = _layer(manifest.layers["elevation"], dataset, notes)
        layers = {"elevation": reference}
        for role, spec in manifest.layers.items():
            if role != "elevation":
                layer = _layer(spec, dataset, notes)
                layers[role] = _onto_grid(layer, reference, spec, categorical=role in CATEGORICAL_ROLES)
        grid = xr.Dataset(layers)
        grid.rio.write_crs(reference.rio.crs, inplace=True)  # not a copy: rioxarray deep-copies otherwise
        _check_flood_events(grid, manifest)
        _check_values(grid, manifest)

        region_crs = crs_of(grid)
        declared = _declared_crs(manifest)
        if not declared.equals(region_crs):
            notes.append(f"{manifest.path.name}: declared CRS {manifest.crs} differs from the elevation "
                         f"file's {region_crs.to_string()}; the file's CRS is used")
        climate = _climate(manifest, region_crs, notes) if manifest.climate else None
        vectors = read_vectors(manifest.vectors, region_crs) if manifest.vectors else {}
        wells = read_well_locations(manifest.wells) if manifest.wells else None
    except BaseException:
        for source in opened.values():  # files kept open for dask: nobody else will close them
            source.close()
        raise
    sources = list(opened.values()) if chunks is not None else []
    return Region(manifest, grid, climate, vectors, wells, notes, sources)


def _declared_crs(manifest: Manifest) -> pyproj.CRS:
    try:
        return pyproj.CRS.from_user_input(manifest.crs)
    except pyproj.exceptions.CRSError:
        raise RegionError(manifest.path, f"[region] crs '{manifest.crs}' is not a known CRS") from None


def _layer(spec: LayerSpec, dataset, notes: list[str]) -> xr.DataArray:
    """One layer in its role's units (the manifest's ``units`` describe the values in the file)."""
    ds = dataset(spec)
    da = get_variable(ds, spec.file, spec.variable)
    if "y" not in da.dims or "x" not in da.dims:
        raise RegionError(spec.file, f"variable has dims {da.dims}, expected (y, x)", spec.variable)
    expected = RASTER_ROLES[spec.role][1]
    if expected is None:
        check_unitless(spec.units, spec.file, spec.variable, spec.role)
    else:
        if "units" not in da.attrs and spec.units is None:
            notes.append(f"{spec.file.name}: variable '{spec.variable}' has no units; assumed '{expected}'")
        da = convert_units(da, expected, spec.file, spec.variable, declared=spec.units)
    return da.rename(spec.role)


def _same_grid(a: xr.DataArray, b: xr.DataArray) -> bool:
    return (a.sizes["x"] == b.sizes["x"] and a.sizes["y"] == b.sizes["y"]
            and np.allclose(a.x.values, b.x.values) and np.allclose(a.y.values, b.y.values))


def _onto_grid(layer: xr.DataArray, reference: xr.DataArray, spec: LayerSpec, *, categorical: bool) -> xr.DataArray:
    """Bring a layer onto the elevation grid: as is when aligned, else reprojected."""
    if _same_grid(layer, reference) and crs_of(layer).equals(crs_of(reference)):
        return layer.assign_coords(x=reference.x, y=reference.y)
    resampling = Resampling.nearest if categorical else Resampling.bilinear
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            moved = layer.rio.reproject_match(reference, resampling=resampling)
    except Exception as exc:
        raise RegionError(spec.file, f"cannot be brought onto the region grid ({str(exc)[:200]})",
                          spec.variable) from None
    return moved.assign_coords(x=reference.x, y=reference.y)


def _check_flood_events(grid: xr.Dataset, manifest: Manifest) -> None:
    if "flood_events" not in grid:
        return
    spec = manifest.layers["flood_events"]
    events = grid["flood_events"]
    if "event" not in events.dims:
        raise RegionError(spec.file, "flood events need an 'event' dimension (event, y, x)", spec.variable)
    if "event_precip_mm" not in events.coords:
        raise RegionError(spec.file, "flood events need an 'event_precip_mm' coordinate along 'event' "
                                     "(the event's 1-day rainfall, mm)", spec.variable)


def _check_values(grid: xr.Dataset, manifest: Manifest) -> None:
    """Refuse layers without a single valid value or with values outside their role's range.

    Checked on the region grid (values that do not reach the region do not matter), in one
    pass over all layers; nearest-neighbour and bilinear regridding never leave the range
    of the values they start from.
    """
    checks = []
    for role in grid.data_vars:
        spec = manifest.layers[str(role)]
        checks.append(ValueCheck(str(role), grid[role], spec.file, spec.variable))
    if "flood_events" in grid:
        spec = manifest.layers["flood_events"]
        checks.append(ValueCheck("event_precip_mm", grid["flood_events"].coords["event_precip_mm"],
                                 spec.file, "event_precip_mm", require_values=False))
    check_values(checks)


def _climate(manifest: Manifest, region_crs: pyproj.CRS, notes: list[str]) -> xr.Dataset:
    spec = manifest.climate
    region_file(spec.file, manifest=spec.manifest, key=spec.key, kind="raster")
    # climate grids are coarse (km cells): always read at once (and the file closed)
    ds = open_raster_file(spec.file, None, projected=False)
    missing_roles = sorted(set(CLIMATE_ROLES) - set(spec.variables))
    if missing_roles:
        raise RegionError(manifest.path, f"[climate.variables] lacks role(s) {missing_roles}")
    if "scenario" not in ds.dims:
        raise RegionError(spec.file, "climate data need a 'scenario' dimension (scenario, y, x)")
    for coord, allowed in (("pathway", CLIMATE_PATHWAYS), ("horizon", CLIMATE_HORIZONS)):
        if coord not in ds.coords:
            raise RegionError(spec.file, f"climate data need a '{coord}' coordinate along 'scenario'", coord)
        unknown = sorted(set(map(str, ds[coord].values)) - set(allowed))
        if unknown:
            raise RegionError(spec.file, f"unknown {coord} value(s) {unknown}; allowed: {list(allowed)}", coord)
    pairs = set(zip(map(str, ds.pathway.values), map(str, ds.horizon.values)))
    if REFERENCE not in pairs:
        raise RegionError(spec.file, "climate data lack the reference scenario historical 1991-2020")
    variables = {}
    for role, name in spec.variables.items():
        da = get_variable(ds, spec.file, name)
        variables[role] = convert_units(da, ALL_CLIMATE_ROLES[role], spec.file, name)
    check_values([ValueCheck(role, da, spec.file, spec.variables[role]) for role, da in variables.items()])
    climate = xr.Dataset(variables).rio.write_crs(ds.rio.crs)
    if not crs_of(climate).equals(region_crs):
        notes.append(f"{spec.file.name}: climate grid reprojected from {crs_of(ds).name} to the region CRS")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            climate = climate.rio.reproject(region_crs, resampling=Resampling.bilinear)
    return climate
