"""A human- and machine-readable validation report of a region (``koki check``)."""
from __future__ import annotations

from typing import Any

import numpy as np

from koki_climate.region.core import Region
from koki_climate.grid import cell_size


def region_report(region: Region) -> dict[str, Any]:
    """Summarise grid, layers (role, file, variable, shape, units, range), vectors, wells."""
    dx, dy = cell_size(region.grid)
    ny, nx = region.shape
    grid = {
        "crs": region.crs.to_string(),
        "crs_name": region.crs.name,
        "shape": [ny, nx],
        "cell_size_m": [dx, dy],
        "bounds": [float(region.grid.x.min()) - dx / 2, float(region.grid.y.min()) - dy / 2,
                   float(region.grid.x.max()) + dx / 2, float(region.grid.y.max()) + dy / 2],
        "area_km2": round(nx * ny * dx * dy / 1e6, 3),
    }
    layers = []
    for role, spec in region.manifest.layers.items():
        da = region.grid[role]
        layers.append({
            "role": role,
            "file": str(spec.file.relative_to(region.path)),
            "variable": spec.variable,
            "shape": [int(n) for n in da.shape],
            "units": da.attrs.get("units", ""),
            **_range(da),
        })
    if region.climate is not None:
        for role, variable in region.manifest.climate.variables.items():
            da = region.climate[role]
            layers.append({
                "role": f"climate.{role}",
                "file": str(region.manifest.climate.file.relative_to(region.path)),
                "variable": variable,
                "shape": [int(n) for n in da.shape],
                "units": da.attrs.get("units", ""),
                **_range(da),
            })
    vectors = {role: {"layer": region.manifest.vectors.layers[role], "features": int(len(frame))}
               for role, frame in region.vectors.items()}
    report: dict[str, Any] = {
        "valid": True,
        "region": region.name,
        "path": str(region.path),
        "synthetic": region.manifest.synthetic,
        "grid": grid,
        "layers": layers,
        "vectors": vectors,
        "wells": 0 if region.wells is None else int(len(region.wells)),
        "checksum": region.checksum,
        "warnings": list(region.warnings),
    }
    if region.climate is not None:
        report["climate_scenarios"] = [f"{p} {h}" for p, h in
                                       zip(region.climate.pathway.values, region.climate.horizon.values)]
    return report


def _range(da) -> dict[str, float | None]:
    """Min, max and NaN share; computed lazily (dask-friendly)."""
    values = da.astype("float64") if da.dtype.kind in "iub" else da
    low, high = float(values.min()), float(values.max())
    nan_share = float(values.isnull().mean()) if da.dtype.kind == "f" else 0.0
    return {"min": None if np.isnan(low) else round(low, 4),
            "max": None if np.isnan(high) else round(high, 4),
            "nan_share": round(nan_share, 6)}


def format_report(report: dict[str, Any]) -> str:
    """Plain-text rendering of :func:`region_report` for the terminal."""
    grid = report["grid"]
    lines = [
        f"Region: {report['region']}" + ("  (SYNTHETIC sample data)" if report["synthetic"] else ""),
        f"Path:   {report['path']}",
        f"Grid:   {grid['shape'][0]} x {grid['shape'][1]} cells of {grid['cell_size_m'][0]:g} x "
        f"{grid['cell_size_m'][1]:g} m, {grid['area_km2']:g} km², {grid['crs']} ({grid['crs_name']})",
        "Layers:",
    ]
    width = max(len(layer["role"]) for layer in report["layers"])
    for layer in report["layers"]:
        shape = "x".join(map(str, layer["shape"]))
        lines.append(f"  {layer['role']:<{width}}  {layer['file']}:{layer['variable']}  [{shape}]  "
                     f"{layer['units'] or '-'}  range {layer['min']} .. {layer['max']}"
                     + (f"  NaN {layer['nan_share']:.1%}" if layer["nan_share"] else ""))
    if report["vectors"]:
        lines.append("Vectors: " + ", ".join(f"{role} ({v['features']} features)" for role, v in report["vectors"].items()))
    lines.append(f"Wells:  {report['wells']}")
    if "climate_scenarios" in report:
        lines.append("Climate scenarios: " + ", ".join(report["climate_scenarios"]))
    for warning in report["warnings"]:
        lines.append(f"Warning: {warning}")
    lines.append(f"Checksum: {report['checksum'][:16]}…")
    lines.append("OK: the region is valid.")
    return "\n".join(lines)
