"""Climate scenarios for the sample region on a 1 km grid.

Reference fields (1991-2020) follow the southern Bavarian pattern: wetter towards the
Alps in the south, cooler with height. Change signals are applied per pathway and horizon
with magnitudes typical of the EURO-CORDEX ensemble for southern Germany. Heavy rain
scales with warming (about +7 %/K, Clausius-Clapeyron), so it is monotone across
pathways by construction. The values are synthetic approximations, not model output.
"""
from __future__ import annotations

import numpy as np

from koki_climate.region.sample.grid import EXTENT, noise

CLIMATE_CELLS = 30  # 1 km
#: warming in K per (pathway, horizon), southern Germany, ensemble median-like
WARMING = {("historical", "1991-2020"): 0.0,
           ("rcp26", "2021-2050"): 1.0, ("rcp45", "2021-2050"): 1.1, ("rcp85", "2021-2050"): 1.3,
           ("rcp26", "2071-2100"): 1.2, ("rcp45", "2071-2100"): 2.2, ("rcp85", "2071-2100"): 3.8}
#: relative change of (winter, summer) precipitation
PRECIP_CHANGE = {("historical", "1991-2020"): (0.0, 0.0),
                 ("rcp26", "2021-2050"): (0.05, 0.00), ("rcp45", "2021-2050"): (0.06, -0.01),
                 ("rcp85", "2021-2050"): (0.08, -0.03), ("rcp26", "2071-2100"): (0.06, -0.02),
                 ("rcp45", "2071-2100"): (0.10, -0.06), ("rcp85", "2071-2100"): (0.18, -0.15)}
#: the climate ensemble's spread around the median signal: 15th / 85th percentile warming as a
#: share of the median, and the half-range of the (winter, summer) precipitation change --
#: of the order of the EURO-CORDEX spread the DWD Klimaatlas shows for southern Germany
WARMING_SPREAD = (0.7, 1.4)
PRECIP_SPREAD = (0.05, 0.07)
HEAVY_RAIN_PER_K = 0.07
EXTREME_PER_K = 0.085
REFERENCES = ("DWD Klimaatlas Deutschland; EURO-CORDEX ensemble (Jacob et al. 2014, Reg Environ Change "
              "14:563-578); LfU Bayern Klima-Faktenblaetter (Bayerisches Landesamt fuer Umwelt); "
              "KOSTRA-DWD-2020 for heavy-rain return levels; values here are synthetic approximations")


SPREAD_VARIABLES = tuple(f"{name}{suffix}" for name in ("pr_annual", "pr_summer", "pr_winter", "tas")
                         for suffix in ("_low", "_high"))


def scenarios() -> list[tuple[str, str]]:
    """The seven (pathway, horizon) pairs, reference first."""
    return list(WARMING)


def climate_coords() -> tuple[np.ndarray, np.ndarray]:
    """Local cell-centre coordinates (east ascending, north descending) of the 1 km grid."""
    step = EXTENT / CLIMATE_CELLS
    east = (np.arange(CLIMATE_CELLS) + 0.5) * step
    return east, EXTENT - (np.arange(CLIMATE_CELLS) + 0.5) * step


def build_climate(seed: int, elevation_at) -> dict[str, np.ndarray]:
    """Variables (scenario, y, x) in mm and degC; ``elevation_at(lx, ly)`` gives smoothed terrain."""
    east, north = climate_coords()
    lx, ly = np.meshgrid(east, north)
    south = (EXTENT - ly) / EXTENT  # 0 north edge .. 1 south edge
    n1 = noise(seed, 90, 8000.0).at(lx, ly)
    n2 = noise(seed, 91, 6000.0).at(lx, ly)
    n3 = noise(seed, 92, 10_000.0).at(lx, ly)
    elev = elevation_at(lx, ly)
    annual = 920.0 + 150.0 * south + 25.0 * n1 + 0.15 * (elev - 500.0)
    summer = annual * (0.345 + 0.01 * n2)
    winter = annual * (0.185 - 0.008 * n2)
    rest = annual - summer - winter
    tas = 8.9 - 0.0055 * (elev - 450.0) + 0.15 * n3
    rp10 = 0.062 * annual + 1.5 * n2
    rp100 = rp10 * (1.55 + 0.03 * n1)
    extreme = rp100 * 1.5
    dt_pattern = 1.0 + 0.04 * n3  # same pattern for every pathway: keeps the ordering
    out: dict[str, list[np.ndarray]] = {k: [] for k in
                                        ("pr_annual", "pr_summer", "pr_winter", "tas", "pr_1d_rp10",
                                         "pr_1d_rp100", "pr_1d_extreme", *SPREAD_VARIABLES)}
    for key in scenarios():
        dt = WARMING[key] * dt_pattern
        d_win, d_sum = PRECIP_CHANGE[key]
        s, w = summer * (1 + d_sum), winter * (1 + d_win)
        out["pr_summer"].append(s)
        out["pr_winter"].append(w)
        out["pr_annual"].append(s + w + rest * (1 + 0.02 * WARMING[key]))
        out["tas"].append(tas + dt)
        out["pr_1d_rp10"].append(rp10 * (1 + HEAVY_RAIN_PER_K * dt))
        out["pr_1d_rp100"].append(rp100 * (1 + HEAVY_RAIN_PER_K * dt))
        out["pr_1d_extreme"].append(extreme * (1 + EXTREME_PER_K * dt))
        # each variable's own 15th / 85th ensemble percentile (not one consistent member)
        future = key != ("historical", "1991-2020")
        for suffix, share, sign in (("_low", WARMING_SPREAD[0], -1.0), ("_high", WARMING_SPREAD[1], 1.0)):
            d_w = d_win + sign * PRECIP_SPREAD[0] * future
            d_s = d_sum + sign * PRECIP_SPREAD[1] * future
            out["pr_summer" + suffix].append(summer * (1 + d_s))
            out["pr_winter" + suffix].append(winter * (1 + d_w))
            out["pr_annual" + suffix].append(summer * (1 + d_s) + winter * (1 + d_w) + rest * (1 + 0.02 * WARMING[key]))
            out["tas" + suffix].append(tas + dt * share)
    return {k: np.round(np.stack(v), 2).astype(np.float32) for k, v in out.items()}
