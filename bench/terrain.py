"""Terrain features at scale: wall time and peak memory of ``terrain_features``, new vs old.

For each grid size (cells per side; default 1000 and 3162, i.e. 1 M and 10 M cells) a
synthetic DEM (noisy V-valley, closed bowl, ragged nodata edge and nodata holes, float32,
1 m cells) is built in a child process, numba code is compiled on a small grid, and then
one of two implementations runs once:

- ``new``: :func:`koki_climate.terrain.terrain_features` (strip-wise, few whole-grid arrays);
- ``old``: the former whole-grid implementation, kept below as the baseline.

Per run: wall time of the call, the child's peak resident memory (``os.wait4`` ru_maxrss),
its resident memory just before the call (imports, DEM, compiled code) and the difference
(what the call added), and old/new ratios.  Children run one after another.

    python bench/terrain.py                # 1000 and 3162
    python bench/terrain.py 1000 3162 10000 --old-max-cells 20000000

The old implementation needs about 170 bytes per cell (16.9 GB at 10000 x 10000), so it is
skipped above ``--old-max-cells`` (default 20 M cells).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def synthetic_dem(n: int, seed: int = 1):
    """n x n float32 DEM, built in row blocks so that building it costs little memory."""
    import numpy as np
    import xarray as xr

    rng = np.random.default_rng(seed)
    z = np.empty((n, n), np.float32)
    cols = np.arange(n, dtype=np.float32)
    for r0 in range(0, n, 1024):
        r = np.arange(r0, min(n, r0 + 1024), dtype=np.float32)[:, None]
        blk = (0.05 * np.abs(cols - 0.45 * n) + 0.01 * (n - r) + 2.0 * np.sin(cols / 37.0) * np.cos(r / 53.0)
               + rng.normal(0, 0.3, (r.size, n)).astype(np.float32))
        d2 = ((r - 0.3 * n) ** 2 + (cols - 0.7 * n) ** 2) / (0.05 * n) ** 2
        blk -= (5.0 * np.exp(-d2)).astype(np.float32)
        blk[cols < 3 + 4 * np.abs(np.sin(r / 31.0))] = np.nan  # ragged west edge
        blk[((r - 0.6 * n) ** 2 + (cols - 0.2 * n) ** 2) < (0.04 * n) ** 2] = np.nan
        rows = (r >= 0.1 * n) & (r < 0.15 * n)
        blk[np.broadcast_to(rows & (cols >= 0.5 * n) & (cols < 0.55 * n), blk.shape)] = np.nan
        z[r0:r0 + r.size] = blk
    x = 500000.0 + np.arange(n, dtype=float)
    y = 5500000.0 - np.arange(n, dtype=float)
    return xr.DataArray(z, coords={"y": y, "x": x}, dims=("y", "x"), name="elevation")


# --- baseline: the whole-grid implementation before the strip-wise rework ----------------------

def old_terrain_features(elevation, river=None, *, stream_area_km2: float = 2.0):
    """koki_climate.terrain.terrain_features as it was (whole-grid float64 arrays per step)."""
    import numpy as np
    import pyflwdir
    import xarray as xr
    from pyflwdir.dem import fill_depressions

    from koki_climate.terrain import MIN_SLOPE_DEG, grid_transform

    transform = grid_transform(elevation)
    elevation = elevation.transpose("y", "x")
    dx = transform.a
    z = np.asarray(elevation.values, dtype=np.float32).astype(np.float64)
    valid = np.isfinite(z)
    z[~valid] = np.nan
    drain_given = (np.nan_to_num(np.asarray(river.values, dtype=float), nan=0.0) > 0.5
                   if river is not None else np.zeros(z.shape, bool))
    filled, flood_d8 = fill_depressions(z, nodata=np.nan, outlets="edge")
    d8 = _old_steepest_d8(filled, valid, flood_d8)
    flw = pyflwdir.from_array(d8, ftype="d8", check_ftype=False, transform=transform, latlon=False)
    cell_km2 = dx * dx / 1e6
    ncells = flw.upstream_area(unit="cell").astype(np.float64)
    uparea_km2 = np.where(valid, ncells * cell_km2, np.nan)
    drain = valid & (drain_given | (uparea_km2 >= stream_area_km2))
    hand, dist = _old_to_drain(flw, d8, drain, filled, dx)
    slope_deg = _old_slope_degrees(z, valid, elevation)
    spec_area = uparea_km2 * 1e6 / dx
    tan_b = np.tan(np.radians(np.maximum(slope_deg, MIN_SLOPE_DEG)))
    with np.errstate(invalid="ignore"):
        twi = np.log(spec_area / tan_b)
    depression = np.where(valid, filled - z, np.nan)

    def var(data, dtype=np.float32):
        return xr.DataArray(data.astype(dtype), coords=elevation.coords, dims=("y", "x"))

    return xr.Dataset({"slope": var(slope_deg), "flow_accumulation": var(uparea_km2), "hand": var(hand),
                       "twi": var(twi), "flow_distance": var(dist), "depression_depth": var(depression),
                       "drainage": var(drain, np.uint8)}, coords=elevation.coords)


def _old_steepest_d8(filled, valid, flood_d8):
    import numpy as np
    from scipy import ndimage

    from koki_climate.terrain import _D8

    ny, nx = filled.shape
    zc = np.where(valid, filled, np.inf)
    zp = np.pad(zc, 1, constant_values=np.inf)
    best = np.zeros((ny, nx))
    code = np.zeros((ny, nx), dtype=np.uint8)
    with np.errstate(invalid="ignore"):
        for dr, dc, d8 in _D8:
            neighbour = zp[1 + dr:1 + dr + ny, 1 + dc:1 + dc + nx]
            drop = (zc - neighbour) / (math.sqrt(2.0) if dr and dc else 1.0)
            steeper = valid & (drop > best)
            best[steeper] = drop[steeper]
            code[steeper] = d8
    interior = ndimage.binary_erosion(valid, structure=np.ones((3, 3), bool), border_value=0)
    fallback = np.where(interior, flood_d8, np.uint8(0))
    d8 = np.where(best > 0, code, fallback).astype(np.uint8)
    d8[~valid] = np.uint8(247)
    return d8


def _old_slope_degrees(z, valid, elevation):
    import numpy as np
    import xarray as xr
    from scipy import ndimage
    from xrspatial import slope as xrs_slope

    if not valid.all():
        idx = ndimage.distance_transform_edt(~valid, return_distances=False, return_indices=True)
        z = z[tuple(idx)]
    zp = np.pad(z, 1, mode="reflect", reflect_type="odd")
    x = np.asarray(elevation["x"].values, dtype=float)
    y = np.asarray(elevation["y"].values, dtype=float)
    xp = np.concatenate([[2 * x[0] - x[1]], x, [2 * x[-1] - x[-2]]])
    yp = np.concatenate([[2 * y[0] - y[1]], y, [2 * y[-1] - y[-2]]])
    padded = xr.DataArray(zp, coords={"y": yp, "x": xp}, dims=("y", "x"))
    out = np.asarray(xrs_slope(padded).values[1:-1, 1:-1], dtype=np.float64)
    return np.where(valid, out, np.nan)


def _old_to_drain(flw, d8, drain, filled, dx):
    import numpy as np

    nodata = -9999.0
    target = drain | (d8 == 0)
    ref_z = flw.fillnodata(np.where(target, filled, nodata), nodata, direction="up")
    hand = filled - ref_z
    diagonal = np.isin(d8, (2, 8, 32, 128))
    step = np.where(d8 == 0, 0.0, np.where(diagonal, dx * math.sqrt(2.0), dx))
    to_outlet = flw.accuflux(step, nodata=nodata, direction="down")
    ref_d = flw.fillnodata(np.where(target, to_outlet, nodata), nodata, direction="up")
    dist = to_outlet - ref_d
    bad = (ref_z == nodata) | (ref_d == nodata)
    return np.where(bad, np.nan, hand), np.where(bad, np.nan, dist)


# --- measuring ------------------------------------------------------------------------------------

def _rss_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(impl: str, n: int) -> None:
    """Run one implementation once on an n x n DEM; print JSON with wall time and RSS before."""
    from koki_climate.terrain import terrain_features

    run = terrain_features if impl == "new" else old_terrain_features
    run(synthetic_dem(60), stream_area_km2=0.001)  # compile numba code before measuring
    elev = synthetic_dem(n)
    before = _rss_mib()
    t0 = time.perf_counter()
    ds = run(elev, stream_area_km2=0.05)
    wall = time.perf_counter() - t0
    print(json.dumps({"wall_s": wall, "rss_before_mib": before,
                      "drain_cells": int(ds["drainage"].values.sum())}))


def measure(impl: str, n: int) -> dict:
    """The child's result plus its peak resident memory (ru_maxrss, MiB)."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", impl, str(n)],
                            stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{impl} at {n} x {n} failed (exit {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mib"] = usage.ru_maxrss / 1024
    result["added_mib"] = result["peak_rss_mib"] - result["rss_before_mib"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 3162], help="cells per side")
    parser.add_argument("--old-max-cells", type=float, default=20e6,
                        help="skip the old implementation above this many cells")
    parser.add_argument("--child", nargs=2, metavar=("IMPL", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return

    print(f"{'size':>13} {'impl':>4} {'wall s':>9} {'peak RSS MiB':>13} {'before MiB':>11} "
          f"{'added MiB':>10} {'added B/cell':>13}", flush=True)
    for n in args.sizes:
        cells = n * n
        results = {}
        for impl in ("old", "new"):
            if impl == "old" and cells > args.old_max_cells:
                print(f"{n:>6} x {n:<6} {impl:>4}  skipped (> --old-max-cells)", flush=True)
                continue
            r = results[impl] = measure(impl, n)
            print(f"{n:>6} x {n:<6} {impl:>4} {r['wall_s']:>9.2f} {r['peak_rss_mib']:>13,.0f} "
                  f"{r['rss_before_mib']:>11,.0f} {r['added_mib']:>10,.0f} "
                  f"{r['added_mib'] * 2**20 / cells:>13.1f}", flush=True)
        if len(results) == 2:
            old, new = results["old"], results["new"]
            if old["drain_cells"] != new["drain_cells"]:
                print("  WARNING: drainage networks differ")
            print(f"{'':>13} old/new: time {old['wall_s'] / new['wall_s']:.2f}x, peak RSS "
                  f"{old['peak_rss_mib'] / new['peak_rss_mib']:.2f}x, added by the call "
                  f"{old['added_mib'] / new['added_mib']:.2f}x", flush=True)


if __name__ == "__main__":
    main()
