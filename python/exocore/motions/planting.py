"""Stance legs solved by inverse kinematics under a pelvis path the ground can drive.

The published joint-angle tables, posed with the pelvis path that keeps each stance foot
planted (`trajectory.pelvis_path`), ask for centre-of-mass accelerations that no ground
force can give (running: +-50 m/s^2 forward), lift the trailing toes before toe-off and,
on stairs, put the swinging foot through the next tread before it lands. Here:

1. the hip excursion is scaled so that the tables' leg, rolling on a planted foot, moves
   the pelvis as far as the body travels during one stance (`hip_gain`);
2. the centre-of-mass (COM) path comes from what the ground can do (`com.py`);
3. the pelvis follows it: pelvis = COM - (COM relative to the pelvis, from the angles);
4. the foot is held where the tables' foot roll puts it (heel, flat foot, then toes; no
   sliding, on its tread) and, in the last APPROACH of the swing, brought down onto that
   spot from above, and kept from turning about the vertical while it is down, by
   changing the leg's hip flexion, adduction, rotation, knee and ankle flexion as little
   as possible (`leg_ik`: damped Gauss-Newton, all samples at once); the changes join the
   patterns as one smooth periodic series per joint and fade out in mid-swing.

Steps 3-4 repeat until the pelvis and the legs agree. The right leg is solved; the left
leg is its mirror half a cycle later, so the gait stays symmetric.
"""

from __future__ import annotations

import numpy as np

from .com import ComModel, footprints, running_com, smoothed_com, walking_com
from .fourier import Fourier, fit
from .gait import GaitParameters, joint_patterns
from .leg_ik import (
    LEG_DOFS,
    LEG_SIGNS,
    FootTargets,
    _floor,
    _pitch,
    _pose,
    _values,
    lift_swing,
    solve_leg,
    solved_dofs,
)
from .trajectory import SAMPLES, Kinematic, PelvisPath, planted_pelvis, smootherstep, toe_patterns
from .validation import foot_yaw

# The tables' pelvis and hip rotations together turn a planted foot by 0.1-0.25 rad per
# stance; a foot flat on the ground cannot turn, so the tracking walker turned instead.
# Its heading weighs like 20 cm of contact error per radian: the hip rotation (the last
# of LEG_DOFS) takes it. Walking only so far: running's flight and the stair knee need
# the hip rotation tuned first (docs/learning.md, 2026-12-03).
YAW_WEIGHT = {"walk": 0.2}
DELTA_HARMONICS = 20
# Curvature ridge on the walking fit of those changes (`fit`'s k^4 penalty): without it,
# harmonics 9-20 (8-18 Hz) carry as much leg acceleration as harmonics 1-4, and inverse
# dynamics shows it as +-1 N m/kg torque ripple (docs/learning.md, 2026-12-03). Running
# keeps the exact fit: its flight must stay ballistic. Swing samples that `lift_swing`
# raised weigh LIFT_WEIGHT times more, so that the ridge does not lower the foot again.
DELTA_RIDGE = {"walk": 1e-5}
LIFT_WEIGHT = 10.0
PELVIS_HARMONICS = 24
ITERATIONS = 4
APPROACH = 0.25  # cycles of swing before landing in which the foot is guided onto its spot
# Height every point of the swinging foot keeps over the ground from lift-off (reached
# within LIFT cycles) until the foot comes down onto its landing tread in the last LAND
# cycles. Level ground: above the minimum toe clearance of mid-swing, 1.29 +- 0.45 cm in
# young adults (Winter D A 1992, Phys Ther 72:45-53), with margin for the Fourier fit;
# stairs: the toes come down onto the step from above, never through its nosing.
APPROACH_CLEARANCE = {False: 0.02, True: 0.03}
LIFT, LAND = 0.03, 0.1


def _turned(points: np.ndarray, heading: float) -> np.ndarray:
    """(N, K, 3) foot points turned about the vertical through candidate 0 (the heel) so
    that every sample's heading is `heading`."""
    turn = heading - foot_yaw(points)
    c, s = np.cos(turn)[:, None], np.sin(turn)[:, None]
    rel = points - points[:, :1]
    out = points.copy()
    out[..., 0] = points[:, :1, 0] + c * rel[..., 0] + s * rel[..., 2]
    out[..., 2] = points[:, :1, 2] - s * rel[..., 0] + c * rel[..., 2]
    return out


