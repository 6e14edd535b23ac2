"""Terrain of the sample region, built from its river network rather than from noise alone.

Each stream carves a valley profile into a dissected plateau (Tertiary hill country of the
Bavarian foreland): the main river a wide flat floodplain with two terrace steps, the
tributaries narrow floors with steep sides. The surfaces are joined by a smooth minimum,
so every slope leads down to a stream and the main river falls steadily downstream, which
a D8 flow router finds. Because we know the streams, we also know each cell's height
above the stream whose valley it lies in (its own HAND, :mod:`.drainage`) without running a
flow router here, and the generator never calls the model's terrain code.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage

from koki_climate.region.sample.drainage import valley_hand
from koki_climate.region.sample.grid import EXTENT, Grid, child_rng, noise, noise1d, sigmoid, softmin, softplus

MAIN_NAME = "Mühlach"
#: (name, confluence easting in m, side: +1 from the north, -1 from the south, max length in m)
TRIBUTARIES = (
    ("Steinbach", 4500.0, 1, 16_000.0), ("Erlbach", 9500.0, -1, 16_000.0),
    ("Forstbach", 14_500.0, 1, 16_000.0), ("Kaltenbach", 19_000.0, -1, 16_000.0),
    ("Aubach", 24_500.0, 1, 16_000.0), ("Rothbach", 27_500.0, -1, 16_000.0),
    ("Moosgraben", 1800.0, -1, 6500.0), ("Lohgraben", 7800.0, 1, 5500.0),
    ("Hirschgraben", 13_000.0, -1, 6000.0), ("Brunnbach", 20_500.0, 1, 7000.0),
    ("Eschengraben", 22_800.0, -1, 5000.0), ("Talgraben", 28_500.0, 1, 5000.0),
)
MAIN_CHANNEL_HALF_WIDTH = 25.0  # m; the Mühlach is about 50-75 m wide


@dataclass
class Stream:
    """A stream as a dense polyline in local metres, ordered from source to mouth."""

    name: str
    lx: np.ndarray
    ly: np.ndarray
    z: np.ndarray          # normal water level, m a.s.l.
    area_km2: np.ndarray   # upstream catchment area
    main: bool = False


@dataclass
class MainRiver:
    """The main river as a function y(x): it crosses the region from west to east."""

    y_in: float
    y_out: float
    amps: np.ndarray
    waves: np.ndarray
    phases: np.ndarray

    def y(self, lx: np.ndarray) -> np.ndarray:
        lx = np.asarray(lx, float)
        out = self.y_in + (self.y_out - self.y_in) * lx / EXTENT
        for a, w, p in zip(self.amps, self.waves, self.phases):
            out = out + a * np.sin(2 * np.pi * lx / w + p)
        return out


@dataclass
class Terrain:
    """Elevation plus what later steps need to know about how it was built."""

    grid: Grid
    elevation: np.ndarray      # m a.s.l., float64
    river: np.ndarray          # bool, stream cells
    main: MainRiver
    streams: list[Stream]
    d_main: np.ndarray         # distance to the main river centreline, m
    side: np.ndarray           # +1 north of the main river, -1 south
    floodplain_w: np.ndarray   # floodplain half-width at the nearest main-river point, m
    d_stream: np.ndarray       # distance to the nearest stream, m
    z_drain: np.ndarray        # water level of the nearest stream, m a.s.l.
    area_km2: np.ndarray       # catchment area of the nearest stream point
    hand: np.ndarray           # height above the level of the stream whose valley holds the cell, m
    extras: dict = field(default_factory=dict)


def plateau(seed: int, lx: np.ndarray, ly: np.ndarray) -> np.ndarray:
    """Undissected hill-country surface, rising gently towards the Alps in the south."""
    big = noise(seed, 11, 7000.0).at(lx, ly)
    med = noise(seed, 12, 2200.0).at(lx, ly)
    return 612.0 + 30.0 * big + 12.0 * med + 0.0022 * (15_000.0 - np.asarray(ly))


def make_main(seed: int) -> MainRiver:
    """Main river course with three meander wavelengths and random phases."""
    rng = child_rng(seed, 1)
    return MainRiver(
        y_in=16_500.0 + 1200.0 * rng.uniform(-1, 1),
        y_out=12_500.0 + 1200.0 * rng.uniform(-1, 1),
        amps=np.array([700.0, 240.0, 90.0]) * rng.uniform(0.8, 1.2, 3),
        waves=np.array([9000.0, 3100.0, 1250.0]) * rng.uniform(0.85, 1.15, 3),
        phases=rng.uniform(0, 2 * np.pi, 3),
    )


def _arc(lx: np.ndarray, ly: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(lx), np.diff(ly)))])


def build_streams(seed: int, main: MainRiver) -> list[Stream]:
    """Main river and six tributaries (three from each side), with levels and catchment areas."""
    rng = child_rng(seed, 2)
    mx = np.arange(0.0, EXTENT + 5.0, 5.0)
    my = main.y(mx)
    ms = _arc(mx, my)
    z_in, z_out = 417.0 + rng.uniform(-2, 2), 386.0 + rng.uniform(-2, 2)
    mz = z_in - (z_in - z_out) * ms / ms[-1]
    marea = 880.0 + 70.0 * ms / ms[-1]
    tributaries = []
    for k, (name, xb, side, max_len) in enumerate(TRIBUTARIES):
        xc = xb + rng.uniform(-900, 900)
        yc = float(main.y(xc))
        phi = np.deg2rad(rng.uniform(18, 35))
        s = np.arange(0.0, 16_000.0, 5.0)
        # cross the main valley down its fall line (at right angles to the river), so the
        # stream is never perched on a terrace riser; turn and wander in the hills beyond
        ramp = np.clip((s - 2800.0) / 2000.0, 0.0, 1.0)
        turn = phi * side + 0.25 * noise1d(seed, 100 + k, 16_000.0, 2500.0, s)
        heading = np.pi / 2 * side + ramp * turn
        tx = xc + np.concatenate([[0.0], np.cumsum(5.0 * np.cos(heading[:-1]))])
        ty = yc + np.concatenate([[0.0], np.cumsum(5.0 * np.sin(heading[:-1]))])
        inside = (tx > 400) & (tx < EXTENT - 400) & (ty > 400) & (ty < EXTENT - 400) & (s < max_len)
        end = int(np.argmin(inside)) if not inside.all() else len(s)
        tx, ty, ts = tx[:end], ty[:end], s[:end]
        length = ts[-1]
        i_conf = int(np.argmin(np.abs(mx - xc)))
        z_conf = mz[i_conf] + 0.4
        z_src = max(float(plateau(seed, tx[-1], ty[-1])) - 45.0, z_conf + 25.0)
        kk = 1.6
        tz = z_conf + (z_src - z_conf) * np.expm1(kk * ts / length) / np.expm1(kk)
        total = (length / 1000.0 / 1.4) ** 1.67
        tarea = total * (1.0 - ts / length) ** 1.2 + 0.5
        marea[i_conf:] += total
        tributaries.append(Stream(name, tx[::-1], ty[::-1], tz[::-1], tarea[::-1]))
    return [Stream(MAIN_NAME, mx, my, mz, marea, main=True), *tributaries]


def _nearest(grid: Grid, stream: Stream) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance to a stream and the index of its nearest polyline point, per cell."""
    rows, cols = grid.index_of(stream.lx, stream.ly)
    point_id = np.full((grid.n, grid.n), -1, dtype=np.int64)
    point_id[rows, cols] = np.arange(len(rows))  # last write wins: the lowest point in a cell
    on = point_id >= 0
    dist, (ir, ic) = ndimage.distance_transform_edt(~on, sampling=grid.cell, return_indices=True)
    return dist, point_id[ir, ic], on


