"""One continuous reference through several activities, as in the paper's outdoor trial
(Fig. 4): walk (0.8 m/s) -> run (2 m/s) -> walk -> stair ascent (7 steps).

All activities share the gait phase (0 = right initial contact), so blending happens at
equal phase: a global phase Phi advances at the blended stride frequency, joint angles
are the weighted sum of each activity's angles at Phi, the pelvis's forward position is
the integral of the blended forward rate, its height and sway the blended positions.
Weights change with a C2 smootherstep over `blend` strides around each boundary, so
positions, velocities and accelerations are continuous.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .determinism import single_threaded_blas
from .generate import DEFAULT_RATE, Cycle, cycle, sample_motion
from .motion import Motion
from .stairs import StairSpec, foot_extents
from .trajectory import kinematic_model, smootherstep


@dataclass(frozen=True)
class Segment:
    """`strides` cycles of one activity (stairs: `speed` is ignored)."""

    activity: str
    strides: float
    speed: float | None = None


PAPER_TRIAL = (
    Segment("walk", 4.0, 0.8),
    Segment("run", 6.0, 2.0),
    Segment("walk", 4.0, 0.8),
    Segment("stairs", 3.3),
)


@dataclass(frozen=True)
class Transition:
    """A blended reference: its Motion and, when it ends on stairs, their geometry."""

    motion: Motion
    stairs: StairSpec | None
    boundaries: tuple[float, ...]  # phase at which each segment starts


@single_threaded_blas
def transition_reference(
    segments: tuple[Segment, ...] = PAPER_TRIAL,
    height: float = 1.70,
    rate: float = DEFAULT_RATE,
    blend: float = 1.0,
    cadence: float = 65.0,
    rise: float = 0.17,
    run: float = 0.28,
) -> Transition:
    """Blends `segments` into one reference sampled at `rate` Hz. Segment boundaries
    fall on whole strides; a stair segment starts where the right foot lands on step 1."""
    if not segments:
        raise ValueError("at least one segment is needed")
    cycles: list[Cycle] = [cycle(s.activity, s.speed, height, cadence, rise, run) for s in segments]
    starts = np.concatenate([[0.0], np.cumsum([np.ceil(s.strides) for s in segments])])
    end = starts[-2] + segments[-1].strides
    offsets = [starts[i] if s.activity == "stairs" else 0.0 for i, s in enumerate(segments)]

    def weights(phi: np.ndarray) -> np.ndarray:
        """(K, len(phi)) blend weights, summing to 1."""
        w = np.zeros((len(segments), len(phi)))
        ramps = [np.ones_like(phi)]
        for k in range(1, len(segments)):
            if segments[k].activity == "stairs":
                # While the left foot stands on the ground in both patterns (walking:
                # from 0.5 cycles before step 1; stairs: on step 0 from 0.5 before), and
                # before the right foot's approach onto step 1 ends.
                lo, hi = starts[k] - 0.6, starts[k] - 0.15
            else:
                lo, hi = starts[k] - 0.5 * blend, starts[k] + 0.5 * blend
            ramps.append(smootherstep((phi - lo) / (hi - lo)))
        for k in range(len(segments)):
            nxt = ramps[k + 1] if k + 1 < len(segments) else 0.0
            w[k] = ramps[k] - nxt
        return w

    # Fine grid in phase: time and forward position are integrals over phase.
    grid = np.linspace(0.0, end, int(end * 400) + 1)
    wg = weights(grid)
    periods = np.array([c.params.stride_time for c in cycles])
    dt_dphi = periods @ wg
    dz_dphi = sum(wg[k] * c.path.rate(grid - offsets[k])[:, 2] for k, c in enumerate(cycles))
    t_grid = _cumulative(grid, dt_dphi)
    z_grid = _cumulative(grid, dz_dphi)

    def hermite(phi: np.ndarray, values: np.ndarray, rates: np.ndarray) -> np.ndarray:
        i = np.clip(np.searchsorted(grid, phi) - 1, 0, len(grid) - 2)
        h = grid[i + 1] - grid[i]
        u = (phi - grid[i]) / h
        return (
            (2 * u**3 - 3 * u**2 + 1) * values[i]
            + (u**3 - 2 * u**2 + u) * h * rates[i]
            + (-2 * u**3 + 3 * u**2) * values[i + 1]
            + (u**3 - u**2) * h * rates[i + 1]
        )

    def phase_at(t: np.ndarray) -> np.ndarray:
        phi = np.interp(t, t_grid, grid)
        for _ in range(3):  # Newton on the Hermite time map
            w = weights(phi)
            phi = phi - (hermite(phi, t_grid, dt_dphi) - t) / (periods @ w)
        return phi

    lift_t, lift = np.zeros(2), np.zeros(2)

    def evaluate(t: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray]:
        phi = phase_at(t)
        w = weights(phi)
        angles: dict[str, np.ndarray] = {}
        pelvis = np.zeros((len(phi), 3))
        for k, c in enumerate(cycles):
            local = phi - offsets[k]
            for name, values in c.angles(local).items():
                angles[name] = angles.get(name, 0.0) + w[k] * values
            pelvis[:, :2] += w[k][:, None] * c.pelvis(local)[:, :2]
        pelvis[:, 2] = hermite(phi, z_grid, dz_dphi)
        pelvis[:, 1] += np.interp(t, lift_t, lift)
        return angles, pelvis

    kin = kinematic_model(round(height, 4))
    duration = float(t_grid[-1])
    times = np.arange(int(np.floor(duration * rate)) + 1) / rate
    times = times[times <= duration - 2e-5]
    phi = phase_at(times)
    labels = np.array([segments[k].activity for k in np.argmax(weights(phi), axis=0)])
    meta = {"activity": "transition", "segments": " -> ".join(s.activity for s in segments)}
    motion = sample_motion(kin, times, evaluate, phi, labels, meta)
    stairs = None
    terrain = lambda z: np.zeros_like(z)  # noqa: E731
    if segments[-1].activity == "stairs":
        stairs = _place_stairs(motion, phi, starts[-2], rise, run, kin)
        terrain = stairs.height
    # Blending two consistent patterns is not exactly consistent: lift the pelvis where
    # a foot would dip into the terrain (a smooth envelope of the depth), then resample.
    depth = np.zeros(len(times))
    for side in ("R", "L"):
        pts = kin.world_points(motion.positions, side)
        depth = np.maximum(depth, -(pts[..., 1] - terrain(pts[..., 2])).min(axis=1))
    lift_t, lift = _envelope(times, np.clip(depth, 0.0, None) + 0.001 * (depth > 0))
    motion = sample_motion(kin, times, evaluate, phi, labels, meta)
    return Transition(motion, stairs, tuple(float(s) for s in starts[:-1]))


def _envelope(times: np.ndarray, depth: np.ndarray, width: float = 0.08) -> tuple:
    """A smooth curve >= depth: running maximum over +-width s, then a Gaussian blur,
    on a 1 kHz grid."""
    fine = np.arange(times[0] - 0.5, times[-1] + 0.5, 1e-3)
    d = np.interp(fine, times, depth, left=0.0, right=0.0)
    n = int(width / 1e-3)
    padded = np.pad(d, n)
    peak = np.max(np.lib.stride_tricks.sliding_window_view(padded, 2 * n + 1), axis=1)
    kernel = np.exp(-0.5 * (np.arange(-2 * n, 2 * n + 1) / (0.5 * n)) ** 2)
    kernel /= kernel.sum()
    return fine, np.convolve(peak, kernel, mode="same")


def _cumulative(x: np.ndarray, rate: np.ndarray) -> np.ndarray:
    return np.concatenate([[0.0], np.cumsum(0.5 * (rate[1:] + rate[:-1]) * np.diff(x))])


def _place_stairs(
    motion: Motion, phi: np.ndarray, start: float, rise: float, run: float, kin: object
) -> StairSpec:
    """Centres the right foot on step 1 during its first stair stance."""
    heel, toe = foot_extents(motion, kin, "R")  # type: ignore[arg-type]
    first = (phi >= start) & (phi <= start + 0.3)
    centre = float(np.median(0.5 * (heel + toe)[first]))
    return StairSpec(rise=rise, run=run, num_steps=7, start_z=centre - 0.5 * run)
