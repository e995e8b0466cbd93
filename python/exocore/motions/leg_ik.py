"""The stance-leg inverse kinematics of `planting`: changes of a few leg angles, as
small as possible, that put the right foot's contact pivot on its goal, hold its pitch
(and, where asked, its heading about the vertical) and keep every foot point above its
floor (damped Gauss-Newton over all samples at once, numerical Jacobian)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .fourier import Fourier
from .trajectory import Kinematic, angles_to_positions, smootherstep
from .validation import foot_yaw

LEG_DOFS = ("FemurR_x", "TibiaR", "TalusR_x", "FemurR_z", "FemurR_y")
LEG_SIGNS = (1.0, 1.0, 1.0, -1.0, -1.0)  # left = sign * right half a cycle later
# Least-squares weights, in metres of contact-point error per radian: the foot's pitch
# may differ from the tables' a little (1 rad ~ 5 cm); a radian of change costs like 2 cm
# (hip, knee) or 1 cm (ankle) of error, so that the ankle takes most of a small vertical
# mismatch (heel rise, toe-off) and the knee and hip most of a forward one.
PITCH_WEIGHT = 0.05
KNEE_WEIGHT, KNEE_MIN = 0.2, np.radians(1.0)
CHANGE_WEIGHT = np.array([0.02, 0.02, 0.01, 0.02, 0.02])
NOSING_RAMP = 0.1  # m


@dataclass(frozen=True)
class FootTargets:
    """Where the right foot must be, per sample of one cycle (SAMPLES)."""

    local: np.ndarray  # (N,) phase from the start of the approach, in [0, 1)
    solved: np.ndarray  # (N,) bool: approach or stance
    stance: np.ndarray  # (N,) bool: in contact
    pull: np.ndarray  # (N,) share of the landing correction: 1 in stance, rising in approach
    cycle: np.ndarray  # (N,) which landing the sample belongs to (0 or 1)
    pivot: np.ndarray  # (N,) index of the contact candidate that must not move
    along: np.ndarray  # (N, 2) lateral, forward position of the pivot less a constant [m]
    floor: np.ndarray  # (N,) lowest height allowed to any point of the foot [m]
    step_down: np.ndarray  # (N,) how much lower behind the landing step's nosing [m]
    tread: np.ndarray  # (N,) height of the landing tread [m]
    pitch: np.ndarray  # (N,) the tables' foot pitch [rad], heel up +


def solved_dofs(yaw_weight: float) -> tuple[str, ...]:
    """The LEG_DOFS the IK changes: the hip rotation (last) only when it holds a heading."""
    return LEG_DOFS if yaw_weight > 0.0 else LEG_DOFS[:-1]


def _pose(kin: Kinematic, angles: dict[str, np.ndarray], pelvis: np.ndarray) -> np.ndarray:
    q = angles_to_positions(kin, angles, len(pelvis))
    q[:, kin.index("Pelvis_pos_x") : kin.index("Pelvis_pos_z") + 1] = pelvis
    return q


def _values(patterns: dict[str, Fourier], phase: np.ndarray) -> dict[str, np.ndarray]:
    return {n: f(phase) for n, f in patterns.items()}


def _with_changes(angles: dict[str, np.ndarray], delta: np.ndarray) -> dict[str, np.ndarray]:
    """`angles` with the (M, k) changes of the first k LEG_DOFS added."""
    trial = dict(angles)
    for j, dof in enumerate(LEG_DOFS[: delta.shape[1]]):
        trial[dof] = angles[dof] + delta[:, j]
    return trial


def _gauss_newton_step(residual: Callable[[np.ndarray], np.ndarray], x: np.ndarray) -> np.ndarray:
    """One Gauss-Newton step on every sample's row of `x` (M, k) at once, with a
    forward-difference Jacobian of `residual` (M, r)."""
    eps = 1e-5
    r = residual(x)
    jac = np.empty(r.shape + (x.shape[1],))
    for j in range(x.shape[1]):
        step = x.copy()
        step[:, j] += eps
        jac[..., j] = (residual(step) - r) / eps
    lhs = np.einsum("mri,mrj->mij", jac, jac)
    rhs = -np.einsum("mri,mr->mi", jac, r)
    return x + np.linalg.solve(lhs, rhs[..., None])[..., 0]


def _pitch(points: np.ndarray) -> np.ndarray:
    """Pitch of the talus sole (heel point 0, ball point 1) in the world, heel up +."""
    heel, ball = points[:, 0], points[:, 1]
    return np.arctan2(heel[:, 1] - ball[:, 1], ball[:, 2] - heel[:, 2])


def _floor(top: np.ndarray, down: np.ndarray, z: np.ndarray, nosing: np.ndarray) -> np.ndarray:
    """Lowest height allowed at forward position z: `top` over the landing step, `down`
    lower behind its nosing, rising smoothly over the NOSING_RAMP before it (the toes
    are up at the next tread's height before they pass the edge)."""
    return top - down * (1.0 - smootherstep((z - nosing + NOSING_RAMP) / NOSING_RAMP))


def _residual(
    kin: Kinematic,
    angles: dict[str, np.ndarray],
    pelvis: np.ndarray,
    delta: np.ndarray,
    goal: np.ndarray,
    yaw_goal: np.ndarray,
    yaw_weight: float,
    nosing: np.ndarray,
    t: FootTargets,
) -> np.ndarray:
    trial = _with_changes(angles, delta)
    pts = kin.world_points(_pose(kin, trial, pelvis), "R")
    s = t.solved
    # In the approach the tables' path guides the foot loosely at first.
    weight = np.where(t.stance[s], 1.0, 0.2 + 0.8 * t.pull[s])[:, None]
    contact = weight * (pts[np.arange(len(pts)), t.pivot[s]] - goal)
    pitch = PITCH_WEIGHT * (_pitch(pts) - t.pitch[s])
    yaw = yaw_weight * weight[:, 0] * (foot_yaw(pts) - yaw_goal)
    floor = _floor(t.floor[s, None], t.step_down[s, None], pts[..., 2], nosing[:, None])
    below = np.minimum(pts[..., 1] - floor, 0.0)
    # The knee does not hyperextend (which also keeps the solution on one branch).
    knee = KNEE_WEIGHT * np.minimum(trial["TibiaR"] - KNEE_MIN, 0.0)
    change = CHANGE_WEIGHT[: delta.shape[1]] * delta
    return np.column_stack([contact, pitch, yaw, below, knee, change])


def solve_leg(
    kin: Kinematic,
    angles: dict[str, np.ndarray],
    pelvis: np.ndarray,
    goal: np.ndarray,
    yaw_goal: np.ndarray,
    yaw_weight: float,
    nosing: np.ndarray,
    t: FootTargets,
    iterations: int = 6,
) -> np.ndarray:
    """(M, k) changes of LEG_DOFS [rad] on the solved samples that put the pivot at
    `goal` (M, 3), the foot's heading at `yaw_goal` (M,) (with `yaw_weight`; 0: the
    hip rotation is not changed, k = 4, else k = 5) and keep the foot above its floor
    (Gauss-Newton, numerical Jacobian); on stairs, foot points behind `nosing` (M,) may
    be one rise lower."""
    delta = np.zeros((len(pelvis), len(solved_dofs(yaw_weight))))

    def residual(d: np.ndarray) -> np.ndarray:
        return _residual(kin, angles, pelvis, d, goal, yaw_goal, yaw_weight, nosing, t)

    for _ in range(iterations):
        delta = _gauss_newton_step(residual, delta)
    return delta


def lift_swing(
    kin: Kinematic,
    angles: dict[str, np.ndarray],
    pelvis: np.ndarray,
    delta: np.ndarray,
    floor: np.ndarray,
    iterations: int = 4,
) -> np.ndarray:
    """(M, k) `delta` (changes of LEG_DOFS on M early-swing samples) changed as little as
    possible so that no point of the foot is below `floor` (M,) (Gauss-Newton; a point
    once below stays held at the floor, so that the iteration does not oscillate)."""

    def heights(d: np.ndarray) -> np.ndarray:
        pts = kin.world_points(_pose(kin, _with_changes(angles, d), pelvis), "R")
        return pts[..., 1] - floor[:, None]

    def residual(d: np.ndarray) -> np.ndarray:
        change = CHANGE_WEIGHT[: d.shape[1]] * (d - delta)
        return np.column_stack([np.where(held, heights(d), 0.0), change])

    out = delta.copy()
    held = np.zeros((len(floor), len(kin.feet["R"].points)), dtype=bool)
    for _ in range(iterations):
        held |= heights(out) < 0.0
        if not held.any():
            break
        out = _gauss_newton_step(residual, out)
    return out
