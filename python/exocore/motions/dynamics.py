"""Whether a reference motion can be produced by ground contact: the inverse-dynamics
residual analysis that biomechanics does before trusting a motion (the 'residual
reduction' step of OpenSim; Delp et al. 2007, IEEE TBME 54:1940).

The motion's generalized accelerations and the model's equations of motion give, on the
unactuated pelvis dofs, the one wrench that the environment must apply to the body. On
level ground that wrench is a ground reaction force at a centre of pressure (CoP) plus
a free moment about the vertical. A motion the feet can make has a CoP inside the
support polygon of the feet on the ground, a vertical force >= 0 and fore-aft and
lateral forces within friction; anything else must come from a 'hand of God' (in
exocore's tests, the virtual pelvis support).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from exocore import _core

from .motion import Motion

GRAVITY = 9.81
FOOT_BODIES = ("Talus", "FootThumb", "FootPinky")


@dataclass(frozen=True)
class GroundWrench:
    """Per sample of a motion (world axes: x left, y up, z forward)."""

    time: np.ndarray  # (T,) s
    force: np.ndarray  # (T, 3) N, what the ground must push with
    cop: np.ndarray  # (T, 2) m, (x, z) on the ground plane; NaN without a push up
    free_moment: np.ndarray  # (T,) N m about the vertical through the CoP
    weight: float  # body weight, N

    @property
    def force_bw(self) -> np.ndarray:
        return self.force / self.weight


@dataclass
class _Rig:
    skeleton: _core.Skeleton
    world: _core.World
    feet: dict[str, list[tuple[int, np.ndarray]]]  # side -> (body, 4 sole corners)


def _rig(spec: _core.SkeletonSpec) -> _Rig:
    skeleton = _core.build_skeleton(spec)
    params = _core.WorldParams()
    params.gravity = np.array([0.0, -GRAVITY, 0.0])
    world = _core.World(params)
    world.add_skeleton(skeleton)  # gives the skeleton the world's gravity (y down)
    names = skeleton.body_names
    feet: dict[str, list[tuple[int, np.ndarray]]] = {"R": [], "L": []}
    for side in feet:
        for name in FOOT_BODIES:
            if name + side not in names:
                continue
            body = spec.bodies[names.index(name + side)]
            if body.shape.type != _core.ShapeType.BOX:
                continue
            size, offset = np.asarray(body.shape.size), np.asarray(body.shape.offset)
            corners = [
                offset[:3, :3] @ (0.5 * size * np.array([sx, -1.0, sz])) + offset[:3, 3]
                for sx in (-1.0, 1.0)
                for sz in (-1.0, 1.0)
            ]
            feet[side].append((names.index(name + side), np.asarray(corners)))
    return _Rig(skeleton, world, feet)


def ground_wrench(motion: Motion, spec: _core.SkeletonSpec) -> GroundWrench:
    """The external wrench the motion needs (inverse dynamics on the pelvis dofs), as a
    ground reaction force, CoP and free moment. `spec` is the human's skeleton (e.g.
    `to_core_specs(human())[0]`); accelerations are central differences of the
    motion's velocities."""
    return _ground_wrench(_rig(spec), motion)


def _ground_wrench(rig: _Rig, motion: Motion) -> GroundWrench:
    skeleton = rig.skeleton
    if tuple(skeleton.dof_names) != tuple(motion.dof_names):
        raise ValueError("the motion's dofs do not match the skeleton's")
    q, dq = np.asarray(motion.positions), np.asarray(motion.velocities)
    ddq = np.gradient(dq, np.asarray(motion.time), axis=0)
    count = len(q)
    force = np.empty((count, 3))
    moment = np.empty((count, 3))  # about the world origin
    for t in range(count):
        skeleton.positions = q[t]
        skeleton.velocities = dq[t]
        generalized = skeleton.mass_matrix() @ ddq[t] + skeleton.coriolis_and_gravity_forces()
        # DART's free joint: [angular; linear] in the pelvis frame, at the pelvis origin.
        pose = skeleton.body_transform(0)
        rotation, origin = pose[:3, :3], pose[:3, 3]
        force[t] = rotation @ generalized[3:6]
        moment[t] = np.cross(origin, force[t]) + rotation @ generalized[:3]
    vertical = force[:, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        cop = np.stack([moment[:, 2] / vertical, -moment[:, 0] / vertical], axis=1)
    weight = float(skeleton.mass * GRAVITY)
    cop[vertical <= 1e-6 * weight] = np.nan  # no push (flight): no centre of pressure
    free = moment[:, 1] - (cop[:, 1] * force[:, 0] - cop[:, 0] * force[:, 2])
    return GroundWrench(np.asarray(motion.time), force, cop, free, weight)


def support_polygon(
    q: np.ndarray, spec: _core.SkeletonSpec, contact_height: float = 0.02
) -> np.ndarray:
    """(x, z) convex hull of the foot-sole corners within `contact_height` of the ground
    at pose q (an empty (0, 2) array when no foot is down)."""
    rig = _rig(spec)
    return _support(rig, q, contact_height)


def _support(rig: _Rig, q: np.ndarray, contact_height: float) -> np.ndarray:
    rig.skeleton.positions = q
    points = []
    for corners in rig.feet.values():
        for body, local in corners:
            pose = rig.skeleton.body_transform(body)
            world = local @ pose[:3, :3].T + pose[:3, 3]
            points += [p[[0, 2]] for p in world if p[1] < contact_height]
    return convex_hull(np.asarray(points).reshape(-1, 2))


def convex_hull(points: np.ndarray) -> np.ndarray:
    """Counter-clockwise hull of 2-D points (Andrew's monotone chain)."""
    pts = sorted({(float(x), float(y)) for x, y in points})
    if len(pts) <= 2:
        return np.asarray(pts).reshape(-1, 2)

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0.0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0.0:
            upper.pop()
        upper.append(p)
    return np.asarray(lower[:-1] + upper[:-1])


def distance_outside(point: np.ndarray, hull: np.ndarray) -> float:
    """0 inside the polygon, else the distance to it [m]; inf without a polygon."""
    if len(hull) == 0 or not np.all(np.isfinite(point)):
        return float("inf")
    if len(hull) < 3:
        segments = [(hull[0], hull[-1])]
    else:
        edges = np.roll(hull, -1, axis=0) - hull
        rel = point - hull
        if np.all(edges[:, 0] * rel[:, 1] - edges[:, 1] * rel[:, 0] >= 0.0):
            return 0.0
        segments = list(zip(hull, np.roll(hull, -1, axis=0)))
    best = float("inf")
    for a, b in segments:
        ab = b - a
        u = 0.0 if not ab.any() else float(np.clip((point - a) @ ab / (ab @ ab), 0.0, 1.0))
        best = min(best, float(np.linalg.norm(point - (a + u * ab))))
    return best


def cop_outside_support(
    motion: Motion, spec: _core.SkeletonSpec, wrench: GroundWrench | None = None
) -> np.ndarray:
    """(T,) distance of the needed CoP outside the feet's support polygon [m]."""
    rig = _rig(spec)
    wrench = wrench if wrench is not None else _ground_wrench(rig, motion)
    q = np.asarray(motion.positions)
    return np.array(
        [distance_outside(wrench.cop[t], _support(rig, q[t], 0.02)) for t in range(len(q))]
    )