def foot_targets(
    kin: Kinematic, patterns: dict[str, Fourier], params: GaitParameters
) -> FootTargets:
    """The right foot's rolling contact from the tables: the lowest of its contact
    candidates is the pivot, and while it is the pivot it does not move."""
    phase = np.arange(SAMPLES) / SAMPLES
    dphi = 1e-3
    zero = np.zeros((SAMPLES, 3))
    p0 = kin.world_points(_pose(kin, _values(patterns, phase), zero), "R")
    p1 = kin.world_points(_pose(kin, _values(patterns, phase + dphi), zero), "R")
    rows = np.arange(SAMPLES)
    pivot = np.argmin(p0[..., 1], axis=1)
    local = np.mod(phase + APPROACH, 1.0)
    stance = (local >= APPROACH) & (local < APPROACH + params.stance_fraction)
    # The foot rolls as the tables say but keeps its mean stance heading (solve_leg
    # holds it there), so the pivots' path is that of a foot that does not turn.
    if params.activity in YAW_WEIGHT:
        heading = float(np.mean(np.unwrap(foot_yaw(p0))[stance]))
        p0, p1 = _turned(p0, heading), _turned(p1, heading)
    solved = local < APPROACH + params.stance_fraction
    order = np.argsort(local)
    # Lateral and forward position of the momentary pivot in a foot that never slides.
    rate = (p1[rows, pivot][:, [0, 2]] - p0[rows, pivot][:, [0, 2]]) / dphi
    r, lo = rate[order], local[order]
    steps = 0.5 * (r[1:] + r[:-1]) * np.diff(lo)[:, None]
    shift = np.empty((SAMPLES, 2))
    shift[order] = -np.concatenate([np.zeros((1, 2)), np.cumsum(steps, axis=0)])
    along = p0[rows, pivot][:, [0, 2]] + shift
    approach = solved & ~stance
    landing = order[np.flatnonzero(stance[order])[0]]
    pivot[approach] = pivot[landing]
    along[approach] = along[landing]
    # Right landings at phase 0 (tread 1) and 1 (tread 3); the approach belongs to the next.
    cycle = np.where(approach, 1, 0)
    tread = params.rise * (1.0 + 2.0 * cycle)
    pull = np.where(stance, 1.0, np.where(approach, smootherstep(local / APPROACH), 0.0))
    stairs = params.rise > 0.0
    clearance = APPROACH_CLEARANCE[stairs]
    if stairs:  # down onto the tread over the whole approach; early swing unconstrained
        lift = np.where(solved, clearance * (1.0 - pull), -1.0)
    else:  # early swing (not solved) rising within LIFT cycles of lift-off
        gone = local - APPROACH - params.stance_fraction
        lift = clearance * smootherstep((APPROACH - local) / LAND)
        lift = np.where(solved, lift, clearance * smootherstep(gone / LIFT))
    down = np.where(approach, params.rise, 0.0)
    return FootTargets(
        local, solved, stance, pull, cycle, pivot, along, tread + lift, down, tread, _pitch(p0)
    )


def com_relative(kin: Kinematic, patterns: dict[str, Fourier], phase: np.ndarray) -> np.ndarray:
    """(N, 3) whole-body COM with the pelvis translation at zero."""
    q = _pose(kin, _values(patterns, phase), np.zeros((len(phase), 3)))
    out = np.empty((len(phase), 3))
    for i, row in enumerate(q):
        kin.skeleton.positions = row
        out[i] = kin.skeleton.com()
    return out


