"""Benchmark of `region build` at real size: a 2 M-cell region (5 m) built from 1 m DGM tiles.

Writes a synthetic town into a temporary folder — 49 DGM1 tiles of 1 km² (1000 x 1000 cells,
float32 GeoTIFF, EPSG:25833, i.e. 49 M source cells), land-use polygons with ALKIS codes, a
flood area, a depth grid, climate tables and weather — and builds it in EPSG:25832 at 5 m
(about 2 M cells) in a separate process, measuring wall time and peak resident memory; then
`check`, `train` and a cold `evaluate` on the built region, each in its own process.

Baseline, measured in the same run: the naive way to get the same elevation layer — merge
all tiles into one 1 m array in memory (``rioxarray.merge``) and reproject it — with its
time and peak memory, and the ratios. Run with ``make bench`` or ``python bench/region_build.py``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import rasterio  # noqa: E402
import shapely  # noqa: E402
from rasterio.transform import from_origin  # noqa: E402

TILE_M = 1000
WEST, SOUTH = 300_000, 5_700_000  # EPSG:25833
ALKIS = [41001, 41002, 43001, 43001, 43002, 41008, 42001, 44001]
SPEC = """
[region]
name = "Benchmarkstadt"
crs = "EPSG:25832"
resolution_m = {resolution}
boundary = "grenze.gpkg"
synthetic = true

[terrain]
dem = "dgm1/*.tif"

[landuse]
file = "nutzung.gpkg"
column = "objart"

[[flood_areas]]
file = "hq100.gpkg"
return_period = 100

[groundwater]
depth = "flurabstand.tif"

