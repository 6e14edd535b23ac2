"""Which land-use polygon each cell shows, so that every polygon keeps its area to within a cell.

A majority rule per cell would not: a strip of 0.6-covered cells along a 100-cell edge adds
40 cells to one class. Here the exact area of every polygon in each cell its boundary crosses
is measured (Green's theorem, column by column), and every polygon — and "no polygon" — then
gets between the floor and the ceiling of its area in cells, largest shares first; such an
assignment always exists (integral flows with bounds), and the search below finds it.
Block by block, so memory is bounded by a block, not the region.
"""
from __future__ import annotations

from collections import deque
from pathlib import Path

import numpy as np
import shapely
from rasterio.features import rasterize

from koki_climate.region.build.report import BuildReport
from koki_climate.region.build.target import TargetGrid

#: cells per block side: memory of a block's work is bounded by its 65,536 cells
BLOCK_CELLS = 256


def _ha(m2: float) -> str:
    return f"{m2 / 1e4:,.1f} ha"


def allocate_cells(geoms: np.ndarray, sealed: np.ndarray, target: TargetGrid, report: BuildReport, path: Path,
              block: int = BLOCK_CELLS) -> tuple[np.ndarray, np.ndarray]:
    """Which polygon each cell shows (-1: none) and the area-weighted sealed share (NaN: no polygon).

    Block by block: the exact area of every polygon in each cell its boundary crosses is
    measured (:func:`_boundary_cells`); any other cell lies wholly in the polygon holding its
    centre, or in none. Then every polygon, and "no polygon", gets between floor and ceiling
    of its area in cells (:func:`_assign`): such an assignment always exists (integral flows
    with bounds), so no polygon misses its area by a whole cell.
    """
    n = len(geoms)
    none = n  # index of "no polygon" among the pieces
    owner = np.full(target.shape, -1, np.int32)
    sealing = np.full(target.shape, np.nan, np.float32)
    fixed = np.zeros(n + 1, np.int64)
    by_id = np.concatenate([[np.nan], sealed])  # raster id = piece index + 1; 0 = no polygon
    tree = shapely.STRtree(geoms)
    flat_parts, cell_parts, piece_parts, share_parts = [], [], [], []
    contested = 0
    for rows, cols, transform in target.blocks(block):
        bh, bw = rows.stop - rows.start, cols.stop - cols.start
        west, north = transform.c, transform.f
        box = (west, north - bh * target.resolution, west + bw * target.resolution, north)
        hits = tree.query(shapely.box(*box))
        if len(hits) == 0:
            fixed[none] += bh * bw
            continue
        clipped = shapely.clip_by_rect(geoms[hits], *box)
        solid = ~shapely.is_empty(clipped)
        ids = rasterize(zip(clipped[solid], (hits[solid] + 1).tolist()), out_shape=(bh, bw), transform=transform,
                        fill=0, dtype="int32") - 1 if solid.any() else np.full((bh, bw), -1, np.int32)
        ri, ci, piece, share = _boundary_cells(clipped, hits, bh, bw, west, north, target.resolution)
        cell = ri * bw + ci
        covered = np.bincount(cell, weights=share, minlength=bh * bw)
        touched = np.bincount(cell, minlength=bh * bw)
        whole = (touched == 1) & (covered > 1.0 - 1e-9)  # a boundary along the cell's edge: still one polygon
        ids.ravel()[cell[whole[cell]]] = piece[whole[cell]]
        edge = (touched > 0) & ~whole
        flat_ids = ids.ravel()
        fixed += np.bincount(np.where(flat_ids[~edge] < 0, none, flat_ids[~edge]), minlength=n + 1)
        block_sealing = by_id[flat_ids + 1]
        contested_cells = np.flatnonzero(edge)
        if len(contested_cells):
            pairs = edge[cell]
            local = np.searchsorted(contested_cells, cell[pairs])
            weighted = np.bincount(local, weights=share[pairs] * sealed[piece[pairs]], minlength=len(contested_cells))
            cover = covered[contested_cells]
            with np.errstate(invalid="ignore", divide="ignore"):
                block_sealing[contested_cells] = np.where(cover > 1e-12, weighted / cover, np.nan)
            empty = np.clip(1.0 - cover, 0.0, 1.0)
            gap = np.flatnonzero(empty > 1e-9)
            r, c = np.divmod(contested_cells, bw)
            flat_parts.append((rows.start + r) * target.width + cols.start + c)
            cell_parts += [local + contested, gap + contested]
            piece_parts += [piece[pairs], np.full(len(gap), none)]
            share_parts += [share[pairs], empty[gap]]
            contested += len(contested_cells)
            flat_ids = flat_ids.copy()
            flat_ids[contested_cells] = -1
        owner[rows, cols] = flat_ids.reshape(bh, bw)
        sealing[rows, cols] = block_sealing.reshape(bh, bw)

    cells = np.concatenate(cell_parts) if cell_parts else np.zeros(0, np.int64)
    pieces = np.concatenate(piece_parts) if piece_parts else np.zeros(0, np.int64)
    shares = np.concatenate(share_parts) if share_parts else np.zeros(0)
    areas = fixed + np.bincount(pieces, weights=shares, minlength=n + 1)  # in cells; [none] = uncovered
    overlap = shapely.area(geoms).sum() / target.cell_area_m2 - (target.cells - areas[none])  # polygons are in the grid
    if overlap > max(1.0, 1e-3 * target.cells):
        report.add("note", f"land-use polygons overlap on about {_ha(overlap * target.cell_area_m2)}; each overlap "
                           "is counted once (the polygon later in the file wins)", path)
    if contested:
        order = np.lexsort((pieces, -shares))
        lower = np.maximum(np.floor(areas + 1e-9).astype(np.int64) - fixed, 0)
        upper = np.maximum(np.ceil(areas - 1e-9).astype(np.int64) - fixed, 0)
        winner = _assign(cells[order], pieces[order], lower, upper, contested)
        owner.ravel()[np.concatenate(flat_parts)] = np.where(winner == none, -1, winner)
    return owner, sealing


