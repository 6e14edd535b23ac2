"""Compute time and an energy estimate of a piece of work (a #KoKI sustainability principle).

The estimate is deliberately simple and stated: CPU seconds times an assumed power per
busy core, plus the German grid's CO2 intensity. It is shown beside every training and
scenario run so that people see what analyses cost.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Iterator

#: assumed electrical power of one busy CPU core incl. its share of memory and board (W);
#: about 10-15 W per core for server CPUs (TDP per core); set KOKI_WATTS_PER_CORE to your hardware
WATTS_PER_CORE = float(os.environ.get("KOKI_WATTS_PER_CORE", 12.0))
#: CO2 intensity of the German electricity mix 2023, g/kWh (Umweltbundesamt, 2024: about 380)
GRID_G_CO2_PER_KWH = 380.0


@dataclass
class Footprint:
    """Wall time, CPU time, estimated energy (Wh) and CO2 (g) of one run."""

    wall_s: float = 0.0
    cpu_s: float = 0.0
    energy_wh: float = 0.0
    co2_g: float = 0.0
    assumptions: dict = field(default_factory=lambda: {
        "watts_per_core": WATTS_PER_CORE, "grid_g_co2_per_kwh": GRID_G_CO2_PER_KWH})

    def to_dict(self) -> dict:
        out = asdict(self)
        for key in ("wall_s", "cpu_s"):
            out[key] = round(out[key], 3)
        out["energy_wh"] = round(out["energy_wh"], 5)
        out["co2_g"] = round(out["co2_g"], 5)
        return out


@contextmanager
def measure() -> Iterator[Footprint]:
    """Measure the enclosed work; the yielded Footprint is filled in when the block ends."""
    footprint = Footprint()
    wall0 = time.perf_counter()
    cpu0 = _cpu_seconds()
    try:
        yield footprint
    finally:
        footprint.wall_s = time.perf_counter() - wall0
        footprint.cpu_s = max(_cpu_seconds() - cpu0, 0.0)
        footprint.energy_wh = footprint.cpu_s * WATTS_PER_CORE / 3600.0
        footprint.co2_g = footprint.energy_wh / 1000.0 * GRID_G_CO2_PER_KWH


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (all threads count)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system
