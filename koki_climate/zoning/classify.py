"""From probability and groundwater grids to a zone-class grid.

Post-processing is built so that the precautionary zones always contain the expected ones,
also after smoothing and the minimum mapping unit. The class grid is the sum of three nested
binary masks (class >= 3, >= 2, >= 1), and each mask goes through the same *monotone*
operator F (M ⊆ M' implies F(M) ⊆ F(M')):

1. closing with a disk of radius ``smoothing_cells`` (dilation then erosion, both monotone),
   computed on an edge-padded grid so the grid border does not erode zones;
2. remove connected patches smaller than the minimum mapping unit. This is monotone: a patch
   of M lies inside one patch of M' (a larger mask can only merge patches), which is at least
   as large, so whatever survives in M survives in M';
3. fill holes (patches of the complement) smaller than the minimum mapping unit: the dual of
   step 2, monotone for the same reason.

Because F is monotone, nested masks stay nested (so the sum is a valid class grid with
precedence 3 > 2 > 1 > 0), and larger inputs (or lower thresholds, as the precautionary
policy's) give larger masks.
The unit applies to the "at least class k" areas; a ring of exactly class 2 around a class 3
area may be narrower than it.
"""
from __future__ import annotations

import json
import math

import numpy as np
import xarray as xr
from scipy import ndimage

from koki_climate.grid import cell_area_m2
from koki_climate.zoning.rules import NODATA, ZONE_CLASSES, ZoningRules

_FOUR = ndimage.generate_binary_structure(2, 1)  # 4-connectivity, as rasterio.features.shapes


def disk(radius: int) -> np.ndarray:
    """A rounded disk structuring element; radius 1 is the full 3x3 square."""
    r = int(radius)
    yy, xx = np.mgrid[-r:r + 1, -r:r + 1]
    return (xx * xx + yy * yy) <= r * (r + 1)


def close_mask(mask: np.ndarray, radius: int) -> np.ndarray:
    """Morphological closing that treats the grid border as continuing the edge values."""
    if radius <= 0 or not mask.any():
        return mask.copy()
    pad = 2 * radius  # enough that the padded border never reaches the original cells
    padded = np.pad(mask, pad, mode="edge")
    se = disk(radius)
    closed = ndimage.binary_erosion(ndimage.binary_dilation(padded, se), se)
    return closed[pad:-pad, pad:-pad]


def remove_small(mask: np.ndarray, min_cells: int) -> np.ndarray:
    """Drop 4-connected patches of fewer than ``min_cells`` cells."""
    if min_cells <= 1 or not mask.any():
        return mask.copy()
    labels, n = ndimage.label(mask, structure=_FOUR)
    sizes = np.bincount(labels.ravel(), minlength=n + 1)
    keep = sizes >= min_cells
    keep[0] = False
    return keep[labels]


def fill_small(mask: np.ndarray, min_cells: int) -> np.ndarray:
    """Fill 4-connected holes (patches of the complement) of fewer than ``min_cells`` cells."""
    return ~remove_small(~mask, min_cells)


def min_mapping_cells(rules: ZoningRules, cell_m2: float) -> int:
    """The minimum mapping unit in whole cells (at least 1)."""
    cells = rules.min_area_ha * 1e4 / cell_m2
    return max(1, math.ceil(cells - 1e-9))


def postprocess(mask: np.ndarray, ok: np.ndarray, rules: ZoningRules, cell_m2: float) -> np.ndarray:
    """The monotone operator F of the module docstring, restricted to valid cells."""
    n = min_mapping_cells(rules, cell_m2)
    out = close_mask(mask & ok, rules.smoothing_cells) & ok
    out = remove_small(out, n)
    return fill_small(out, n) & ok


def zoning_halo(rules: ZoningRules, cell_m2: float) -> int:
    """Cells a block needs around its core so that its classes equal the whole grid's.

    With n = minimum mapping unit in cells and r = closing radius: a patch (or hole) of fewer
    than n cells lies, with its boundary, within n cells of any of its cells, so a cell's
    patch-size decision needs the closed mask correct within n cells; filling needs the
    removal correct within n more; the closing needs 2r more, and its own edge padding spoils
    only the outer 2r. So 2n + 2r (+1) cells of halo make a block's core exact. The halo grows
    with the mapping unit in cells (19 cells at 25 m, ~115 at 10 m; at 1 m DGM1 cells 10,003,
    then blocks must be large or zoning run at a coarser planning resolution).
    """
    n = min_mapping_cells(rules, cell_m2)
    return 2 * (n if n > 1 else 0) + 2 * rules.smoothing_cells + 1


