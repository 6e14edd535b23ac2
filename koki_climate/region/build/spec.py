"""The build spec (``region build SPEC.toml``): which of a town's files make which layer.

Parsing is strict, like the region manifest's: unknown sections and keys are refused (a
typo never silently drops a layer), every path is relative to the spec's folder (or
absolute) and must name an existing ordinary file within the size limit, and globs for
DEM tiles and heads files must match something. The format is documented in
``docs/region-build.md``; its names are stable.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyproj

from koki_climate.errors import InputError
from koki_climate.region.paths import expand_patterns, file_problem

#: product land-use classes a user mapping may name (docs/region-format.md)
LANDUSE_CLASS_NAMES = ("settlement", "industry", "agriculture", "grassland", "forest", "water",
                       "planned_development")


@dataclass(frozen=True)
class FloodAreaSpec:
    """One label layer: an official hazard area (``return_period``) or a mapped past flood (``date``, ``precip_mm``)."""

    file: Path
    layer: str | None = None
    return_period: float | None = None
    date: str | None = None
    precip_mm: float | None = None

    @property
    def label(self) -> str:
        return f"HQ{self.return_period:g}" if self.return_period is not None else str(self.date)


@dataclass(frozen=True)
class BuildSpec:
    """A parsed build spec; all paths absolute."""

    path: Path
    name: str
    crs: pyproj.CRS
    resolution_m: float
    boundary: Path
    boundary_layer: str | None
    description: str
    synthetic: bool
    dem: tuple[Path, ...]
    dem_crs: str | None
    landuse: Path
    landuse_layer: str | None
    landuse_column: str
    landuse_mapping: str | dict[str, str]
    planned: Path | None = None
    planned_layer: str | None = None
    impervious: Path | None = None
    rivers: Path | None = None
    rivers_layer: str | None = None
    flood_areas: tuple[FloodAreaSpec, ...] = ()
    groundwater_depth: Path | None = None
    wells: Path | None = None
    wells_crs: str | None = None
    heads: tuple[Path, ...] = ()
    heavy_rain: Path | None = None
    extreme_return_period: float = 1000.0
    changes: Path | None = None
    weather: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.path.parent


def read_spec(path: str | Path) -> BuildSpec:
    """Parse and check a build spec; raises :class:`InputError` naming the file, key and problem."""
    path = Path(path).expanduser().absolute()
    problem = file_problem(path, "manifest")
    if problem:
        raise InputError(f"{path}: {problem}")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a text file (expected TOML, UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: malformed TOML: {exc}") from None
    return _Parser(path, raw).spec()


class _Parser:
    """Reads the TOML tables one by one, naming the spec file and key in every refusal."""

    SECTIONS = {"region", "terrain", "landuse", "impervious", "rivers", "flood_areas", "groundwater", "climate"}

    def __init__(self, path: Path, raw: dict[str, Any]) -> None:
        self.path, self.raw = path, raw

    def fail(self, message: str) -> InputError:
        return InputError(f"{self.path}: {message}")

    # --- building blocks ----------------------------------------------------------------------
    def table(self, key: str, *, required: bool, allowed: set[str], parent: dict | None = None,
              where: str | None = None) -> dict[str, Any]:
        source = self.raw if parent is None else parent
        where = where or f"[{key}]"
        value = source.get(key)
        if value is None:
            if required:
                raise self.fail(f"section {where} is missing")
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"{where} must be a table")
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.fail(f"unknown key(s) {unknown} in {where}; allowed: {sorted(allowed)}")
        return value

    def text(self, table: dict, key: str, where: str, *, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where} needs a non-empty text value '{key}'")
        return value.strip()

    def number(self, table: dict, key: str, where: str, *, required: bool = True, positive: bool = True
               ) -> float | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or (positive and value <= 0):
            raise self.fail(f"{where} '{key}' must be a {'positive ' if positive else ''}number, got {value!r}")
        return float(value)

    def file(self, table: dict, key: str, where: str, *, required: bool = True, kind: str = "table"
             ) -> Path | None:
        value = self.text(table, key, where, required=required)
        if value is None:
            return None
        path = (self.path.parent / value).resolve()
        problem = file_problem(path, kind)  # type: ignore[arg-type]
        if problem:
            raise self.fail(f"{where} {key} = '{value}': {problem}")
        return path

    def files(self, table: dict, key: str, where: str, *, kind: str) -> tuple[Path, ...]:
        value = table.get(key)
        patterns = [value] if isinstance(value, str) else value
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise self.fail(f"{where} '{key}' must be a file pattern or a list of them")
        try:
            found = expand_patterns(patterns, self.path.parent, f"{where} {key}")
        except InputError as exc:
            raise self.fail(str(exc)) from None
        for match in found:
            problem = file_problem(match, kind)  # type: ignore[arg-type]
            if problem:
                raise self.fail(f"{where} {key}: {match.name}: {problem}")
        return tuple(path.resolve() for path in found)

    def crs(self, table: dict, key: str, where: str, *, required: bool) -> str | None:
        value = self.text(table, key, where, required=required)
        if value is None:
            return None
        try:
            pyproj.CRS.from_user_input(value)
        except pyproj.exceptions.CRSError:
            raise self.fail(f"{where} {key} = '{value}' is not a known CRS (e.g. EPSG:25832)") from None
        return value

    # --- the sections ---------------------------------------------------------------------------
    def spec(self) -> BuildSpec:
        unknown = sorted(set(self.raw) - self.SECTIONS)
        if unknown:
            raise self.fail(f"unknown section(s) {unknown}; known: {sorted(self.SECTIONS)}")
        region = self.table("region", required=True, allowed={"name", "crs", "resolution_m", "boundary",
                                                              "boundary_layer", "description", "synthetic"})
        crs = pyproj.CRS.from_user_input(self.crs(region, "crs", "[region]", required=True))
        if not crs.is_projected:
            raise self.fail(f"[region] crs '{region['crs']}' is geographic; the region grid needs a projected CRS "
                            "in metres such as EPSG:25832")
        synthetic = region.get("synthetic", False)
        if not isinstance(synthetic, bool):
            raise self.fail("[region] synthetic must be true or false")
        terrain = self.table("terrain", required=True, allowed={"dem", "dem_crs"})
        landuse = self.table("landuse", required=True,
                             allowed={"file", "layer", "column", "mapping", "classes", "planned", "planned_layer"})
        impervious = self.table("impervious", required=False, allowed={"file"})
        rivers = self.table("rivers", required=False, allowed={"file", "layer"})
        groundwater = self.table("groundwater", required=False, allowed={"depth", "wells", "wells_crs", "heads"})
        climate = self.table("climate", required=True,
                             allowed={"heavy_rain", "changes", "weather", "extreme_return_period"})
        heads = self.files(groundwater, "heads", "[groundwater]", kind="table") if "heads" in groundwater else ()
        wells = self.file(groundwater, "wells", "[groundwater]", required=bool(heads))
        if wells is None and "depth" not in groundwater:
            raise self.fail("[groundwater] needs 'depth' (a grid of mean depth below ground) or 'wells' "
                            "(to interpolate it from); the flood model uses depth to groundwater")
        return BuildSpec(
            path=self.path,
            name=self.text(region, "name", "[region]"),
            crs=crs,
            resolution_m=self.number(region, "resolution_m", "[region]"),
            boundary=self.file(region, "boundary", "[region]", kind="vectors"),
            boundary_layer=self.text(region, "boundary_layer", "[region]", required=False),
            description=self.text(region, "description", "[region]", required=False) or "",
            synthetic=synthetic,
            dem=self.files(terrain, "dem", "[terrain]", kind="raster"),
            dem_crs=self.crs(terrain, "dem_crs", "[terrain]", required=False),
            landuse=self.file(landuse, "file", "[landuse]", kind="vectors"),
            landuse_layer=self.text(landuse, "layer", "[landuse]", required=False),
            landuse_column=self.text(landuse, "column", "[landuse]"),
            landuse_mapping=self.mapping(landuse),
            planned=self.file(landuse, "planned", "[landuse]", required=False, kind="vectors"),
            planned_layer=self.text(landuse, "planned_layer", "[landuse]", required=False),
            impervious=self.file(impervious, "file", "[impervious]", required=False, kind="raster"),
            rivers=self.file(rivers, "file", "[rivers]", required=bool(rivers), kind="vectors"),
            rivers_layer=self.text(rivers, "layer", "[rivers]", required=False),
            flood_areas=self.flood_areas(),
            groundwater_depth=self.file(groundwater, "depth", "[groundwater]", required=False, kind="raster"),
            wells=wells,
            wells_crs=self.crs(groundwater, "wells_crs", "[groundwater]", required=False),
            heads=heads,
            heavy_rain=self.file(climate, "heavy_rain", "[climate]"),
            extreme_return_period=self.number(climate, "extreme_return_period", "[climate]", required=False)
            or 1000.0,
            changes=self.file(climate, "changes", "[climate]"),
            weather=self.file(climate, "weather", "[climate]"),
        )

    def mapping(self, landuse: dict) -> str | dict[str, str]:
        classes = landuse.get("classes")
        mapping = landuse.get("mapping", "alkis" if classes is None else None)
        if classes is not None:
            if mapping not in (None, "table"):
                raise self.fail("[landuse] give either mapping = \"alkis\" or a [landuse.classes] table, not both")
            if not isinstance(classes, dict) or not classes:
                raise self.fail("[landuse.classes] must map land-use values to classes, e.g. "
                                "\"Wohnbaufläche\" = \"settlement\"")
            bad = {str(k): v for k, v in classes.items() if v not in LANDUSE_CLASS_NAMES}
            if bad:
                raise self.fail(f"[landuse.classes]: unknown class(es) {sorted(map(str, bad.values()))} for "
                                f"{sorted(bad)}; classes are {', '.join(LANDUSE_CLASS_NAMES)}")
            return {str(k): str(v) for k, v in classes.items()}
        if mapping != "alkis":
            raise self.fail(f"[landuse] mapping = {mapping!r}: use \"alkis\" (built-in table for ALKIS/ATKIS "
                            "object types) or a [landuse.classes] table")
        return "alkis"

    def flood_areas(self) -> tuple[FloodAreaSpec, ...]:
        raw = self.raw.get("flood_areas", [])
        if isinstance(raw, dict):
            raw = [raw]
        if not isinstance(raw, list):
            raise self.fail("[[flood_areas]] must be a list of tables")
        areas = []
        for index, item in enumerate(raw, start=1):
            where = f"[[flood_areas]] #{index}"
            if not isinstance(item, dict):
                raise self.fail(f"{where} must be a table")
            unknown = sorted(set(item) - {"file", "layer", "return_period", "date", "precip_mm"})
            if unknown:
                raise self.fail(f"unknown key(s) {unknown} in {where}; allowed: file, layer, return_period, date, "
                                "precip_mm")
            return_period = self.number(item, "return_period", where, required=False)
            date = self.text(item, "date", where, required=False)
            precip = self.number(item, "precip_mm", where, required=False)
            if (return_period is None) == (date is None and precip is None):
                raise self.fail(f"{where} needs either return_period (an official hazard area, e.g. 100) or date "
                                "and precip_mm (a mapped past flood and its 1-day areal rain)")
            if return_period is None and (date is None or precip is None):
                raise self.fail(f"{where}: a mapped past flood needs both date and precip_mm")
            if return_period is not None and return_period < 1:
                raise self.fail(f"{where}: return_period must be at least 1 year")
            areas.append(FloodAreaSpec(self.file(item, "file", where, kind="vectors"),
                                   self.text(item, "layer", where, required=False), return_period, date, precip))
        return tuple(areas)


__all__ = ["BuildSpec", "FloodAreaSpec", "LANDUSE_CLASS_NAMES", "read_spec"]
