"""Units of layer values: what the file (or the manifest) says, converted to the role's units.

Only unambiguous conversions are made: lengths (m, cm, mm, km), shares (fraction, %) and
temperatures (K, °C). Anything else is refused: silently treating centimetres as metres, or
percent as a fraction, would misplace a flood zone.

Where the units come from (see ``docs/region-format.md``):

- the file's ``units`` attribute (CF NetCDF);
- the manifest's ``units`` for the layer, which declares the units *of the values in the
  file* (GeoTIFFs carry none). When both are given they must name the same units;
- neither: the values are taken to be in the role's units (the caller records a note).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import xarray as xr

from koki_climate.errors import RegionError


@dataclass(frozen=True)
class Unit:
    """A unit as ``value_in_base = value * scale + offset`` within one dimension."""

    name: str
    dimension: str  # "length" (base m), "share" (base 1), "temperature" (base degC)
    scale: float
    offset: float = 0.0


_M, _CM, _MM, _KM = (Unit("m", "length", 1.0), Unit("cm", "length", 0.01),
                     Unit("mm", "length", 0.001), Unit("km", "length", 1000.0))
_ONE, _PERCENT = Unit("1", "share", 1.0), Unit("%", "share", 0.01)
_DEGC, _KELVIN = Unit("degC", "temperature", 1.0), Unit("K", "temperature", 1.0, -273.15)

#: accepted spellings (after :func:`normalise_units`) -> unit
UNITS: dict[str, Unit] = {
    **dict.fromkeys(("m", "metre", "meter", "metres", "meters"), _M),
    **dict.fromkeys(("cm", "centimetre", "centimeter", "centimetres", "centimeters"), _CM),
    **dict.fromkeys(("mm", "millimetre", "millimeter", "millimetres", "millimeters"), _MM),
    **dict.fromkeys(("km", "kilometre", "kilometer", "kilometres", "kilometers"), _KM),
    **dict.fromkeys(("1", "", "-", "fraction", "none", "dimensionless"), _ONE),
    **dict.fromkeys(("%", "percent", "per_cent", "pct"), _PERCENT),
    **dict.fromkeys(("degc", "deg_c", "degree_c", "degrees_c", "degree_celsius", "degrees_celsius",
                     "celsius", "°c", "c"), _DEGC),
    **dict.fromkeys(("k", "kelvin", "degk", "deg_k"), _KELVIN),
}


def normalise_units(units: object) -> str:
    """Lower-case, strip and join words for lookup (``'Degrees Celsius '`` -> ``'degrees_celsius'``)."""
    return "_".join(str(units).strip().lower().split())


def parse_units(units: object) -> Unit | None:
    """The :class:`Unit` a units string names, or None when it is not one we convert."""
    return UNITS.get(normalise_units(units))


def _same(a: str, b: str) -> bool:
    ua, ub = parse_units(a), parse_units(b)
    if ua is not None and ub is not None:
        return ua == ub
    return normalise_units(a) == normalise_units(b)


def source_units(da: xr.DataArray, declared: str | None, path: Path, variable: str) -> str | None:
    """The units of the values in the file: the file's attribute and/or the manifest's declaration.

    Both given and naming different units (``'1'`` vs ``'%'``) is refused: one of them is wrong,
    and guessing which would scale the layer by 100.
    """
    in_file = da.attrs.get("units")
    if in_file is not None and declared is not None and not _same(str(in_file), declared):
        raise RegionError(path, f"the file says units '{in_file}' but the manifest declares units "
                                f"'{declared}'; make them agree (the manifest's units describe the "
                                "values in the file)", variable)
    if in_file is not None:
        return str(in_file)
    return declared


def convert_units(da: xr.DataArray, expected: str, path: Path, variable: str,
                  *, declared: str | None = None) -> xr.DataArray:
    """Return ``da`` in ``expected`` units (the role's units), with ``units`` set to ``expected``.

    ``declared`` is the manifest's units for the values in the file (see
    :func:`source_units`). Without any units the values are taken as ``expected``; the caller
    records a note. Units that cannot be converted raise :class:`RegionError` naming file,
    variable and units.
    """
    given_raw = source_units(da, declared, path, variable)
    if given_raw is None:
        return da
    given, target = parse_units(given_raw), parse_units(expected)
    if target is None:  # pragma: no cover - the roles' units are all in UNITS
        raise ValueError(f"no conversion rule for the role's units {expected!r}")
    if given is None or given.dimension != target.dimension:
        raise RegionError(path, f"units '{given_raw}' cannot be converted to '{expected}'", variable)
    attrs = {**da.attrs, "units": expected}
    if given == target:
        out = da.copy(deep=False)
    else:
        # value in base units, then into the target unit
        out = (da * given.scale + given.offset - target.offset) / target.scale
    out.attrs = attrs
    return out


def check_unitless(declared: str | None, path: Path, variable: str, role: str) -> None:
    """Class and flag layers (land use, river, flood events) have no units to convert.

    A manifest ``units`` for them is accepted only when it says "no units" (``"1"``).
    """
    if declared is not None and parse_units(declared) != _ONE:
        raise RegionError(path, f"units '{declared}' cannot be applied: the {role} layer holds classes or "
                                "flags without units (leave out units, or write units = \"1\")", variable)