[climate]
heavy_rain = "kostra.csv"
changes = "signale.csv"
weather = "wetter.csv"
"""


SCENARIO = '{"pathway": "rcp85", "horizon": "2071-2100"}'


def line(name: str, value: float, unit: str, note: str = "") -> dict:
    print(f"{name:<58} {value:>12,.2f} {unit:<6} {note}", flush=True)
    return {"name": name, "value": value, "unit": unit, "note": note}


def write_town(folder: Path, tiles_per_side: int, resolution: float) -> Path:
    """The synthetic town's raw files; returns the build spec."""
    (folder / "dgm1").mkdir(parents=True)
    rng = np.random.default_rng(7)
    size = tiles_per_side * TILE_M
    for i in range(tiles_per_side):
        for j in range(tiles_per_side):
            x0, y0 = WEST + j * TILE_M, SOUTH + (i + 1) * TILE_M
            x = x0 + np.arange(TILE_M) + 0.5
            y = y0 - np.arange(TILE_M) - 0.5
            xx, yy = np.meshgrid(x - WEST, y - SOUTH)
            z = (80 + 25 * np.sin(xx / 1100) + 18 * np.cos(yy / 800) + 0.002 * xx
                 + rng.normal(0, 0.05, xx.shape)).astype("float32")
            with rasterio.open(folder / "dgm1" / f"dgm1_33_{x0}_{y0 - TILE_M}.tif", "w", driver="GTiff",
                               width=TILE_M, height=TILE_M, count=1, dtype="float32", crs="EPSG:25833",
                               transform=from_origin(x0, y0, 1, 1), compress="deflate", tiled=True) as dst:
                dst.write(z[None])
    inset = 30.0  # the boundary stays inside the tiles after reprojection to EPSG:25832
    area = shapely.box(WEST + inset, SOUTH + inset, WEST + size - inset, SOUTH + size - inset)
    gpd.GeoDataFrame(geometry=[area], crs="EPSG:25833").to_file(folder / "grenze.gpkg")
    step = 250
    boxes = [shapely.box(WEST + a, SOUTH + b, WEST + a + step, SOUTH + b + step)
             for a in range(0, size, step) for b in range(0, size, step)]
    gpd.GeoDataFrame({"objart": [ALKIS[k % len(ALKIS)] for k in range(len(boxes))]}, geometry=boxes,
                     crs="EPSG:25833").to_file(folder / "nutzung.gpkg")
    gpd.GeoDataFrame(geometry=[shapely.box(WEST, SOUTH, WEST + size, SOUTH + size / 4)],
                     crs="EPSG:25833").to_file(folder / "hq100.gpkg")
    depth_cell = (size + 1000) / 60  # a coarse depth grid reaching 500 m beyond the tiles
    with rasterio.open(folder / "flurabstand.tif", "w", driver="GTiff", width=60, height=60, count=1,
                       dtype="float32", crs="EPSG:25833",
                       transform=from_origin(WEST - 500, SOUTH + size + 500, depth_cell, depth_cell)) as dst:
        dst.write(np.full((1, 60, 60), 3.0, "float32"))
    (folder / "kostra.csv").write_text("dauerstufe_min;wiederkehrzeit_a;niederschlag_mm\n1440;10;55,0\n"
                                       "1440;100;80,0\n", encoding="utf-8")
    rows = ["pathway,horizon,variable,change_percent,change_degC"]
    for pathway in ("rcp26", "rcp45", "rcp85"):
        for horizon in ("2021-2050", "2071-2100"):
            rows += [f"{pathway},{horizon},{v},6," for v in ("heavy_rain", "precip_annual", "precip_summer",
                                                             "precip_winter")]
            rows.append(f"{pathway},{horizon},temperature,,2.0")
    (folder / "signale.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    shutil.copy(REPO / "tests" / "data" / "groundwater-example" / "climate.csv", folder / "wetter.csv")
    spec = folder / "build.toml"
    spec.write_text(SPEC.format(resolution=resolution), encoding="utf-8")
    return spec


def measured(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a child process; (wall s, the peak resident memory of that child alone in MiB, its stdout)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=out, stderr=err, text=True, cwd=REPO,
                                 env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage, not the running maximum
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if child.returncode != 0:
            raise SystemExit(f"{' '.join(args[1:5])} failed:\n{err.read()[-3000:]}")
        return wall, usage.ru_maxrss / 1024, out.read()


NAIVE = """
import sys, glob, numpy as np, rioxarray
from rioxarray.merge import merge_arrays
from rasterio.enums import Resampling
tiles = [rioxarray.open_rasterio(p, masked=True).squeeze("band", drop=True) for p in sorted(glob.glob(sys.argv[1]))]
mosaic = merge_arrays(tiles)                       # the whole 1 m DEM in memory
out = mosaic.rio.reproject("EPSG:25832", resolution=float(sys.argv[2]), resampling=Resampling.average)
print(int(np.isfinite(out.values).sum()))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles-per-side", type=int, default=7, help="7: 49 km² of 1 m tiles")
    parser.add_argument("--resolution", type=float, default=5.0)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    figures = []
    with tempfile.TemporaryDirectory(prefix="koki-bench-build-") as scratch:
        folder = Path(scratch)
        start = time.perf_counter()
        spec = write_town(folder / "stadt", args.tiles_per_side, args.resolution)
        figures.append(line("write the synthetic town's raw files", time.perf_counter() - start, "s",
                            f"{args.tiles_per_side ** 2} tiles of 1000 x 1000 at 1 m"))
        wall, rss, out = measured([sys.executable, "-m", "koki_climate", "region", "build", str(spec), "--out",
                                   str(folder / "region"), "--json"])
        summary = json.loads(out)
        cells = summary["grid"]["cells"]
        figures.append(line("region build: grid cells", cells, "cells", f"{args.resolution:g} m, EPSG:25832"))
        figures.append(line("region build: wall time", wall, "s", "whole command, incl. the check"))
        for step, seconds in summary["timing_s"].items():
            figures.append(line(f"  of which {step}", seconds, "s"))
        figures.append(line("region build: peak resident memory", rss, "MiB", "whole process"))
        region, cache = str(folder / "region"), {"KOKI_CACHE_DIR": str(folder / "cache")}
        cli = [sys.executable, "-m", "koki_climate"]
        for name, command in (("check", ["check", region, "--json"]),
                              ("train", ["train", "--region", region, "--json"]),
                              ("evaluate (rcp85 2071-2100, cold)",
                               ["evaluate", "--region", region, "--scenario", SCENARIO, "--out",
                                str(folder / "evaluated"), "--json"])):
            step_wall, step_rss, _ = measured(cli + command, cache)
            figures.append(line(f"{name} on the built region: wall time", step_wall, "s"))
            figures.append(line(f"{name} on the built region: peak memory", step_rss, "MiB"))
        naive_wall, naive_rss, _ = measured([sys.executable, "-c", NAIVE, str(folder / "stadt" / "dgm1" / "*.tif"),
                                             str(args.resolution)])
        figures.append(line("baseline: merge all tiles in memory + reproject", naive_wall, "s", "DEM only"))
        figures.append(line("baseline: peak resident memory", naive_rss, "MiB"))
        figures.append(line("ratio baseline / build peak memory", naive_rss / rss, "x",
                            "the build streams tile by tile"))
        figures.append(line("ratio build DEM step / baseline time", summary["timing_s"]["DEM"] / naive_wall, "x",
                            "exact area weights cost time"))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