def _bridge(t: FootTargets, delta: np.ndarray, fade: float = 0.1) -> np.ndarray:
    """(N, k) changes over the whole cycle: `delta` on the solved samples; in mid-swing
    the change at lift-off (value and slope) fades out within `fade` cycles and the one
    at the start of the approach fades in, so that mid-swing keeps the tables' angles."""
    order = np.argsort(t.local)
    lo, solved = t.local[order], t.solved[order]
    vals = np.zeros((SAMPLES, delta.shape[1]))
    vals[np.flatnonzero(t.solved)] = delta
    vals = vals[order]
    first, last = np.flatnonzero(solved)[[0, -1]]
    du = lo[1] - lo[0]
    slope_end = (vals[last] - vals[last - 2]) / (2 * du)
    slope_start = (vals[first + 2] - vals[first]) / (2 * du)
    after = lo[~solved] - lo[last]
    before = lo[~solved] - (lo[first] + 1.0)
    short = 0.3 * fade  # the slopes fade faster than the values
    vals[~solved] = (
        np.outer(smootherstep(1.0 - after / fade), vals[last])
        + np.outer(after * smootherstep(1.0 - after / short), slope_end)
        + np.outer(smootherstep(1.0 + before / fade), vals[first])
        + np.outer(before * smootherstep(1.0 + before / short), slope_start)
    )
    out = np.empty_like(vals)
    out[order] = vals
    return out


def _mirror(patterns: dict[str, Fourier], right: dict[str, Fourier]) -> dict[str, Fourier]:
    out = dict(patterns)
    for name, sign in zip(LEG_DOFS, LEG_SIGNS):
        if name not in right:
            continue
        out[name] = right[name]
        left = name.replace("R_", "L_") if "R_" in name else name[:-1] + "L"
        out[left] = sign * right[name].shifted(0.5)
    return out


def _goals(
    kin: Kinematic,
    angles: dict[str, np.ndarray],
    path: PelvisPath,
    t: FootTargets,
    stride: float,
) -> tuple[PelvisPath, np.ndarray, np.ndarray, np.ndarray]:
    """The path raised or lowered so that the unchanged leg meets its tread on average
    over the stance, and the pivot goals (M, 3) and heading goals (M,) of the solved
    samples: in stance the rolling foot placed and turned where the unchanged leg would
    put it on average (least change); in the approach the unchanged leg's pivot and
    heading, corrected smoothly towards those at landing. Also the nosing (M,)."""
    s = t.solved
    phase = np.arange(SAMPLES)[s] / SAMPLES
    pts = kin.world_points(_pose(kin, angles, path.position(phase)), "R")
    now = pts[np.arange(len(pts)), t.pivot[s]]
    x, z = t.along[s].T
    goal = np.column_stack([x, t.tread[s], z + stride * t.cycle[s]])
    offset = np.mean((now - goal)[t.stance[s]], axis=0)
    goal += offset[None, :] * np.array([1.0, 0.0, 1.0])
    now[:, 1] -= offset[1]
    y = path.y.scaled(1.0, -offset[1])
    # The landing sample: the first stance sample in the local order.
    order = np.argsort(t.local[s])
    land = order[np.flatnonzero(t.stance[s][order])[0]]
    # Approach: the unchanged leg's path plus a growing share of the correction at landing
    # (the foot lands with the speed the tables give it and stops within a few ms).
    approach = ~t.stance[s]
    goal[approach] = now[approach] + np.outer(t.pull[s][approach], goal[land] - now[land])
    heading = np.unwrap(foot_yaw(pts))
    yaw_goal = np.full(len(goal), float(np.mean(heading[t.stance[s]])))
    yaw_goal[approach] = heading[approach] + t.pull[s][approach] * (yaw_goal[land] - heading[land])
    # Nosing of the landing step: the staircase centres the stance foot on its tread.
    centre = 0.5 * (pts[..., 2].min(axis=1) + pts[..., 2].max(axis=1)) + goal[:, 2] - now[:, 2]
    nosing = np.full(len(goal), float(np.median(centre[t.stance[s]])) + 0.75 * stride)
    floor = _floor(t.floor[s], t.step_down[s], goal[:, 2], nosing)
    goal[approach, 1] = np.maximum(goal[approach, 1], floor[approach])
    return PelvisPath(path.x, y, path.z, path.stride, path.climb), goal, yaw_goal, nosing


