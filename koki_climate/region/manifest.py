"""The region manifest (``region.toml``): which file holds which layer.

The manifest is how a town brings its own data (see ``docs/region-format.md``). Parsing is
strict: unknown roles and keys are refused, so a typo never silently drops a layer, and
every path must stay inside the manifest's folder (``koki_climate.region.paths``), so a
manifest cannot make the loader read, or reveal, files elsewhere on the machine.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from koki_climate.errors import RegionError
from koki_climate.region.paths import FileKind, confine, file_problem, region_file

MANIFEST_NAME = "region.toml"
FORMAT_VERSION = 1

#: raster roles on the region grid: role -> (required, expected units or None for classes/flags)
RASTER_ROLES: dict[str, tuple[bool, str | None]] = {
    "elevation": (True, "m"),
    "landuse": (True, None),
    "impervious": (True, "1"),
    "river": (False, None),
    "groundwater_depth": (True, "m"),
    "flood_events": (False, None),
}

#: climate roles: role -> expected units
CLIMATE_ROLES: dict[str, str] = {
    "precip_annual": "mm",
    "precip_summer": "mm",
    "precip_winter": "mm",
    "temperature": "degC",
    "heavy_rain_rp10": "mm",
    "heavy_rain_rp100": "mm",
    "heavy_rain_extreme": "mm",
}
#: roles whose climate-ensemble spread may be given as well, as ``<role>_low`` (15th percentile
#: of the ensemble) and ``<role>_high`` (85th), e.g. from the DWD Klimaatlas; optional
SPREAD_ROLES = ("precip_annual", "precip_summer", "precip_winter", "temperature")
SPREAD_SUFFIXES = ("_low", "_high")
OPTIONAL_CLIMATE_ROLES: dict[str, str] = {f"{role}{suffix}": CLIMATE_ROLES[role]
                                          for role in SPREAD_ROLES for suffix in SPREAD_SUFFIXES}
#: every role a [climate.variables] table may name, with its unit
ALL_CLIMATE_ROLES: dict[str, str] = {**CLIMATE_ROLES, **OPTIONAL_CLIMATE_ROLES}

VECTOR_ROLES = ("parcels", "rivers", "boundary")


# Every spec carries the manifest's path: readers check each file against the region folder
# (koki_climate.region.paths.region_file) and name the manifest key when it leads outside.

@dataclass(frozen=True)
class LayerSpec:
    """Where one raster layer lives: file, variable name, and the units of the values in the file.

    ``units`` (optional) declares what the file's values are in (GeoTIFFs carry no units);
    the loader converts them to the role's units (``RASTER_ROLES``).
    """

    role: str
    file: Path
    variable: str
    units: str | None = None
    manifest: Path = field(kw_only=True)

    @property
    def key(self) -> str:
        return f"[layers.{self.role}] file"


@dataclass(frozen=True)
class ClimateSpec:
    file: Path
    variables: dict[str, str]  # role -> variable name
    manifest: Path = field(kw_only=True)
    key = "[climate] file"


@dataclass(frozen=True)
class WellsSpec:
    locations: Path
    heads_dir: Path
    weather: Path
    manifest: Path = field(kw_only=True)
    locations_key = "[wells] locations"
    weather_key = "[wells] weather"
    heads_dir_key = "[wells] heads_dir"

    def heads_file(self, well_id: str) -> Path:
        """The heads file of one well, checked (the well id comes from a file: it may try '..')."""
        path = self.heads_dir / f"{well_id}.csv"
        region_file(path, manifest=self.manifest, key=f"{self.heads_dir_key} (file of well '{well_id}')",
                    kind="table")
        return path


@dataclass(frozen=True)
class VectorsSpec:
    file: Path
    layers: dict[str, str]  # role -> layer name
    manifest: Path = field(kw_only=True)
    key = "[vectors] file"


@dataclass(frozen=True)
class Manifest:
    """A parsed ``region.toml``; all paths are absolute."""

    path: Path
    name: str
    crs: str
    synthetic: bool
    description: str
    layers: dict[str, LayerSpec]
    climate: ClimateSpec | None = None
    wells: WellsSpec | None = None
    vectors: VectorsSpec | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def files(self) -> list[Path]:
        """Every file the manifest names (for checksums), heads files included.

        Each is checked by :func:`~koki_climate.region.paths.region_file` (inside the region
        folder, an ordinary file, within the size limit), so reading them all is safe.
        """
        named: list[tuple[Path, str, FileKind]] = [(self.path, "manifest", "manifest")]
        named += [(spec.file, spec.key, "raster") for spec in self.layers.values()]
        if self.climate:
            named.append((self.climate.file, self.climate.key, "raster"))
        if self.vectors:
            named.append((self.vectors.file, self.vectors.key, "vectors"))
        if self.wells:
            wells = self.wells
            named += [(wells.locations, wells.locations_key, "table"), (wells.weather, wells.weather_key, "table")]
            if wells.heads_dir.exists():
                region_file(wells.heads_dir, manifest=self.path, key=wells.heads_dir_key, kind="folder")
                named += [(path, f"{wells.heads_dir_key} ({path.name})", "table")
                          for path in wells.heads_dir.glob("*.csv")]
        files = set()
        for path, key, kind in named:
            region_file(path, manifest=self.path, key=key, kind=kind)
            files.add(path)
        return sorted(files)


def find_manifest(path: str | Path) -> Path:
    """Accept a region folder or a manifest path and return the manifest path."""
    path = Path(path)
    if path.is_dir():
        path = path / MANIFEST_NAME
    if not path.exists():
        raise RegionError(path, "file not found (a region is a folder with a region.toml manifest)")
    return path


def read_manifest(path: str | Path) -> Manifest:
    """Parse and check a region manifest; raises :class:`RegionError` naming the problem."""
    path = find_manifest(path).resolve()
    problem = file_problem(path, "manifest")
    if problem:
        raise RegionError(path, problem)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise RegionError(path, "not a text file (expected TOML, UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegionError(path, f"malformed TOML: {exc}") from None
    return _parse(path, raw)


def _parse(path: Path, raw: dict[str, Any]) -> Manifest:
    _check_keys(path, "top level", raw, {"format_version", "region", "layers", "climate", "wells", "vectors"})
    version = raw.get("format_version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise RegionError(path, f"format_version {version!r} is not supported (expected {FORMAT_VERSION})")

    region = _table(path, raw, "region", required=True)
    _check_keys(path, "[region]", region, {"name", "crs", "synthetic", "description"})
    name = _string(path, region, "name", "[region]")
    crs = _string(path, region, "crs", "[region]")

    layers_raw = _table(path, raw, "layers", required=True)
    unknown = sorted(set(layers_raw) - set(RASTER_ROLES))
    if unknown:
        raise RegionError(path, f"unknown layer role(s) {unknown}; known roles: {sorted(RASTER_ROLES)}")
    layers: dict[str, LayerSpec] = {}
    for role, (required, _units) in RASTER_ROLES.items():
        if role not in layers_raw:
            if required:
                raise RegionError(path, f"required layer [layers.{role}] is missing")
            continue
        table = _table(path, layers_raw, role, required=True, where=f"[layers.{role}]")
        _check_keys(path, f"[layers.{role}]", table, {"file", "variable", "units"})
        file = _path(path, table, "file", f"[layers.{role}]")
        variable = str(table.get("variable", role))
        units = table.get("units")
        layers[role] = LayerSpec(role, file, variable, None if units is None else str(units), manifest=path)

    climate = None
    if "climate" in raw:
        table = _table(path, raw, "climate", required=True)
        _check_keys(path, "[climate]", table, {"file", "variables"})
        variables = _table(path, table, "variables", required=True, where="[climate.variables]")
        unknown = sorted(set(variables) - set(ALL_CLIMATE_ROLES))
        if unknown:
            raise RegionError(path, f"unknown climate role(s) {unknown}; known: {sorted(ALL_CLIMATE_ROLES)}")
        climate = ClimateSpec(_path(path, table, "file", "[climate]"),
                              {role: str(var) for role, var in variables.items()}, manifest=path)

    wells = None
    if "wells" in raw:
        table = _table(path, raw, "wells", required=True)
        _check_keys(path, "[wells]", table, {"locations", "heads_dir", "weather"})
        wells = WellsSpec(*(_path(path, table, key, "[wells]") for key in ("locations", "heads_dir", "weather")),
                          manifest=path)

    vectors = None
    if "vectors" in raw:
        table = _table(path, raw, "vectors", required=True)
        _check_keys(path, "[vectors]", table, {"file", *VECTOR_ROLES})
        vectors = VectorsSpec(_path(path, table, "file", "[vectors]"),
                              {role: str(table[role]) for role in VECTOR_ROLES if role in table}, manifest=path)

    return Manifest(
        path=path, name=name, crs=crs, synthetic=bool(region.get("synthetic", False)),
        description=str(region.get("description", "")), layers=layers,
        climate=climate, wells=wells, vectors=vectors,
    )


def _table(path: Path, raw: dict[str, Any], key: str, *, required: bool, where: str | None = None) -> dict[str, Any]:
    value = raw.get(key)
    where = where or f"[{key}]"
    if value is None:
        if required:
            raise RegionError(path, f"section {where} is missing")
        return {}
    if not isinstance(value, dict):
        raise RegionError(path, f"{where} must be a table, got {type(value).__name__}")
    return value


def _string(path: Path, table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RegionError(path, f"{where} needs a non-empty text value '{key}'")
    return value


def _path(path: Path, table: dict[str, Any], key: str, where: str) -> Path:
    """A path the manifest names, relative to its folder; refused when it leads outside.

    Returned as written (folder / value) so messages show the user's names; an absolute
    value that reaches the folder through another route is returned resolved.
    """
    folder = path.parent
    named = folder / _string(path, table, key, where)
    resolved = confine(named, manifest=path, key=f"{where} {key}")
    return named if named.is_relative_to(folder) else resolved


def _check_keys(path: Path, where: str, table: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RegionError(path, f"unknown key(s) {unknown} in {where}; allowed: {sorted(allowed)}")