def _ragged(start: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each i, the integers start[i] .. start[i] + count[i] - 1, with i repeated alongside."""
    owner = np.repeat(np.arange(len(count)), count)
    return start[owner] + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count), owner


def _boundary_cells(clipped: np.ndarray, ids: np.ndarray, bh: int, bw: int, west: float, north: float,
                    res: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, polygon id, area share) for the cells of a block that polygon boundaries cross.

    Exact, by Green's theorem column by column: in cell units (X east, Y down from the
    block's top), a polygon with counter-clockwise outer rings covers in cell (i, j) the sum
    over its edge pieces in that cell of dX * (Y_mid - i), plus the dX of its edge pieces
    below the cell in column j. ``clipped`` are the polygons cut to the block, so the pieces
    below are the block's bottom edge at the latest.
    """
    parts, part_of = shapely.get_parts(clipped, return_index=True)
    polygon = shapely.get_type_id(parts) == 3  # clipping may leave lines or points beside polygons
    parts, part_of = parts[polygon], part_of[polygon]
    rings, ring_of = shapely.get_rings(shapely.orient_polygons(parts, exterior_cw=False), return_index=True)
    xy, point_of = shapely.get_coordinates(rings, return_index=True)
    X, Y = (xy[:, 0] - west) / res, (north - xy[:, 1]) / res
    edge = np.flatnonzero(point_of[1:] == point_of[:-1])
    if len(edge) == 0:
        return (np.zeros(0, np.int64),) * 3 + (np.zeros(0),)
    x0, y0, x1, y1 = X[edge], Y[edge], X[edge + 1], Y[edge + 1]
    owner = ids[part_of[ring_of[point_of[edge]]]]
    # split every edge where it crosses a grid line
    ts, es = [np.zeros(len(edge)), np.ones(len(edge))], [np.arange(len(edge))] * 2
    for a0, a1 in ((x0, x1), (y0, y1)):
        low = np.floor(np.minimum(a0, a1)) + 1
        count = np.maximum(np.ceil(np.maximum(a0, a1)) - low, 0).astype(np.int64)
        line, which = _ragged(low, count)
        ts.append((line - a0[which]) / (a1 - a0)[which])
        es.append(which)
    t, e = np.concatenate(ts), np.concatenate(es)
    order = np.lexsort((t, e))
    t, e = t[order], e[order]
    same = np.flatnonzero(e[1:] == e[:-1])
    ta, tb, e = t[same], t[same + 1], e[same]
    dx = (x1 - x0)[e] * (tb - ta)
    xm = x0[e] + (x1 - x0)[e] * (ta + tb) / 2
    ym = y0[e] + (y1 - y0)[e] * (ta + tb) / 2
    col = np.clip(np.floor(xm).astype(np.int64), 0, bw - 1)
    row = np.clip(np.floor(ym).astype(np.int64), -1, bh)
    piece = owner[e]
    # per (piece, column, row): the part inside, and the dX of everything below in the column
    order = np.lexsort((row, col, piece))
    piece, col, row, dx, part = piece[order], col[order], row[order], dx[order], (dx * (ym - row))[order]
    first = np.flatnonzero(np.r_[True, (piece[1:] != piece[:-1]) | (col[1:] != col[:-1]) | (row[1:] != row[:-1])])
    part_sum, dx_sum = np.add.reduceat(part, first), np.add.reduceat(dx, first)
    piece, col, row = piece[first], col[first], row[first]
    group = np.r_[True, (piece[1:] != piece[:-1]) | (col[1:] != col[:-1])]
    running = np.cumsum(dx_sum)
    group_end = running[np.r_[np.flatnonzero(group)[1:] - 1, len(running) - 1]][np.cumsum(group) - 1]
    area = part_sum + (group_end - running)
    keep = (row >= 0) & (row < bh) & (area > 1e-9)
    return row[keep], col[keep], piece[keep], np.minimum(area[keep], 1.0)


def _assign(cells: np.ndarray, pieces: np.ndarray, lower: np.ndarray, upper: np.ndarray, size: int) -> np.ndarray:
    """The piece each contested cell goes to, each piece taking between ``lower`` and ``upper`` of them.

    ``(cells, pieces)`` come largest share first. First every piece is filled to its lower
    bound, then the rest of the cells go out up to the upper bounds; each time greedily in
    share order, then along augmenting paths for what greed left (A takes a cell of B, B one
    of C, ... until a free cell or a piece with room is reached). Cells still free (only
    where polygons overlap) go to their largest share.
    """
    winner = [-1] * size
    count = [0] * len(lower)
    cell_list, piece_list = cells.tolist(), pieces.tolist()
    graph: _Pairs | None = None
    for phase, bound in enumerate((lower.tolist(), upper.tolist())):
        for c, p in zip(cell_list, piece_list):
            if winner[c] < 0 and count[p] < bound[p]:
                winner[c] = p
                count[p] += 1
        free = set(np.flatnonzero(np.asarray(winner) < 0).tolist())
        short = [p for p, (have, need) in enumerate(zip(count, bound)) if have < need] if phase == 0 else []
        if not free or (phase == 0 and not short):
            continue
        graph = graph or _Pairs(cells, pieces, size, len(lower))
        stuck: set[int] = set()  # pieces from which no path leads on; the set only grows within a phase
        for p in short:
            while count[p] < bound[p] and free and p not in stuck and _take_free(p, winner, graph, free, stuck):
                count[p] += 1
        if phase == 1:
            for c in sorted(free):
                _give_free(c, winner, count, bound, graph, stuck)
    out = np.array(winner, dtype=np.int64)
    left = out < 0
    if left.any():
        first = np.unique(cells, return_index=True)[1]  # each cell's largest share comes first
        out[left] = pieces[first][left]
    return out


class _Pairs:
    """The (cell, piece) pairs as two adjacency lists (compressed rows), share order kept."""

    def __init__(self, cells: np.ndarray, pieces: np.ndarray, size: int, n_pieces: int) -> None:
        by_piece = np.argsort(pieces, kind="stable")
        self._piece_cells = cells[by_piece]
        self._piece_start = np.searchsorted(pieces[by_piece], np.arange(n_pieces + 1))
        by_cell = np.argsort(cells, kind="stable")
        self._cell_pieces = pieces[by_cell]
        self._cell_start = np.searchsorted(cells[by_cell], np.arange(size + 1))

    def cells_of(self, piece: int) -> list[int]:
        return self._piece_cells[self._piece_start[piece]:self._piece_start[piece + 1]].tolist()

    def pieces_of(self, cell: int) -> list[int]:
        return self._cell_pieces[self._cell_start[cell]:self._cell_start[cell + 1]].tolist()


def _take_free(start: int, winner: list[int], graph: _Pairs, free: set[int], stuck: set[int]) -> bool:
    """One more cell for ``start`` along the shortest chain of hand-overs ending in a free cell.

    On failure every piece searched joins ``stuck``: no free cell is reachable from them,
    and free cells only get fewer, so later searches skip them.
    """
    came_from: dict[int, tuple[int, int] | None] = {start: None}  # piece -> (cell it gives up, piece taking it)
    queue = deque([start])
    while queue:
        piece = queue.popleft()
        for cell in graph.cells_of(piece):
            if cell in free:
                free.discard(cell)
                winner[cell] = piece
                while came_from[piece] is not None:
                    given, taker = came_from[piece]
                    winner[given] = taker
                    piece = taker
                return True
            holder = winner[cell]
            if holder not in came_from and holder not in stuck:
                came_from[holder] = (cell, piece)
                queue.append(holder)
    stuck.update(came_from)
    return False


def _give_free(cell: int, winner: list[int], count: list[int], bound: list[int], graph: _Pairs,
               stuck: set[int]) -> bool:
    """Place a free cell: a piece with room takes it, or a full one does and hands one of its cells on.

    On failure every piece searched joins ``stuck`` (no piece with room is reachable from
    them, and room only shrinks).
    """
    came_from: dict[int, tuple[int, int | None]] = {}  # piece -> (cell it takes, piece that held the cell)
    queue: deque[int] = deque()
    for piece in graph.pieces_of(cell):
        if piece not in came_from and piece not in stuck:
            came_from[piece] = (cell, None)
            queue.append(piece)
    while queue:
        piece = queue.popleft()
        if count[piece] < bound[piece]:
            count[piece] += 1
            while piece is not None:
                taken, holder = came_from[piece]
                winner[taken] = piece
                piece = holder
            return True
        for owned in graph.cells_of(piece):
            if winner[owned] != piece:
                continue
            for other in graph.pieces_of(owned):
                if other not in came_from and other not in stuck:
                    came_from[other] = (owned, piece)
                    queue.append(other)
    stuck.update(came_from)
    return False


# --- parcels -------------------------------------------------------------------------------------


__all__ = ["BLOCK_CELLS", "allocate_cells"]
