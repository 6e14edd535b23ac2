"""A 2-D local-inertial shallow-water solver with sub-grid topography: the sample's flood physics.

Momentum is the shallow-water equation without its convective term, solved explicitly on a
staggered grid with the friction term semi-implicit: LISFLOOD-FP's ``acceleration`` solver
(Bates, Horritt and Fewtrell 2010, "A simple inertial formulation of the shallow water
equations for efficient two-dimensional flood inundation modelling", J. Hydrol. 387:33-45),
with de Almeida et al.'s weighting of the neighbouring face fluxes, which damps the
checkerboard oscillations of the original scheme (de Almeida, Bates, Freer and Souvignet
2012, "Improving the stability of a simple formulation of the shallow water equations for
2-D flood modeling", Water Resour. Res. 48, W05528). Written for a whole face of a coarse
cell, with discharge ``Q`` (m³/s), wet cross-section ``A``, hydraulic radius ``R = A / W``
(``W`` the wet width of the face) and Manning's ``n``::

    Q' = [θ Q + (1-θ)/2 (Q⁻ + Q⁺) - g A Δt (η_b - η_a)/Δx] / [1 + g Δt n² |Q| / (A R^(4/3))]

which for a flat face (``A = h Δx``) is Bates et al.'s eq. 11 per unit width.

The coarse cells keep the fine terrain inside them as sub-grid tables, as SFINCS does in its
sub-grid mode (Leijnse et al. 2021, "Modeling compound flooding in coastal systems using a
computationally efficient reduced-physics solver", Coastal Eng. 163:103796; the idea goes
back to Casulli 2009, Int. J. Numer. Meth. Fluids 60:391): a cell's water level follows from
its volume through the fine cells' hypsometry (water fills the lowest fine cells first), and
a face conveys water through the fine cells along it that lie below the level (a narrow
channel crossing a 500 m face carries a river in its few metres, not as a 500 m sheet). With
one fine cell per coarse cell both tables reduce to the plain scheme.

The time step obeys the CFL condition of a surface wave across each face, ``Δt = α Δx / c``
with ``c² = g A Δx / S`` (``S`` the wet plan area of the smaller neighbour); on a plain grid
this is Bates et al.'s ``c² = g h`` (eq. 12). A river that only clips the corner of a coarse
cell would leave that cell a few wet fine cells of storage beside a face that carries the
whole river, and force tiny steps; every cell therefore stores at least as much per metre
of rise as a channel one fine cell wide running right through it (its lowest level rises as
if it were that wide until the real wet area is larger). That changes how fast such a cell
fills, never a steady water level.
Two common safeguards for rain on steep ground: a face flux never exceeds Froude number 1
(LISFLOOD-FP's Froude limiter), and a cell never sends away more water than it holds (its
outgoing fluxes are scaled down), which keeps volumes non-negative and the water balance
exact to round-off. Boundary faces let water leave at normal depth on the outward ground
slope (a free outfall) and never let it in; inflows enter as point sources.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np

G = 9.81
H_DRY = 1e-3  # m: a face whose wet section is less than this times a fine cell's width carries no flow


@dataclass
class Subgrid:
    """Sub-grid tables of a coarse grid (``ny`` x ``nx`` cells of ``dx`` m, ``k`` fine cells a side)."""

    dx: float
    k: int
    cell_z: np.ndarray   # (ny, nx, k*k) sorted fine elevations, m
    cell_v: np.ndarray   # (ny, nx, k*k) volume below each of those levels, m³
    face_x: np.ndarray   # (ny, nx+1, k) sorted fine elevations along the west faces (and the east edge)
    face_y: np.ndarray   # (ny+1, nx, k) sorted fine elevations along the north faces (and the south edge)
    n_x: np.ndarray      # (ny, nx+1) Manning's n of the faces
    n_y: np.ndarray      # (ny+1, nx)
    slope_x: np.ndarray  # (ny, 2) outward ground slope at the west and east edge (free outfall)
    slope_y: np.ndarray  # (2, nx) at the north and south edge
    storage_floor: float = 0.0  # m²: least wet plan area of a cell holding any water

    @property
    def shape(self) -> tuple[int, int]:
        return self.cell_z.shape[:2]

    def volume(self, level: np.ndarray) -> np.ndarray:
        """Water volume (m³) per cell when its level is ``level`` (m), from the hypsometry."""
        fine = (self.dx / self.k) ** 2
        natural = fine * np.clip(level[..., None] - self.cell_z, 0.0, None).sum(axis=-1)
        return np.maximum(natural, self.storage_floor * np.clip(level - self.cell_z[..., 0], 0.0, None))

    def level(self, volume: np.ndarray) -> np.ndarray:
        """Water level (m) per cell holding ``volume`` (m³): the inverse of :meth:`volume`."""
        return _levels(np.asarray(volume, dtype=np.float64), self.cell_z, self.cell_v, (self.dx / self.k) ** 2,
                       self.storage_floor)


def subgrid_tables(z: np.ndarray, manning: np.ndarray, fine_dx: float, k: int, s_min: float = 1e-4) -> Subgrid:
    """Sub-grid tables for blocks of ``k`` x ``k`` cells of a fine grid (a multiple of ``k`` a side).

    A face's fine elevations are the higher of the two fine cells that meet across it (the
    sill water must pass); Manning's n of a face is the mean of those cells' n. Outfall
    slopes are at least ``s_min``. The storage floor is a channel of one fine cell's width
    across the cell.
    """
    fy, fx = z.shape
    ny, nx = fy // k, fx // k
    blocks = z.reshape(ny, k, nx, k).transpose(0, 2, 1, 3).reshape(ny, nx, k * k)
    cell_z = np.sort(blocks, axis=-1)
    before = np.cumsum(cell_z, axis=-1) - cell_z
    cell_v = fine_dx ** 2 * (np.arange(k * k) * cell_z - before)
    inner_x = np.maximum(z[:, k - 1:-1:k], z[:, k::k])  # (fy, nx-1)
    face_x = np.concatenate([z[:, :1], inner_x, z[:, -1:]], axis=1)
    face_x = np.sort(face_x.reshape(ny, k, nx + 1).transpose(0, 2, 1), axis=-1)
    inner_y = np.maximum(z[k - 1:-1:k, :], z[k::k, :])
    face_y = np.concatenate([z[:1, :], inner_y, z[-1:, :]], axis=0)
    face_y = np.sort(face_y.reshape(ny + 1, nx, k), axis=-1)
    nxf = 0.5 * (manning[:, k - 1:-1:k] + manning[:, k::k])
    n_x = np.concatenate([manning[:, :1], nxf, manning[:, -1:]], axis=1).reshape(ny, k, nx + 1).mean(axis=1)
    nyf = 0.5 * (manning[k - 1:-1:k, :] + manning[k::k, :])
    n_y = np.concatenate([manning[:1, :], nyf, manning[-1:, :]], axis=0).reshape(ny + 1, nx, k).mean(axis=2)
    mean = blocks.mean(axis=-1)
    dx = fine_dx * k
    if nx > 1:
        west, east = (mean[:, 1] - mean[:, 0]) / dx, (mean[:, -2] - mean[:, -1]) / dx
    else:
        west = east = np.zeros(ny)
    if ny > 1:
        north, south = (mean[1, :] - mean[0, :]) / dx, (mean[-2, :] - mean[-1, :]) / dx
    else:
        north = south = np.zeros(nx)
    slope_x = np.maximum(np.stack([west, east], axis=1), s_min)
    slope_y = np.maximum(np.stack([north, south], axis=0), s_min)
    return Subgrid(dx, k, cell_z, cell_v, face_x, face_y, n_x, n_y, slope_x, slope_y, dx * fine_dx)


@dataclass
class Result:
    """Highest level and volume over the run, the final volumes and the water balance (m³)."""

    level_max: np.ndarray   # (y, x) m
    time_max: np.ndarray    # (y, x) s after the start when the level peaked
    volume_max: np.ndarray  # (y, x) m³
    volume_end: np.ndarray  # (y, x) m³
    rain_in: float
    source_in: float
    outflow: float
    steps: int

    def balance_error(self, volume_start: float) -> float:
        """Relative volume error: (stored - start - in + out) / (in + start)."""
        gain = self.rain_in + self.source_in
        return (self.volume_end.sum() - volume_start - gain + self.outflow) / max(gain + volume_start, 1e-12)


def simulate(grid: Subgrid, volume0: np.ndarray, rain: np.ndarray, hour0: float, duration: float,
             source_cells: np.ndarray | None = None, source_q: np.ndarray | None = None, *,
             theta: float = 0.8, alpha: float = 0.7, dt_max: float = 300.0, froude_max: float = 1.0) -> Result:
    """Run the scheme from ``hour0`` for ``duration`` seconds.

    Parameters
    ----------
    grid
        Sub-grid tables (:func:`subgrid_tables`).
    volume0
        Initial water volume per cell (m³), (y, x).
    rain
        Cumulative effective rain per cell (m³) at whole hours 0, 1, 2, ... (hour, y, x); the
        rate is constant within each hour, and the rain stops where the table ends.
    source_cells, source_q
        Point inflows: (m, 2) rows and columns, and (m, hours) discharges in m³/s at whole
        hours, linear in between (the last value holds after the table ends).
    """
    if source_cells is None:
        source_cells = np.zeros((0, 2), dtype=np.int64)
        source_q = np.zeros((0, rain.shape[0]))
    out = _run(grid.cell_z, grid.cell_v, grid.face_x, grid.face_y, grid.n_x, grid.n_y, grid.slope_x,
               grid.slope_y, grid.dx, (grid.dx / grid.k) ** 2, max(grid.storage_floor, (grid.dx / grid.k) ** 2),
               grid.dx / grid.k,
               np.array(volume0, dtype=np.float64), np.ascontiguousarray(rain, dtype=np.float64), float(hour0),
               float(duration), np.asarray(source_cells, dtype=np.int64),
               np.ascontiguousarray(source_q, dtype=np.float64), theta, alpha, dt_max, froude_max)
    return Result(*out)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _level(v: float, zs: np.ndarray, vs: np.ndarray, fine_area: float, floor: float,
           lo: int) -> tuple[float, float, int]:
    """Level of one cell holding volume ``v``, its wet plan area (m²), and the index of the
    highest of its sorted fine elevations ``zs`` below the level.

    Piecewise linear between ``zs`` (``vs``: the volume at each), but never higher than if the
    cell were ``floor`` m² wide from its lowest point up. The search starts at ``lo`` (the
    last step's index: levels move little in a step).
    """
    n = zs.size
    while lo + 1 < n and vs[lo + 1] <= v:
        lo += 1
    while lo > 0 and vs[lo] > v:
        lo -= 1
    wet = (lo + 1) * fine_area
    level = zs[lo] + (v - vs[lo]) / wet
    if floor > wet:
        floored = zs[0] + v / floor
        if floored < level:
            return floored, floor, lo
    return level, max(wet, floor), lo


@numba.njit(cache=True, error_model="numpy")
def _levels(volume: np.ndarray, cell_z: np.ndarray, cell_v: np.ndarray, fine_area: float, floor: float) -> np.ndarray:
    """Levels of all cells (see :func:`_level`)."""
    out = np.empty(volume.shape)
    for i in range(volume.shape[0]):
        for j in range(volume.shape[1]):
            out[i, j] = _level(volume[i, j], cell_z[i, j], cell_v[i, j], fine_area, floor, 0)[0]
    return out


@numba.njit(cache=True, inline="always", error_model="numpy")
def _section(level: float, zf: np.ndarray) -> tuple[float, int]:
    """Wet cross-section (m² per metre of fine-cell width) and wet fine cells of a face at ``level``."""
    area, wet = 0.0, 0
    for m in range(zf.size):  # sorted, and k is small: a scan beats a search
        if zf[m] >= level:
            break
        area += level - zf[m]
        wet += 1
    return area, wet


@numba.njit(cache=True, inline="always", error_model="numpy")
def _face(q0: float, q_side: float, level_a: float, level_b: float, zf: np.ndarray, width: float, n2: float,
          dx: float, dt: float, theta: float, froude_max: float, storage: float) -> tuple[float, float]:
    """New discharge across one interior face, a to b positive (Bates et al. 2010 eq. 11, per face),
    and the squared celerity ``g A Δx / storage`` of a surface wave across it (for the CFL step)."""
    area, wet = _section(max(level_a, level_b), zf)
    if area <= H_DRY:
        return 0.0, 0.0
    radius = area / wet
    area *= width
    q = theta * q0 + 0.5 * (1.0 - theta) * q_side
    friction = G * dt * n2 * abs(q0) / (area * radius * np.cbrt(radius))  # R^(4/3) = R ∛R
    q = (q - G * area * dt * (level_b - level_a) / dx) / (1.0 + friction)
    limit = froude_max * area * math.sqrt(G * radius)
    return min(max(q, -limit), limit), G * area * dx / storage


@numba.njit(cache=True, inline="always", error_model="numpy")
def _outfall(level: float, zf: np.ndarray, width: float, n: float, slope: float) -> float:
    """Discharge leaving across a boundary face at normal depth (Manning), never negative."""
    area, wet = _section(level, zf)
    if area <= H_DRY:
        return 0.0
    radius = area / wet
    return area * width * np.cbrt(radius * radius) * math.sqrt(slope) / n


@numba.njit(cache=True, error_model="numpy")
def _run(cell_z, cell_v, face_x, face_y, n_x, n_y, slope_x, slope_y, dx, fine_area, floor, width, vol, rain,
         hour0, duration, src, src_q, theta, alpha, dt_max, froude_max):  # pragma: no cover - compiled
    ny, nx = vol.shape
    level = np.empty((ny, nx))
    storage = np.empty((ny, nx))  # wet plan area of each cell, m²
    index = np.zeros((ny, nx), dtype=np.int64)  # highest fine cell below the level (search starts there)
    for i in range(ny):
        for j in range(nx):
            level[i, j], storage[i, j], index[i, j] = _level(vol[i, j], cell_z[i, j], cell_v[i, j], fine_area,
                                                             floor, 0)
    level_max = level.copy()
    vol_max = vol.copy()
    time_max = np.zeros((ny, nx))
    n2x = n_x * n_x
    n2y = n_y * n_y
    qx, qx_new = np.zeros((ny, nx + 1)), np.zeros((ny, nx + 1))
    qy, qy_new = np.zeros((ny + 1, nx)), np.zeros((ny + 1, nx))
    scale = np.ones((ny, nx))
    n_hours = rain.shape[0]
    n_src_hours = src_q.shape[1]
    rain_in, source_in, outflow = 0.0, 0.0, 0.0
    t, steps = 0.0, 0
    dt = 1.0
    while t < duration - 1e-6:
        dt = min(dt, duration - t)
        hour = hour0 + (t + 0.5 * dt) / 3600.0
        c2 = 0.0
        for i in range(ny):
            qx_new[i, 0] = -_outfall(level[i, 0], face_x[i, 0], width, n_x[i, 0], slope_x[i, 0])
            qx_new[i, nx] = _outfall(level[i, nx - 1], face_x[i, nx], width, n_x[i, nx], slope_x[i, 1])
            for j in range(1, nx):
                q, c = _face(qx[i, j], qx[i, j - 1] + qx[i, j + 1], level[i, j - 1], level[i, j], face_x[i, j],
                             width, n2x[i, j], dx, dt, theta, froude_max, min(storage[i, j - 1], storage[i, j]))
                qx_new[i, j] = q
                c2 = max(c2, c)
        for j in range(nx):
            qy_new[0, j] = -_outfall(level[0, j], face_y[0, j], width, n_y[0, j], slope_y[0, j])
            qy_new[ny, j] = _outfall(level[ny - 1, j], face_y[ny, j], width, n_y[ny, j], slope_y[1, j])
        for i in range(1, ny):
            for j in range(nx):
                q, c = _face(qy[i, j], qy[i - 1, j] + qy[i + 1, j], level[i - 1, j], level[i, j], face_y[i, j],
                             width, n2y[i, j], dx, dt, theta, froude_max, min(storage[i - 1, j], storage[i, j]))
                qy_new[i, j] = q
                c2 = max(c2, c)
        # a cell never sends away more than it holds: scale its outgoing fluxes
        for i in range(ny):
            for j in range(nx):
                leaving = (max(qx_new[i, j + 1], 0.0) - min(qx_new[i, j], 0.0)
                           + max(qy_new[i + 1, j], 0.0) - min(qy_new[i, j], 0.0)) * dt
                scale[i, j] = vol[i, j] / leaving if leaving > vol[i, j] else 1.0
        for i in range(ny):
            qx_new[i, 0] *= scale[i, 0]
            qx_new[i, nx] *= scale[i, nx - 1]
            for j in range(1, nx):
                q = qx_new[i, j]
                qx_new[i, j] = q * (scale[i, j - 1] if q > 0 else scale[i, j])
            outflow += (qx_new[i, nx] - qx_new[i, 0]) * dt
        for j in range(nx):
            qy_new[0, j] *= scale[0, j]
            qy_new[ny, j] *= scale[ny - 1, j]
            outflow += (qy_new[ny, j] - qy_new[0, j]) * dt
        for i in range(1, ny):
            for j in range(nx):
                q = qy_new[i, j]
                qy_new[i, j] = q * (scale[i - 1, j] if q > 0 else scale[i, j])
        h0 = min(int(hour), n_hours - 2)
        raining = hour < n_hours - 1
        for i in range(ny):
            for j in range(nx):
                v = vol[i, j] + dt * (qx_new[i, j] - qx_new[i, j + 1] + qy_new[i, j] - qy_new[i + 1, j])
                if raining:
                    r = (rain[h0 + 1, i, j] - rain[h0, i, j]) * (dt / 3600.0)
                    v += r
                    rain_in += r
                vol[i, j] = max(v, 0.0)
        s0 = min(int(hour), n_src_hours - 2)
        f = min(max(hour - s0, 0.0), 1.0)
        for s in range(src.shape[0]):
            q = src_q[s, s0] * (1.0 - f) + src_q[s, s0 + 1] * f
            vol[src[s, 0], src[s, 1]] += q * dt
            source_in += q * dt
        for i in range(ny):
            for j in range(nx):
                lv, wet, idx = _level(vol[i, j], cell_z[i, j], cell_v[i, j], fine_area, floor, index[i, j])
                level[i, j] = lv
                storage[i, j] = wet
                index[i, j] = idx
                if lv > level_max[i, j]:
                    level_max[i, j] = lv
                    time_max[i, j] = t + dt
                if vol[i, j] > vol_max[i, j]:
                    vol_max[i, j] = vol[i, j]
        qx, qx_new = qx_new, qx
        qy, qy_new = qy_new, qy
        t += dt
        steps += 1
        # CFL for the next step from this step's fastest surface wave, growing at most 20 % a step
        limit = alpha * dx / math.sqrt(c2) if c2 > 0.0 else dt_max
        dt = min(dt_max, 1.2 * dt, limit)
    return level_max, time_max, vol_max, vol, rain_in, source_in, outflow, steps
