"""Unit checks and the few conversions that are unambiguous (lengths, temperatures).

Anything else is refused: silently treating centimetres as metres would misplace a flood zone.
"""
from __future__ import annotations

from pathlib import Path

import xarray as xr

from koki_climate.errors import RegionError

_LENGTH_TO_M = {"m": 1.0, "metre": 1.0, "meter": 1.0, "metres": 1.0, "meters": 1.0,
                "cm": 0.01, "mm": 0.001, "km": 1000.0}
_TEMPERATURE = {"degc": "degC", "degree_celsius": "degC", "degrees_celsius": "degC", "celsius": "degC",
                "°c": "degC", "c": "degC", "k": "K", "kelvin": "K"}
_DIMENSIONLESS = {"1", "", "fraction", "-", "none"}


def normalise_units(units: object) -> str:
    """Lower-case and strip a units string for lookup (``'Meter '`` -> ``'meter'``)."""
    return str(units).strip().lower().replace("degrees ", "deg").replace(" ", "_")


def convert_units(da: xr.DataArray, expected: str, path: Path, variable: str) -> xr.DataArray:
    """Return ``da`` in ``expected`` units, converting lengths and temperatures.

    A missing ``units`` attribute is taken as the expected unit (the caller records a
    warning). Units that cannot be converted raise :class:`RegionError`.
    """
    given_raw = da.attrs.get("units")
    if given_raw is None:
        return da
    given = normalise_units(given_raw)
    attrs = dict(da.attrs)

    if expected == "m":
        factor = _LENGTH_TO_M.get(given)
    elif expected == "mm":
        to_m = _LENGTH_TO_M.get(given)
        factor = None if to_m is None else to_m * 1000.0
    elif expected == "1":
        factor = 1.0 if given in _DIMENSIONLESS else (0.01 if given in {"%", "percent"} else None)
    elif expected == "degC":
        kind = _TEMPERATURE.get(given)
        if kind == "degC":
            return da
        if kind == "K":
            out = da - 273.15
            attrs["units"] = "degC"
            out.attrs = attrs
            return out
        factor = None
    else:  # pragma: no cover - programming error
        raise ValueError(f"no conversion rule for expected units {expected!r}")

    if factor is None:
        raise RegionError(path, f"units '{given_raw}' cannot be converted to '{expected}'", variable)
    if factor == 1.0:
        return da
    out = da * factor
    attrs["units"] = expected
    out.attrs = attrs
    return out
