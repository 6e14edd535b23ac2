"""Potential evapotranspiration from air temperature (Hamon), for weather without PET.

Many municipal weather tables carry precipitation and temperature only. Hamon's formula
needs nothing else: daylight hours (from the latitude and day of year) and the saturation
vapour pressure at the daily mean temperature. It is crude in absolute terms, but the
response model fits its own scale factor to PET, and for projections only the *ratio*
PET(T + dT) / PET(T) is used.

- day length: FAO-56 (Allen et al. 1998), eqs. 24, 25 and 34;
- PET = 29.8 * N * e_s(T) / (T + 273.2) mm/d, N daylight hours, e_s in kPa
  (Haith & Shoemaker 1987, the common form of Hamon 1963).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: default latitude: the middle of Germany, about 48-50 deg N
DEFAULT_LATITUDE = 48.0


def daylight_hours(dates: pd.DatetimeIndex, latitude: float = DEFAULT_LATITUDE) -> np.ndarray:
    """Astronomical day length in hours (FAO-56 eq. 34)."""
    doy = np.asarray(pd.DatetimeIndex(dates).day_of_year, dtype=float)
    declination = 0.409 * np.sin(2.0 * np.pi * doy / 365.0 - 1.39)
    phi = np.deg2rad(latitude)
    cos_ws = np.clip(-np.tan(phi) * np.tan(declination), -1.0, 1.0)
    return 24.0 / np.pi * np.arccos(cos_ws)


def hamon_pet(
    temperature_c: np.ndarray | pd.Series, dates: pd.DatetimeIndex, latitude: float = DEFAULT_LATITUDE
) -> np.ndarray:
    """Daily PET in mm/d from the daily mean air temperature (Hamon)."""
    t = np.asarray(temperature_c, dtype=float)
    e_sat_kpa = 0.611 * np.exp(17.27 * t / (t + 237.3))
    return 29.8 * daylight_hours(dates, latitude) * e_sat_kpa / (t + 273.2)


def hamon_ratio(
    temperature_c: np.ndarray | pd.Series,
    dates: pd.DatetimeIndex,
    delta_t: float,
    latitude: float = DEFAULT_LATITUDE,
) -> np.ndarray:
    """Factor by which warming of ``delta_t`` K scales PET on each day (for delta change)."""
    base = hamon_pet(temperature_c, dates, latitude)
    warm = hamon_pet(np.asarray(temperature_c, dtype=float) + delta_t, dates, latitude)
    return warm / np.maximum(base, 1e-9)


def with_pet(weather: pd.DataFrame, latitude: float = DEFAULT_LATITUDE) -> tuple[pd.DataFrame, str]:
    """Return the weather with a ``pet_mm`` column and where it came from.

    A measured/provided ``pet_mm`` wins; otherwise it is derived from ``temperature_c``.
    """
    if "pet_mm" in weather.columns:
        return weather, "pet_mm column"
    out = weather.copy()
    out["pet_mm"] = hamon_pet(out["temperature_c"].to_numpy(), out.index, latitude)
    return out, f"Hamon from temperature_c at {latitude:g} deg N"