def planted_cycle(
    kin: Kinematic, params: GaitParameters, patterns: dict[str, Fourier], com_model: ComModel
) -> tuple[dict[str, Fourier], PelvisPath]:
    """Patterns with IK-solved legs, and the pelvis path under `com_model`."""
    phase = np.arange(SAMPLES) / SAMPLES
    t = foot_targets(kin, patterns, params)
    ps = phase[t.solved]
    com = com_model(phase, com_relative(kin, patterns, phase))
    current = dict(patterns)
    path = PelvisPath(*com, params.stride_length, 2.0 * params.rise)
    ridge = DELTA_RIDGE.get(params.activity, 0.0)
    yaw_weight = YAW_WEIGHT.get(params.activity, 0.0)
    dofs = solved_dofs(yaw_weight)
    for _ in range(ITERATIONS):
        base = _values(patterns, ps)
        rel = com_relative(kin, current, phase)
        x, y, z = (fit(phase, com[i](phase) - rel[:, i], PELVIS_HARMONICS) for i in range(3))
        path = PelvisPath(x, y, z, params.stride_length, 2.0 * params.rise)
        angles = _values(current, ps)
        angles.update({d: base[d] for d in dofs})
        path, goal, yaw_goal, nosing = _goals(kin, angles, path, t, params.stride_length)
        delta = solve_leg(kin, angles, path.position(ps), goal, yaw_goal, yaw_weight, nosing, t)
        full = _bridge(t, delta)
        free = ~t.solved
        swing = _values(current, phase[free])
        swing.update({d: _values(patterns, phase[free])[d] for d in dofs})
        before = full[free].copy()
        full[free] = lift_swing(kin, swing, path.position(phase[free]), full[free], t.floor[free])
        weights = np.ones(SAMPLES)
        if ridge > 0.0:
            weights[np.flatnonzero(free)[np.any(full[free] != before, axis=1)]] = LIFT_WEIGHT
        right = {
            d: patterns[d] + fit(phase, full[:, j], DELTA_HARMONICS, weights, ridge)
            for j, d in enumerate(dofs)
        }
        current = _mirror(current, right)
        current.update(toe_patterns(current, params.stance_fraction))
    return current, path


def stance_travel(kin: Kinematic, patterns: dict[str, Fourier], params: GaitParameters) -> float:
    """Forward travel of the pelvis over the right stance [m] when the tables' leg rolls
    on its planted foot."""
    phase = np.arange(SAMPLES) / SAMPLES
    t = foot_targets(kin, patterns, params)
    q = _pose(kin, _values(patterns, phase), np.zeros((SAMPLES, 3)))
    pivot = kin.world_points(q, "R")[np.arange(SAMPLES), t.pivot, 2]
    shift = t.along[:, 1] - pivot
    stance = np.flatnonzero(t.stance)[np.argsort(t.local[t.stance])]
    return float(shift[stance[-1]] - shift[stance[0]])


def hip_gain(kin: Kinematic, params: GaitParameters) -> float:
    """Scale of the hip flexion excursion (secant, clipped to [0.5, 1.6]) whose stance
    leg moves the pelvis speed x stance time forward."""
    need = params.speed * params.stance_fraction * params.stride_time

    def excess(gain: float) -> float:
        patterns = joint_patterns(params, gain)
        patterns.update(toe_patterns(patterns, params.stance_fraction))
        return stance_travel(kin, patterns, params) - need

    g0, f0, g1 = 0.8, excess(0.8), 1.0
    for _ in range(10):
        f1 = excess(g1)
        if abs(f1) < 2e-4 or f1 == f0:
            break
        g0, f0, g1 = g1, f1, float(np.clip(g1 - f1 * (g1 - g0) / (f1 - f0), 0.5, 1.6))
    return g1


def physical_cycle(
    params: GaitParameters, kin: Kinematic
) -> tuple[dict[str, Fourier], PelvisPath, float]:
    """Joint patterns, pelvis path and hip gain of one cycle of `params.activity`."""
    gain = hip_gain(kin, params)
    patterns, planted = planted_pelvis(params, kin, gain)
    if params.activity == "walk":
        model = walking_com(params, planted, footprints(kin, patterns, planted))
    else:
        model = (running_com if params.activity == "run" else smoothed_com)(params, planted)
    patterns, path = planted_cycle(kin, params, patterns, model)
    return patterns, path, gain