def _incise(grid: Grid, stream: Stream, ground: np.ndarray, z_floor: float, depth: float = 2.5) -> None:
    """Lower a tributary's level to at least ``depth`` below the ground it crosses.

    A short tributary's smooth profile can lie above a terrace it flows over; streams cut
    into what they cross, and must never rise downstream (source-to-mouth order).
    """
    rows, cols = grid.index_of(stream.lx, stream.ly)
    z = np.maximum(np.minimum(stream.z, ground[rows, cols] - depth), z_floor)
    stream.z = np.minimum.accumulate(z)


def _main_valley(d: np.ndarray, w: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """Cross profile of the main valley: bank, flat floodplain, two terraces, hillslope."""
    bank = 1.4 * (1.0 - np.exp(-d / 40.0))
    floor = 0.0008 * d
    terrace1 = 7.0 * sigmoid((d - w) / 45.0) + 0.004 * softplus(d - w, 100.0)
    terrace2 = 10.0 * sigmoid((d - w2) / 70.0)
    hills = 0.075 * softplus(d - w2 - 600.0, 300.0)
    return bank + floor + terrace1 + terrace2 + hills


def _side_valley(d: np.ndarray, w: np.ndarray, steep: float) -> np.ndarray:
    """Cross profile of a tributary valley: narrow floor, steep sides."""
    return 0.8 * (1.0 - np.exp(-d / 25.0)) + 0.003 * d + steep * softplus(d - w, 60.0)


def build_terrain(grid: Grid, seed: int) -> Terrain:
    """Elevation and stream geometry for the whole grid (vectorised, no per-cell loops)."""
    main = make_main(seed)
    streams = build_streams(seed, main)
    lx, ly = grid.local
    m = streams[0]
    d_main, near, on_main = _nearest(grid, m)
    side = np.where(ly >= main.y(lx[0])[None, :], 1, -1).astype(np.int8)
    # widths and levels follow the cell's own easting, not its nearest river point: the
    # nearest point jumps across meander bends, which would leave creases in the terraces
    ex = lx[0]
    w_n = 1450.0 + 350.0 * noise1d(seed, 20, EXTENT, 3500.0, ex)
    w_s = 1300.0 + 350.0 * noise1d(seed, 21, EXTENT, 3500.0, ex)
    w = np.clip(np.where(side > 0, w_n[None, :], w_s[None, :]), 600.0, 2300.0)
    w2 = w + 1300.0 + 400.0 * np.where(side > 0, noise1d(seed, 22, EXTENT, 5000.0, ex)[None, :],
                                       noise1d(seed, 23, EXTENT, 5000.0, ex)[None, :])
    z_valley = np.interp(ex, m.lx, m.z)[None, :]
    surface = z_valley + _main_valley(d_main, w, w2)
    d_stream, z_drain, area = d_main.copy(), m.z[near].copy(), m.area_km2[near].copy()
    z_owner = np.broadcast_to(z_valley, surface.shape).copy()  # level of the valley that shapes each cell
    river = (d_main <= MAIN_CHANNEL_HALF_WIDTH) | on_main
    channel_depth = np.where(river, 1.0, 0.0)
    rng = child_rng(seed, 3)
    top = plateau(seed, lx, ly)
    ground = softmin(surface, top, 12.0)
    for t in streams[1:]:
        _incise(grid, t, ground, z_floor=float(t.z[-1]))
        d_t, near_t, on_t = _nearest(grid, t)
        frac = t.area_km2[near_t] / t.area_km2.max()
        w_t = 50.0 + 160.0 * frac
        # the nearest point jumps along a curved stream; blur its level to avoid creases
        z_t = ndimage.gaussian_filter(t.z[near_t], sigma=300.0 / grid.cell, mode="nearest")
        valley = z_t + _side_valley(d_t, w_t, rng.uniform(0.09, 0.13))
        z_owner = np.where(valley < surface, z_t, z_owner)
        surface = softmin(surface, valley, 1.5)
        closer = d_t < d_stream
        d_stream = np.where(closer, d_t, d_stream)
        z_drain = np.where(closer, t.z[near_t], z_drain)
        area = np.where(closer, t.area_km2[near_t], area)
        channel_depth = np.where(on_t & ~river, 0.6, channel_depth)
        river |= on_t
    elev = softmin(surface, top, 12.0)
    z_ref = ndimage.gaussian_filter(z_drain, sigma=400.0 / grid.cell, mode="nearest")
    relief = np.maximum(elev - z_ref, 0.0)
    micro = noise(seed, 13, 140.0).on(grid, order=1)
    hills = noise(seed, 14, 900.0).on(grid) + 0.4 * noise(seed, 15, 300.0).on(grid, order=1)
    elev = elev + 0.3 * micro + np.minimum(0.06 * relief, 12.0) * hills
    elev = np.round(np.where(river, z_drain - channel_depth, elev), 2)
    # the floodplain belongs to the main river, whatever stream is nearest
    area = np.where(d_main < w, m.area_km2[near], area)
    z_owner = np.where(d_main < w, np.broadcast_to(z_valley, elev.shape), z_owner)
    hand = valley_hand(elev, river, z_owner)
    return Terrain(grid, elev, river, main, streams, d_main, side, w, d_stream, z_drain, area,
                   hand=hand, extras={"terrace2_w": w2})
