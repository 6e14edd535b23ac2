"""Daily weather 1990-2024 from a small stochastic weather generator.

Temperature: seasonal cycle + AR(1) anomalies + a warming trend; precipitation occurrence:
a two-state Markov chain with seasonal transition probabilities; amounts: gamma
distributed (heavier in summer); PET: Hargreaves (FAO-56 extraterrestrial radiation at
48.3 deg N). Historical flood events are written into the series on their dates, so the
station record and the flood extents tell one story.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import signal

from koki_climate.region.sample.grid import child_rng

START, END = "1990-01-01", "2024-12-31"
LATITUDE = np.deg2rad(48.3)


def extraterrestrial_radiation(doy: np.ndarray) -> np.ndarray:
    """FAO-56 eq. 21, MJ m-2 day-1."""
    dr = 1 + 0.033 * np.cos(2 * np.pi * doy / 365)
    decl = 0.409 * np.sin(2 * np.pi * doy / 365 - 1.39)
    ws = np.arccos(np.clip(-np.tan(LATITUDE) * np.tan(decl), -1, 1))
    return 24 * 60 / np.pi * 0.0820 * dr * (ws * np.sin(LATITUDE) * np.sin(decl)
                                             + np.cos(LATITUDE) * np.cos(decl) * np.sin(ws))


def generate_weather(seed: int, events: dict[str, float] | None = None) -> pd.DataFrame:
    """Daily ``date, precipitation_mm, pet_mm, temperature_c``; ``events`` maps dates to rain."""
    rng = child_rng(seed, 60)
    dates = pd.date_range(START, END, freq="D")
    n = len(dates)
    doy = dates.day_of_year.to_numpy()
    years = (dates.year + (doy - 1) / 365.25).to_numpy() - 1990.0
    season = np.cos(2 * np.pi * (doy - 200) / 365.25)  # +1 mid-July, -1 mid-January

    p_wd = 0.30 + 0.04 * season  # wet after dry
    p_ww = 0.60 + 0.03 * season  # wet after wet
    u = rng.uniform(size=n)
    wet = np.zeros(n, dtype=bool)
    for i in range(1, n):  # one pass over 12 784 days, not over cells
        wet[i] = u[i] < (p_ww[i] if wet[i - 1] else p_wd[i])
    mean_amount = 6.2 + 2.6 * season
    shape = 0.75
    precip = np.where(wet, rng.gamma(shape, mean_amount / shape), 0.0)

    anomaly = signal.lfilter([1.0], [1.0, -0.7], rng.normal(0.0, 2.2, n))
    temp = 8.0 + 0.035 * years + 9.3 * season + anomaly - 1.2 * wet * (season > 0)
    t_range = np.clip(9.5 + 2.5 * season - 3.5 * wet + rng.normal(0, 1.0, n), 3.0, 16.0)
    ra_mm = 0.408 * extraterrestrial_radiation(doy)
    pet = np.clip(0.0020 * ra_mm * (temp + 17.8) * np.sqrt(t_range), 0.0, None)

    df = pd.DataFrame({"date": dates.strftime("%Y-%m-%d"), "precipitation_mm": precip,
                       "pet_mm": pet, "temperature_c": temp})
    for date, mm in (events or {}).items():
        df.loc[df["date"] == date, "precipitation_mm"] = mm
    return df.round({"precipitation_mm": 1, "pet_mm": 2, "temperature_c": 1})