def _checked(da: xr.DataArray, name: str, like: xr.DataArray) -> xr.DataArray:
    if da.dims != ("y", "x"):
        raise ValueError(f"{name} must have dims ('y', 'x'), got {da.dims}")
    if da.shape != like.shape or not (np.allclose(da["x"], like["x"]) and np.allclose(da["y"], like["y"])):
        raise ValueError(f"{name} is not on the same grid as p_hq100")
    return da


def _classes_block(ph: np.ndarray, pe: np.ndarray, gw: np.ndarray, valid: np.ndarray, *, rules: ZoningRules,
                   cell_m2: float) -> np.ndarray:
    """Zone classes of one block (or the whole grid): nested masks through the monotone operator."""
    ok = np.isfinite(ph) & np.isfinite(pe) & np.isfinite(gw) & valid
    with np.errstate(invalid="ignore"):
        at_least_3 = ok & (ph >= rules.flood_threshold)
        at_least_2 = at_least_3 | (ok & (pe >= rules.extreme_threshold))
        at_least_1 = at_least_2 | (ok & (gw <= rules.groundwater_depth_m))
    classes = np.zeros(ph.shape, dtype="uint8")
    for mask in (at_least_1, at_least_2, at_least_3):
        classes += postprocess(mask, ok, rules, cell_m2).astype("uint8")
    classes[~ok] = NODATA
    return classes


def zone_classes(
    p_hq100: xr.DataArray,
    p_extreme: xr.DataArray,
    groundwater_depth_high: xr.DataArray,
    rules: ZoningRules = ZoningRules(),
    valid: xr.DataArray | None = None,
) -> xr.DataArray:
    """Zone class per cell: 3 freihalten, 2 auflagen, 1 grundwasser, 0 keine, 255 no data.

    ``p_hq100``/``p_extreme`` are inundation probabilities of the two design events (the
    precautionary policy passes ``rules.precautionary(...)``); ``groundwater_depth_high`` is the
    projected high groundwater depth below ground (m, positive down). A cell is classified
    only where ``valid`` (if given) is true and all three inputs are finite: a missing input
    must not read as "no hazard". Dask-backed inputs are classified block by block with the
    halo of :func:`zoning_halo` (lazy; the same classes as at once).
    """
    inputs = [_checked(p_hq100, "p_hq100", p_hq100), _checked(p_extreme, "p_extreme", p_hq100),
              _checked(groundwater_depth_high, "groundwater_depth_high", p_hq100),
              _checked(valid, "valid", p_hq100) > 0 if valid is not None else xr.ones_like(p_hq100, dtype=bool)]
    cell_m2 = cell_area_m2(p_hq100)
    lazy = any(item.chunks is not None for item in inputs)
    if lazy:
        import dask.array

        blocks = next(item for item in inputs if item.chunks is not None).chunksizes
        arrays = [item.chunk(blocks).data for item in inputs]  # one block layout for all four
        classes = dask.array.map_overlap(_classes_block, *arrays, depth=zoning_halo(rules, cell_m2),
                                         boundary="none", dtype="uint8", rules=rules, cell_m2=cell_m2)
    else:
        classes = _classes_block(*(np.asarray(item.values) for item in inputs), rules=rules, cell_m2=cell_m2)
    out = xr.DataArray(
        classes, coords={"y": p_hq100["y"], "x": p_hq100["x"]}, dims=("y", "x"), name="zone_class",
        attrs={
            "long_name": "flood-protection zone class",
            "flag_values": np.array(sorted(ZONE_CLASSES), dtype="uint8"),
            "flag_meanings": " ".join(ZONE_CLASSES[k] for k in sorted(ZONE_CLASSES)),
            "zoning_rules": json.dumps(rules.to_dict(), sort_keys=True),
        },
    )
    crs = p_hq100.rio.crs
    if crs is not None:
        out.rio.write_crs(crs, inplace=True)  # inplace: rioxarray deep-copies the grid otherwise
    return out.rio.write_nodata(NODATA, encoded=False, inplace=True)


def zone_areas_ha(classes: xr.DataArray) -> dict[str, float]:
    """Area (ha) per class name; together they make up the classified (valid) area."""
    values = np.asarray(classes.values)
    counts = np.bincount(values[values != NODATA].ravel().astype("int64"), minlength=len(ZONE_CLASSES))
    cell_ha = cell_area_m2(classes) / 1e4
    return {ZONE_CLASSES[k]: float(counts[k]) * cell_ha for k in sorted(ZONE_CLASSES)}
